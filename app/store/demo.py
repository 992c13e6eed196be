"""Realistic Beijing demo data: sites across the 16 districts, inspections in every state.

Deterministic for a seed (ids included: UUIDv7 built from the demo's own clock and random
numbers). Fast: answers come from a pool of `sample_answers` per checklist, evaluated once, and
everything is bulk-inserted in one transaction (100,000 inspections in seconds).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from app.core.checklist import Checklist, Evaluation, evaluate, sample_answers
from app.core.creditcode import ALPHABET, make_credit_code
from app.core.divisions import children_of, districts
from app.core.ids import format_utc, uuid7_at
from app.store.audit import AuditWriter
from app.store.checklists import current_checklists, register_shipped_checklists
from app.store.db import write_transaction
from app.store.profile import Profile, get_profile, initialize_device

Progress = Callable[[int, int], None]

# Demo inspections fall in these two years (fixed, so a seed always gives the same data).
PERIOD_START = datetime(2024, 1, 1, tzinfo=UTC)
PERIOD_DAYS = 730

# District seats and busy areas, with a radius (degrees) that stays inside the district.
DISTRICT_AREAS: dict[str, tuple[float, float, float]] = {
    "110101": (39.9280, 116.4160, 0.008),  # 东城: 东四—交道口
    "110102": (39.9150, 116.3650, 0.008),  # 西城: 西单—西四
    "110105": (39.9300, 116.4700, 0.015),  # 朝阳: 团结湖—三里屯
    "110106": (39.8580, 116.2870, 0.012),  # 丰台: 丰台街道
    "110107": (39.9060, 116.2230, 0.010),  # 石景山: 鲁谷—古城
    "110108": (39.9700, 116.3100, 0.015),  # 海淀: 中关村—海淀街道
    "110109": (39.9400, 116.1000, 0.008),  # 门头沟: 新桥大街
    "110111": (39.7350, 116.1400, 0.010),  # 房山: 良乡
    "110112": (39.9050, 116.6600, 0.012),  # 通州: 新华大街
    "110113": (40.1300, 116.6550, 0.010),  # 顺义: 府前街
    "110114": (40.2200, 116.2300, 0.010),  # 昌平: 城北
    "110115": (39.7270, 116.3300, 0.010),  # 大兴: 黄村
    "110116": (40.3160, 116.6320, 0.008),  # 怀柔: 青春路
    "110117": (40.1400, 117.1200, 0.008),  # 平谷: 府前街
    "110118": (40.3770, 116.8430, 0.008),  # 密云: 鼓楼
    "110119": (40.4560, 115.9750, 0.008),  # 延庆: 妫水北街
}

STREETS: dict[str, tuple[str, ...]] = {
    "110101": ("东四北大街", "东直门内大街", "王府井大街", "交道口南大街", "南锣鼓巷",
               "雍和宫大街", "崇文门外大街", "前门大街", "东单北大街", "安定门内大街"),
    "110102": ("西单北大街", "新街口南大街", "德胜门内大街", "阜成门内大街", "西四南大街",
               "大栅栏街", "牛街", "广安门内大街", "护国寺街", "地安门西大街"),
    "110105": ("工人体育场北路", "三里屯路", "朝阳路", "朝阳北路", "建国路", "东三环中路",
               "望京街", "亮马桥路", "团结湖路", "酒仙桥路"),
    "110106": ("丰台北路", "南三环西路", "方庄路", "马家堡东路", "丽泽路", "右安门外大街",
               "大红门路", "看丹路"),
    "110107": ("石景山路", "鲁谷路", "古城大街", "阜石路", "模式口大街", "八角西街"),
    "110108": ("中关村大街", "海淀大街", "学院路", "知春路", "北四环西路", "万寿路",
               "紫竹院路", "成府路", "苏州街"),
    "110109": ("新桥大街", "门头沟路", "黑山大街", "滨河路"),
    "110111": ("拱辰大街", "苏庄大街", "昊天大街", "良乡西路"),
    "110112": ("新华大街", "车站路", "通朝大街", "玉桥中路", "梨园中街"),
    "110113": ("府前街", "新顺南大街", "光明北街", "站前街"),
    "110114": ("府学路", "政府街", "鼓楼北街", "西环路"),
    "110115": ("兴丰大街", "黄村西大街", "金星路", "兴华大街"),
    "110116": ("青春路", "府前街", "迎宾路", "开放路"),
    "110117": ("府前街", "新平北路", "林荫北街", "文化北街"),
    "110118": ("鼓楼东大街", "新中街", "滨河路", "宾阳大街"),
    "110119": ("妫水北街", "东外大街", "庆园街", "高塔街"),
}  # fmt: skip

SHOP_PREFIXES = ("老王", "京味", "鑫源", "福满", "惠民", "兴隆", "永和", "顺达", "金鼎", "红星",
                 "宏达", "利民", "德顺", "聚福", "天天", "好邻居", "家乐", "万家", "老街坊",
                 "胡同")  # fmt: skip
SHOP_KINDS = ("老北京炸酱面馆", "便民超市", "五金店", "兰州牛肉拉面", "沙县小吃", "水果店",
              "理发店", "洗衣店", "烟酒店", "小卖部", "修车铺", "药店", "早点铺", "包子铺",
              "麻辣烫", "快递驿站", "打印复印店", "菜店", "花店", "茶叶店", "手机维修",
              "眼镜店", "干洗店", "烧烤店", "粮油店", "日用百货", "五金建材", "家政服务部",
              "开锁配钥匙", "卤煮店")  # fmt: skip
BUILDING_KINDS = ("号院地下室", "号楼地下室", "号院平房", "号楼半地下室", "号院")
INSPECTORS = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰",
              "吴芳", "徐涛", "孙丽", "马超", "朱红", "胡军", "郭燕")  # fmt: skip
AMEND_REASONS = ("开口数量录入有误，现场复核后更正", "补录营业执照信息", "补充整改情况说明",
                 "当事人提出异议，复核后更正", "居住人数核实后更正")  # fmt: skip
WORK_ITEM_SITE = {"underground_group_rental": "building"}  # other checklists inspect shops


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What fill_demo made."""

    sites: int
    inspections: int
    drafts: int
    completed: int
    superseded: int
    findings: int


