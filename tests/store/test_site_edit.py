"""Editing a site as a person does (issue 12.3): only the fields changed, audited with their old
and new values, a new revision that travels in the next bundle; a credit code failing its check
warns and is kept; a location outside Beijing, or outside the site's district, is refused."""

from __future__ import annotations

import json

import pytest
import sqlite_utils

from app.store.profile import Profile
from app.store.sites import InvalidSite, SiteDraft, create_site, get_site, update_site

ACTOR = "王建国"
# Dongcheng (110101) meets Chaoyang (110105) at about 116.42910 E on 39.91 N.
EDGE_LAT, EDGE_LON = 39.91, 116.42910
DONGCHENG = SiteDraft(district_code="110101", name="东四小吃店", address="东城区东四北大街1号",
                      lat=39.9245, lon=116.4170)


def audit_of(db: sqlite_utils.Database, site_id: str) -> list[tuple[str, dict[str, object]]]:
    return [(action, json.loads(detail)) for action, detail in db.execute(
        "SELECT action, detail FROM audit WHERE entity_id = ? ORDER BY seq", (site_id,))]


def test_an_edit_is_audited_with_old_and_new_and_bumps_the_revision(
        db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    edited = update_site(db, site.id, {"name": "东四炸酱面馆", "contact_name": "李秀英",
                                       "contact_phone": "13800138000"}, ACTOR)
    assert (edited.name, edited.contact_name, edited.contact_phone) == (
        "东四炸酱面馆", "李秀英", "13800138000")
    assert (edited.rev, edited.base_rev) == (2, 1)
    assert edited.address == site.address  # fields not named are kept
    action, detail = audit_of(db, site.id)[-1]
    assert action == "site.update"
    assert detail == {"name": {"old": "东四小吃店", "new": "东四炸酱面馆"},
                      "contact_name": {"old": "", "new": "李秀英"},
                      "contact_phone": {"old": "", "new": "13800138000"}}


def test_an_edit_marks_the_site_for_the_next_bundle(
        db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    db.execute("UPDATE sites SET vid = 'v-sent' WHERE id = ?", (site.id,))  # as after an export
    update_site(db, site.id, {"address": "东城区东四北大街2号"}, ACTOR)
    assert db.execute("SELECT vid, base_vid FROM sites WHERE id = ?", (site.id,)).fetchone() \
        == (None, "v-sent")


def test_nothing_changed_writes_nothing(db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    assert update_site(db, site.id, {"name": " 东四小吃店 "}, ACTOR) == site
    assert [a for a, _ in audit_of(db, site.id)] == ["site.create"]


def test_a_credit_code_failing_its_check_is_upper_cased_kept_and_warned(
        db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    edited = update_site(db, site.id, {"credit_code": "91110000600037341n"}, ACTOR)
    assert edited.credit_code == "91110000600037341N"
    assert edited.credit_code_check == "check"
    assert edited.credit_code_warning is not None
    assert "校验位" in edited.credit_code_warning.zh
    fixed = update_site(db, site.id, {"credit_code": "91110000600037341l"}, ACTOR)
    assert (fixed.credit_code, fixed.credit_code_check, fixed.credit_code_warning) == (
        "91110000600037341L", "ok", None)
    cleared = update_site(db, site.id, {"credit_code": ""}, ACTOR)
    assert (cleared.credit_code, cleared.credit_code_check) == (None, None)


@pytest.mark.parametrize(("lat", "lon"), [(39.13, 117.20), (31.23, 121.47), (39.0, 116.4)])
def test_a_point_outside_beijing_is_refused_with_the_reason(
        db: sqlite_utils.Database, profile: Profile, lat: float, lon: float) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    with pytest.raises(InvalidSite) as refused:
        update_site(db, site.id, {"lat": lat, "lon": lon}, ACTOR)
    assert "不在北京市范围内" in refused.value.text.zh
    assert "outside Beijing" in refused.value.text.en
    assert get_site(db, site.id) == site  # nothing written
    assert [a for a, _ in audit_of(db, site.id)] == ["site.create"]


def test_just_inside_the_district_is_kept_just_outside_refused(
        db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    inside = update_site(db, site.id, {"lat": EDGE_LAT, "lon": EDGE_LON - 0.0002}, ACTOR)
    assert (inside.lat, inside.lon, inside.location_source) == (
        EDGE_LAT, EDGE_LON - 0.0002, "manual")
    with pytest.raises(InvalidSite) as refused:  # about 17 m east, in Chaoyang
        update_site(db, site.id, {"lat": EDGE_LAT, "lon": EDGE_LON + 0.0002}, ACTOR)
    assert "朝阳区" in refused.value.text.zh and "东城区" in refused.value.text.zh
    assert get_site(db, site.id).lon == EDGE_LON - 0.0002


def test_moving_the_district_checks_the_location_and_drops_the_old_street(
        db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, SiteDraft(district_code="110101", division_code="110101001000",
                                     name="东华门小店", address="东华门大街1号",
                                     lat=EDGE_LAT, lon=EDGE_LON + 0.0002), ACTOR)
    moved = update_site(db, site.id, {"district_code": "110105"}, ACTOR)  # the point is there
    assert (moved.district_code, moved.division_code) == ("110105", None)
    with pytest.raises(InvalidSite):
        update_site(db, site.id, {"district_code": "110108"}, ACTOR)  # not in Haidian


@pytest.mark.parametrize("changes", [
    {"name": "", "address": ""},
    {"district_code": "120101"},
    {"lat": None},
    {"division_code": "110105001000"},
    {"rev": 7},
])
def test_an_edit_that_would_make_the_site_invalid_is_refused(
        db: sqlite_utils.Database, profile: Profile, changes: dict[str, object]) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    with pytest.raises(InvalidSite):
        update_site(db, site.id, changes, ACTOR)
    assert get_site(db, site.id) == site


def test_clearing_the_location_clears_its_source(
        db: sqlite_utils.Database, profile: Profile) -> None:
    site = create_site(db, DONGCHENG, ACTOR)
    cleared = update_site(db, site.id, {"lat": None, "lon": None}, ACTOR)
    assert (cleared.lat, cleared.lon, cleared.location_source) == (None, None, None)
