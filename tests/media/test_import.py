"""Attaching photos: stored byte for byte, linked, item answers, checks, all-or-nothing."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.media import checks as C
from app.media.filestore import MediaStore
from app.media.importer import attach_file, attach_files
from app.paths import media_dir
from app.store import photos as repo
from tests.helpers.photos import write_jpeg
from tests.helpers.world import PhotoWorld, add_inspection, add_site, open_world, photo_item

SITE = (39.9290, 116.4100)  # a hutong in Dongcheng
NOW = datetime.now(UTC).replace(microsecond=0)
BJ = timedelta(hours=8)


@pytest.fixture
def world(tmp_path: Path) -> PhotoWorld:
    return open_world(tmp_path / "street-audit.db")


def _taken(offset_min: int = 0) -> datetime:
    """A naive Beijing wall-clock time `offset_min` after NOW (as a camera writes it)."""
    return (NOW + BJ + timedelta(minutes=offset_min)).replace(tzinfo=None)


def _state(world: PhotoWorld, insp: str) -> tuple:
    db = world.db
    return (
        db.execute("SELECT answers, rev FROM inspections WHERE id = ?", (insp,)).fetchone(),
        db.execute("SELECT count(*) FROM photos").fetchone()[0],
        db.execute("SELECT count(*) FROM inspection_photos").fetchone()[0],
        db.execute("SELECT count(*) FROM audit").fetchone()[0],
        sorted(str(p.relative_to(media_dir(world.db_path)))
               for p in media_dir(world.db_path).rglob("*") if p.is_file()
               and "originals" in p.parts),
    )


def test_attach_stores_original_byte_for_byte_and_links(world: PhotoWorld, tmp_path: Path) -> None:
    site = add_site(world, "多福巷面馆", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=20))
    path = write_jpeg(tmp_path / "in" / "IMG_0001.jpg", lat=SITE[0] + 0.0002, lon=SITE[1],
                      taken=_taken(-5), size=(800, 600))
    [result] = attach_files(world.db, world.db_path, insp, [path], "王巡查")
    assert result.ok, result.line()
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    stored = media_dir(world.db_path) / "originals" / sha[:2] / sha
    assert stored.read_bytes() == data
    assert not list(stored.parent.glob(".incoming-*"))
    assert MediaStore.for_database(world.db_path).thumb_path(sha).is_file()
    record = repo.get_photo(world.db, sha)
    assert record is not None and record.lat == pytest.approx(SITE[0] + 0.0002)
    assert record.taken_at is not None and record.taken_at.endswith("+08:00")
    [link] = repo.list_inspection_photos(world.db, insp)
    assert (link.sha256, link.item_id, link.position, link.rev) == (sha, None, 0, 1)
    assert [c.code for c in result.checks] == []  # near, in time: nothing to flag
    actions = [r[0] for r in world.db.execute("SELECT action FROM audit ORDER BY seq")]
    assert "photo.attach" in actions


def test_item_photo_goes_into_the_answer(world: PhotoWorld, tmp_path: Path) -> None:
    site = add_site(world, "东四小卖部", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=20))
    item = photo_item(world, insp)
    a = write_jpeg(tmp_path / "a.jpg", seed=1, lat=SITE[0], lon=SITE[1], taken=_taken())
    b = write_jpeg(tmp_path / "b.jpg", seed=2, lat=SITE[0], lon=SITE[1], taken=_taken())
    results = attach_files(world.db, world.db_path, insp, [a, b], "王巡查", item_id=item)
    assert all(r.ok for r in results)
    answers = json.loads(world.db.execute("SELECT answers FROM inspections WHERE id = ?",
                                          (insp,)).fetchone()[0])
    assert answers[item] == [r.sha256 for r in results]
    assert [lk.position for lk in repo.list_inspection_photos(world.db, insp, item,
                                                              all_items=False)] == [0, 1]
    # Attaching the same file again changes nothing.
    again = attach_file(world.db, world.db_path, insp, a, "王巡查", item_id=item)
    assert again.already_attached
    answers2 = json.loads(world.db.execute("SELECT answers FROM inspections WHERE id = ?",
                                           (insp,)).fetchone()[0])
    assert answers2[item] == answers[item]


def test_checks_far_no_gps_time_window_clock(world: PhotoWorld, tmp_path: Path) -> None:
    site = add_site(world, "钟楼湾商店", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=30))
    far = write_jpeg(tmp_path / "far.jpg", seed=3, lat=SITE[0] + 0.01, lon=SITE[1],
                     taken=_taken())
    nogps = write_jpeg(tmp_path / "nogps.jpg", seed=4, taken=_taken())
    early = write_jpeg(tmp_path / "early.jpg", seed=5, lat=SITE[0], lon=SITE[1],
                       taken=_taken(-24 * 60))
    clock = write_jpeg(tmp_path / "clock.jpg", seed=6, lat=SITE[0], lon=SITE[1],
                       taken=_taken(), gps_time=(NOW - timedelta(hours=3)).replace(tzinfo=None))
    r_far, r_nogps, r_early, r_clock = attach_files(world.db, world.db_path, insp,
                                                    [far, nogps, early, clock], "王巡查")
    assert [c.code for c in r_far.checks] == [C.FAR_FROM_SITE]
    assert r_far.checks[0].detail["distance_m"] == pytest.approx(1112, abs=5)
    assert [c.code for c in r_nogps.checks] == [C.NO_GPS]
    assert [c.code for c in r_early.checks] == [C.OUTSIDE_WINDOW]
    assert [c.code for c in r_clock.checks] == [C.TIME_MISMATCH]
    assert "Beijing time assumed" in r_clock.checks[0].text.en
    stored = repo.checks_for_inspection(world.db, insp)
    assert {c.code for lst in stored.values() for c in lst} == {
        C.FAR_FROM_SITE, C.NO_GPS, C.OUTSIDE_WINDOW, C.TIME_MISMATCH}
    assert all(c.text.zh and c.text.en for lst in stored.values() for c in lst)


def test_same_and_similar_photo_in_another_inspection(world: PhotoWorld, tmp_path: Path) -> None:
    from PIL import Image

    site = add_site(world, "南锣鼓巷", *SITE)
    first = add_inspection(world, site, NOW - timedelta(minutes=40))
    second = add_inspection(world, site, NOW - timedelta(minutes=10))
    original = write_jpeg(tmp_path / "orig.jpg", seed=7, lat=SITE[0], lon=SITE[1],
                          taken=_taken(), size=(640, 480))
    attach_file(world.db, world.db_path, first, original, "王巡查")
    # The same file again, and the same picture re-saved smaller (a chat app's copy).
    dup = attach_file(world.db, world.db_path, second, original, "王巡查")
    assert [c.code for c in dup.checks] == [C.DUPLICATE]
    assert dup.checks[0].detail["inspections"] == [first]
    resaved = tmp_path / "resaved.jpg"
    with Image.open(original) as im:
        im.resize((480, 360)).save(resaved, "JPEG", quality=60, exif=im.info["exif"])
    near = attach_file(world.db, world.db_path, second, resaved, "王巡查")
    assert C.SIMILAR in [c.code for c in near.checks]


def test_site_without_location_is_not_located_by_an_import(world: PhotoWorld,
                                                            tmp_path: Path) -> None:
    """Issue 7.4: only a person's confirmation locates a site (tests/media/test_site_location)."""
    site = add_site(world, "无坐标小店")
    insp = add_inspection(world, site, NOW - timedelta(minutes=10))
    p1 = write_jpeg(tmp_path / "1.jpg", seed=8, lat=39.93, lon=116.41, taken=_taken())
    r1, = attach_files(world.db, world.db_path, insp, [p1], "王巡查")
    from app.store.sites import get_site

    s = get_site(world.db, site)
    assert (s.lat, s.location_source) == (None, None)
    assert [c.code for c in r1.checks] == []


