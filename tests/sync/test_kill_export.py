"""An export killed with SIGKILL at random points (issue 10, "What must be shown"): the laptop's
database is as before or as after the export transaction (integrity_check ok); no file left
in the folder is ever taken by a merge for a whole bundle unless it is one (temporary names,
fsync, rename; a part without its siblings is refused with its reason); a rerun completes
(`export` when nothing was committed, `export --again 1` when the file was not written) and
the office gets every record. One bundle file and a bundle in numbered parts;
$SYNC_KILL_POINTS (default 50) points in all, through tests/helpers/fork_kill.py."""

from __future__ import annotations

import os
import random
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from app.store.db import open_database
from app.sync.export import export_again, export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.fork_kill_runner import kill_runs
from tests.helpers.sync_edits import add_photo, complete, new_inspection, new_site
from tests.helpers.sync_world import enrol_both, make_device

POINTS = int(os.environ.get("SYNC_KILL_POINTS", "50"))


def _laptop_state(db: sqlite_utils.Database) -> tuple[Any, ...]:
    """What the export transaction changes (ids and bundle id differ between runs)."""
    one = db.execute
    return (
        one("SELECT count(*), group_concat(seq) FROM sync_log WHERE direction = 'out'")
        .fetchone()[:],
        one("SELECT count(*) FROM sync_versions").fetchone()[0],
        one("SELECT count(*) FROM sync_out_items").fetchone()[0],
        one("SELECT count(*) FROM sync_sent_photos").fetchone()[0],
        one("SELECT count(*) FROM audit").fetchone()[0],
        tuple(one(f"SELECT count(*) FROM {t} WHERE vid IS NULL").fetchone()[0]
              for t in ("sites", "inspections", "inspection_photos")),
    )


def _office_records(db: sqlite_utils.Database) -> dict[str, list[Any]]:
    """The office's records without version ids (each export numbers its versions anew)."""
    queries = {
        "sites": "SELECT id, rev, name, address FROM sites ORDER BY id",
        "inspections": "SELECT id, rev, status, answers, finding_count FROM inspections "
                       "ORDER BY id",
        "uses": "SELECT id, inspection_id, sha256 FROM inspection_photos ORDER BY id",
        "photos": "SELECT sha256, size, origin_device FROM photos ORDER BY sha256",
    }
    return {k: [tuple(r) for r in db.execute(q)] for k, q in queries.items()}


def _world(tmp: Path) -> tuple[Path, Path]:
    """A laptop with a day's work (photos make the file long enough to be cut) and its
    office; their folders."""
    office = make_device(tmp / "office" / "street-audit.db", "office", "朝阳区")
    laptop = make_device(tmp / "laptop" / "street-audit.db")
    enrol_both(laptop, office)
    for n in range(24):
        site = new_site(laptop, f"场所{n}")
        if n % 2 == 0:
            insp = new_inspection(laptop, site)
            add_photo(laptop, insp, n)
            if n % 4 == 0:
                complete(laptop, insp)
    laptop.close()
    office.close()
    return tmp / "laptop", tmp / "office"


def _check_folder(out: Path, office_template: Path, work: Path, expected: dict[str, Any]
                  ) -> bool:
    """Every file left in `out` is merged whole or refused with a reason; True if a whole
    bundle is there."""
    whole = False
    files = sorted(p for p in out.iterdir()) if out.is_dir() else []
    for n, path in enumerate(files):
        if whole and not path.name.startswith("."):
            continue  # another part of the whole set merged above: the same bundle
        where = work / f"office-{n}"
        shutil.copytree(office_template, where)
        db = open_database(where / "street-audit.db")
        try:
            before = _office_records(db)
            result = merge_bundle(db, path)
            if result.status == "merged":
                assert _office_records(db) == expected, path
                if not path.name.startswith("."):
                    whole = True
            else:
                # Any reason will do (a cut-off zip, a part alone whose central directory
                # promises more than the file holds, ...): it is refused, with its reason.
                assert result.status == "refused" and result.code, (path.name, result.code)
                assert result.reason is not None and result.reason.zh and result.reason.en
                assert _office_records(db) == before
                # A final name is only ever a whole bundle, or one part of one.
                assert path.name.startswith(".") or result.code == "missing_part", path.name
        finally:
            db.close()
        shutil.rmtree(where)
    return whole


@pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"),
                    reason="needs SIGKILL and fork")
@pytest.mark.parametrize("parts", [False, True], ids=["one-file", "parts"])
def test_killed_export_is_before_or_after(tmp_path: Path, parts: bool) -> None:
    laptop_dir, office_dir = _world(tmp_path)
    points = POINTS // 2 + (POINTS % 2 if parts else 0)
    db = open_database(laptop_dir / "street-audit.db")
    before = _laptop_state(db)
    db.close()
    rng = random.Random(20261205 + parts)
    dirs = []
    for k in range(points + 1):
        where = tmp_path / f"k{k}"
        shutil.copytree(laptop_dir, where)
        dirs.append(where)
    part_limit = 24 * 1024 if parts else 0
    runs = kill_runs(tmp_path, {"job": "export", "part_limit": part_limit}, dirs[0],
                     [(d, rng.uniform(0, 1.1)) for d in dirs[1:]])
    # The run that was not killed: the state after, and what the office gets from it.
    done = open_database(dirs[0] / "street-audit.db")
    after = _laptop_state(done)
    done.close()
    written = sorted((dirs[0] / "out").iterdir())
    assert after != before and written
    assert len(written) > 1 if parts else len(written) == 1
    reference = tmp_path / "reference"
    shutil.copytree(office_dir, reference)
    office = open_database(reference / "street-audit.db")
    assert merge_bundle(office, written[0]).status == "merged"
    expected = _office_records(office)
    office.close()
    assert expected["photos"] and expected["inspections"]

    saw = {"before": 0, "after, no file": 0, "after, whole file": 0}
    for where, _killed in runs:
        db = open_database(where / "street-audit.db")
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            state = _laptop_state(db)
            assert state in (before, after), where
            whole = _check_folder(where / "out", office_dir, where, expected)
            if state == before:
                assert not whole
                saw["before"] += 1
                rerun = export_bundle(db, where / "again", part_limit=part_limit or 1 << 40)
            else:
                saw["after, whole file" if whole else "after, no file"] += 1
                rerun = export_again(db, 1, where / "again", part_limit=part_limit or 1 << 40)
            assert rerun.seq == 1
            office = tmp_path / "rerun-office"
            shutil.copytree(office_dir, office)
            odb = open_database(office / "street-audit.db")
            result = merge_bundle(odb, rerun.paths[0])
            assert result.status == "merged", result.reason
            assert _office_records(odb) == expected
            odb.close()
            shutil.rmtree(office)
        finally:
            db.close()
        shutil.rmtree(where)
    assert saw["before"] and saw["after, no file"] + saw["after, whole file"], saw
