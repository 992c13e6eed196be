"""A site's location comes from a photo only with a person's yes, and only from its district.

Issue 7.4: a photo taken in Kansas moved a Dongcheng site to (39.05, -94.29); every later
photo was then "10,697 km from the site".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.core.district_area import district_at
from app.core.text import Text
from app.media import checks as C
from app.media.importer import attach_files
from app.media.site_location import (
    SiteLocationRefused,
    locate_site_from_photo,
    location_candidate,
)
from app.store.sites import get_site
from tests.helpers.photos import write_jpeg
from tests.helpers.world import PhotoWorld, add_inspection, add_site, open_world, photo_item

NOW = datetime.now(UTC).replace(microsecond=0)
# The Dongcheng (110101) / Xicheng (110102) border crosses latitude 39.93 near 116.39032
# in the bundled boundaries: points a few metres either side.
INSIDE = (39.93, 116.39045)
OUTSIDE = (39.93, 116.39020)
KANSAS = (39.05, -94.29)


def _taken(minutes: int = 0) -> datetime:
    return (NOW + timedelta(hours=8, minutes=minutes)).replace(tzinfo=None)


@pytest.fixture
def world(tmp_path: Path) -> PhotoWorld:
    return open_world(tmp_path / "street-audit.db")


def _draft(world: PhotoWorld) -> tuple[str, str]:
    site = add_site(world, "无坐标小店")
    return site, add_inspection(world, site, NOW - timedelta(minutes=10))


def test_the_boundary_points_are_where_the_tests_say() -> None:
    assert district_at(*INSIDE) == "110101"
    assert district_at(*OUTSIDE) == "110102"
    assert district_at(*KANSAS) is None


def test_an_import_never_moves_the_site(world: PhotoWorld, tmp_path: Path) -> None:
    site, insp = _draft(world)
    kansas = write_jpeg(tmp_path / "k.jpg", seed=1, lat=KANSAS[0], lon=KANSAS[1], taken=_taken())
    near = write_jpeg(tmp_path / "n.jpg", seed=2, lat=INSIDE[0], lon=INSIDE[1], taken=_taken())
    results = attach_files(world.db, world.db_path, insp, [kansas, near], "王巡查")
    assert all(r.ok for r in results)
    s = get_site(world.db, site)
    assert (s.lat, s.lon, s.location_source) == (None, None, None)
    # Nothing to measure from: no distance claim either way, and no "site from photo".
    for r in results:
        codes = [c.code for c in r.checks]
        assert C.FAR_FROM_SITE not in codes and C.SITE_FROM_PHOTO not in codes


def test_the_candidate_is_the_first_photo_inside_the_district(world: PhotoWorld,
                                                              tmp_path: Path) -> None:
    _site, insp = _draft(world)
    files = [write_jpeg(tmp_path / "k.jpg", seed=1, lat=KANSAS[0], lon=KANSAS[1], taken=_taken()),
             write_jpeg(tmp_path / "o.jpg", seed=2, lat=OUTSIDE[0], lon=OUTSIDE[1],
                        taken=_taken()),
             write_jpeg(tmp_path / "i.jpg", seed=3, lat=INSIDE[0], lon=INSIDE[1], taken=_taken())]
    results = attach_files(world.db, world.db_path, insp, files, "王巡查")
    candidate = location_candidate(world.db, insp)
    assert candidate is not None
    assert candidate.sha256 == results[2].sha256
    assert (candidate.lat, candidate.lon) == pytest.approx(INSIDE)


def test_no_candidate_when_no_photo_is_inside(world: PhotoWorld, tmp_path: Path) -> None:
    _site, insp = _draft(world)
    f = write_jpeg(tmp_path / "o.jpg", seed=2, lat=OUTSIDE[0], lon=OUTSIDE[1], taken=_taken())
    attach_files(world.db, world.db_path, insp, [f], "王巡查")
    assert location_candidate(world.db, insp) is None


@pytest.mark.parametrize("where", [OUTSIDE, KANSAS])
def test_confirming_a_point_outside_the_district_is_refused(
        world: PhotoWorld, tmp_path: Path, where: tuple[float, float]) -> None:
    site, insp = _draft(world)
    f = write_jpeg(tmp_path / "x.jpg", seed=4, lat=where[0], lon=where[1], taken=_taken())
    [r] = attach_files(world.db, world.db_path, insp, [f], "王巡查")
    audit_before = world.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(SiteLocationRefused) as info:
        locate_site_from_photo(world.db, site, r.sha256 or "", "王巡查")
    assert "不在场所所在的东城区" in info.value.text.zh
    assert "not in the site's district 110101" in info.value.text.en
    assert get_site(world.db, site).lat is None
    assert world.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before


def test_confirming_a_point_inside_sets_it_and_rechecks(world: PhotoWorld,
                                                       tmp_path: Path) -> None:
    site, insp = _draft(world)
    here = write_jpeg(tmp_path / "h.jpg", seed=5, lat=INSIDE[0], lon=INSIDE[1], taken=_taken())
    # ~2.2 km north, still Dongcheng: far from the site once the site is located.
    there = write_jpeg(tmp_path / "t.jpg", seed=6, lat=INSIDE[0] + 0.02, lon=INSIDE[1] + 0.01,
                       taken=_taken())
    r1, r2 = attach_files(world.db, world.db_path, insp, [here, there], "王巡查")
    done = locate_site_from_photo(world.db, site, r1.sha256 or "", "王巡查")
    s = get_site(world.db, site)
    assert (s.lat, s.lon, s.location_source) == (pytest.approx(INSIDE[0]),
                                                 pytest.approx(INSIDE[1]), "photo")
    assert done.sha256 == r1.sha256
    codes = {sha: code for sha, code in world.db.execute(
        "SELECT sha256, code FROM photo_checks WHERE code IN (?, ?)",
        (C.SITE_FROM_PHOTO, C.FAR_FROM_SITE))}
    assert codes.get(r1.sha256) == C.SITE_FROM_PHOTO
    assert codes.get(r2.sha256) == C.FAR_FROM_SITE
    audit = world.db.execute("SELECT action, entity_id FROM audit ORDER BY seq DESC LIMIT 3"
                             ).fetchall()
    assert any(entity == site for _a, entity in audit)
    # A second confirmation does not move it again.
    with pytest.raises(SiteLocationRefused):
        locate_site_from_photo(world.db, site, r2.sha256 or "", "王巡查")


def test_cli_proposes_and_locate_site_confirms(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    site, insp = _draft(world)
    world.db.conn.close()
    kansas = write_jpeg(tmp_path / "k.jpg", seed=1, lat=KANSAS[0], lon=KANSAS[1], taken=_taken())
    here = write_jpeg(tmp_path / "h.jpg", seed=5, lat=INSIDE[0], lon=INSIDE[1], taken=_taken())
    assert main(["photos", "import", "--db", str(db_path), "--inspection", insp,
                 str(kansas)]) == 0
    out = capsys.readouterr().out
    assert "--locate-site" not in out  # nothing inside the district to propose
    assert main(["photos", "import", "--db", str(db_path), "--inspection", insp,
                 str(here)]) == 0
    assert "--locate-site" in capsys.readouterr().out
    assert _site_lat(db_path, site) is None  # proposed, not taken
    assert main(["photos", "import", "--db", str(db_path), "--inspection", insp,
                 "--locate-site", str(kansas), str(here)]) == 0
    assert "场所位置已设为照片" in capsys.readouterr().out
    assert _site_lat(db_path, site) == pytest.approx(INSIDE[0])


def _site_lat(db_path: Path, site: str) -> float | None:
    from app.store.db import open_database

    db = open_database(db_path)
    try:
        return get_site(db, site).lat
    finally:
        db.conn.close()


def test_each_refusal_says_why_and_what_to_do(world: PhotoWorld, tmp_path: Path) -> None:
    site, insp = _draft(world)
    no_gps = write_jpeg(tmp_path / "nogps.jpg", seed=7, taken=_taken())
    outside = write_jpeg(tmp_path / "west.jpg", seed=8, lat=OUTSIDE[0], lon=OUTSIDE[1],
                         taken=_taken())
    kansas = write_jpeg(tmp_path / "ks.jpg", seed=9, lat=KANSAS[0], lon=KANSAS[1],
                        taken=_taken())
    r_no, r_out, r_ks = attach_files(world.db, world.db_path, insp, [no_gps, outside, kansas],
                                     "王巡查")
    with pytest.raises(SiteLocationRefused) as unknown:
        locate_site_from_photo(world.db, site, "f" * 64, "王巡查")
    assert unknown.value.text == Text(f"照片库中没有照片 {'f' * 12}…",
                                      f"no photo {'f' * 12}… in the photo store")
    with pytest.raises(SiteLocationRefused) as gps:
        locate_site_from_photo(world.db, site, r_no.sha256 or "", "王巡查")
    assert gps.value.text == Text("照片 nogps.jpg 没有 GPS 位置，不能用来定位场所",
                                  "photo nogps.jpg has no GPS position")
    with pytest.raises(SiteLocationRefused) as west:
        locate_site_from_photo(world.db, site, r_out.sha256 or "", "王巡查")
    assert west.value.text.zh == (
        "照片 west.jpg 的位置（39.930000, 116.390200）在西城区，不在场所所在的东城区，"
        "未用作场所位置；请在现场重新拍摄，或手动填写场所位置")
    assert west.value.text.en == (
        "photo west.jpg was taken at (39.930000, 116.390200), district 110102, not in the "
        "site's district 110101: not used as the site's location; take a photo on site or "
        "enter the location by hand")
    with pytest.raises(SiteLocationRefused) as far:
        locate_site_from_photo(world.db, site, r_ks.sha256 or "", "王巡查")
    assert "在北京市以外" in far.value.text.zh and "outside Beijing" in far.value.text.en
    # Located by hand: a photo never overrides it.
    from dataclasses import replace

    from app.store.sites import update_site

    update_site(world.db, site, replace(get_site(world.db, site).draft(), lat=39.93,
                                        lon=116.41), "王巡查")
    assert location_candidate(world.db, insp) is None
    with pytest.raises(SiteLocationRefused) as located:
        locate_site_from_photo(world.db, site, r_out.sha256 or "", "王巡查")
    assert located.value.text == Text(
        "场所“无坐标小店”已有位置（39.930000, 116.410000），未改动；如需更改请编辑场所",
        "site '无坐标小店' already has a location (39.930000, 116.410000); nothing changed: "
        "edit the site to change it")


def test_the_candidate_skips_photos_without_gps_and_repeats(world: PhotoWorld,
                                                           tmp_path: Path) -> None:
    _site, insp = _draft(world)
    no_gps = write_jpeg(tmp_path / "n.jpg", seed=7, taken=_taken())
    inside = write_jpeg(tmp_path / "i.jpg", seed=3, lat=INSIDE[0], lon=INSIDE[1],
                        taken=_taken())
    item = photo_item(world, insp)
    attach_files(world.db, world.db_path, insp, [no_gps], "王巡查")
    attach_files(world.db, world.db_path, insp, [no_gps], "王巡查", item_id=item)  # twice
    [r] = attach_files(world.db, world.db_path, insp, [inside], "王巡查")
    candidate = location_candidate(world.db, insp)
    assert candidate is not None and candidate.sha256 == r.sha256
    assert candidate.district_code == "110101"
