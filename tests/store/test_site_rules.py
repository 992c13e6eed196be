"""Site rules at their edges: coordinates within ±90°/±180° (inclusive), both or neither, a
division inside its district, where a location came from, and what a site's audit entry holds.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlite_utils

from app.store.profile import Profile
from app.store.sites import (
    InvalidSite,
    SiteDraft,
    SiteNotFound,
    count_sites,
    create_site,
    get_site,
    update_site,
)

ACTOR = "王建国"
BASE = SiteDraft(district_code="110105", name="老北京炸酱面馆", address="朝阳区工体北路8号")


def count(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize(("lat", "lon"), [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0),
                                          (39.9335, 116.4465)])
def test_coordinates_up_to_the_poles_and_the_date_line_are_kept(
    db: sqlite_utils.Database, profile: Profile, lat: float, lon: float
) -> None:
    site = create_site(db, replace(BASE, lat=lat, lon=lon), ACTOR)
    assert (site.lat, site.lon, site.location_source) == (lat, lon, "manual")


@pytest.mark.parametrize(("lat", "lon"), [(90.000001, 0.0), (-90.000001, 0.0),
                                          (0.0, 180.000001), (0.0, -180.000001)])
def test_coordinates_beyond_are_refused(
    db: sqlite_utils.Database, profile: Profile, lat: float, lon: float
) -> None:
    sites = count(db, "sites")
    with pytest.raises(InvalidSite, match="coordinates out of range"):
        create_site(db, replace(BASE, lat=lat, lon=lon), ACTOR)
    assert count(db, "sites") == sites


@pytest.mark.parametrize(("lat", "lon"), [(39.9, None), (None, 116.4)])
def test_half_a_position_is_refused(
    db: sqlite_utils.Database, profile: Profile, lat: float | None, lon: float | None
) -> None:
    with pytest.raises(InvalidSite) as refused:
        create_site(db, replace(BASE, lat=lat, lon=lon), ACTOR)
    assert str(refused.value) == "经纬度要同时填写 (give both latitude and longitude, or neither)"


def test_no_position_has_no_source(db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, BASE, ACTOR)
    assert (site.lat, site.lon, site.location_source) == (None, None, None)


@pytest.mark.parametrize("source", ["gps", "photo", "manual", "demo"])
def test_a_named_source_is_kept(db: sqlite_utils.Database, profile: Profile,
                                source: str) -> None:
    site = create_site(db, replace(BASE, lat=39.9, lon=116.4, location_source=source), ACTOR)
    assert site.location_source == source


def test_an_unknown_source_is_refused(db: sqlite_utils.Database, profile: Profile) -> None:
    with pytest.raises(InvalidSite, match="unknown location source 'guess'"):
        create_site(db, replace(BASE, lat=39.9, lon=116.4, location_source="guess"), ACTOR)


@pytest.mark.parametrize(("division", "stored"), [("110105004", "110105004000"),
                                                  ("110105004000", "110105004000"),
                                                  ("", None)])
def test_division_codes_are_padded_to_twelve_digits(
    db: sqlite_utils.Database, profile: Profile, division: str, stored: str | None
) -> None:
    assert create_site(db, replace(BASE, division_code=division), ACTOR).division_code == stored


@pytest.mark.parametrize(("division", "why"), [
    ("110101001000", "division 110101001000 is not in district 110105"),
    ("1101050040", "a division code has 6, 9 or 12 digits"),
])
def test_a_division_outside_the_district_is_refused(
    db: sqlite_utils.Database, profile: Profile, division: str, why: str
) -> None:
    with pytest.raises(InvalidSite, match=why):
        create_site(db, replace(BASE, division_code=division), ACTOR)


@pytest.mark.parametrize("district", ["110100", "110104", "120101", "", "11010"])
def test_only_the_sixteen_districts(db: sqlite_utils.Database, profile: Profile,
                                   district: str) -> None:
    with pytest.raises(InvalidSite, match="choose a Beijing district"):
        create_site(db, replace(BASE, district_code=district), ACTOR)


def test_a_name_or_an_address_is_enough(db: sqlite_utils.Database, profile: Profile) -> None:
    assert create_site(db, replace(BASE, address=" "), ACTOR).name == "老北京炸酱面馆"
    assert create_site(db, replace(BASE, name=""), ACTOR).address == "朝阳区工体北路8号"
    with pytest.raises(InvalidSite) as refused:
        create_site(db, replace(BASE, name=" ", address="\t"), ACTOR)
    assert str(refused.value) == "场所名称和地址至少填写一项 (enter a name or an address)"


def test_text_fields_are_stripped_and_the_code_normalized(
    db: sqlite_utils.Database, profile: Profile
) -> None:
    site = create_site(db, replace(BASE, name=" 面馆 ", contact_name=" 张三 ",
                                   contact_phone=" 138 ", notes=" 注意 ",
                                   credit_code=" 9111-0000-6000-3734-1l "), ACTOR)
    assert (site.name, site.contact_name, site.contact_phone, site.notes) == (
        "面馆", "张三", "138", "注意")
    assert (site.credit_code, site.credit_code_check) == ("91110000600037341L", "ok")
    blank = create_site(db, replace(BASE, credit_code="  "), ACTOR)
    assert (blank.credit_code, blank.credit_code_check) == (None, None)


def test_the_audit_entry_of_a_new_site(db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, replace(BASE, lat=39.9, lon=116.4), ACTOR)
    actor, action, detail = db.execute(
        "SELECT actor, action, detail FROM audit WHERE entity_id = ?", (site.id,)).fetchone()
    assert (actor, action) == (ACTOR, "site.create")
    assert detail == (
        '{"address":"朝阳区工体北路8号","contact_name":"","contact_phone":"",'
        '"credit_code":null,"district_code":"110105","division_code":null,"lat":39.9,'
        '"location_source":"manual","lon":116.4,"name":"老北京炸酱面馆","notes":""}')
    assert (site.rev, site.base_rev, site.origin_device) == (1, None, profile.device_id)


def test_an_update_records_only_what_changed(db: sqlite_utils.Database,
                                             profile: Profile) -> None:
    site = create_site(db, BASE, ACTOR)
    same = update_site(db, site.id, site.draft(), "李四")
    assert same == site  # nothing changed: no revision, no audit entry
    moved = update_site(db, site.id, replace(site.draft(), lat=39.91, lon=116.41), "李四")
    assert (moved.rev, moved.base_rev, moved.location_source) == (2, 1, "manual")
    entries = db.execute("SELECT actor, action, detail FROM audit WHERE entity_id = ? "
                         "ORDER BY seq", (site.id,)).fetchall()
    assert len(entries) == 2
    assert entries[1] == ("李四", "site.update",
                          '{"lat":{"new":39.91,"old":null},'
                          '"location_source":{"new":"manual","old":null},'
                          '"lon":{"new":116.41,"old":null}}')
    assert get_site(db, site.id) == moved


def test_a_missing_site_is_named(db: sqlite_utils.Database) -> None:
    with pytest.raises(SiteNotFound) as missing:
        get_site(db, "0190f3a2-0000-7000-8000-000000000000")
    assert str(missing.value) == (
        "找不到场所：0190f3a2-0000-7000-8000-000000000000 "
        "(no such site: 0190f3a2-0000-7000-8000-000000000000)")
    assert missing.value.text.en == "no such site: 0190f3a2-0000-7000-8000-000000000000"
    assert missing.value.exit_code == 3


def test_updates_are_audited_on_the_site(db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, BASE, ACTOR)
    update_site(db, site.id, replace(site.draft(), notes="复查"), ACTOR)
    assert db.execute("SELECT entity, action FROM audit WHERE entity_id = ? ORDER BY seq",
                      (site.id,)).fetchall() == [("site", "site.create"), ("site", "site.update")]
    assert count_sites(db) == 1 and count_sites(db, "110105") == 1
    assert count_sites(db, "110101") == 0
