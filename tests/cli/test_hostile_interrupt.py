"""Ctrl-C during `photos import`: it stops at once, and says which files were committed.

Stopping works (the process ends within a second; each committed photo is whole), and the
committed files are named: each result line is printed as its photo commits (attach_requests'
`on_result`), and the interruption says how many were attached before it.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.photos import write_jpeg
from tests.helpers.world import add_inspection, add_site, open_world

_MAIN = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"


def _committed(db_path: Path) -> int:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM inspection_photos").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, str, list[Path]]:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    now = datetime.now(UTC)
    insp = add_inspection(world, add_site(world, "中断", 39.93, 116.41),
                          now - timedelta(minutes=10))
    world.db.conn.close()
    files = [write_jpeg(tmp_path / f"p{k:03d}.jpg", size=(1600, 1200), seed=k)
             for k in range(120)]
    return db_path, insp, files


def _interrupted_import(db_path: Path, insp: str, files: list[Path]
                        ) -> tuple[subprocess.CompletedProcess[str], float]:
    child = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "photos", "import", "--db", str(db_path),
         "--inspection", insp, *map(str, files)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A shell's background job starts with SIGINT ignored; a terminal's Ctrl-C does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while _committed(db_path) < 3 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err), \
        time.monotonic() - sent


def test_ctrl_c_stops_an_import_at_once(batch: tuple[Path, str, list[Path]]) -> None:
    db_path, insp, files = batch
    done, took = _interrupted_import(db_path, insp, files)
    assert took < 10 and done.returncode != 0
    assert "interrupted" in done.stderr and "Traceback" not in done.stderr
    assert 0 < _committed(db_path) < len(files)


def test_ctrl_c_output_names_every_committed_file(batch: tuple[Path, str, list[Path]]) -> None:
    db_path, insp, files = batch
    done, _ = _interrupted_import(db_path, insp, files)
    conn = sqlite3.connect(db_path)
    committed = {row[0] for row in conn.execute("SELECT original_name FROM photos")}
    conn.close()
    assert committed and all(name in done.stdout for name in committed)
