"""Realistic Beijing demo data: sites on real streets in their own 街道, every inspection state.

Deterministic for a seed and an `as_of` date (ids included: UUIDv7 built from the demo's own
clock and random numbers). The inspections fall in the `days` before `as_of` (default: the
year before today in Beijing), on working days mostly, between 08:30 and 18:00 Beijing time;
drafts are recent work, completed inspections spread over the whole period, amendments come
after what they correct (sites: `sites.py`, days and hours: `calendar.py`). Fast: answers come
from pools of plausible answers per checklist and kind of site (`answers.py`), evaluated once,
and everything is bulk-inserted in one transaction, writing the rows, findings and audit
entries the store's services would write (tests/demo/test_same_as_services.py).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.core.checklist import Checklist, evaluate, move_dates, sample_answers
from app.core.clock import beijing_today, format_utc
from app.core.divisions import districts
from app.demo.answers import (
    AMEND_REASONS,
    GENERIC_REASONS,
    amended,
    fits,
    for_site,
    given_answers,
    pool_key,
)
from app.demo.calendar import DEFAULT_DAYS, DemoCalendar, demo_id
from app.demo.sites import SITE_KINDS_FOR_FORM, SiteRow, make_sites
from app.store.audit import AuditWriter
from app.store.checklists import current_checklists, register_shipped_checklists
from app.store.db import write_transaction
from app.store.inspections import finding_rows
from app.store.profile import Profile, get_profile, initialize_device, mark_demo_identity

if TYPE_CHECKING:
    import sqlite_utils

Progress = Callable[[int, int], None]

DRAFT_SHARE = 0.10
AMEND_SHARE = 0.05
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
    calendar = DemoCalendar(as_of or beijing_today(), days)
    profile = get_profile(db) or _demo_profile(db, rng)
    if not current_checklists(db):
        register_shipped_checklists(db, actor=profile.inspector_name)
    # Demo sites are shops, stalls and homes (SITE_KINDS_FOR_FORM): the other work items'
    # checklists (a factory, a market, a stretch of street, …) get no demo inspections.
    checklists = [c for c in current_checklists(db) if c.id in SITE_KINDS_FOR_FORM]
    if not checklists:
        raise RuntimeError("no checklists in forms/: cannot make demo inspections")
    n_sites = max(12, inspections // 4)
    total_steps = n_sites + inspections
    report = progress or (lambda done, total: None)

    audit = AuditWriter(db, profile.device_id)
    sites = make_sites(rng, n_sites, profile.device_id, audit, calendar)
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


def _insert(
    db: sqlite_utils.Database,
    sites: list[SiteRow],
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
                "lon, chain_id, amendment_no, amends_id, amend_reason, superseded_by, "
                "second_inspector_name, second_badge_no) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*row, *second_officer(row[13])) for row in rows[start : start + chunk]],
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


_AMENDMENTS_PER_SET = 3


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
        self._amendments: dict[int, list[tuple[str, _Pooled]]] = {}

    def expect(self, checklist: Checklist, keys: set[str]) -> None:
        """The kinds of site a checklist will see: its pools share the checklist's size."""
        self._keys[checklist.key] = max(1, len(keys))

    def get(self, checklist: Checklist, key: str, kind: str) -> list[_Pooled]:
        pool = self._pools.get((checklist.key, key))
        if pool is None:
            pool = self._pools[(checklist.key, key)] = self._fill(checklist, key)
        return pool[kind]

    def amendment(
        self, checklist: Checklist, key: str, base: _Pooled, rng: random.Random
    ) -> tuple[str, _Pooled]:
        """An amendment of pooled answers: a few drawn per pooled set, then reused (each is
        evaluated once, like the pool itself)."""
        made = self._amendments.setdefault(id(base), [])
        if len(made) < _AMENDMENTS_PER_SET:
            made.append(_amendment(checklist, base, self.get(checklist, key, "complete"), rng))
            return made[-1]
        return rng.choice(made)

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
                pool["complete"].append(_Pooled(answers, finding_rows(ev)))
        for _ in range(max(4, size // 3)):
            clean = rng.random() < 0.4
            given = given_answers(checklist.id, key, rng, clean)
            answers = sample_answers(checklist, rng, complete=False, on=on, clean=clean,
                                     given=given)
            pool["draft"].append(_Pooled(answers, finding_rows(evaluate(checklist, answers))))
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
    return _Pooled(answers, finding_rows(evaluate(checklist, answers)))


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
    sites: list[SiteRow],
    profile: Profile,
    audit: AuditWriter,
    calendar: DemoCalendar,
    hold_for_photos: int = 0,
) -> _Made:
    by_kind: dict[str, list[SiteRow]] = {}
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
        base = rng.choice(pools.get(checklist, key, "draft" if is_draft else "complete"))
        pooled = _on_day(checklist, base, calendar.as_of, calendar.days[day], rng)
        first_id = demo_id(started, rng)
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
        amend_id = demo_id(later, rng) if amend else None
        row, f_rows = _row(
            rng, first_id, first_id, started, pooled, common, completed=True, superseded_by=amend_id
        )
        planned.append((started, 0, row))
        findings.extend((first_id, *f) for f in f_rows)
        made += 1
        if amend_id is not None:
            superseded += 1
            # The amendment corrects the record of the same visit: what its reason names.
            reason, fixed = pools.amendment(checklist, key, base, rng)
            fixed = _on_day(checklist, fixed, calendar.as_of, calendar.days[day], rng)
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


def second_officer(inspector: str) -> tuple[str, str]:
    """The colleague a demo inspector inspects with (行政处罚法 第四十二条: two officers):
    the next name on the list, with that one's badge number."""
    if inspector not in INSPECTORS:
        return "", ""
    partner = (INSPECTORS.index(inspector) + 1) % len(INSPECTORS)
    return INSPECTORS[partner], f"BJ-{1000 + partner:04d}"


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
            return reason, _Pooled(answers, finding_rows(ev))
    reason, items = GENERIC_REASONS[0]
    answers = amended(original.answers, original.answers, items, rng)
    return reason, _Pooled(answers, finding_rows(evaluate(checklist, answers)))


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