def test_photos_only_go_into_photo_items(world: PhotoWorld, tmp_path: Path) -> None:
    """Issue 7.2: `--item business_kind` replaced that answer with a list of hashes."""
    from app.media.errors import NotAPhotoItem
    from app.store.inspections import set_answer

    site = add_site(world, "照片项", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=10))
    set_answer(world.db, insp, "business_kind", "catering", "王巡查")
    before = _state(world, insp)
    path = write_jpeg(tmp_path / "x.jpg", lat=SITE[0], lon=SITE[1], taken=_taken())
    for item in ("business_kind", "no_such_item"):
        with pytest.raises(NotAPhotoItem) as info:
            attach_files(world.db, world.db_path, insp, [path], "王巡查", item_id=item)
        assert item in info.value.text.zh and photo_item(world, insp) in info.value.text.zh
        assert _state(world, insp) == before
    [ok] = attach_files(world.db, world.db_path, insp, [path], "王巡查",
                        item_id=photo_item(world, insp))
    assert ok.ok


def test_completed_inspection_is_read_only(world: PhotoWorld, tmp_path: Path) -> None:
    site = add_site(world, "已完成", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=10))
    with world.db.conn:
        world.db.execute("UPDATE inspections SET status = 'completed', completed_at = ? "
                         "WHERE id = ?", (NOW.strftime("%Y-%m-%dT%H:%M:%S.000Z"), insp))
    before = _state(world, insp)
    path = write_jpeg(tmp_path / "x.jpg", lat=SITE[0], lon=SITE[1], taken=_taken())
    with pytest.raises(repo.InspectionReadOnly):
        attach_file(world.db, world.db_path, insp, path, "王巡查")
    assert _state(world, insp) == before


