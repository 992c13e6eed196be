"""Realistic Beijing demo data: sites on real streets in their own 街道, every inspection state.

Deterministic for a seed and an `as_of` date (ids included: UUIDv7 built from the demo's own
clock and random numbers). The inspections fall in the `days` before `as_of` (default: the
year before today in Beijing), on working days mostly, between 08:30 and 18:00 Beijing time;
drafts are recent work, completed inspections spread over the whole period, amendments come
after what they correct. Fast: answers come from a pool of `sample_answers` per checklist,
evaluated once, and everything is bulk-inserted in one transaction (100,000 inspections in
seconds).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any

import sqlite_utils

from app.core.checklist import Checklist, Evaluation, evaluate, move_dates, sample_answers
from app.core.clock import beijing_midnight, beijing_today, format_utc
from app.core.creditcode import ALPHABET, make_credit_code
from app.core.divisions import districts
from app.core.ids import uuid7_at
from app.demo.answers import (
    AMEND_REASONS,
    GENERIC_REASONS,
    DemoSite,
    amended,
    fits,
    for_site,
    given_answers,
    home_space,
    pool_key,
)
from app.store.audit import AuditWriter
from app.store.checklists import current_checklists, register_shipped_checklists
from app.store.db import write_transaction
from app.store.profile import Profile, get_profile, initialize_device, mark_demo_identity

Progress = Callable[[int, int], None]

DEFAULT_DAYS = 365  # the demo covers the year before `as_of`
RECENT_DAYS = 21  # drafts (work in progress) were started within the last three weeks
DRAFT_SHARE = 0.10
AMEND_SHARE = 0.05
# Working hours in Beijing: visits start 08:30–17:15, so the last one ends by about 18:00.
FIRST_START_MIN, LAST_START_MIN = 8 * 60 + 30, 17 * 60 + 15
WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 1.0, 0.12, 0.06)  # Monday … Sunday: a few weekend visits


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
INSPECTORS = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰",
              "吴芳", "徐涛", "孙丽", "马超", "朱红", "胡军", "郭燕")  # fmt: skip

@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What fill_demo made."""

    sites: int
    inspections: int
    drafts: int
    completed: int
    superseded: int
    findings: int
    first_day: date | None = None  # the Beijing dates the inspections fall in
    last_day: date | None = None
    # Completed inspections left as drafts for their photos: (id, completed_at, inspector);
    # app.demo.make attaches the photos and completes them (see `fill_demo`'s hold_for_photos).
    to_complete: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class _Pooled:
    answers: dict[str, Any]
    findings: tuple[tuple[str, str, str, str, str | None, str | None], ...]


