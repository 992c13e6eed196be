"""Folder import: photos go to the inspection of their time and place; the rest is set aside."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.media.batch import apply_proposal, propose_folder
from app.media.reading import photo_files_in
from app.store import photos as repo
from tests.helpers.photos import write_jpeg
from tests.helpers.world import PhotoWorld, add_inspection, add_site, open_world

A = (39.9290, 116.4100)
B = (39.9400, 116.4300)  # about 2.3 km from A
BJ = timedelta(hours=8)


def camera_card(folder: Path, t0: datetime) -> dict[str, Path]:
    """Morning at A (09:00-09:40 Beijing), late morning at B (10:30-11:10), and strays."""
    def shot(name: str, minutes: int, where: tuple[float, float] | None, seed: int) -> Path:
        taken = (t0 + BJ + timedelta(minutes=minutes)).replace(tzinfo=None)
        kw = {"lat": where[0], "lon": where[1]} if where else {}
        return write_jpeg(folder / "DCIM" / name, seed=seed, taken=taken, **kw)

    files = {
        "a1": shot("IMG_0001.JPG", 5, (A[0] + 0.0003, A[1]), 1),
        "a2": shot("IMG_0002.JPG", 30, A, 2),
        "b1": shot("IMG_0003.JPG", 95, (B[0], B[1] + 0.0004), 3),
        "b_nogps": shot("IMG_0004.JPG", 100, None, 4),  # one inspection at that time: by time
        "lunch": shot("IMG_0005.JPG", 240, (39.95, 116.45), 5),  # no inspection then
        "far_at_a_time": shot("IMG_0006.JPG", 20, (39.99, 116.30), 6),
    }
    broken = folder / "DCIM" / "IMG_0007.JPG"
    broken.write_bytes(files["a1"].read_bytes()[:3000])
    files["broken"] = broken
    return files


@pytest.fixture
def world(tmp_path: Path) -> PhotoWorld:
    return open_world(tmp_path / "db" / "street-audit.db")


def test_folder_assignment_by_time_and_place(world: PhotoWorld, tmp_path: Path) -> None:
    t0 = datetime(2025, 3, 4, 1, 0, tzinfo=UTC)  # 09:00 Beijing
    ia = add_inspection(world, add_site(world, "甲店", *A), t0)
    ib = add_inspection(world, add_site(world, "乙店", *B), t0 + timedelta(minutes=90))
    camera_card(tmp_path / "card", t0)
    now = t0 + timedelta(hours=6)
    # Open inspections have no end yet (their window runs to "now"); each visit took 40 min.
    from app.media.batch import Candidate, open_candidates

    cands = [Candidate(c.inspection_id, c.label, c.start, c.start + timedelta(minutes=40),
                       c.site_lat, c.site_lon) for c in open_candidates(world.db)]
    proposal = propose_folder(world.db, photo_files_in(tmp_path / "card"), candidates=cands,
                              now=now)
    by_name = {a.path.name: a for a in proposal}
    assert len(proposal) == 7
    expect = {"IMG_0001.JPG": ia, "IMG_0002.JPG": ia, "IMG_0003.JPG": ib, "IMG_0004.JPG": ib,
              "IMG_0005.JPG": None, "IMG_0006.JPG": None, "IMG_0007.JPG": None}
    assert {n: a.inspection_id for n, a in by_name.items()} == expect
    assert "no inspection was under way" in by_name["IMG_0005.JPG"].reason.en
    assert "far from every site" in by_name["IMG_0006.JPG"].reason.en
    assert by_name["IMG_0007.JPG"].error is not None
    assert by_name["IMG_0001.JPG"].distance_m == pytest.approx(33, abs=3)

    # The inspector moves the stray far shot to A after all, then applies.
    decided = [a.assign(ia) if a.path.name == "IMG_0006.JPG" else a for a in proposal]
    results = apply_proposal(world.db, world.db_path, decided, "王巡查")
    assert len(results) == 5 and all(r.ok for r in results)
    assert len(repo.list_inspection_photos(world.db, ia)) == 3
    assert len(repo.list_inspection_photos(world.db, ib)) == 2


def test_changed_file_after_review_is_refused(world: PhotoWorld, tmp_path: Path) -> None:
    t0 = datetime.now(UTC) - timedelta(minutes=20)
    ia = add_inspection(world, add_site(world, "丙店", *A), t0)
    taken = (t0 + BJ + timedelta(minutes=5)).replace(tzinfo=None)
    path = write_jpeg(tmp_path / "x.jpg", seed=1, lat=A[0], lon=A[1], taken=taken)
    [a] = propose_folder(world.db, [path])
    assert a.inspection_id == ia
    write_jpeg(path, seed=2, lat=A[0], lon=A[1], taken=taken)  # replaced meanwhile
    [r] = apply_proposal(world.db, world.db_path, [a], "王巡查")
    assert not r.ok and r.error is not None and r.error.code == "changed"
    assert repo.list_inspection_photos(world.db, ia) == []


def test_proposal_keeps_the_folder_order_and_a_cancel_stops_reading(
        world: PhotoWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.media.batch as batch

    t0 = datetime(2025, 3, 4, 1, 0, tzinfo=UTC)
    files = sorted(camera_card(tmp_path / "card", t0).values())
    many = files * 4  # 28 files, read on two threads: the proposal still follows this order
    proposal = propose_folder(world.db, many, candidates=[], now=t0)
    assert [a.path for a in proposal] == many
    assert [a.error is None for a in proposal] == [p.name != "IMG_0007.JPG" for p in many]

    read: list[Path] = []
    real = batch.read_photo_file

    def counting(path: Path) -> object:
        read.append(path)
        return real(path)

    class Cancelled(Exception):
        pass

    def cancel_at_three(done: int, total: int) -> None:
        if done == 3:
            raise Cancelled

    monkeypatch.setattr(batch, "read_photo_file", counting)
    with pytest.raises(Cancelled):
        propose_folder(world.db, many, candidates=[], now=t0, progress=cancel_at_three)
    assert len(read) <= 3 + batch.IN_FLIGHT  # the rest of the card is not read
