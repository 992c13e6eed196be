"""A process writing answers is killed with SIGKILL: the reopened database is consistent and
holds every answer the writer had acknowledged (printed after set_answer returned)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from app.core.checklist import Checklist
from app.store.audit import verify_audit_chain
from app.store.db import open_database
from app.store.inspection_records import get_inspection
from app.store.inspections import start_inspection
from app.store.profile import Profile
from app.store.sites import Site

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from app.store.db import open_database
from app.store.inspections import set_answer
db = open_database(sys.argv[1])
n = 0
while True:
    n += 1
    set_answer(db, sys.argv[2], "note", f"第{n}次记录", "王建国")
    print(n, flush=True)  # acknowledged: set_answer has committed
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_loses_nothing_acknowledged(
    db: sqlite_utils.Database,
    db_path: Path,
    profile: Profile,
    checklist: Checklist,
    site: Site,
) -> None:
    inspection = start_inspection(db, checklist.id, site.id, profile)
    db.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), inspection.id],
        stdout=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
    )
    assert proc.stdout is not None
    acknowledged = 0
    deadline = time.monotonic() + 60
    while acknowledged < 40 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        acknowledged = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Lines printed before the kill but not yet read are acknowledged too.
    for line in proc.stdout.read().split():
        acknowledged = int(line)
    proc.stdout.close()
    assert acknowledged >= 40, "the writer did not get going"

    again = open_database(db_path)
    try:
        assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert again.execute("PRAGMA foreign_key_check").fetchall() == []
        assert verify_audit_chain(again) == []
        stored = get_inspection(again, inspection.id)
        written = int(stored.answers["note"].removeprefix("第").removesuffix("次记录"))
        # Every acknowledged answer is there; at most the one in flight went further.
        assert acknowledged <= written <= acknowledged + 1
        audits = again.execute(
            "SELECT count(*) FROM audit WHERE action = 'answer.set' AND entity_id = ?",
            (inspection.id,),
        ).fetchone()[0]
        assert audits == written  # the answer and its audit entry were one transaction
        assert stored.rev == 1 + written
    finally:
        again.close()
