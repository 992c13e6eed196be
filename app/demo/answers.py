"""Answers a team lead would believe: sizes, counts and words that fit the site they describe.

`sample_answers` (app.core.checklist) draws any valid answers, uniform over each item's range:
a 9.9 × 0.3 m opening, 42 beds for 5 residents in 1,404 m². The demo knows what the shipped
checklists ask and what its sites are (a hair salon in a lane's bungalow, a basement two floors
down), so it fixes those answers first (`given`) and lets `sample_answers` draw the rest. A site
meant to show a problem still shows a plausible one: a crowded flat is 12 people in 3 rooms on
45 m², not 300 people on 3 m².
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# What each trade is, for the two checklists that ask: (storefront_opening.business_type,
# street_order.goods_sold). Every trade the demo names a site after is listed here.
TRADES: dict[str, tuple[str, str]] = {
    "便民超市": ("retail", "daily_goods"), "小卖部": ("retail", "daily_goods"),
    "便利店": ("retail", "daily_goods"), "日用百货": ("retail", "daily_goods"),
    "五金店": ("retail", "daily_goods"), "五金建材": ("retail", "daily_goods"),
    "小商品地摊": ("retail", "daily_goods"), "烟酒店": ("retail", "tobacco_alcohol"),
    "水果店": ("retail", "produce"), "菜店": ("retail", "produce"),
    "粮油店": ("retail", "produce"), "水果摊": ("retail", "produce"),
    "菜摊": ("retail", "produce"),
    "早点铺": ("catering", "cooked_food"), "包子铺": ("catering", "cooked_food"),
    "麻辣烫": ("catering", "cooked_food"), "沙县小吃": ("catering", "cooked_food"),
    "兰州牛肉拉面": ("catering", "cooked_food"), "老北京炸酱面馆": ("catering", "cooked_food"),
    "烧烤店": ("catering", "cooked_food"), "卤煮店": ("catering", "cooked_food"),
    "涮肉馆": ("catering", "cooked_food"), "煎饼果子摊": ("catering", "cooked_food"),
    "烤红薯摊": ("catering", "cooked_food"), "早点摊": ("catering", "cooked_food"),
    "烤串摊": ("catering", "cooked_food"), "糖葫芦摊": ("catering", "cooked_food"),
    "理发店": ("services", "services"), "洗衣店": ("services", "services"),
    "干洗店": ("services", "services"), "打印复印店": ("services", "services"),
    "开锁配钥匙": ("services", "services"), "手机维修": ("services", "services"),
    "修车铺": ("services", "services"), "自行车行": ("services", "services"),
    "修鞋摊": ("services", "services"), "手机贴膜摊": ("services", "services"),
    "家政服务部": ("agency", "services"),
    "快递驿站": ("other", "other"), "彩票店": ("other", "other"), "眼镜店": ("other", "other"),
    "药店": ("other", "other"), "茶叶店": ("other", "other"), "花店": ("other", "other"),
}  # fmt: skip

# Where a home lies, from its name (generate.py names them so): the basement's floor.
FLOORS = {"半地下室": "half", "地下二层": "b2", "地下一层": "b1", "地下室": "b1"}

# Amendment reasons per checklist, each with the answers it corrects: an amendment changes
# those and nothing else, so "居住人数核实后更正" never appears on a wall-breaching record.
AMEND_REASONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "storefront_opening": (
        ("开口数量录入有误，现场复核后更正", ("opening_count",)),
        ("开口尺寸复测后更正", ("opening_width_m", "opening_height_m")),
        ("补录营业执照信息", ("licence_status", "credit_code", "licence_address_matches")),
        ("补充整改情况说明", ("remarks",)),
    ),
    "underground_group_rental": (
        ("居住人数核实后更正", ("occupants", "rooms", "living_area_m2", "beds", "bunk_beds",
                                "bed_spacing_m")),
        ("补充消防设施检查情况", ("fire_equipment", "exits", "exits_blocked")),
        ("补充整改情况说明", ("remarks",)),
    ),
    "street_order": (
        ("占道面积复测后更正", ("beyond_distance_m", "occupied_area_m2", "pavement_left_m")),
        ("补录营业执照信息", ("licence_status", "credit_code", "licence_matches")),
        ("补充整改情况说明", ("remarks",)),
    ),
}  # fmt: skip
# A corrected answer is taken from another record only where this one agrees with it: a
# re-measured opening keeps its kind (a window does not grow to a door's height).
AMEND_CONTEXT = {"opening_count": ("opening_kinds",), "opening_width_m": ("opening_kinds",)}
AMEND_REMARKS = ("当事人已按通知要求整改完毕，复查属实", "补充说明：当事人对检查结果无异议",
                 "补充说明：已将整改要求书面告知产权单位")  # fmt: skip
GENERIC_REASONS: tuple[tuple[str, tuple[str, ...]], ...] = (("补充整改情况说明", ("remarks",)),)


@dataclass(frozen=True, slots=True)
class DemoSite:
    """What the demo knows about a site beyond its row: the trade or the kind of home."""

    kind: str  # residential / storefront / shop / stall
    name: str
    trade: str | None = None  # a key of TRADES for shops, storefronts and stalls
    # residential: above_ground / half / b1 / b2; storefront: bungalow / ground_floor
    space: str = ""
    district_name: str = ""


def home_space(name: str) -> str:
    """A home's space from its name: a basement floor, or above ground (a flat, a bungalow)."""
    return next((floor for word, floor in FLOORS.items() if word in name), "above_ground")


