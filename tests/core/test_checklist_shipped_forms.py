"""The three shipped checklists load cleanly and find what DOMAIN.md says they should."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.checklist import ITEM_TYPES, Checklist, Evaluation, evaluate, load_checklist
from app.paths import forms_dir

VALID_CODE = "91110000600037341L"
SHIPPED = ("storefront_opening", "street_order", "underground_group_rental")


def form(name: str) -> Checklist:
    """The newest shipped version of a checklist (what new inspections use)."""
    newest = max(forms_dir().glob(f"{name}.v*.yaml"), key=lambda p: int(p.stem.split(".v")[-1]))
    return load_checklist(newest)


@pytest.fixture(scope="module")
def storefront() -> Checklist:
    return form("storefront_opening")


@pytest.fixture(scope="module")
def street() -> Checklist:
    return form("street_order")


@pytest.fixture(scope="module")
def underground() -> Checklist:
    return form("underground_group_rental")


def found(ev: Evaluation) -> dict[str, str]:
    """item id → severity of each finding (one finding per item in these forms)."""
    return {f.item_id: f.severity for f in ev.findings}


def check_clean(checklist: Checklist, answers: dict[str, Any]) -> Evaluation:
    ev = evaluate(checklist, answers)
    assert ev.can_complete, (ev.missing_required, ev.errors)
    assert ev.findings == (), ev.findings
    assert ev.errors == {} and ev.warnings == {}
    return ev


def test_shipped_forms_shape() -> None:
    from app.core.checklist import load_checklists

    checklists = [form(name) for name in SHIPPED]
    assert {(c.id, c.work_item) for c in load_checklists(forms_dir())} == {
        ("storefront_opening", "street_order"),
        ("street_order", "street_order"),
        ("underground_group_rental", "underground_group_rental"),
        # The seven other work items (tests/core/test_more_checklists.py).
        ("illegal_construction", "illegal_construction"),
        ("urban_rural_fringe", "urban_rural_fringe"),
        ("old_compounds", "old_compounds"),
        ("key_areas", "key_areas"),
        ("manufacturing_polluters", "manufacturing_polluters"),
        ("wholesale_markets", "wholesale_markets"),
        ("public_services", "public_services"),
        ("shanty_public_housing", "shanty_public_housing"),
    }
    used: set[str] = set()
    for c in checklists:
        items = list(c.items())
        assert 20 <= len(items) <= 40, (c.id, len(items))
        assert 3 <= len(c.sections) <= 5
        assert c.legal_basis and c.rectification_days > 0
        assert (
            sum(1 for i in items for _ in i.violations) + sum(len(x.violations) for x in c.computed)
            >= 8
        )
        for i in items:
            assert i.label.zh and i.label.en
            assert any("\u4e00" <= ch <= "\u9fff" for ch in i.label.zh), i.id
        used |= {i.type for i in items}
    assert used == set(ITEM_TYPES)


# ---- 开墙打洞 ---------------------------------------------------------------------------------

STOREFRONT_CLEAN = {
    "building_type": "ground_floor",
    "registered_use": "residential",
    "wall_exterior": "yes",
    "wall_load_bearing": "yes",
    "has_opening": "no",
    "inspected_on": "2024-06-03",
}


def test_storefront_without_opening_is_clean_and_short(storefront: Checklist) -> None:
    ev = check_clean(storefront, STOREFRONT_CLEAN)
    assert "operating" not in ev.visible and "opening_count" not in ev.visible


def test_storefront_residential_opening_with_unlicensed_shop(storefront: Checklist) -> None:
    answers = {
        **STOREFRONT_CLEAN,
        "has_opening": "yes",
        "opening_kinds": ["new_door"],
        "opening_count": 1,
        "opening_width_m": 2.4,
        "opening_height_m": 2.5,
        "load_bearing_opened": "yes",
        "operating": "yes",
        "business_type": "catering",
        "business_name": "老北京炸酱面",
        "licence_status": "none",
        "actual_use": "shop",
        "owner_consent": "none",
        "action": "notice",
        "deadline": "2024-06-18",
    }
    ev = evaluate(storefront, answers)
    assert ev.can_complete, (ev.missing_required, ev.errors)
    assert found(ev) == {
        "has_opening": "major",
        "load_bearing_opened": "critical",
        "licence_status": "major",
        "owner_consent": "major",
    }
    by_item = {f.item_id: f for f in ev.findings}
    assert by_item["licence_status"].legal_basis is not None
    assert "684" in by_item["licence_status"].legal_basis.zh
    assert by_item["owner_consent"].legal_basis is not None
    assert "第二百七十九条" in by_item["owner_consent"].legal_basis.zh
    assert "art. 279" in by_item["owner_consent"].legal_basis.en
    assert ev.computed["opening_area"] == pytest.approx(6.0)
    assert "credit_code" not in ev.visible  # no licence, no code to record


def test_storefront_licensed_shop_with_consent(storefront: Checklist) -> None:
    answers = {
        **STOREFRONT_CLEAN,
        "registered_use": "commercial",
        "wall_load_bearing": "no",
        "has_opening": "yes",
        "opening_kinds": ["enlarged"],
        "opening_count": 1,
        "opening_width_m": 1.5,
        "opening_height_m": 2.2,
        "operating": "yes",
        "business_type": "retail",
        "business_name": "便民超市",
        "licence_status": "displayed",
        "credit_code": VALID_CODE,
        "licence_address_matches": "yes",
        "actual_use": "shop",
        "action": "sealed_now",
    }
    ev = evaluate(storefront, answers)
    assert ev.can_complete
    assert found(ev) == {"has_opening": "minor"}  # a façade change, not a home turned shop
    assert "owner_consent" not in ev.visible and "load_bearing_opened" not in ev.visible
    assert "photos_after" in ev.visible
    bad = evaluate(storefront, {**answers, "credit_code": "91110000600037341N"})
    assert "credit_code" in bad.warnings and bad.can_complete


def test_storefront_deadline_before_inspection_is_an_error(storefront: Checklist) -> None:
    answers = {
        **STOREFRONT_CLEAN,
        "has_opening": "yes",
        "action": "notice",
        "deadline": "2024-06-01",
    }
    assert "deadline" in evaluate(storefront, answers).errors


# ---- 占道经营、无证无照、门前三包 ---------------------------------------------------------------

STREET_CLEAN = {
    "business_kind": "shop",
    "business_name": "兴隆副食店",
    "goods_sold": ["daily_goods", "tobacco_alcohol"],
    "licence_status": "displayed",
    "credit_code": VALID_CODE,
    "licence_matches": "yes",
    "beyond_line": "no",
    "mobile_vendors": 0,
    "agreement_signed": "yes",
    "sign_posted": "yes",
    "hygiene_clean": "yes",
    "appearance_tidy": "yes",
    "order_kept": "yes",
    "action": "none_needed",
    "inspected_on": "2026-02-10",
}


def test_street_clean_shop(street: Checklist) -> None:
    check_clean(street, STREET_CLEAN)


def test_street_unlicensed_shop_trading_on_the_pavement(street: Checklist) -> None:
    answers = {
        **STREET_CLEAN,
        "licence_status": "none",
        "beyond_line": "yes",
        "beyond_distance_m": 2.5,
        "street_items": ["goods", "racks"],
        "blocks_passage": "yes",
        "mobile_vendors": 3,
        "action": "notice",
        "deadline": "2026-02-13",
    }
    ev = evaluate(street, answers)
    assert ev.can_complete, (ev.missing_required, ev.errors)
    assert found(ev) == {
        "licence_status": "major",
        "beyond_line": "major",
        "blocks_passage": "major",
        "mobile_vendors": "minor",
    }
    unlicensed = next(f for f in ev.findings if f.item_id == "licence_status")
    assert unlicensed.text.zh == "无照经营"
    assert unlicensed.legal_basis is not None and "国务院令第684号" in unlicensed.legal_basis.zh


def test_street_vendor_at_designated_place_and_time_is_exempt(street: Checklist) -> None:
    vendor = {
        "business_kind": "mobile",
        "goods_sold": ["produce"],
        "licence_status": "none",
        "designated_place_time": "yes",
        "street_items": ["goods"],
        "blocks_passage": "no",
        "mobile_vendors": 0,
        "action": "none_needed",
        "inspected_on": "2026-03-01",
    }
    ev = evaluate(street, vendor)
    assert ev.can_complete, (ev.missing_required, ev.errors)
    assert "licence_status" not in found(ev)
    assert "agreement_signed" not in ev.visible  # no frontage for a mobile vendor
    ev = evaluate(street, {**vendor, "designated_place_time": "no"})
    assert found(ev)["licence_status"] == "major"
    # Cooked food is not covered by the exemption question at all.
    ev = evaluate(street, {**vendor, "goods_sold": ["cooked_food"], "permit_status": "missing"})
    assert "designated_place_time" not in ev.visible
    assert found(ev) == {"licence_status": "major", "permit_status": "major"}


def test_street_frontage_duty_in_its_2026_wording(street: Checklist) -> None:
    labels = {i.id: i.label.zh for i in street.items()}
    assert labels["hygiene_clean"].startswith("卫生干净")
    assert labels["appearance_tidy"].startswith("容貌整洁")
    assert labels["order_kept"].startswith("环境有序")
    answers = {
        **STREET_CLEAN,
        "hygiene_clean": "no",
        "order_kept": "no",
        "frontage_problems": ["litter", "parking"],
    }
    ev = evaluate(street, answers)
    assert ev.can_complete
    assert found(ev) == {"hygiene_clean": "minor", "order_kept": "minor"}
    ev = evaluate(street, {**STREET_CLEAN, "hygiene_clean": "no"})
    assert ev.missing_required == ("frontage_problems",)


def test_street_licence_not_displayed_and_not_matching(street: Checklist) -> None:
    ev = evaluate(
        street, {**STREET_CLEAN, "licence_status": "not_displayed", "licence_matches": "no"}
    )
    assert found(ev) == {"licence_status": "minor", "licence_matches": "major"}


# ---- 地下空间、群租房 -----------------------------------------------------------------------

UNDERGROUND_CLEAN = {
    "space_kind": "basement",
    "floor": "b1",
    "current_use": "dormitory",
    "owner_name": "北京某物业管理有限公司",
    "use_approved": "yes",
    "written_lease": "yes",  # v4: rental registration
    "lease_days": 40,
    "rental_registered": "yes",
    "occupants": 4,
    "ids_recorded": 4,
    "rooms": 2,
    "living_area_m2": 40.0,
    "family_only": "no",
    "non_living_rooms": ["none"],
    "partitioned": "no",
    "let_by_bed": "no",
    "beds": 4,
    "bunk_beds": 0,
    "bed_spacing_m": 1.2,
    "fire_equipment": [
        "extinguishers",
        "sprinklers",
        "alarm",
        "emergency_light",
        "exit_signs",
        "smoke_extraction",
    ],
    "exits": 2,
    "exits_blocked": "no",
    "ventilation": "mechanical",
    "flood_protection": "yes",
    "utilities_ok": "yes",
    "cooking": "electric",
    "wiring_unsafe": "no",
    "action": "none_needed",
    "inspected_on": "2024-09-10",
}


def test_underground_clean_dormitory(underground: Checklist) -> None:
    ev = check_clean(underground, UNDERGROUND_CLEAN)
    assert ev.computed == {
        "area_per_person": 10.0,
        "people_per_room": 2.0,
        "unrecorded_occupants": 0.0,  # v4
    }


def test_twelve_people_in_forty_square_metres(underground: Checklist) -> None:
    answers = {**UNDERGROUND_CLEAN, "occupants": 12, "ids_recorded": 12, "rooms": 6, "beds": 12}
    ev = evaluate(underground, answers)
    assert ev.computed["area_per_person"] == pytest.approx(40 / 12)
    assert found(ev) == {"area_per_person": "major"}
    assert ev.findings[0].text.zh == "人均居住面积低于5平方米"


def test_people_per_room_unless_family(underground: Checklist) -> None:
    crowded = {
        **UNDERGROUND_CLEAN,
        "occupants": 5,
        "ids_recorded": 5,
        "rooms": 2,
        "living_area_m2": 60.0,
        "beds": 5,
    }
    assert found(evaluate(underground, crowded)) == {"people_per_room": "major"}
    assert found(evaluate(underground, {**crowded, "family_only": "yes"})) == {}


def test_shelter_let_for_living_is_critical(underground: Checklist) -> None:
    ev = evaluate(underground, {**UNDERGROUND_CLEAN, "space_kind": "civil_defence"})
    assert found(ev) == {"current_use": "critical"}
    assert ev.findings[0].legal_basis is not None and "152" in ev.findings[0].legal_basis.zh
    # Let as a shop it is a matter for approval, not the critical finding.
    shop = {**UNDERGROUND_CLEAN, "space_kind": "civil_defence", "current_use": "business"}
    assert "current_use" not in found(evaluate(underground, shop))


def test_rooms_not_for_living_partitions_beds(underground: Checklist) -> None:
    answers = {
        **UNDERGROUND_CLEAN,
        "non_living_rooms": ["kitchen", "balcony"],
        "partitioned": "yes",
        "let_by_bed": "yes",
        "bunk_beds": 2,
        "bed_spacing_m": 0.8,
    }
    ev = evaluate(underground, answers)
    assert found(ev) == {
        "non_living_rooms": "major",
        "partitioned": "major",
        "let_by_bed": "major",
        "bunk_beds": "major",
        "bed_spacing_m": "minor",
    }
    wrong = evaluate(underground, {**UNDERGROUND_CLEAN, "non_living_rooms": ["none", "kitchen"]})
    assert "non_living_rooms" in wrong.errors
    too_many = evaluate(underground, {**UNDERGROUND_CLEAN, "bunk_beds": 5})
    assert "bunk_beds" in too_many.errors


def test_fire_safety_findings(underground: Checklist) -> None:
    answers = {
        **UNDERGROUND_CLEAN,
        "fire_equipment": ["extinguishers"],
        "exits": 0,
        "ventilation": "natural",
        "cooking": "gas_cylinder",
        "wiring_unsafe": "yes",
        "flood_protection": "no",
    }
    ev = evaluate(underground, answers)
    assert "exits_blocked" not in ev.visible
    assert found(ev) == {
        "fire_equipment": "major",
        "exits": "critical",
        "ventilation": "major",
        "flood_protection": "major",
        "cooking": "critical",
        "wiring_unsafe": "major",
    }
    nothing = evaluate(underground, {**UNDERGROUND_CLEAN, "fire_equipment": ["nothing"]})
    assert [f.text.zh for f in nothing.findings] == [
        "未配备有效灭火器",
        "地下空间消防设施不全（自动喷水灭火、火灾报警、应急照明、排烟）",
    ]


def test_above_ground_group_rental_skips_basement_questions(underground: Checklist) -> None:
    flat = {
        k: v
        for k, v in UNDERGROUND_CLEAN.items()
        if k not in ("floor", "use_approved", "ventilation", "flood_protection", "utilities_ok")
    }
    flat.update(space_kind="above_ground", current_use="residential", fire_equipment=["nothing"])
    ev = evaluate(underground, flat)
    assert ev.can_complete, (ev.missing_required, ev.errors)
    assert "ventilation" not in ev.visible and "floor" not in ev.visible
    # No extinguisher is a finding anywhere; the basement equipment list only underground.
    assert [f.text.zh for f in ev.findings] == ["未配备有效灭火器"]


def test_vacant_basement_asks_no_occupancy_questions(underground: Checklist) -> None:
    ev = evaluate(
        underground,
        {
            "space_kind": "basement",
            "floor": "b2",
            "current_use": "vacant",
            "owner_name": "某单位",
            "action": "none_needed",
            "inspected_on": "2024-09-10",
        },
    )
    assert ev.can_complete and ev.findings == ()
    assert ev.progress("occupancy") == (0, 0) and ev.progress("safety") == (0, 0)
