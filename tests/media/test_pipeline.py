"""The batch import's pipeline and what it leaves: print copies, order, failures, orphans."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from app.media.filestore import MediaStore
from app.media.importer import attach_file, attach_files
from app.media.orphans import find_orphans, remove_orphans
from app.media.reading import check_photo_bytes
from app.media.thumbs import PRINT_PX, THUMB_PX
from app.paths import media_dir
from app.store import photos as repo
from tests.helpers.photos import jpeg_bytes, write_jpeg
from tests.helpers.world import PhotoWorld, add_inspection, add_site, open_world

SITE = (39.9290, 116.4100)
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def world(tmp_path: Path) -> PhotoWorld:
    return open_world(tmp_path / "street-audit.db")


def _taken() -> datetime:
    return (NOW + timedelta(hours=8)).replace(tzinfo=None)


def _inspection(world: PhotoWorld, name: str = "管道") -> str:
    return add_inspection(world, add_site(world, name, *SITE), NOW - timedelta(minutes=20))


def _photo(tmp: Path, name: str, seed: int, size: tuple[int, int] = (1600, 1200),
           orientation: int | None = None) -> Path:
    return write_jpeg(tmp / name, seed=seed, size=size, lat=SITE[0], lon=SITE[1],
                      taken=_taken(), orientation=orientation)


def _originals(world: PhotoWorld) -> list[str]:
    return sorted(p.name for p in (media_dir(world.db_path) / "originals").rglob("*")
                  if p.is_file())


def test_import_makes_the_print_copy_upright_and_print_sized(world: PhotoWorld,
                                                            tmp_path: Path) -> None:
    insp = _inspection(world)
    # Stored landscape, "rotate 90° to display" (orientation 6): the copies come out portrait.
    path = _photo(tmp_path, "rot.jpg", 1, size=(2000, 1500), orientation=6)
    [result] = attach_files(world.db, world.db_path, insp, [path], "王巡查")
    assert result.ok, result.line()
    store = MediaStore.for_database(world.db_path)
    assert result.sha256 is not None
    printed = store.print_path(result.sha256)
    assert printed == store.root / "cache" / "print" / result.sha256[:2] / (
        f"{result.sha256}-{PRINT_PX}.jpg")
    with Image.open(printed) as im:
        assert im.size == (round(1500 * PRINT_PX / 2000), PRINT_PX)  # upright: portrait
    with Image.open(store.thumb_path(result.sha256)) as im:
        assert max(im.size) == THUMB_PX and im.size[1] > im.size[0]
    # The original itself is untouched, byte for byte.
    assert store.original_path(result.sha256).read_bytes() == path.read_bytes()


def test_small_photo_print_copy_is_not_enlarged(world: PhotoWorld, tmp_path: Path) -> None:
    insp = _inspection(world)
    [result] = attach_files(world.db, world.db_path, insp,
                            [_photo(tmp_path, "small.jpg", 2, size=(640, 480))], "王巡查")
    assert result.sha256 is not None
    with Image.open(MediaStore.for_database(world.db_path).print_path(result.sha256)) as im:
        assert im.size == (640, 480)


def test_reduced_decode_covers_the_longest_side_only() -> None:
    # 4:3 at an 806 px box: a quarter-size decode (1000×750), not half size (2000×1500).
    checked = check_photo_bytes(jpeg_bytes(size=(4000, 3000)), box=PRINT_PX)
    assert checked.upright.size == (1000, 750)
    assert check_photo_bytes(jpeg_bytes(size=(4000, 3000)), box=THUMB_PX).upright.size == (
        500, 375)


def test_batch_keeps_order_duplicates_and_bad_files(world: PhotoWorld, tmp_path: Path) -> None:
    insp = _inspection(world)
    a = _photo(tmp_path, "a.jpg", 3)
    b = _photo(tmp_path, "b.jpg", 4)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    seen: list[tuple[int, int]] = []
    results = attach_files(world.db, world.db_path, insp, [a, bad, a, b, a], "王巡查",
                           progress=lambda done, total: seen.append((done, total)))
    assert [r.ok for r in results] == [True, False, True, True, True]
    assert [r.path for r in results] == [a, bad, a, b, a]
    assert [r.already_attached for r in results] == [False, False, True, False, True]
    assert seen == [(k, 5) for k in range(1, 6)]
    links = repo.list_inspection_photos(world.db, insp)
    assert [lk.sha256 for lk in links] == [results[0].sha256, results[3].sha256]
    assert _originals(world) == sorted({results[0].sha256 or "", results[3].sha256 or ""})


def test_database_failure_of_one_photo_leaves_the_others(world: PhotoWorld, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import app.media.importer as importer

    insp = _inspection(world)
    paths = [_photo(tmp_path, f"{k}.jpg", 10 + k) for k in range(3)]
    failing = hashlib.sha256(paths[1].read_bytes()).hexdigest()
    real = importer.recheck_link

    def fail_second(db: object, link: repo.InspectionPhoto, **kw: object) -> object:
        if link.sha256 == failing:
            raise sqlite3.OperationalError("database or disk is full")
        return real(db, link, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "recheck_link", fail_second)
    results = attach_files(world.db, world.db_path, insp, paths, "王巡查")
    assert [r.ok for r in results] == [True, False, True]
    assert "database" in results[1].line()
    assert failing not in _originals(world) and len(_originals(world)) == 2
    assert repo.get_photo(world.db, failing) is None


def test_cancelling_from_progress_stops_between_photos(world: PhotoWorld,
                                                       tmp_path: Path) -> None:
    insp = _inspection(world)
    paths = [_photo(tmp_path, f"{k}.jpg", 20 + k) for k in range(4)]

    class Cancelled(Exception):
        pass

    def cancel_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Cancelled  # the window's cancel button, from its progress hook

    with pytest.raises(Cancelled):
        attach_files(world.db, world.db_path, insp, paths, "王巡查", progress=cancel_after_two)
    committed = {lk.sha256 for lk in repo.list_inspection_photos(world.db, insp)}
    assert len(committed) == 2
    assert set(_originals(world)) == committed
    assert not [p for p in media_dir(world.db_path).rglob(".incoming-*")]


def test_an_error_while_a_file_is_written_takes_the_file_back(
        world: PhotoWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.media.importer as importer

    insp = _inspection(world)
    paths = [_photo(tmp_path, f"{k}.jpg", 25 + k) for k in range(4)]
    shas = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    real = importer.check_photo_bytes

    def third_breaks(data: bytes, name: str = "", **kw: object) -> object:
        if name == "2.jpg":  # a bug, not a bad file: it stops the batch
            raise RuntimeError("unexpected")
        return real(data, name, **kw)  # type: ignore[arg-type]

    written: list[str] = []
    real_put = MediaStore.store_original

    def recording_put(self: MediaStore, sha256: str, data: bytes, **kw: bool) -> str:
        written.append(sha256)
        return real_put(self, sha256, data, **kw)

    monkeypatch.setattr(importer, "check_photo_bytes", third_breaks)
    monkeypatch.setattr(MediaStore, "store_original", recording_put)
    with pytest.raises(RuntimeError):
        attach_files(world.db, world.db_path, insp, paths, "王巡查")
    # In order: the photos before the broken one commit, nothing after it does.
    committed = {lk.sha256 for lk in repo.list_inspection_photos(world.db, insp)}
    assert committed == set(shas[:2])
    # Photo 4 was already in flight (decoded and its original written) when photo 3 failed:
    # its durable original was taken back.
    assert shas[3] in written and shas[2] not in written
    assert set(_originals(world)) == committed
    assert not [p for p in media_dir(world.db_path).rglob(".incoming-*")]


def test_read_only_inspection_later_in_a_batch(world: PhotoWorld, tmp_path: Path) -> None:
    from app.media.importer import AttachRequest, attach_requests

    open_insp = _inspection(world, "开着")
    done = _inspection(world, "已完成")
    with world.db.conn:
        world.db.execute("UPDATE inspections SET status = 'completed', completed_at = ? "
                         "WHERE id = ?", (NOW.strftime("%Y-%m-%dT%H:%M:%S.000Z"), done))
    a, b = _photo(tmp_path, "a.jpg", 30), _photo(tmp_path, "b.jpg", 31)
    with pytest.raises(repo.InspectionReadOnly):
        attach_requests(world.db, world.db_path,
                        [AttachRequest(a, open_insp), AttachRequest(b, done)], "王巡查")
    # The first photo is committed; nothing of the second was written.
    assert len(repo.list_inspection_photos(world.db, open_insp)) == 1
    assert _originals(world) == [hashlib.sha256(a.read_bytes()).hexdigest()]


def test_an_orphan_original_is_harmless_and_found(world: PhotoWorld, tmp_path: Path) -> None:
    insp = _inspection(world)
    path = _photo(tmp_path, "crash.jpg", 40)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    store = MediaStore.for_database(world.db_path)
    # A crash after the durable write, before the row: the original is there, nothing else.
    store.put_original(sha, data)
    interrupted = store.original_path(sha).parent / ".incoming-x1y2z3"
    interrupted.write_bytes(data[:1000])
    old = time.time() - 2 * 3600
    for p in (store.original_path(sha), interrupted):
        os.utime(p, (old, old))
    assert repo.get_photo(world.db, sha) is None
    assert repo.list_inspection_photos(world.db, insp) == []
    found = find_orphans(world.db, store)
    assert sorted((o.kind, o.path.name) for o in found) == [("incoming", interrupted.name),
                                                            ("original", sha)]
    assert find_orphans(world.db, store, older_than=timedelta(hours=3)) == []  # grace period
    # Importing the same picture again reuses the orphan: it is now evidence with its row.
    result = attach_file(world.db, world.db_path, insp, path, "王巡查")
    assert result.ok and result.sha256 == sha
    assert store.original_path(sha).read_bytes() == data
    assert [o.kind for o in find_orphans(world.db, store)] == ["incoming"]
    removed = remove_orphans(world.db, store)
    assert [o.path for o in removed] == [interrupted]
    assert not interrupted.exists() and store.verify_original(sha)


def test_import_without_print_copies(world: PhotoWorld, tmp_path: Path) -> None:
    insp = _inspection(world)
    [result] = attach_files(world.db, world.db_path, insp, [_photo(tmp_path, "p.jpg", 50)],
                            "王巡查", print_copies=False)
    assert result.ok and result.sha256 is not None
    store = MediaStore.for_database(world.db_path)
    assert store.thumb_path(result.sha256).is_file()
    assert not store.print_path(result.sha256).exists()  # the reports make it when needed


def test_failed_photo_keeps_the_original_a_later_copy_in_the_batch_needs(
        world: PhotoWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.media.importer as importer

    insp = _inspection(world)
    first = _photo(tmp_path, "a.jpg", 60)
    again = tmp_path / "a-copy.jpg"  # the same picture twice in one batch (a copied card)
    again.write_bytes(first.read_bytes())
    real = importer.recheck_link
    calls = {"n": 0}

    def first_fails(db: object, link: repo.InspectionPhoto, **kw: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            time.sleep(0.5)  # by now the copy's file step found the original already there
            raise sqlite3.OperationalError("database is locked")
        return real(db, link, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "recheck_link", first_fails)
    r1, r2 = attach_files(world.db, world.db_path, insp, [first, again], "王巡查")
    assert not r1.ok and r2.ok
    store = MediaStore.for_database(world.db_path)
    assert r2.sha256 is not None and store.verify_original(r2.sha256)


def test_a_long_batch_holds_only_a_few_photos_at_once(world: PhotoWorld, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import app.media.importer as importer

    insp = _inspection(world)
    paths = [_photo(tmp_path, f"{k:02d}.jpg", 70 + k, size=(640, 480)) for k in range(12)]
    lock = threading.Lock()
    held = {"now": 0, "most": 0}
    decoding_threads: set[str] = set()
    real_load, real_record = importer.load_bytes, importer._record

    def counting_load(path: Path) -> bytes:
        with lock:  # a photo's bytes come into memory here ...
            held["now"] += 1
            held["most"] = max(held["most"], held["now"])
            decoding_threads.add(threading.current_thread().name)
        time.sleep(0.01)  # a slow card: the decoders must not run ahead of the commits
        return real_load(path)

    def counting_record(*args: object, **kw: object) -> importer.AttachResult:
        try:
            return real_record(*args, **kw)  # type: ignore[arg-type]
        finally:
            with lock:  # ... and leave it with the photo's commit
                held["now"] -= 1

    monkeypatch.setattr(importer, "load_bytes", counting_load)
    monkeypatch.setattr(importer, "_record", counting_record)
    results = attach_files(world.db, world.db_path, insp, paths, "王巡查")
    assert all(r.ok for r in results)
    assert [r.path for r in results] == paths  # committed in request order
    assert [lk.sha256 for lk in repo.list_inspection_photos(world.db, insp)] == [
        r.sha256 for r in results]
    assert held["now"] == 0 and 2 <= held["most"] <= importer.IN_FLIGHT
    assert threading.current_thread().name not in decoding_threads  # decoded off this thread
