"""A merge killed with SIGKILL at random points: the office database is as before or as
after (PRAGMA integrity_check ok) and a rerun completes. $SYNC_KILL_POINTS sets how many
points (12 by default, to keep the suite fast)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.store.db import open_database
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.sync_edits import add_photo, dump, new_inspection, new_site
from tests.helpers.sync_world import enrol_both, make_device

ROOT = Path(__file__).resolve().parents[2]
POINTS = int(os.environ.get("SYNC_KILL_POINTS", "12"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_merge_is_before_or_after(tmp_path: Path) -> None:
    office = make_device(tmp_path / "office" / "street-audit.db", "office", "朝阳区")
    laptop = make_device(tmp_path / "laptop" / "street-audit.db")
    enrol_both(laptop, office)
    for n in range(60):
        site = new_site(laptop, f"场所{n}")
        if n % 3 == 0:
            insp = new_inspection(laptop, site)
            if n % 9 == 0:
                add_photo(laptop, insp, n)
    bundle = export_bundle(laptop, tmp_path / "out").paths[0]
    laptop.close()
    template = tmp_path / "office"
    before = dump(office)
    office.close()
    shutil.copytree(template, tmp_path / "after")
    done = open_database(tmp_path / "after" / "street-audit.db")
    assert merge_bundle(done, bundle).status == "merged"
    after = dump(done)
    done.close()
    # How long the merge takes in a child, to spread the kills over it.
    rng = random.Random(20260105)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    saw = {"before": 0, "after": 0}
    for k in range(POINTS):
        where = tmp_path / f"k{k}"
        shutil.copytree(template, where)
        db_file = where / "street-audit.db"
        proc = subprocess.Popen([sys.executable, "-m", "tests.helpers.sync_kill_child",
                                 str(db_file), str(bundle)], stdout=subprocess.PIPE, text=True,
                                env=env, cwd=ROOT)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "go"
        time.sleep(rng.uniform(0, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        db = open_database(db_file)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            state = dump(db)
            assert state in (before, after)
            saw["before" if state == before else "after"] += 1
            rerun = merge_bundle(db, bundle)
            assert rerun.status in ("merged", "already"), rerun.reason
            assert dump(db) == after
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            db.close()
        shutil.rmtree(where)
    assert saw["before"] and saw["after"], saw
