"""Issue 7.3: an original changed in place is found by `verify`, and a genuine import of the
same picture restores it (sizes alone passed a photo edited byte for byte)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.media.filestore import PRESENT, RESTORED, WRITTEN, MediaStore
from app.media.importer import attach_files
from app.media.integrity import CHANGED, FULL, SAMPLE, check_originals
from tests.helpers.photos import write_jpeg
from tests.helpers.world import PhotoWorld, add_inspection, add_site, open_world

NOW = datetime.now(UTC).replace(microsecond=0)
SITE = (39.9290, 116.4100)


def _taken() -> datetime:
    return (NOW + timedelta(hours=8)).replace(tzinfo=None)


@pytest.fixture
def world(tmp_path: Path) -> PhotoWorld:
    return open_world(tmp_path / "street-audit.db")


def _imported(world: PhotoWorld, tmp_path: Path, n: int = 3) -> tuple[str, list[Path], list[str]]:
    insp = add_inspection(world, add_site(world, "证据", *SITE), NOW - timedelta(minutes=10))
    files = [write_jpeg(tmp_path / f"p{i}.jpg", seed=i, lat=SITE[0], lon=SITE[1],
                        taken=_taken()) for i in range(n)]
    results = attach_files(world.db, world.db_path, insp, files, "王巡查")
    assert all(r.ok for r in results)
    return insp, files, [r.sha256 or "" for r in results]


def _flip_one_byte(path: Path) -> None:
    """An edit that keeps the size: what the old size-only check let through."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_store_original_says_what_it_did(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "photos")
    data = b"\xff\xd8 genuine bytes \xff\xd9"
    sha = hashlib.sha256(data).hexdigest()
    assert store.store_original(sha, data) == WRITTEN
    assert store.store_original(sha, data) == PRESENT
    _flip_one_byte(store.original_path(sha))
    assert store.store_original(sha, data) == RESTORED
    assert store.original_path(sha).read_bytes() == data
    assert store.verify_original(sha)


def test_full_check_finds_a_same_size_edit(world: PhotoWorld, tmp_path: Path) -> None:
    _insp, _files, shas = _imported(world, tmp_path)
    store = MediaStore.for_database(world.db_path)
    clean = check_originals(world.db, store, mode=FULL)
    assert (clean.hashed, clean.bad) == (3, [])
    _flip_one_byte(store.original_path(shas[1]))
    report = check_originals(world.db, store, mode=FULL)
    assert report.changed == [shas[1]] and report.bad == [shas[1]]
    assert report.hashed_bytes == sum(store.original_path(s).stat().st_size for s in shas)


def test_changed_mode_rehashes_only_what_changed_since_the_full_check(
        world: PhotoWorld, tmp_path: Path) -> None:
    _insp, _files, shas = _imported(world, tmp_path)
    store = MediaStore.for_database(world.db_path)
    # Before any full check, "changed" is a full check.
    assert check_originals(world.db, store, mode=CHANGED).mode == FULL
    # Files older than the full check are not re-hashed ...
    old = time.time() - 3600
    for sha in shas:
        os.utime(store.original_path(sha), (old, old))
    check_originals(world.db, store, mode=FULL)
    quiet = check_originals(world.db, store, mode=CHANGED)
    assert (quiet.mode, quiet.hashed, quiet.bad) == (CHANGED, 0, [])
    # ... but an edit after it is, even with its mtime set back (ctime moves anyway).
    path = store.original_path(shas[2])
    _flip_one_byte(path)
    os.utime(path, (old, old))
    report = check_originals(world.db, store, mode=CHANGED)
    assert (report.hashed, report.changed) == (1, [shas[2]])


def test_a_bad_original_stays_on_the_changed_list(world: PhotoWorld, tmp_path: Path) -> None:
    _insp, _files, shas = _imported(world, tmp_path, n=2)
    store = MediaStore.for_database(world.db_path)
    path = store.original_path(shas[0])
    _flip_one_byte(path)
    check_originals(world.db, store, mode=FULL)  # remembers it as bad
    old = time.time() - 3600
    os.utime(path, (old, old))
    time.sleep(0.01)
    assert check_originals(world.db, store, mode=CHANGED).changed == [shas[0]]


def test_sample_mode_hashes_n_and_stats_all(world: PhotoWorld, tmp_path: Path) -> None:
    _insp, _files, shas = _imported(world, tmp_path, n=4)
    store = MediaStore.for_database(world.db_path)
    store.original_path(shas[3]).unlink()
    report = check_originals(world.db, store, mode=SAMPLE, sample=2, rng=random.Random(1))
    assert (report.photos, report.hashed, report.missing) == (4, 2, [shas[3]])


def test_importing_the_genuine_file_restores_the_original(world: PhotoWorld,
                                                          tmp_path: Path) -> None:
    insp, files, shas = _imported(world, tmp_path, n=1)
    store = MediaStore.for_database(world.db_path)
    _flip_one_byte(store.original_path(shas[0]))
    [again] = attach_files(world.db, world.db_path, insp, files, "王巡查")
    assert again.ok and again.restored and again.already_attached
    assert "已用此文件恢复" in again.line() and "restored" in again.line()
    assert store.original_path(shas[0]).read_bytes() == files[0].read_bytes()
    action = world.db.execute("SELECT action, entity_id FROM audit ORDER BY seq DESC LIMIT 1"
                              ).fetchone()
    assert tuple(action) == ("photo.restored", shas[0])
    # An intact original is left alone: no second restore, no audit entry.
    [third] = attach_files(world.db, world.db_path, insp, files, "王巡查")
    assert not third.restored