def pool_key(form_id: str, site: DemoSite) -> str:
    """Sites whose answers may share a pool: the same answers are plausible for all of them."""
    if form_id == "underground_group_rental":
        return site.space or "above_ground"
    if form_id == "street_order":
        kind = "stall" if site.kind == "stall" else "shop"
        return f"{kind}:{TRADES[site.trade][1] if site.trade else 'other'}"
    return "all"


def given_answers(form_id: str, key: str, rng: random.Random, clean: bool) -> dict[str, Any]:
    """The answers fixed before the rest is drawn: plausible sizes, the site's kind and floor."""
    if form_id == "storefront_opening":
        return _opening(rng, clean)
    if form_id == "underground_group_rental":
        return _home(rng, key, clean)
    if form_id == "street_order":
        return _street(rng, key, clean)
    return {}


def for_site(form_id: str, answers: Mapping[str, Any], site: DemoSite) -> dict[str, Any]:
    """Pooled answers made this site's own: the sign is its name, the trade and building its own.

    Only answers no condition or finding reads are replaced, so the pool's evaluation holds.
    """
    out = dict(answers)
    if "business_name" in out and site.kind != "residential":
        out["business_name"] = site.name
    if form_id == "storefront_opening":
        if "business_type" in out and site.trade:
            out["business_type"] = TRADES[site.trade][0]
        if "building_type" in out:
            out["building_type"] = site.space or "ground_floor"
        if "property_owner" in out:
            out["property_owner"] = _owner(site)
    return out


def _owner(site: DemoSite) -> str:
    # Directly managed public housing (直管公房) is a feature of the old city: 东城 and 西城.
    if site.district_name in ("东城区", "西城区") and site.space == "bungalow":
        return f"北京市{site.district_name}直管公房（区房屋管理部门）"
    return "个人产权" if zlib.crc32(site.name.encode()) % 3 else "单位自管产"


def _opening(rng: random.Random, clean: bool) -> dict[str, Any]:
    """An opening a shop makes: a door (0.9–2.4 m wide, 2.0–2.6 m high) or a sales window."""
    choices = (["new_door"], ["window_to_door"], ["enlarged"], ["new_window"],
               ["new_door", "new_window"])  # fmt: skip
    kinds = rng.choices(choices, weights=(30, 25, 20, 15, 10))[0]
    if kinds == ["new_window"]:  # a sales hatch or a shop window
        width, height = rng.uniform(0.6, 1.8), rng.uniform(0.6, 1.5)
    elif kinds == ["enlarged"]:  # a window widened into a shop front
        width, height = rng.uniform(1.2, 3.6), rng.uniform(2.0, 2.8)
    else:
        width, height = rng.uniform(0.9, 2.4), rng.uniform(2.0, 2.6)
    count = max(len(kinds), rng.choices((1, 2, 3), weights=(65, 28, 7))[0])
    given: dict[str, Any] = {
        "opening_kinds": kinds,
        "opening_count": count,
        "opening_width_m": round(width, 1),
        "opening_height_m": round(height, 1),
        # A shop trades through the door it opened: that is what makes it a storefront site.
        "operating": "yes",
        "actual_use": "shop",
        "registered_use": rng.choices(("residential", "commercial", "unknown"), (80, 8, 12))[0],
    }
    if clean:
        given["has_opening"] = "no"  # sealed after an earlier visit: nothing to find today
    return given


