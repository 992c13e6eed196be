"""Demo data a team lead would believe (issue 8.9), checked over whole demos of several seeds.

Each rule is what a person reading the records would notice: an opening's size, the beds and
the people in a flat, a basement's floor, the shop's sign, the reason of an amendment. The
bounds are the rule's edges, not the generator's: a finding still has to look like a real one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from app.demo import fill_demo
from app.store.db import open_database

SEEDS = (1, 7, 23, 40)
DOOR_KINDS = {"new_door", "window_to_door", "enlarged"}
FOOD = ("面", "烧烤", "小吃", "早点", "包子", "麻辣烫", "涮肉", "卤煮", "煎饼", "烤", "糖葫芦")
SERVICES = ("理发", "洗衣", "干洗", "复印", "开锁", "维修", "修车", "修鞋", "贴膜", "自行车")
PRODUCE = ("水果", "菜", "粮油")
OCCUPANCY = {"occupants", "rooms", "living_area_m2", "beds", "bunk_beds", "bed_spacing_m"}
LICENCE = {"licence_status", "credit_code", "licence_address_matches", "licence_matches"}
# What each amendment reason may change: the words a reader sees and the answers they name.
REASON_ITEMS = {
    "开口数量": {"opening_count"},
    "开口尺寸": {"opening_width_m", "opening_height_m"},
    "营业执照": LICENCE,
    "居住人数": OCCUPANCY,
    "消防设施": {"fire_equipment", "exits", "exits_blocked"},
    "占道面积": {"beyond_distance_m", "occupied_area_m2", "pavement_left_m"},
    "整改情况说明": {"remarks"},
}
REASON_FORMS = {
    "开口": {"storefront_opening"},
    "居住": {"underground_group_rental"},
    "消防": {"underground_group_rental"},
    "占道": {"street_order"},
}


@dataclass(frozen=True)
class Record:
    id: str
    form: str
    status: str
    site: str
    address: str
    answers: dict[str, Any]
    amends: str | None
    reason: str | None


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Record]]:
    found: list[Record] = []
    for seed in SEEDS:
        path: Path = tmp_path_factory.mktemp("plausible") / f"demo-{seed}.db"
        db = open_database(path, create=True)
        fill_demo(db, inspections=300, seed=seed, as_of=date(2026, 3, 31))
        found.extend(_records(db))
        db.close()
    yield found


def _records(db: sqlite_utils.Database) -> list[Record]:
    rows = db.execute(
        "SELECT i.id, i.form_id, i.status, s.name, s.address, i.answers, i.amends_id, "
        "i.amend_reason FROM inspections i JOIN sites s ON s.id = i.site_id"
    ).fetchall()
    return [Record(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in rows]


def _of(records: list[Record], form: str, *items: str) -> list[Record]:
    chosen = [r for r in records if r.form == form and all(i in r.answers for i in items)]
    assert chosen, f"no {form} record answers {items}"
    return chosen


def test_openings_are_doors_and_windows_a_shop_would_make(records: list[Record]) -> None:
    for r in _of(records, "storefront_opening", "opening_width_m", "opening_height_m"):
        a = r.answers
        width, height = a["opening_width_m"], a["opening_height_m"]
        assert 0.5 <= width <= 4.0 and 0.5 <= height <= 3.0, (r.site, width, height)
        assert 0.3 <= width * height <= 10.0, (r.site, width, height)
        kinds = set(a.get("opening_kinds", []))
        if kinds & DOOR_KINDS:  # people walk through a door
            assert height >= 1.8, (r.site, kinds, height)
        elif kinds:  # a window or sales hatch only
            assert height <= 1.8, (r.site, kinds, height)
        if "opening_count" in a:
            assert len(kinds) <= a["opening_count"] <= 4, (r.site, kinds, a["opening_count"])


def test_people_rooms_area_and_beds_belong_together(records: list[Record]) -> None:
    crowded = 0
    for r in _of(records, "underground_group_rental", "occupants", "rooms", "living_area_m2"):
        a = r.answers
        people, rooms, area = a["occupants"], a["rooms"], a["living_area_m2"]
        assert rooms <= people <= 5 * rooms, (r.site, people, rooms)
        assert 2.5 <= area / people <= 40, (r.site, area, people)  # 5 m² is the legal floor
        assert 5 <= area / rooms <= 40, (r.site, area, rooms)
        assert area <= (400 if "地下" in r.site else 150), (r.site, area)
        if "beds" in a:
            assert people / 3 <= a["beds"] <= people + 2, (r.site, a["beds"], people)
            assert a.get("bunk_beds", 0) <= a["beds"]
        if "bed_spacing_m" in a:
            assert 0.3 <= a["bed_spacing_m"] <= 3.0, (r.site, a["bed_spacing_m"])
        if "exits" in a:
            assert a["exits"] <= 4, (r.site, a["exits"])
        crowded += area / people < 5
    assert crowded, "no crowded home in the demo: the finding must still be shown"


def test_a_home_is_where_its_name_says(records: list[Record]) -> None:
    for r in _of(records, "underground_group_rental", "space_kind"):
        kind, floor = r.answers["space_kind"], r.answers.get("floor")
        if "地下" in r.site:  # 半地下室, 地下室, 地下一层, 地下二层
            assert kind in ("basement", "civil_defence"), (r.site, kind)
            want = "half" if "半地下" in r.site else "b2" if "地下二层" in r.site else "b1"
            assert floor == want, (r.site, floor)
            assert not (kind == "civil_defence" and floor == "half"), r.site
        else:  # a lane's bungalow (平房) or a flat (单元…室): above ground, no floor asked
            assert "平房" in r.site or "单元" in r.site, r.site
            assert kind == "above_ground" and floor is None, (r.site, kind, floor)


def test_wall_breaching_shop_sign_trade_and_building_agree(records: list[Record]) -> None:
    for r in _of(records, "storefront_opening", "building_type"):
        want = "ground_floor" if "号楼1层" in r.address else "bungalow"
        assert r.answers["building_type"] == want, (r.address, r.answers["building_type"])
    for r in _of(records, "storefront_opening", "business_name"):
        a = r.answers
        assert a["business_name"] == r.site
        assert a.get("actual_use") == "shop", (r.site, a.get("actual_use"))
        kind = a.get("business_type")
        if kind is None:
            continue  # a draft not yet filled in so far
        if any(w in r.site for w in FOOD):
            assert kind == "catering", (r.site, kind)
        elif any(w in r.site for w in SERVICES):
            assert kind == "services", (r.site, kind)
        elif any(w in r.site for w in (*PRODUCE, "超市", "小卖部", "烟酒")):
            assert kind == "retail", (r.site, kind)


def test_street_trader_sign_kind_and_goods_agree(records: list[Record]) -> None:
    for r in _of(records, "street_order", "business_kind"):
        a = r.answers
        assert (a["business_kind"] == "stall") == r.site.endswith("摊"), (r.site, a)
        if "business_name" in a:
            assert a["business_name"] == r.site
        goods = set(a.get("goods_sold", []))
        if any(w in r.site for w in FOOD):
            assert "cooked_food" in goods, (r.site, goods)
        elif any(w in r.site for w in PRODUCE):
            assert "produce" in goods, (r.site, goods)
        elif any(w in r.site for w in SERVICES):
            assert "services" in goods, (r.site, goods)


def test_what_spills_onto_the_pavement_is_measured_in_metres(records: list[Record]) -> None:
    for r in _of(records, "street_order"):
        a = r.answers
        if "beyond_distance_m" in a:
            assert 0.1 <= a["beyond_distance_m"] <= 5, (r.site, a["beyond_distance_m"])
        if "occupied_area_m2" in a:
            assert 0.3 <= a["occupied_area_m2"] <= 30, (r.site, a["occupied_area_m2"])
        if "pavement_left_m" in a:
            assert a["pavement_left_m"] <= 5, (r.site, a["pavement_left_m"])
        assert a.get("mobile_vendors", 0) <= 10, (r.site, a.get("mobile_vendors"))


def test_amendments_change_what_their_reason_names(records: list[Record]) -> None:
    by_id = {r.id: r for r in records}
    amendments = [r for r in records if r.amends]
    assert len(amendments) >= 10
    for r in amendments:
        assert r.reason and r.amends
        for word, forms in REASON_FORMS.items():
            if word in r.reason:
                assert r.form in forms, (r.reason, r.form)
        allowed = set().union(*(v for k, v in REASON_ITEMS.items() if k in r.reason))
        assert allowed, f"a reason nobody can check: {r.reason}"
        original = by_id[r.amends].answers
        changed = {k for k in original.keys() | r.answers.keys()
                   if original.get(k) != r.answers.get(k)}  # fmt: skip
        assert changed, (r.reason, "nothing corrected")
        # What a corrected answer hides or shows may follow (a licence shows its code).
        assert changed <= allowed | LICENCE | {"bed_spacing_m", "exits_blocked"}, (
            r.reason, changed)