@dataclass(frozen=True, slots=True)
class _Pooled:
    answers: dict[str, Any]
    findings: tuple[tuple[str, str, str, str, str | None, str | None], ...]


def fill_demo(
    db: sqlite_utils.Database,
    inspections: int = 300,
    seed: int = 1,
    progress: Progress | None = None,
) -> DemoSummary:
    """Add demo sites and `inspections` inspection rows (amendments count) in one transaction."""
    rng = random.Random(seed)
    profile = get_profile(db) or _demo_profile(db, rng)
    if not current_checklists(db):
        register_shipped_checklists(db, actor=profile.inspector_name)
    checklists = current_checklists(db)
    if not checklists:
        raise RuntimeError("no checklists in forms/: cannot make demo inspections")
    n_sites = max(12, inspections // 4)
    total_steps = n_sites + inspections
    report = progress or (lambda done, total: None)

    pools = {c.key: _pool(c, rng, inspections) for c in checklists}
    audit = AuditWriter(db, profile.device_id)
    sites = _make_sites(rng, n_sites, profile.device_id, audit)
    report(n_sites // 2, total_steps)
    made = _make_inspections(rng, inspections, checklists, pools, sites, profile, audit)
    report(n_sites, total_steps)

    old_cache = db.execute("PRAGMA cache_size").fetchone()[0]
    # A big page cache keeps the index b-trees in memory during the bulk insert (≈5× faster).
    db.execute("PRAGMA cache_size = -131072")
    try:
        summary = _insert(db, sites, made, audit, n_sites, total_steps, report)
    finally:
        db.execute(f"PRAGMA cache_size = {int(old_cache)}")
    report(total_steps, total_steps)
    return summary


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
    del rng
    return initialize_device(
        db,
        "field",
        "王建国",
        badge_no="BJ-0105-0042",
        team="朝阳区城管执法监察大队 团结湖中队",
        district_code="110105",
        office_name="北京市朝阳区团结湖街道办事处",
    )


def _pool(checklist: Checklist, rng: random.Random, inspections: int) -> dict[str, list[_Pooled]]:
    """Answer sets evaluated once: complete ones (can complete) and drafts (partly filled)."""
    size = max(8, min(150, inspections // 6))
    pool: dict[str, list[_Pooled]] = {"complete": [], "draft": []}
    attempts = 0
    while len(pool["complete"]) < size and attempts < size * 4:
        attempts += 1
        answers = sample_answers(checklist, rng, complete=True)
        ev = evaluate(checklist, answers)
        if ev.can_complete:
            pool["complete"].append(_Pooled(answers, _finding_rows(ev)))
    for _ in range(max(4, size // 3)):
        answers = sample_answers(checklist, rng, complete=False)
        pool["draft"].append(_Pooled(answers, _finding_rows(evaluate(checklist, answers))))
    if not pool["complete"]:
        raise RuntimeError(f"sample_answers gave no completable answers for {checklist.key}")
    return pool


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


def _make_sites(rng: random.Random, count: int, device: str, audit: AuditWriter) -> list[_SiteRow]:
    all_districts = [d.district_code for d in districts()]
    # Busier central districts get more sites.
    weights = [
        5 if d in ("110101", "110102", "110105", "110108", "110106") else 1 for d in all_districts
    ]
    townships = {d: [c.code for c in children_of(d)] for d in all_districts}
    short = {d.district_code: d.name for d in districts()}
    rows: list[_SiteRow] = []
    for _ in range(count):
        district = rng.choices(all_districts, weights)[0]
        street = rng.choice(STREETS[district])
        number = rng.randint(1, 260)
        kind = "building" if rng.random() < 0.22 else "shop"
        if kind == "shop":
            name = rng.choice(SHOP_PREFIXES) + rng.choice(SHOP_KINDS)
            code, check = _credit_code(rng, district)
        else:
            name = f"{street}{number}{rng.choice(BUILDING_KINDS)}"
            code, check = None, None
        lat0, lon0, radius = DISTRICT_AREAS[district]
        created = PERIOD_START - timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 600))
        stamp = format_utc(created)
        site_id = _id_at(created, rng)
        division = rng.choice(townships[district]) if townships[district] else None
        address = f"{short[district]}{street}{number}号"
        row = (
            site_id,
            device,
            stamp,
            stamp,
            name,
            address,
            district,
            division,
            code,
            check,
            round(lat0 + rng.uniform(-radius, radius), 6),
            round(lon0 + rng.uniform(-radius, radius), 6),
            kind,
        )
        rows.append(row)
        audit.add(stamp, "演示数据", "site.create", "site", site_id, {"name": name, "demo": True})
    return rows


@dataclass
class _Made:
    rows: list[tuple[Any, ...]]
    findings: list[tuple[Any, ...]]
    drafts: int
    superseded: int


def _make_inspections(
    rng: random.Random,
    count: int,
    checklists: list[Checklist],
    pools: dict[str, dict[str, list[_Pooled]]],
    sites: list[_SiteRow],
    profile: Profile,
    audit: AuditWriter,
) -> _Made:
    shops = [s for s in sites if s[12] == "shop"] or sites
    buildings = [s for s in sites if s[12] == "building"] or sites
    teams = {d.district_code: f"{d.name}城管执法监察大队" for d in districts()}
    badges = {name: f"BJ-{1000 + i:04d}" for i, name in enumerate(INSPECTORS)}
    planned: list[tuple[datetime, int, tuple[Any, ...]]] = []
    findings: list[tuple[Any, ...]] = []
    drafts = superseded = 0
    made = 0
    while made < count:
        checklist = rng.choice(checklists)
        site = rng.choice(buildings if checklist.work_item in WORK_ITEM_SITE else shops)
        inspector = rng.choice(INSPECTORS)
        started = PERIOD_START + timedelta(
            days=rng.randrange(PERIOD_DAYS), hours=rng.randint(0, 9), minutes=rng.randint(0, 59)
        )
        roll = rng.random()
        amend = roll < 0.05 and count - made >= 2
        is_draft = not amend and roll > 0.87
        pooled = rng.choice(pools[checklist.key]["draft" if is_draft else "complete"])
        first_id = _id_at(started, rng)
        common = (checklist, site, inspector, badges[inspector], teams[site[6]], profile.device_id)
        if is_draft:
            drafts += 1
            row, f_rows = _row(rng, first_id, first_id, started, pooled, common, completed=False)
            planned.append((started, 0, row))
            findings.extend((first_id, *f) for f in f_rows)
            made += 1
            continue
        later = started + timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 5))
        amend_id = _id_at(later, rng) if amend else None
        row, f_rows = _row(
            rng, first_id, first_id, started, pooled, common, completed=True, superseded_by=amend_id
        )
        planned.append((started, 0, row))
        findings.extend((first_id, *f) for f in f_rows)
        made += 1
        if amend_id is not None:
            superseded += 1
            fixed = rng.choice(pools[checklist.key]["complete"])
            open_draft = rng.random() < 0.2  # some amendments are still being written
            row, f_rows = _row(
                rng,
                amend_id,
                first_id,
                later,
                fixed,
                common,
                completed=not open_draft,
                amends=(first_id, rng.choice(AMEND_REASONS)),
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
    for row in rows:
        audit.add(
            row[4],
            row[13],
            "inspection.amend" if row[22] else "inspection.start",
            "inspection",
            row[0],
            {"form": f"{row[6]}@{row[7]}", "status": row[10], "demo": True},
        )
    return _Made(rows, findings, drafts, superseded)


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
    answers = dict(pooled.answers)
    for key in ("credit_code", "user_credit_code"):
        if key in answers and site[8] and site[9] == "ok":
            answers[key] = site[8]  # the code on the licence is the site's own
    duration = timedelta(minutes=rng.randint(8, 45))
    completed_at = format_utc(started + duration) if completed else None
    updated = started + (duration if completed else timedelta(minutes=rng.randint(1, 20)))
    rev = 1 + len(answers) + (1 if completed else 0) + (1 if superseded_by else 0)
    row = (
        inspection_id,
        device,
        rev,
        rev - 1,
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
