"""A merge killed with SIGKILL at random points: the office database is as before or as
after (PRAGMA integrity_check ok) and a rerun completes. $SYNC_KILL_POINTS sets how many
points (50 by default; bench/stress_sync_kill.py does hundreds). The kills come from a
timer in forked children of one helper process (tests/helpers/fork_kill.py), so 50 points
cost one interpreter start, not fifty."""

from __future__ import annotations

import os
import random
import shutil
import signal
from pathlib import Path

import pytest

from app.store.db import open_database
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.fork_kill_runner import kill_runs
from tests.helpers.sync_edits import add_photo, dump, new_inspection, new_site
from tests.helpers.sync_world import enrol_both, make_device

POINTS = int(os.environ.get("SYNC_KILL_POINTS", "50"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"),
                    reason="needs SIGKILL and fork")
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
    rng = random.Random(20260105)
    dirs = []
    for k in range(POINTS + 1):
        where = tmp_path / f"k{k}"
        shutil.copytree(template, where)
        dirs.append(where)
    runs = kill_runs(tmp_path, {"job": "merge", "bundle": str(bundle)}, dirs[0],
                     [(d, rng.uniform(0, 1.1)) for d in dirs[1:]])
    done = open_database(dirs[0] / "street-audit.db")
    after = dump(done)
    done.close()
    assert after != before
    saw = {"before": 0, "after": 0}
    for where, _killed in runs:
        db = open_database(where / "street-audit.db")
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            state = dump(db)
            assert state in (before, after), where
            saw["before" if state == before else "after"] += 1
            rerun = merge_bundle(db, bundle)
            assert rerun.status in ("merged", "already"), rerun.reason
            assert dump(db) == after
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            db.close()
        shutil.rmtree(where)
    assert saw["before"] and saw["after"], saw