def fill_demo(
    db: sqlite_utils.Database,
    inspections: int = 300,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    as_of: date | None = None,
    days: int = DEFAULT_DAYS,
    hold_for_photos: int = 0,
) -> DemoSummary:
    """Add demo sites and `inspections` inspection rows (amendments count) in one transaction.

    The inspections fall in the `days` days before `as_of` (default: today in Beijing), so
    nothing lies in the future; the same seed and `as_of` give the same rows.
    `hold_for_photos` newest completed inspections are written as drafts and listed in
    `to_complete`: a completed inspection is read-only, so its photos come first (app.demo.make).
    """
    if days < 1:
        raise ValueError(f"演示数据的天数至少为 1 (days must be at least 1): {days}")
    rng = random.Random(seed)
    calendar = _Calendar(as_of or beijing_today(), days)
    profile = get_profile(db) or _demo_profile(db, rng)
    if not current_checklists(db):
        register_shipped_checklists(db, actor=profile.inspector_name)
    checklists = current_checklists(db)
    if not checklists:
        raise RuntimeError("no checklists in forms/: cannot make demo inspections")
    n_sites = max(12, inspections // 4)
    total_steps = n_sites + inspections
    report = progress or (lambda done, total: None)

    audit = AuditWriter(db, profile.device_id)
    sites = _make_sites(rng, n_sites, profile.device_id, audit, calendar)
    report(n_sites // 2, total_steps)
    pools = _Pools(rng, inspections, calendar.as_of)
    made = _make_inspections(rng, inspections, checklists, pools, sites, profile, audit, calendar,
                             hold_for_photos)
    report(n_sites, total_steps)

    old_cache = db.execute("PRAGMA cache_size").fetchone()[0]
    # A big page cache keeps the index b-trees in memory during the bulk insert (≈5× faster).
    db.execute("PRAGMA cache_size = -131072")
    try:
        summary = _insert(db, sites, made, audit, n_sites, total_steps, report)
        summary = replace(summary, first_day=calendar.days[0], last_day=calendar.days[-1],
                          to_complete=made.to_complete)
    finally:
        db.execute(f"PRAGMA cache_size = {int(old_cache)}")
    report(total_steps, total_steps)
    return summary


class _Calendar:
    """The demo's working days: `days` Beijing dates before `as_of`, weekdays weighted up."""

    def __init__(self, as_of: date, days: int) -> None:
        self.as_of = as_of
        self.days = [as_of - timedelta(days=days - i) for i in range(days)]  # oldest first
        self.midnights = [beijing_midnight(d) for d in self.days]
        weights = [WEEKDAY_WEIGHT[d.weekday()] for d in self.days]
        self._cum = list(accumulate(weights))
        recent = range(max(0, days - RECENT_DAYS), days)
        self._recent = list(recent)
        # Work in progress thins out with age: most drafts are from the last week or two.
        self._recent_cum = list(accumulate(weights[i] * 0.88 ** (days - 1 - i) for i in recent))

    def any_day(self, rng: random.Random) -> int:
        """Index of a day anywhere in the period (completed work)."""
        return rng.choices(range(len(self.days)), cum_weights=self._cum)[0]

    def recent_day(self, rng: random.Random) -> int:
        """Index of a day in the last weeks (drafts: work still in progress)."""
        return rng.choices(self._recent, cum_weights=self._recent_cum)[0]

    def is_recent(self, index: int) -> bool:
        return index >= len(self.days) - RECENT_DAYS

    def at_work(self, rng: random.Random, index: int) -> datetime:
        """A moment in working hours (Beijing) on day `index`, as aware UTC."""
        minute = rng.randint(FIRST_START_MIN, LAST_START_MIN)
        return self.midnights[index] + timedelta(minutes=minute, seconds=rng.randint(0, 59))

    def before(self, rng: random.Random, max_days: int) -> datetime:
        """A working-hours moment up to `max_days` before the period (a site's creation)."""
        day = self.days[0] - timedelta(days=rng.randint(1, max_days))
        minute = rng.randint(FIRST_START_MIN, LAST_START_MIN)
        return beijing_midnight(day) + timedelta(minutes=minute)


def _insert(
    db: sqlite_utils.Database,
    sites: list[_SiteRow],
    made: _Made,
    audit: AuditWriter,
    n_sites: int,
    total_steps: int,
    report: Progress,
) -> DemoSummary:
    with write_transaction(db):
        # An original names its amendment (superseded_by) before that row is inserted.
        db.execute("PRAGMA defer_foreign_keys = ON")
        # Into empty tables, building the indexes once afterwards (a sort) is several times
        # faster than keeping a dozen of them up to date row by row.
        rebuild = _drop_indexes(db) if _empty(db) else []
        db.conn.executemany(
            "INSERT INTO sites (id, origin_device, rev, base_rev, created_at, updated_at, name, "
            "address, district_code, division_code, credit_code, credit_code_check, lat, lon, "
            "location_source) VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo')",
            [s[:12] for s in sites],
        )
        chunk = 5000
        rows, findings = made.rows, made.findings
        for start in range(0, len(rows), chunk):
            db.conn.executemany(
                "INSERT INTO inspections (id, origin_device, rev, base_rev, created_at, "
                "updated_at, form_id, form_version, site_id, district_code, status, answers, "
                "finding_count, inspector_name, badge_no, team, started_at, completed_at, lat, "
                "lon, chain_id, amendment_no, amends_id, amend_reason, superseded_by) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows[start : start + chunk],
            )
            report(n_sites + min(start + chunk, len(rows)), total_steps)
        db.conn.executemany(
            "INSERT INTO findings (inspection_id, item_id, severity, text_zh, text_en, "
            "legal_basis_zh, legal_basis_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
            findings,
        )
        audit.flush(db)
        for sql in rebuild:
            db.execute(sql)
        # Photos: the photo module (issue 3) attaches demo photos with GPS to these
        # inspections here, inside the same transaction, once app/media offers it.
    return DemoSummary(
        sites=len(sites),
        inspections=len(rows),
        drafts=made.drafts,
        completed=len(rows) - made.drafts,
        superseded=made.superseded,
        findings=len(findings),
    )


_FK_CHILD_INDEXES = frozenset({"ix_insp_amends", "ix_insp_superseded", "ix_findings_inspection"})


def _empty(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM inspections LIMIT 1").fetchone() is None


def _drop_indexes(db: sqlite_utils.Database) -> list[str]:
    """Drop the inspections' and findings' own indexes; returns the SQL that re-creates them."""
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('inspections', 'findings')"
    ).fetchall()
    # Indexes on foreign-key child columns stay: every parent insert looks its children up.
    rows = [r for r in rows if r[0] not in _FK_CHILD_INDEXES]
    for name, _sql in rows:
        db.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _demo_profile(db: sqlite_utils.Database, rng: random.Random) -> Profile:
    """A made-up inspector for a database nobody has set up, marked as the demo's."""
    del rng
    with write_transaction(db):
        profile = _initialize_demo_device(db)
        mark_demo_identity(db, profile.inspector_name)
    return profile


def _initialize_demo_device(db: sqlite_utils.Database) -> Profile:
    return initialize_device(
        db,
        "field",
        "王建国",
        badge_no="BJ-0105-0042",
        team="朝阳区城管执法监察大队 团结湖中队",
        district_code="110105",
        office_name="北京市朝阳区团结湖街道办事处",
    )


class _Pools:
    """Answer sets evaluated once, per checklist and kind of site (`pool_key`), made on first use.

    Complete ones (can complete) and drafts (partly filled); their dates are drawn for an
    inspection on `on`, and `_on_day` moves them to each one's day.
    """

    def __init__(self, rng: random.Random, inspections: int, on: date) -> None:
        self._rng, self._on = rng, on
        self._size = max(8, min(150, inspections // 6))
        self._pools: dict[tuple[str, str], dict[str, list[_Pooled]]] = {}
        self._keys: dict[str, int] = {}

    def expect(self, checklist: Checklist, keys: set[str]) -> None:
        """The kinds of site a checklist will see: its pools share the checklist's size."""
        self._keys[checklist.key] = max(1, len(keys))

    def get(self, checklist: Checklist, key: str, kind: str) -> list[_Pooled]:
        pool = self._pools.get((checklist.key, key))
        if pool is None:
            pool = self._pools[(checklist.key, key)] = self._fill(checklist, key)
        return pool[kind]

    def _fill(self, checklist: Checklist, key: str) -> dict[str, list[_Pooled]]:
        rng, on = self._rng, self._on
        size = max(6, self._size // self._keys.get(checklist.key, 1))
        pool: dict[str, list[_Pooled]] = {"complete": [], "draft": []}
        attempts = 0
        while len(pool["complete"]) < size and attempts < size * 4:
            attempts += 1
            clean = rng.random() < 0.4  # about two sites in five have nothing to find
            given = given_answers(checklist.id, key, rng, clean)
            answers = sample_answers(checklist, rng, complete=True, on=on, clean=clean,
                                     given=given)
            ev = evaluate(checklist, answers)
            if ev.can_complete:
                pool["complete"].append(_Pooled(answers, _finding_rows(ev)))
        for _ in range(max(4, size // 3)):
            clean = rng.random() < 0.4
            given = given_answers(checklist.id, key, rng, clean)
            answers = sample_answers(checklist, rng, complete=False, on=on, clean=clean,
                                     given=given)
            pool["draft"].append(_Pooled(answers, _finding_rows(evaluate(checklist, answers))))
        if not pool["complete"]:
            raise RuntimeError(f"sample_answers gave no completable answers for {checklist.key}")
        return pool


def _on_day(
    checklist: Checklist, pooled: _Pooled, pooled_on: date, day: date, rng: random.Random
) -> _Pooled:
    """Pooled answers (drawn for `pooled_on`) with their dates moved to an inspection on `day`:
    检查日期 is that day, the deadline its rectification period later."""
    moved = move_dates(checklist, pooled.answers, (day - pooled_on).days)
    if moved is not None:
        return _Pooled(moved, pooled.findings)  # dates keep their order: same findings
    # A checklist whose findings depend on fixed dates: answers drawn for this very day.
    complete = evaluate(checklist, pooled.answers).can_complete
    answers = sample_answers(checklist, rng, complete=complete, on=day)
    return _Pooled(answers, _finding_rows(evaluate(checklist, answers)))


def _finding_rows(ev: Evaluation) -> tuple[tuple[str, str, str, str, str | None, str | None], ...]:
    return tuple(
        (
            f.item_id,
            f.severity,
            f.text.zh,
            f.text.en,
            f.legal_basis.zh if f.legal_basis else None,
            f.legal_basis.en if f.legal_basis else None,
        )
        for f in ev.findings
    )


def _id_at(moment: datetime, rng: random.Random) -> str:
    return uuid7_at(int(moment.timestamp() * 1000), rng.getrandbits(74))


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


_SiteRow = tuple[Any, ...]


def _make_sites(
    rng: random.Random, count: int, device: str, audit: AuditWriter, calendar: _Calendar
) -> list[_SiteRow]:
    short = {d.district_code: d.name for d in districts()}
    # Busier central districts get more sites; within a district, every street alike.
    per_district: dict[str, int] = {}
    for street in STREETS:
        per_district[street.district] = per_district.get(street.district, 0) + 1
    weights = [(5 if s.district in CENTRAL else 1) / per_district[s.district] for s in STREETS]
    cum_streets = list(accumulate(weights))
    kinds = [kind for kind, _share in SITE_KIND_SHARE]
    cum_kinds = list(accumulate(share for _kind, share in SITE_KIND_SHARE))
    rows: list[_SiteRow] = []
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
        site_id = _id_at(created, rng)
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


@dataclass
class _Made:
    rows: list[tuple[Any, ...]]
    findings: list[tuple[Any, ...]]
    drafts: int
    superseded: int
    to_complete: tuple[tuple[str, str, str], ...] = ()


def _make_inspections(
    rng: random.Random,
    count: int,
    checklists: list[Checklist],
    pools: _Pools,
    sites: list[_SiteRow],
    profile: Profile,
    audit: AuditWriter,
    calendar: _Calendar,
    hold_for_photos: int = 0,
) -> _Made:
    by_kind: dict[str, list[_SiteRow]] = {}
    for site in sites:
        by_kind.setdefault(site[12], []).append(site)
    site_pools = {
        c.id: [s for k in SITE_KINDS_FOR_FORM.get(c.id, ("shop",)) for s in by_kind.get(k, [])]
        or sites
        for c in checklists
    }
    for c in checklists:
        pools.expect(c, {pool_key(c.id, s[13]) for s in site_pools[c.id]})
    teams = {d.district_code: f"{d.name}城管执法监察大队" for d in districts()}
    badges = {name: f"BJ-{1000 + i:04d}" for i, name in enumerate(INSPECTORS)}
    last_day = len(calendar.days) - 1
    planned: list[tuple[datetime, int, tuple[Any, ...]]] = []
    findings: list[tuple[Any, ...]] = []
    drafts = superseded = 0
    made = 0
    while made < count:
        checklist = rng.choice(checklists)
        site = rng.choice(site_pools[checklist.id])
        inspector = rng.choice(INSPECTORS)
        roll = rng.random()
        is_draft = roll < DRAFT_SHARE
        day = calendar.recent_day(rng) if is_draft else calendar.any_day(rng)
        # An amendment needs a later day in the period to be made on.
        amend = not is_draft and roll > 1 - AMEND_SHARE and count - made >= 2 and day < last_day
        started = calendar.at_work(rng, day)
        key = pool_key(checklist.id, site[13])
        pooled = rng.choice(pools.get(checklist, key, "draft" if is_draft else "complete"))
        pooled = _on_day(checklist, pooled, calendar.as_of, calendar.days[day], rng)
        first_id = _id_at(started, rng)
        common = (checklist, site, inspector, badges[inspector], teams[site[6]], profile.device_id)
        if is_draft:
            drafts += 1
            row, f_rows = _row(rng, first_id, first_id, started, pooled, common, completed=False)
            planned.append((started, 0, row))
            findings.extend((first_id, *f) for f in f_rows)
            made += 1
            continue
        amend_day = min(last_day, day + rng.randint(1, 20)) if amend else day
        later = calendar.at_work(rng, amend_day)
        amend_id = _id_at(later, rng) if amend else None
        row, f_rows = _row(
            rng, first_id, first_id, started, pooled, common, completed=True, superseded_by=amend_id
        )
        planned.append((started, 0, row))
        findings.extend((first_id, *f) for f in f_rows)
        made += 1
        if amend_id is not None:
            superseded += 1
            # The amendment corrects the record of the same visit: what its reason names.
            reason, fixed = _amendment(checklist, pooled, pools.get(checklist, key, "complete"),
                                       rng)
            # Some recent amendments are still being written.
            open_draft = calendar.is_recent(amend_day) and rng.random() < 0.4
            row, f_rows = _row(
                rng,
                amend_id,
                first_id,
                later,
                fixed,
                common,
                completed=not open_draft,
                amends=(first_id, reason),
            )
            if open_draft:
                superseded -= 1  # the original stays current until the amendment completes
                drafts += 1
                planned[-1] = (started, 0, (*planned[-1][2][:-1], None))
            planned.append((later, 1, row))
            findings.extend((amend_id, *f) for f in f_rows)
            made += 1
    planned.sort(key=lambda p: (p[0], p[1]))  # time order: the primary-key index grows at its end
    rows = [p[2] for p in planned]
    to_complete = _hold(rows, hold_for_photos)
    rows[:] = [_with_revs(row) for row in rows]
    for entry in _audit_entries(rows):
        audit.add(*entry)
    return _Made(rows, findings, drafts, superseded, to_complete)


def _audit_entries(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The entries the store's services write for these rows, in time order: start (or amend),
    complete, and supersede on the original when its amendment completes."""
    by_id = {row[0]: row for row in rows}
    entries: list[tuple[Any, ...]] = []
    for row in rows:
        iid, inspector, amends = row[0], row[13], row[22]
        entries.append((row[4], inspector, "inspection.amend" if amends else "inspection.start",
                        "inspection", iid,
                        {"form": f"{row[6]}@{row[7]}", "site_id": row[8], "demo": True}))
        if row[10] == "completed":
            entries.append((row[17], inspector, "inspection.complete", "inspection", iid,
                            {"findings": row[12], "amends": amends, "demo": True}))
        if row[24]:
            amendment = by_id[row[24]]
            entries.append((amendment[17], amendment[13], "inspection.supersede", "inspection",
                            iid, {"superseded_by": row[24], "reason": amendment[23],
                                  "demo": True}))
    # Stable: a start stays before its own completion; an amendment completes, then supersedes.
    entries.sort(key=lambda e: (e[0], e[2] == "inspection.supersede"))
    return entries


def _with_revs(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The revision the services leave: 1 at start (answers given with it, as the demo does),
    +1 on completion, +1 when superseded; base_rev the one before (None for the first)."""
    rev = 1 + (row[10] == "completed") + (row[24] is not None)
    return (*row[:2], rev, rev - 1 if rev > 1 else None, *row[4:])


def _hold(rows: list[tuple[Any, ...]], count: int) -> tuple[tuple[str, str, str], ...]:
    """Turn the `count` newest completed one-version inspections back into drafts (in place).

    Amendment chains are left alone: an amendment copies its original's photo uses.
    """
    chains: dict[str, int] = {}
    for row in rows:
        chains[row[20]] = chains.get(row[20], 0) + 1
    held: list[tuple[str, str, str]] = []
    for index in range(len(rows) - 1, -1, -1):
        if len(held) >= count:
            break
        row = rows[index]
        if row[10] != "completed" or chains[row[20]] != 1:
            continue
        held.append((row[0], row[17], row[13]))
        # As the row stood before completion: a draft one revision earlier.
        rows[index] = (*row[:10], "draft", *row[11:17], None, *row[18:])
    return tuple(held)


def _amendment(
    checklist: Checklist, original: _Pooled, pool: list[_Pooled], rng: random.Random
) -> tuple[str, _Pooled]:
    """A reason that fits the checklist and the original's answers corrected as it says."""
    reasons = AMEND_REASONS.get(checklist.id, GENERIC_REASONS)
    for reason, items in rng.sample(reasons, len(reasons)):
        others = [p for p in pool if fits(original.answers, p.answers, items)]
        if not others:
            continue
        answers = amended(original.answers, rng.choice(others).answers, items, rng)
        # The licence's code is the site's own whatever was pooled: it corrects nothing.
        changed = {i for i in items if answers.get(i) != original.answers.get(i)}
        if not changed - {"credit_code"}:
            continue  # nothing this reason names would change: another reason
        ev = evaluate(checklist, answers)
        if ev.can_complete:
            return reason, _Pooled(answers, _finding_rows(ev))
    reason, items = GENERIC_REASONS[0]
    answers = amended(original.answers, original.answers, items, rng)
    return reason, _Pooled(answers, _finding_rows(evaluate(checklist, answers)))


def _row(
    rng: random.Random,
    inspection_id: str,
    chain_id: str,
    started: datetime,
    pooled: _Pooled,
    common: tuple[Any, ...],
    *,
    completed: bool,
    superseded_by: str | None = None,
    amends: tuple[str, str] | None = None,
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    checklist, site, inspector, badge, team, device = common
    answers = for_site(checklist.id, pooled.answers, site[13])
    for key in ("credit_code", "user_credit_code"):
        if key in answers and site[8] and site[9] == "ok":
            answers[key] = site[8]  # the code on the licence is the site's own
    duration = timedelta(minutes=rng.randint(8, 45))
    completed_at = format_utc(started + duration) if completed else None
    updated = started + (duration if completed else timedelta(minutes=rng.randint(1, 20)))
    row = (
        inspection_id,
        device,
        1,  # revisions: _with_revs, once the row's final status is known
        None,
        format_utc(started),
        format_utc(updated),
        checklist.id,
        checklist.version,
        site[0],
        site[6],
        "completed" if completed else "draft",
        json.dumps(answers, ensure_ascii=False, sort_keys=True),
        len(pooled.findings),
        inspector,
        badge,
        team,
        format_utc(started),
        completed_at,
        round(site[10] + rng.uniform(-0.0002, 0.0002), 6),
        round(site[11] + rng.uniform(-0.0002, 0.0002), 6),
        chain_id,
        1 if amends else 0,
        amends[0] if amends else None,
        amends[1] if amends else None,
        superseded_by,
    )
    return row, pooled.findings
