"""Demo sites: real Beijing streets in their own 街道, shops, stalls and homes named as they are."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any

from app.core.clock import format_utc
from app.core.creditcode import ALPHABET, make_credit_code
from app.core.divisions import districts
from app.demo.answers import DemoSite, home_space
from app.demo.calendar import DemoCalendar, demo_id
from app.store.audit import AuditWriter


@dataclass(frozen=True, slots=True)
class DemoStreet:
    """A real street and the 街道 it lies in (12-digit code), with a rough WGS-84 point on it."""

    district: str
    name: str
    township: str
    lat: float
    lon: float
    hutong: bool = False  # an old lane of bungalows (平房), not residential blocks


# Only pairs we are confident are real (checked against resources/divisions.csv by the tests).
# 怀柔, 平谷 and 延庆 have no entry: no street there we could place in its 街道 with certainty.
STREETS: tuple[DemoStreet, ...] = (
    # 东城区
    DemoStreet("110101", "王府井大街", "110101001000", 39.9145, 116.4105),  # 东华门
    DemoStreet("110101", "南池子大街", "110101001000", 39.9115, 116.4020),  # 东华门
    DemoStreet("110101", "景山东街", "110101002000", 39.9265, 116.4005),  # 景山
    DemoStreet("110101", "南锣鼓巷", "110101003000", 39.9370, 116.4030, hutong=True),  # 交道口
    DemoStreet("110101", "交道口南大街", "110101003000", 39.9350, 116.4075),  # 交道口
    DemoStreet("110101", "国子监街", "110101004000", 39.9465, 116.4110, hutong=True),  # 安定门
    DemoStreet("110101", "东四北大街", "110101006000", 39.9320, 116.4170),  # 东四
    DemoStreet("110101", "朝阳门内大街", "110101007000", 39.9240, 116.4230),  # 朝阳门
    DemoStreet("110101", "建国门内大街", "110101008000", 39.9080, 116.4270),  # 建国门
    DemoStreet("110101", "和平里中街", "110101010000", 39.9580, 116.4170),  # 和平里
    DemoStreet("110101", "前门大街", "110101011000", 39.8965, 116.3980),  # 前门
    DemoStreet("110101", "崇文门外大街", "110101012000", 39.8960, 116.4170),  # 崇文门外
    DemoStreet("110101", "龙潭路", "110101014000", 39.8790, 116.4400),  # 龙潭
    DemoStreet("110101", "体育馆路", "110101015000", 39.8830, 116.4230),  # 体育馆路
    DemoStreet("110101", "永定门外大街", "110101017000", 39.8650, 116.3970),  # 永定门外
    # 西城区
    DemoStreet("110102", "府右街", "110102001000", 39.9120, 116.3800),  # 西长安街
    DemoStreet("110102", "新街口南大街", "110102003000", 39.9390, 116.3720),  # 新街口
    DemoStreet("110102", "月坛北街", "110102007000", 39.9200, 116.3450),  # 月坛
    DemoStreet("110102", "展览馆路", "110102009000", 39.9300, 116.3400),  # 展览路
    DemoStreet("110102", "德胜门外大街", "110102010000", 39.9560, 116.3780),  # 德胜
    DemoStreet("110102", "金融大街", "110102011000", 39.9160, 116.3580),  # 金融街
    DemoStreet("110102", "地安门外大街", "110102012000", 39.9380, 116.3960),  # 什刹海
    DemoStreet("110102", "大栅栏街", "110102013000", 39.8960, 116.3930, hutong=True),  # 大栅栏
    DemoStreet("110102", "陶然亭路", "110102016000", 39.8790, 116.3830),  # 陶然亭
    DemoStreet("110102", "广安门内大街", "110102017000", 39.8890, 116.3570),  # 广安门内
    DemoStreet("110102", "牛街", "110102018000", 39.8850, 116.3630),  # 牛街
    DemoStreet("110102", "白纸坊东街", "110102019000", 39.8740, 116.3610),  # 白纸坊
    # 朝阳区
    DemoStreet("110105", "建国门外大街", "110105001000", 39.9080, 116.4470),  # 建外
    DemoStreet("110105", "朝阳门外大街", "110105002000", 39.9230, 116.4400),  # 朝外
    DemoStreet("110105", "三里屯路", "110105004000", 39.9360, 116.4550),  # 三里屯
    DemoStreet("110105", "安立路", "110105009000", 40.0000, 116.4070),  # 亚运村
    DemoStreet("110105", "酒仙桥路", "110105011000", 39.9680, 116.4940),  # 酒仙桥
    DemoStreet("110105", "团结湖路", "110105013000", 39.9310, 116.4680),  # 团结湖
    DemoStreet("110105", "劲松路", "110105017000", 39.8840, 116.4610),  # 劲松
    DemoStreet("110105", "潘家园路", "110105018000", 39.8750, 116.4620),  # 潘家园
    DemoStreet("110105", "望京街", "110105026000", 39.9960, 116.4730),  # 望京
    # 丰台区
    DemoStreet("110106", "右安门外大街", "110106001000", 39.8660, 116.3610),  # 右安门
    DemoStreet("110106", "大红门路", "110106004000", 39.8420, 116.3990),  # 大红门
    DemoStreet("110106", "方庄路", "110106013000", 39.8640, 116.4300),  # 方庄
    DemoStreet("110106", "马家堡东路", "110106015000", 39.8500, 116.3740),  # 马家堡
    # 石景山区
    DemoStreet("110107", "八角西街", "110107003000", 39.9100, 116.2000),  # 八角
    DemoStreet("110107", "古城大街", "110107004000", 39.9080, 116.1900),  # 古城
    DemoStreet("110107", "苹果园路", "110107005000", 39.9270, 116.1780),  # 苹果园
    DemoStreet("110107", "模式口大街", "110107006000", 39.9340, 116.1850),  # 金顶街
    DemoStreet("110107", "鲁谷路", "110107011000", 39.9000, 116.2350),  # 鲁谷
    # 海淀区
    DemoStreet("110108", "万寿路", "110108001000", 39.9080, 116.2950),  # 万寿路
    DemoStreet("110108", "羊坊店路", "110108003000", 39.8990, 116.3300),  # 羊坊店
    DemoStreet("110108", "紫竹院路", "110108006000", 39.9450, 116.3100),  # 紫竹院
    DemoStreet("110108", "学院路", "110108010000", 39.9950, 116.3530),  # 学院路
    DemoStreet("110108", "中关村大街", "110108011000", 39.9830, 116.3160),  # 中关村
    DemoStreet("110108", "海淀大街", "110108012000", 39.9820, 116.3080),  # 海淀
    DemoStreet("110108", "花园北路", "110108018000", 39.9800, 116.3650),  # 花园路
    DemoStreet("110108", "田村路", "110108021000", 39.9310, 116.2550),  # 田村路
    DemoStreet("110108", "上地信息路", "110108022000", 40.0400, 116.3100),  # 上地
    # 门头沟、房山、通州、顺义、昌平、大兴、密云: the district seat's streets
    DemoStreet("110109", "新桥大街", "110109001000", 39.9400, 116.1020),  # 大峪
    DemoStreet("110111", "拱辰大街", "110111011000", 39.7350, 116.1420),  # 拱辰
    DemoStreet("110112", "新华大街", "110112002000", 39.9060, 116.6600),  # 新华
    DemoStreet("110112", "玉桥中路", "110112004000", 39.8940, 116.6730),  # 玉桥
    DemoStreet("110113", "光明北街", "110113002000", 40.1350, 116.6580),  # 光明
    DemoStreet("110114", "鼓楼北街", "110114001000", 40.2240, 116.2300),  # 城北
    DemoStreet("110115", "兴丰大街", "110115001000", 39.7350, 116.3300),  # 兴丰
    DemoStreet("110115", "林校路", "110115002000", 39.7450, 116.3400),  # 林校路
    DemoStreet("110115", "清源路", "110115003000", 39.7620, 116.3350),  # 清源
    DemoStreet("110118", "鼓楼东大街", "110118001000", 40.3770, 116.8450),  # 鼓楼
)
STREET_SPREAD = 0.003  # degrees (~300 m): a site lies this close to its street's point
CENTRAL = frozenset({"110101", "110102", "110105", "110106", "110108"})  # busier: more sites

# What each checklist inspects (DOMAIN.md): basements and group rentals are homes;
# wall-breaching is a shop opened into a residential ground floor or a lane's bungalow;
# street order is shops and stalls on the street.
SITE_KINDS_FOR_FORM = {
    "underground_group_rental": ("residential",),
    "storefront_opening": ("storefront",),
    "street_order": ("shop", "stall", "storefront"),
}
SITE_KIND_SHARE = (("residential", 0.25), ("storefront", 0.35), ("shop", 0.28), ("stall", 0.12))

SHOP_PREFIXES = ("老王", "京味", "鑫源", "福满", "惠民", "兴隆", "永和", "顺达", "金鼎", "红星",
                 "宏达", "利民", "德顺", "聚福", "天天", "好邻居", "家乐", "万家", "老街坊",
                 "小李")  # fmt: skip
# Small trades that open a door into a ground-floor flat or a lane's bungalow.
STOREFRONT_TRADES = ("便民超市", "小卖部", "理发店", "洗衣店", "干洗店", "烟酒店", "快递驿站",
                     "打印复印店", "水果店", "早点铺", "包子铺", "麻辣烫", "开锁配钥匙",
                     "手机维修", "菜店", "粮油店", "家政服务部", "沙县小吃", "兰州牛肉拉面",
                     "彩票店")  # fmt: skip
# Shops on the street whose goods, tables or grills spill onto the pavement.
STREET_TRADES = ("老北京炸酱面馆", "烧烤店", "五金店", "五金建材", "水果店", "菜店", "日用百货",
                 "眼镜店", "药店", "茶叶店", "卤煮店", "修车铺", "便利店", "涮肉馆", "花店",
                 "自行车行")  # fmt: skip
STALLS = ("煎饼果子摊", "水果摊", "烤红薯摊", "修鞋摊", "早点摊", "烤串摊", "菜摊", "小商品地摊",
          "手机贴膜摊", "糖葫芦摊")  # fmt: skip
BASEMENT_PLACES = ("地下室", "地下一层", "地下二层", "半地下室")


def _credit_code(rng: random.Random, district: str) -> tuple[str | None, str | None]:
    roll = rng.random()
    if roll < 0.12:
        return None, None  # street stalls, residential buildings without a business
    category = "1" if rng.random() < 0.55 else "2"  # 企业 or 个体工商户
    org = "MA0" + "".join(rng.choice(ALPHABET) for _ in range(6))
    code = make_credit_code("9" + category + district + org)
    if roll < 0.15:  # an early pilot code that fails the check: kept, flagged
        wrong = ALPHABET[(ALPHABET.index(code[-1]) + 1 + rng.randrange(29)) % 31]
        return code[:-1] + wrong, "check"
    return code, "ok"


SiteRow = tuple[Any, ...]


def make_sites(
    rng: random.Random, count: int, device: str, audit: AuditWriter, calendar: DemoCalendar
) -> list[SiteRow]:
    short = {d.district_code: d.name for d in districts()}
    # Busier central districts get more sites; within a district, every street alike.
    per_district: dict[str, int] = {}
    for street in STREETS:
        per_district[street.district] = per_district.get(street.district, 0) + 1
    weights = [(5 if s.district in CENTRAL else 1) / per_district[s.district] for s in STREETS]
    cum_streets = list(accumulate(weights))
    kinds = [kind for kind, _share in SITE_KIND_SHARE]
    cum_kinds = list(accumulate(share for _kind, share in SITE_KIND_SHARE))
    rows: list[SiteRow] = []
    for _ in range(count):
        street = rng.choices(STREETS, cum_weights=cum_streets)[0]
        kind = rng.choices(kinds, cum_weights=cum_kinds)[0]
        district = street.district
        name, place, facts = _site_name_and_place(rng, street, kind)
        facts = replace(facts, district_name=short[district])
        if kind in ("storefront", "shop"):
            code, check = _credit_code(rng, district)
        else:
            code, check = None, None  # homes and stalls carry no business licence
        created = calendar.before(rng, 400)
        stamp = format_utc(created)
        site_id = demo_id(created, rng)
        row = (
            site_id,
            device,
            stamp,
            stamp,
            name,
            f"{short[district]}{place}",
            district,
            street.township,
            code,
            check,
            round(street.lat + rng.uniform(-STREET_SPREAD, STREET_SPREAD), 6),
            round(street.lon + rng.uniform(-STREET_SPREAD, STREET_SPREAD), 6),
            kind,
            facts,
        )
        rows.append(row)
        audit.add(stamp, "演示数据", "site.create", "site", site_id, {"name": name, "demo": True})
    return rows


def _site_name_and_place(
    rng: random.Random, street: DemoStreet, kind: str
) -> tuple[str, str, DemoSite]:
    """The site's name, its address after the district, and what it is (trade, floor)."""
    number = rng.randint(1, 260)
    if kind == "stall":
        stall = rng.choice(STALLS)
        return stall, f"{street.name}{number}号门前", DemoSite(kind, stall, stall)
    if kind == "shop":
        trade = rng.choice(STREET_TRADES)
        name = rng.choice(SHOP_PREFIXES) + trade
        return name, f"{street.name}{number}号", DemoSite(kind, name, trade)
    building = rng.randint(1, 16)
    if kind == "storefront":
        trade = rng.choice(STOREFRONT_TRADES)
        name = rng.choice(SHOP_PREFIXES) + trade
        if street.hutong:  # a lane's street-facing bungalow
            return name, f"{street.name}{number}号", DemoSite(kind, name, trade, "bungalow")
        place = f"{street.name}{number}号院{building}号楼1层"
        return name, place, DemoSite(kind, name, trade, "ground_floor")
    # residential: a basement, or a flat or lane courtyard let room by room (group rental)
    if street.hutong:
        place = f"{street.name}{number}号院"
        return place + "平房", place, DemoSite(kind, place + "平房", None, "above_ground")
    place = f"{street.name}{number}号院{building}号楼"
    if rng.random() < 0.6:
        name = place + rng.choice(BASEMENT_PLACES)
        return name, place, DemoSite(kind, name, None, home_space(name))
    flat = f"{rng.randint(1, 4)}单元{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
    return place + flat, place + flat, DemoSite(kind, place + flat, None, "above_ground")