def test_cli_verify_rehashes_and_names_the_file(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    _insp, _files, shas = _imported(world, tmp_path, n=2)
    world.db.conn.close()
    assert main(["verify", "--db", str(db_path)]) == 0
    assert "全部 2 个已重新计算哈希" in capsys.readouterr().out
    target = MediaStore.for_database(db_path).original_path(shas[0])
    _flip_one_byte(target)
    assert main(["verify", "--db", str(db_path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert len(out["problems"]) == 1
    assert "photo original was changed" in out["problems"][0] and str(target) in out["problems"][0]
    with pytest.raises(SystemExit) as usage:
        main(["verify", "--db", str(db_path), "--photos-sample", "0"])
    assert usage.value.code == 2 and "positive" in capsys.readouterr().err
    assert main(["verify", "--db", str(db_path), "--photos-sample", "5"]) == 1
    assert "随机抽取 2 个" in capsys.readouterr().out


def test_every_bad_original_is_listed_with_what_was_found(world: PhotoWorld,
                                                          tmp_path: Path) -> None:
    """Two wrong sizes (the loop goes on after the first), a vanished file while hashing."""
    _insp, _files, shas = _imported(world, tmp_path, n=4)
    store = MediaStore.for_database(world.db_path)
    sizes = {}
    for sha in shas[:2]:
        path = store.original_path(sha)
        sizes[sha] = path.stat().st_size
        path.write_bytes(path.read_bytes() + b"tail")
    report = check_originals(world.db, store, mode=FULL)
    assert sorted(report.wrong_size) == sorted((s, sizes[s], sizes[s] + 4) for s in shas[:2])
    assert report.hashed == 2 and report.changed == [] and report.missing == []
    assert report.bad == sorted(shas[:2])


def test_a_file_that_vanishes_while_hashing_is_missing(world: PhotoWorld, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import app.media.integrity as integrity

    _insp, _files, shas = _imported(world, tmp_path, n=2)

    def gone(path: Path) -> str:
        raise FileNotFoundError(path)

    monkeypatch.setattr(integrity, "file_sha256", gone)
    report = check_originals(world.db, MediaStore.for_database(world.db_path), mode=FULL)
    assert sorted(report.missing) == sorted(shas)


def test_progress_counts_files_and_bytes(world: PhotoWorld, tmp_path: Path) -> None:
    _insp, _files, shas = _imported(world, tmp_path, n=3)
    store = MediaStore.for_database(world.db_path)
    total = sum(store.original_path(s).stat().st_size for s in shas)
    calls: list[tuple[int, int, int, int]] = []
    report = check_originals(world.db, store, mode=FULL,
                             progress=lambda *a: calls.append(a))
    assert [c[0] for c in calls] == [1, 2, 3] and all(c[1] == 3 for c in calls)
    assert calls[-1][2:] == (total, total)
    assert 0 <= report.seconds < 60
    assert report.last_full_check is None  # a full check builds on nothing


def test_a_bad_original_stays_on_the_changed_list_untouched(world: PhotoWorld,
                                                           tmp_path: Path) -> None:
    """Changed before the full check started (so its ctime is older than the check), left
    alone since: only the remembered "bad" list brings it back into the next check."""
    _insp, _files, shas = _imported(world, tmp_path, n=2)
    store = MediaStore.for_database(world.db_path)
    _flip_one_byte(store.original_path(shas[1]))
    time.sleep(0.01)
    full = check_originals(world.db, store, mode=FULL)
    assert full.changed == [shas[1]]
    changed = check_originals(world.db, store, mode=CHANGED)
    assert (changed.hashed, changed.changed) == (1, [shas[1]])
    stored = json.loads(world.db.execute(
        "SELECT value FROM settings WHERE key = 'originals_full_check'").fetchone()[0])
    assert changed.last_full_check == stored["at"] and stored["bad"] == [shas[1]]
    assert stored["photos"] == 2 and stored["bytes"] == full.hashed_bytes


def test_sample_of_none_and_a_wrong_mode(world: PhotoWorld, tmp_path: Path) -> None:
    _imported(world, tmp_path, n=2)
    store = MediaStore.for_database(world.db_path)
    assert check_originals(world.db, store, mode=SAMPLE, sample=0).hashed == 0
    assert check_originals(world.db, store, mode=SAMPLE, sample=-3).hashed == 0
    with pytest.raises(ValueError, match="'weekly'"):
        check_originals(world.db, store, mode="weekly")


def test_speed_is_reported_only_when_something_was_hashed() -> None:
    from app.media.integrity import OriginalsReport

    assert OriginalsReport(FULL).gb_per_second() is None
    assert OriginalsReport(FULL, hashed_bytes=10**9, seconds=0).gb_per_second() is None
    assert OriginalsReport(FULL, hashed_bytes=2 * 10**9, seconds=4).gb_per_second() == 0.5


def test_a_full_check_never_claims_an_earlier_one_and_a_bad_record_is_ignored(
        world: PhotoWorld, tmp_path: Path) -> None:
    _imported(world, tmp_path, n=1)
    store = MediaStore.for_database(world.db_path)
    check_originals(world.db, store, mode=FULL)
    assert check_originals(world.db, store, mode=FULL).last_full_check is None
    with world.db.conn:
        world.db.execute("UPDATE settings SET value = ? WHERE key = 'originals_full_check'",
                         (json.dumps({"started_ns": "soon", "at": "x"}),))
    assert check_originals(world.db, store, mode=CHANGED).mode == FULL  # nothing to build on