def test_bad_file_in_a_batch_does_not_stop_it(world: PhotoWorld, tmp_path: Path) -> None:
    site = add_site(world, "批量", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=10))
    good1 = write_jpeg(tmp_path / "g1.jpg", seed=10, lat=SITE[0], lon=SITE[1], taken=_taken())
    bad = tmp_path / "bad.jpg"
    bad.write_text("not a photo")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    good2 = write_jpeg(tmp_path / "g2.jpg", seed=11, lat=SITE[0], lon=SITE[1], taken=_taken())
    results = attach_files(world.db, world.db_path, insp,
                           [good1, bad, empty, tmp_path / "vanished.jpg", good2], "王巡查")
    assert [r.ok for r in results] == [True, False, False, False, True]
    assert "not an image" in results[1].line() and "不是图片" in results[1].line()
    assert len(repo.list_inspection_photos(world.db, insp)) == 2


def test_full_disk_leaves_nothing(world: PhotoWorld, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    site = add_site(world, "满盘", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=10))
    item = photo_item(world, insp)
    path = write_jpeg(tmp_path / "big.jpg", size=(1200, 900), lat=SITE[0], lon=SITE[1],
                      taken=_taken())
    before = _state(world, insp)
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] >= 2:  # the first chunk fits, then the disk is full: half a file
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, bytes(data)[:4096])

    monkeypatch.setattr("app.media.filestore.os.write", full_disk)
    result = attach_file(world.db, world.db_path, insp, path, "王巡查", item_id=item)
    monkeypatch.undo()
    assert not result.ok and result.error is not None and result.error.code == "disk_full"
    assert "磁盘已满" in result.line()
    assert _state(world, insp) == before
    leftovers = [p for p in media_dir(world.db_path).rglob("*") if p.is_file()
                 and "originals" in p.parts]
    assert leftovers == []


def test_database_failure_removes_the_new_original(world: PhotoWorld, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    site = add_site(world, "库错", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=10))
    item = photo_item(world, insp)
    path = write_jpeg(tmp_path / "p.jpg", lat=SITE[0], lon=SITE[1], taken=_taken())
    before = _state(world, insp)

    def fail(*_a: object, **_k: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("app.media.importer.recheck_link", fail)  # after link + answer
    result = attach_file(world.db, world.db_path, insp, path, "王巡查", item_id=item)
    assert not result.ok and "database" in result.line()
    assert _state(world, insp) == before


def test_file_vanishing_mid_import_leaves_nothing(world: PhotoWorld, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    site = add_site(world, "消失", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=10))
    path = write_jpeg(tmp_path / "v.jpg", size=(900, 700), lat=SITE[0], lon=SITE[1],
                      taken=_taken())
    before = _state(world, insp)
    import builtins

    real_open = builtins.open

    class Vanishing:
        """A file handle whose file is deleted (a card pulled out) after the first read."""

        def __init__(self, fh: object) -> None:
            self.fh = fh

        def __enter__(self) -> Vanishing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()  # type: ignore[attr-defined]

        def fileno(self) -> int:
            return int(self.fh.fileno())  # type: ignore[attr-defined]

        def read(self, n: int = -1) -> bytes:
            raise OSError(errno.EIO, "Input/output error")

    def fake_open(file: object, mode: str = "r", *a: object, **k: object) -> object:
        if str(file) == str(path) and "b" in mode:
            return Vanishing(real_open(file, mode, *a, **k))  # type: ignore[call-overload]
        return real_open(file, mode, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", fake_open)
    result = attach_file(world.db, world.db_path, insp, path, "王巡查")
    monkeypatch.undo()
    assert not result.ok and "could not read" in result.line()
    assert _state(world, insp) == before