def _home(rng: random.Random, space: str, clean: bool) -> dict[str, Any]:
    """People, rooms, area and beds that belong together; crowded only on a problem site."""
    underground = space != "above_ground"
    given: dict[str, Any] = {}
    if underground:
        # Civil-air-defence works lie fully underground; living in them is always a finding.
        defence = space != "half" and rng.random() < 0.25
        given["space_kind"] = "civil_defence" if defence else "basement"
        given["floor"] = space
        uses = ("business", "vacant") if defence and clean else (
            "residential", "dormitory", "business", "vacant")
        given["current_use"] = rng.choices(uses, (55, 25, 12, 8)[-len(uses):])[0]
        rooms = rng.randint(2, 8)
    else:
        given["space_kind"] = "above_ground"
        given["current_use"] = rng.choices(("residential", "dormitory", "vacant"), (85, 10, 5))[0]
        rooms = rng.randint(1, 4)
    crowded = not clean and rng.random() < 0.5
    if crowded:  # e.g. 12 people in 3 rooms on 45 m²: a real group rental
        occupants = rooms * rng.randint(3, 4) + rng.randint(0, 1)
        area = occupants * rng.uniform(2.8, 4.8)
    else:
        occupants = rng.randint(rooms, 2 * rooms)
        area = max(rooms * rng.uniform(9, 16), occupants * rng.uniform(5.5, 12))
    couples = rng.randint(0, occupants // 4)  # couples share a bed
    beds = max(1, occupants - couples)
    bunks = rng.randint(1, max(1, beds // 2)) if crowded and rng.random() < 0.5 else 0
    given.update({
        "occupants": occupants,
        "rooms": rooms,
        "living_area_m2": round(area, 1),
        "beds": beds,
        "bunk_beds": bunks,
        "bed_spacing_m": round(rng.uniform(0.5, 1.0) if crowded else rng.uniform(1.1, 2.0), 1),
        "family_only": "yes" if not crowded and occupants <= rooms * 2 and rng.random() < 0.5
        else "no",
        "exits": 0 if not clean and rng.random() < 0.08 else rng.randint(1, 3 if underground
                                                                         else 2),
    })
    # The landlord has recorded everyone's identity (v4), or all but one or two on a problem site.
    given["ids_recorded"] = (
        occupants if clean or rng.random() < 0.6 else max(0, occupants - rng.randint(1, 2))
    )
    if clean:
        given.update({"partitioned": "no", "let_by_bed": "no", "non_living_rooms": ["none"]})
    return given


def _street(rng: random.Random, key: str, clean: bool) -> dict[str, Any]:
    """A shop or a stall as its name says, with what spills onto the pavement in metres."""
    kind, goods = key.split(":")
    sold = [goods]
    if goods == "daily_goods" and kind == "shop" and rng.random() < 0.4:
        sold.append("tobacco_alcohol")  # a corner shop sells cigarettes too
    distance = rng.uniform(0.5, 3.0)
    given: dict[str, Any] = {
        "business_kind": kind,
        "goods_sold": sold,
        "beyond_distance_m": round(distance, 1),
        "occupied_area_m2": round(distance * rng.uniform(1.5, 6.0), 1),
        "pavement_left_m": round(rng.uniform(0.3, 2.5), 1),
        "mobile_vendors": 0 if clean else rng.choices(range(6), (40, 25, 15, 10, 6, 4))[0],
    }
    if clean:
        given["beyond_line"] = "no"
    return given


def fits(answers: Mapping[str, Any], other: Mapping[str, Any], items: tuple[str, ...]) -> bool:
    """Whether `other` may lend these items to `answers` (see AMEND_CONTEXT)."""
    context = {c for item in items for c in AMEND_CONTEXT.get(item, ())}
    return all(answers.get(c) == other.get(c) for c in context)


def amended(
    answers: Mapping[str, Any], other: Mapping[str, Any], items: tuple[str, ...],
    rng: random.Random,
) -> dict[str, Any]:
    """The original answers with the items the reason names taken from another plausible set."""
    out = dict(answers)
    for item in items:
        if item == "remarks":
            out[item] = rng.choice(AMEND_REMARKS)
        elif item in other:
            out[item] = other[item]
        else:
            out.pop(item, None)
    return out

