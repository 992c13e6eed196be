"""The seven other work items' checklists and underground_group_rental v4 (出租房屋登记): each
loads, its number rules fire at their boundaries (just inside, just outside), every finding has a
legal basis, every text has zh and en (docs/legal-basis.md, forms/README.md)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.checklist import WORK_ITEMS, Checklist, evaluate, load_checklist, sample_answers
from app.core.text import Text
from app.paths import forms_dir

NEW = (
    "illegal_construction",
    "urban_rural_fringe",
    "old_compounds",
    "key_areas",
    "manufacturing_polluters",
    "wholesale_markets",
    "public_services",
    "shanty_public_housing",
)


def newest(name: str) -> Checklist:
    path = max(forms_dir().glob(f"{name}.v*.yaml"), key=lambda p: int(p.stem.split(".v")[-1]))
    return load_checklist(path)


def found(checklist: Checklist, answers: dict[str, Any]) -> dict[str, str]:
    return {f.item_id: f.severity for f in evaluate(checklist, answers).findings}


def finding(checklist: Checklist, answers: dict[str, Any], item_id: str) -> Any:
    (hit,) = [f for f in evaluate(checklist, answers).findings if f.item_id == item_id]
    return hit


def texts(checklist: Checklist) -> Iterator[tuple[str, Text | None]]:
    """Every text of a checklist, named by where it is."""
    yield "title", checklist.title
    for i, basis in enumerate(checklist.legal_basis):
        yield f"legal_basis[{i}]", basis
    for section in checklist.sections:
        yield f"{section.id}.title", section.title
    for item in checklist.items():
        yield f"{item.id}.label", item.label
        if item.help is not None:
            yield f"{item.id}.help", item.help
        if item.unit is not None:
            yield f"{item.id}.unit", item.unit
        for option in item.options:
            yield f"{item.id}.{option.value}", option.label
        for constraint in item.constraints:
            yield f"{item.id}.constraint", constraint.message
    for c in checklist.computed:
        yield f"{c.id}.label", c.label
    for owner, rule in violations(checklist):
        yield f"{owner}.finding", rule.finding
        yield f"{owner}.legal_basis", rule.legal_basis
        if rule.order_basis is not None:
            yield f"{owner}.order_basis", rule.order_basis


def violations(checklist: Checklist) -> Iterator[tuple[str, Any]]:
    for item in checklist.items():
        for rule in item.violations:
            yield item.id, rule
    for c in checklist.computed:
        for rule in c.violations:
            yield c.id, rule


@pytest.mark.parametrize("name", [*NEW, "underground_group_rental"])
def test_loads_with_every_text_in_both_languages_and_a_basis_for_every_finding(name: str) -> None:
    checklist = newest(name)
    assert checklist.work_item in WORK_ITEMS
    for where, text in texts(checklist):
        assert text is not None and text.zh.strip() and text.en.strip(), (name, where)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh), (name, where)
    rules = list(violations(checklist))
    assert len(rules) >= 8, name
    for owner, rule in rules:
        assert rule.legal_basis is not None, (name, owner)
        if rule.rectification_days == 0:  # ordered at once: the order basis says so
            assert rule.order_basis is not None and rule.severity != "minor", (name, owner)
    sections = [s.id for s in checklist.sections]
    assert sections[-1] == "handling" and 3 <= len(sections) <= 7


def test_every_work_item_has_a_checklist() -> None:
    assert {newest(n).work_item for n in (*NEW, "street_order", "underground_group_rental")} == set(
        WORK_ITEMS
    )


@pytest.mark.parametrize("name", NEW)
def test_clean_and_problem_sites_can_be_drawn(name: str) -> None:
    checklist = newest(name)
    rng = random.Random(11)
    for _ in range(5):
        clean = evaluate(checklist, sample_answers(checklist, rng, clean=True))
        assert clean.can_complete and not clean.findings, (name, clean.findings)
        problem = evaluate(checklist, sample_answers(checklist, rng, clean=False))
        assert problem.can_complete and problem.findings, name


# ---- 拆除违法建设 ---------------------------------------------------------------------------


def test_illegal_construction_area_beyond_the_permit() -> None:
    c = newest("illegal_construction")
    base = {"location_kind": "courtyard", "stage": "completed", "permit": "held",
            "permitted_area_m2": 100.0}  # fmt: skip
    inside = evaluate(c, {**base, "built_area_m2": 100.0})
    assert inside.computed["excess_area_m2"] == 0.0 and "excess_area_m2" not in found(c, base)
    assert "excess_area_m2" not in {f.item_id for f in inside.findings}
    outside = {**base, "built_area_m2": 100.1}
    assert evaluate(c, outside).computed["excess_area_m2"] == pytest.approx(0.1)
    assert found(c, outside) == {"excess_area_m2": "major"}
    # Still being built beyond the permit: stop at once (art. 74), whatever the default period.
    building = finding(c, {**outside, "stage": "in_progress"}, "stage")
    assert building.severity == "critical" and building.rectification_days == 0
    assert building.order_basis is not None and "第七十四条" in building.order_basis.zh
    assert "stage" not in found(c, {**base, "built_area_m2": 100.0, "stage": "in_progress"})


def test_illegal_construction_permit_homestead_and_temporary_works() -> None:
    c = newest("illegal_construction")
    town = {"location_kind": "roadside", "stage": "completed", "built_area_m2": 30.0}
    assert found(c, {**town, "permit": "none"}) == {"permit": "major"}
    late = finding(c, {**town, "permit": "temp_expired"}, "permit")
    assert late.order_basis is not None and "第七十六条" in late.order_basis.zh
    village = {**town, "location_kind": "village", "permit": "none"}
    assert found(c, {**village, "homestead_approved": "no"}) == {"homestead_approved": "major"}
    assert found(c, {**village, "homestead_approved": "na"}) == {"permit": "major"}
    # Demolished: only the follow-up questions count; a rebuild is stopped at once.
    gone = {"location_kind": "lane", "stage": "demolished", "built_area_m2": 12.0}
    rebound = finding(c, {**gone, "rebuilt": "yes"}, "rebuilt")
    assert rebound.severity == "critical" and rebound.rectification_days == 0
    assert "permit" not in evaluate(c, gone).visible
    bare = finding(c, {**gone, "land_after": "bare"}, "land_after")
    assert bare.ordered is False


# ---- 城乡结合部 -------------------------------------------------------------------------------


def test_urban_rural_fringe_area_per_person_and_people_per_room() -> None:
    c = newest("urban_rural_fringe")
    base = {"let_to_others": "yes", "rented_rooms": 2, "tenants": 4, "family_only": "no"}
    assert found(c, {**base, "living_area_m2": 20.0}) == {}  # exactly 5 m² each
    assert found(c, {**base, "living_area_m2": 19.9}) == {"area_per_person": "major"}
    assert found(c, {**base, "living_area_m2": 50.0, "tenants": 5}) == {"people_per_room": "major"}
    assert found(c, {**base, "living_area_m2": 50.0, "tenants": 5, "family_only": "yes"}) == {}
    # Nothing let out: the rented-room questions are not asked.
    ev = evaluate(c, {"let_to_others": "no"})
    assert "tenants" not in ev.visible and ev.computed["area_per_person"] is None


def test_urban_rural_fringe_three_in_one_at_once() -> None:
    c = newest("urban_rural_fringe")
    hit = finding(c, {"three_in_one": "yes", "fire_separated": "no"}, "fire_separated")
    assert hit.severity == "critical" and hit.rectification_days == 0
    assert found(c, {"three_in_one": "yes", "fire_separated": "yes"}) == {}
    assert found(c, {"illegal_building": "homestead"}) == {"illegal_building": "major"}


# ---- 老旧小区、重点区域 ------------------------------------------------------------------------


def test_old_compounds_counts() -> None:
    c = newest("old_compounds")
    zero = {"illegal_structures": 0, "group_rental_flats": 0, "basements_lived_in": 0,
            "low_end_trades": 0}  # fmt: skip
    assert found(c, zero) == {}
    one = {k: 1 for k in zero}
    assert found(c, one) == {k: ("minor" if k == "low_end_trades" else "major") for k in zero}
    ordered = {f.item_id: f.ordered for f in evaluate(c, one).findings}
    # The compound's own structures are ordered; what its flats' users do is observed.
    assert ordered == {"illegal_structures": True, "group_rental_flats": False,
                       "basements_lived_in": False, "low_end_trades": False}  # fmt: skip
    lane = finding(c, {"fire_lane_blocked": "yes"}, "fire_lane_blocked")
    assert lane.rectification_days == 0


def test_key_areas_problems_per_hundred_metres() -> None:
    c = newest("key_areas")
    counts = {"illegal_structures": 1, "unlicensed_stalls": 2, "outside_trading": 0,
              "piled_goods": 1, "stretch_length_m": 200.0}  # fmt: skip
    ev = evaluate(c, counts)
    assert ev.computed["problems_per_100m"] == pytest.approx(2.0)
    assert {f.item_id for f in ev.findings} == {"illegal_structures", "unlicensed_stalls",
                                                "piled_goods"}  # fmt: skip
    assert all(f.ordered is False for f in ev.findings)  # a patrol's observations
    art = finding(c, {"outside_trading": 1}, "outside_trading").legal_basis
    assert "第三十五条第三款" in art.zh
    # The frontage's own dirt is ordered.
    assert finding(c, {"refuse_or_posters": "yes"}, "refuse_or_posters").ordered is True


# ---- 散乱污、专业市场、公共服务、棚改 ------------------------------------------------------


def test_manufacturing_two_cuts_three_clearances() -> None:
    c = newest("manufacturing_polluters")
    steps = ("water_cut", "power_cut", "materials_cleared", "products_cleared",
             "equipment_cleared")  # fmt: skip
    done = {"disposition": "close", **{s: "yes" for s in steps}}
    assert found(c, done) == {}
    for step in steps:
        assert found(c, {**done, step: "no"}) == {step: "major"}, step
    labels = "".join(c.item(s).label.zh for s in steps)
    for word in ("断水", "断电", "原料", "产品", "设备"):
        assert word in labels
    # Not closing down: the five are not asked.
    assert not set(steps) & set(evaluate(c, {"disposition": "upgrade"}).visible)
    back = finding(c, {"disposition": "closed_before", "production_resumed": "yes"},
                   "production_resumed")  # fmt: skip
    assert back.severity == "critical" and back.rectification_days == 0


def test_manufacturing_dangerous_goods_with_dormitory() -> None:
    c = newest("manufacturing_polluters")
    same = {
        "living_on_site": "same_building",
        "hazardous_goods": "yes",
        "dangerous_with_dorm": "yes",
    }
    hit = finding(c, same, "dangerous_with_dorm")
    assert hit.rectification_days == 0 and "第十九条第一款" in hit.legal_basis.zh
    separated = {"living_on_site": "same_building", "hazardous_goods": "no", "fire_separated": "no"}
    assert found(c, separated) == {"fire_separated": "critical"}
    assert found(c, {**separated, "fire_separated": "yes"}) == {}


def test_wholesale_market_trading_after_closure() -> None:
    c = newest("wholesale_markets")
    closed = {"status": "closed", "stalls_total": 200, "any_trading": "yes", "stalls_trading": 1}
    ev = evaluate(c, closed)
    assert found(c, closed) == {"stalls_trading": "major"}
    assert ev.computed["stalls_trading_pct"] == pytest.approx(0.5)
    assert found(c, {**closed, "status": "moving"}) == {}
    assert found(c, {**closed, "any_trading": "no"}) == {}
    too_many = evaluate(c, {**closed, "stalls_trading": 201})
    assert "stalls_trading" in too_many.errors
    assert evaluate(c, {**closed, "stalls_trading": 200}).errors == {}
    housed = finding(c, {"any_trading": "yes", "unlicensed_stalls": "yes"}, "unlicensed_stalls")
    assert "第十四条" in housed.legal_basis.zh


def test_public_services_capacity_and_permits() -> None:
    c = newest("public_services")
    base = {"institution_kind": "training", "approved_capacity": 30}
    assert found(c, {**base, "people_present": 30}) == {}
    over = finding(c, {**base, "people_present": 31}, "over_capacity")
    assert over.ordered is False and over.severity == "minor"
    school = finding(c, {**base, "school_permit": "none"}, "school_permit")
    assert school.rectification_days == 0 and "第六十四条" in school.order_basis.zh
    clinic = {"institution_kind": "clinic", "medical_licence": "none"}
    assert found(c, clinic) == {"medical_licence": "critical"}
    assert "school_permit" not in evaluate(c, clinic).visible
    flat = {"in_residential_flat": "yes", "neighbours_consent": "no"}
    assert "第二百七十九条" in finding(c, flat, "neighbours_consent").legal_basis.zh


def test_shanty_public_housing() -> None:
    c = newest("shanty_public_housing")
    plot = {"property_kind": "shanty_plot", "households_total": 10}
    assert evaluate(c, {**plot, "households_moved": 10}).computed["households_remaining"] == 0
    assert evaluate(c, {**plot, "households_moved": 4}).computed["households_remaining"] == 6
    assert "households_moved" in evaluate(c, {**plot, "households_moved": 11}).errors
    house = {"property_kind": "public_housing"}
    assert found(c, {**house, "occupant": "sublet", "actual_use": "living"}) == {
        "occupant": "major"
    }
    assert found(c, {**house, "occupant": "tenant", "actual_use": "business"}) == {
        "actual_use": "major"
    }
    office = {
        "property_kind": "commercial_office",
        "used_for_living": "yes",
        "let_for_living": "yes",
    }
    assert found(c, office) == {"used_for_living": "major", "let_for_living": "major"}
    assert "occupant" not in evaluate(c, office).visible


# ---- 出租房屋登记 (underground_group_rental v4) -----------------------------------------------


def test_rental_registration_within_thirty_days() -> None:
    c = newest("underground_group_rental")
    assert c.version == 4
    base = {"space_kind": "above_ground", "current_use": "residential", "written_lease": "yes",
            "rental_registered": "no"}  # fmt: skip
    assert "rental_registered" not in found(c, {**base, "lease_days": 30})
    late = finding(c, {**base, "lease_days": 31}, "rental_registered")
    assert late.severity == "minor" and "第十四条第一款" in late.legal_basis.zh
    assert late.order_basis is not None and "第二十三条" in late.order_basis.zh
    assert "rental_registered" not in found(
        c, {**base, "lease_days": 31, "rental_registered": "yes"}
    )
    # No written lease at all: both the lease and the registration are findings.
    none = {**base, "written_lease": "no"}
    assert {"written_lease", "rental_registered"} <= set(found(c, none))
    assert "lease_days" not in evaluate(c, none).visible


def test_every_occupant_identity_recorded() -> None:
    c = newest("underground_group_rental")
    base = {"space_kind": "above_ground", "current_use": "residential", "occupants": 4}
    assert evaluate(c, {**base, "ids_recorded": 4}).computed["unrecorded_occupants"] == 0
    assert "unrecorded_occupants" not in found(c, {**base, "ids_recorded": 4})
    assert found(c, {**base, "ids_recorded": 3})["unrecorded_occupants"] == "minor"
    assert "ids_recorded" in evaluate(c, {**base, "ids_recorded": 5}).errors
    # A vacant space asks nothing about tenants.
    assert "ids_recorded" not in evaluate(c, {**base, "current_use": "vacant"}).visible


def test_v3_is_unchanged_by_v4() -> None:
    v3 = load_checklist(forms_dir() / "underground_group_rental.v3.yaml")
    assert v3.version == 3 and "written_lease" not in {i.id for i in v3.items()}
