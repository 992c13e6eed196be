"""A killed program loses nothing: SIGKILL a real process mid-edit and reopen the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.ui.date_edit import beijing_qdate
from tests.helpers.kill_child import EDITS, MARKER

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_mid_edit_loses_nothing(db_path: Path) -> None:
    from app.store.db import open_database
    from app.store.inspection_records import get_inspection
    from app.store.inspections import start_inspection
    from app.store.sites import search_sites

    db = open_database(db_path)
    site = search_sites(db, "好邻居")[0]
    inspection_id = start_inspection(db, "storefront_opening", site.id, None).id
    db.close()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.kill_child", str(db_path), inspection_id],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as child:
        try:
            assert child.stdout is not None
            lines: list[str] = []
            for line in child.stdout:  # blocks until the child has made its edits
                lines.append(line)
                if line.strip() == MARKER:
                    break
            else:
                child.wait(timeout=30)
                err = child.stderr.read() if child.stderr else ""
                pytest.fail(f"child ended before its edits: {''.join(lines)}{err}")
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    db = open_database(db_path)  # the WAL left by the killed process is recovered
    try:
        answers: dict[str, Any] = get_inspection(db, inspection_id).answers
        findings = db.execute("SELECT item_id FROM findings WHERE inspection_id = ?",
                              (inspection_id,)).fetchall()
    finally:
        db.close()
    expected = {
        item: (beijing_qdate().toString("yyyy-MM-dd") if value == "today"
               else float(value) if item == "opening_width_m" else value)
        for item, value in EDITS
    }
    assert answers == expected
    assert ("has_opening",) in findings  # derived rows were written with the answers
