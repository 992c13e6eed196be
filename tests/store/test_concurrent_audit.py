"""Several processes appending audit entries at once: nothing fails, the chain stays whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.cli import main
from app.store.audit import verify_audit_chain
from app.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.helpers.db_children", *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "STREET_AUDIT_LOCK_WAIT": "120"})


def test_demo_and_site_writers_at_once_keep_the_audit_chain(tmp_path: Path) -> None:
    """The demo prepares its rows (and used to read the audit head) before taking the lock;
    sites added meanwhile by other processes made its insert fail on audit.seq."""
    db = tmp_path / "field.db"
    assert main(["demo", "--db", str(db), "--inspections", "50", "--photos", "0"]) == 0
    stop = tmp_path / "stop"
    writers = [_child("sites", str(db), str(stop)) for _ in range(2)]
    demo = subprocess.run(
        [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())",
         "demo", "--db", str(db), "--inspections", "3000", "--photos", "0", "--seed", "7"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    stop.touch()
    outputs = [w.communicate(timeout=120) for w in writers]
    assert demo.returncode == 0, demo.stderr
    for w, (_out, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err
    acknowledged = [line for out, _err in outputs for line in out.split()]
    assert len(acknowledged) >= 6
    conn = open_database(db)
    try:
        assert verify_audit_chain(conn) == []
        found = {r[0] for r in conn.execute(
            f"SELECT id FROM sites WHERE id IN ({','.join('?' * len(acknowledged))})",
            acknowledged)}
        assert found == set(acknowledged)
    finally:
        conn.close()
