"""Inspections: start, answer (saved at once), complete, amend; and the paged list.

Every change is one write transaction that also rewrites the derived findings and appends an
audit entry, so a killed program leaves an inspection as it was before or after the change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

import sqlite_utils

from app.core import clock
from app.core.clock import format_utc, utc_now
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.checklists import get_checklist
from app.store.db import write_transaction
from app.store.profile import Profile, get_profile
from app.store.sites import get_site, site_match_sql

if TYPE_CHECKING:
    # Imported where a checklist is evaluated (see _evaluate): listing and counting
    # inspections, what the window does first, needs no checklist engine and no YAML parser.
    from app.core.checklist import Checklist, Evaluation, Finding

# Dates in filters are Beijing calendar dates (China keeps UTC+8 all year, no DST).
BEIJING = clock.BEIJING

Status = Literal["draft", "completed"]
DisplayStatus = Literal["draft", "completed", "superseded"]


class InspectionError(Exception):
    """Base of the inspection errors; the message is Chinese, then English."""


class InspectionNotFound(InspectionError, KeyError):
    """No inspection with this id."""

    def __str__(self) -> str:
        return f"找不到检查记录 (no such inspection): {self.args[0]}"


class InspectionReadOnly(InspectionError):
    """A completed inspection cannot change: amend it instead."""


class UnknownItem(InspectionError, ValueError):
    """An answer for an item the checklist does not have."""


class AmendmentInProgress(InspectionError):
    """There is already a draft amendment of this inspection; `.draft_id` names it."""

    def __init__(self, message: str, draft_id: str) -> None:
        super().__init__(message)
        self.draft_id = draft_id


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """One item that stops completion: its id, its label and what is wrong."""

    item_id: str
    label: Text
    problems: tuple[Text, ...]


class IncompleteInspection(InspectionError):
    """Completion refused: `.missing` required items, `.invalid` answers breaking constraints."""

    def __init__(self, missing: tuple[ItemProblem, ...], invalid: tuple[ItemProblem, ...]) -> None:
        self.missing = missing
        self.invalid = invalid
        parts_zh, parts_en = [], []
        if missing:
            parts_zh.append(
                "缺少必填项：" + "、".join(f"{p.item_id}（{p.label.zh}）" for p in missing)
            )
            parts_en.append(
                "required answers missing: "
                + ", ".join(f"{p.item_id} ({p.label.en})" for p in missing)
            )
        if invalid:
            parts_zh.append(
                "答案有误："
                + "；".join(f"{p.item_id}（{p.label.zh}）：{p.problems[0].zh}" for p in invalid)
            )
            parts_en.append(
                "answers not valid: "
                + "; ".join(f"{p.item_id} ({p.label.en}): {p.problems[0].en}" for p in invalid)
            )
        super().__init__(
            "检查尚不能完成。" + "；".join(parts_zh) + f" (cannot complete: {'; '.join(parts_en)})"
        )


@dataclass(frozen=True, slots=True)
class Inspection:
    """One stored inspection (one version of it, see docs/data-model.md on amendments)."""

    id: str
    origin_device: str
    rev: int
    base_rev: int | None
    created_at: str
    updated_at: str
    form_id: str
    form_version: int
    site_id: str
    district_code: str
    status: Status
    answers: dict[str, Any]
    finding_count: int
    inspector_name: str
    badge_no: str
    team: str
    started_at: str
    completed_at: str | None
    lat: float | None
    lon: float | None
    chain_id: str
    amendment_no: int
    amends_id: str | None
    amend_reason: str | None
    superseded_by: str | None

    @property
    def is_completed(self) -> bool:
        """Completed inspections are read-only."""
        return self.status == "completed"

    @property
    def display_status(self) -> DisplayStatus:
        """draft, completed, or superseded (completed and replaced by a completed amendment)."""
        return "superseded" if self.superseded_by else self.status


_COLUMNS = ", ".join(f.name for f in fields(Inspection))


@dataclass(frozen=True, slots=True)
class InspectionFilter:
    """What the inspections list shows. Dates are Beijing calendar dates, both inclusive."""

    status: DisplayStatus | None = None
    form_id: str | None = None
    district_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    site_text: str | None = None
    site_id: str | None = None
    inspector_name: str | None = None
    current_only: bool = True  # hide versions replaced by a completed amendment


SORT_KEYS = (
    "started_at",
    "updated_at",
    "completed_at",
    "status",
    "form_id",
    "district_code",
    "inspector_name",
    "finding_count",
)


@dataclass(frozen=True, slots=True)
class InspectionSort:
    """One of SORT_KEYS, ties broken by start time then id (a stable page order)."""

    key: str = "started_at"
    descending: bool = True


@dataclass(frozen=True, slots=True)
class InspectionRow:
    """One line of the inspections list: the inspection with its site, district and checklist."""

    id: str
    status: DisplayStatus
    form_id: str
    form_version: int
    form_title: Text
    site_id: str
    site_name: str
    site_address: str
    district_code: str
    district_name: str
    inspector_name: str
    started_at: str
    updated_at: str
    completed_at: str | None
    finding_count: int
    amendment_no: int
    amends_id: str | None


# ---- reading -----------------------------------------------------------------------------


def get_inspection(db: sqlite_utils.Database, inspection_id: str) -> Inspection:
    """The inspection with this id; InspectionNotFound otherwise."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM inspections WHERE id = ?", (inspection_id,)
    ).fetchone()
    if row is None:
        raise InspectionNotFound(inspection_id)
    return _inspection(row)


def get_findings(db: sqlite_utils.Database, inspection_id: str) -> list[Finding]:
    """The stored findings of one inspection, in checklist order."""
    rows = db.execute(
        "SELECT item_id, severity, text_zh, text_en, legal_basis_zh, legal_basis_en "
        "FROM findings WHERE inspection_id = ? ORDER BY id",
        (inspection_id,),
    )
    from app.core.checklist import Finding

    return [
        Finding(
            item_id,
            severity,
            Text(zh, en),
            Text(lz or "", le or "") if lz is not None or le is not None else None,
        )
        for item_id, severity, zh, en, lz, le in rows
    ]


def passed_recheck_after(
    db: sqlite_utils.Database, site_id: str, form_id: str, completed_at: str
) -> bool:
    """A later completed (current) inspection of the site with the same checklist found nothing:
    the findings before it were put right (复查合格)."""
    # The unary `+` keeps SQLite on the site index (a site has a handful of inspections);
    # without statistics it would pick a status/checklist index and scan thousands of rows.
    row = db.execute(
        "SELECT 1 FROM inspections WHERE site_id = ? AND +form_id = ? "
        "AND +status = 'completed' AND superseded_by IS NULL AND +finding_count = 0 "
        "AND +completed_at > ? LIMIT 1",
        (site_id, form_id, completed_at),
    ).fetchone()
    return row is not None


def evaluate_inspection(db: sqlite_utils.Database, inspection_id: str) -> Evaluation:
    """Evaluate an inspection's stored answers against its own checklist version."""
    inspection = get_inspection(db, inspection_id)
    return _evaluate(_checklist_of(db, inspection), inspection.answers)


def inspection_history(db: sqlite_utils.Database, chain_id: str) -> list[Inspection]:
    """Every version of one inspection: the original first, then its amendments."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM inspections WHERE chain_id = ? ORDER BY amendment_no",
        (chain_id,),
    )
    return [_inspection(r) for r in rows]


# ---- changing ----------------------------------------------------------------------------


def start_inspection(
    db: sqlite_utils.Database,
    form_id: str,
    site_id: str,
    profile: Profile | None,
    *,
    form_version: int | None = None,
    answers: Mapping[str, Any] | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> Inspection:
    """A new draft inspection of a site with a registered checklist (the newest version)."""
    checklist = get_checklist(db, form_id, form_version)  # UnknownForm names the known ones
    site = get_site(db, site_id)
    profile = profile or get_profile(db)
    inspector = profile.inspector_name if profile else ""
    given = dict(answers or {})
    _check_items(checklist, given)
    now = utc_now()
    # The checklist's own dates (`default:`, e.g. 检查日期 = today) count from the Beijing day
    # of the start and are written as answers now, so the window, the command line and bundles
    # all see the same date; an answer given here wins.
    from app.core.checklist import default_answers

    defaults = default_answers(checklist, clock.beijing_date(now), given)
    given.update(defaults)
    inspection_id = new_id()
    with write_transaction(db):
        ev = _evaluate(checklist, given)
        db.execute(
            "INSERT INTO inspections (id, origin_device, rev, base_rev, created_at, updated_at, "
            "form_id, form_version, site_id, district_code, status, answers, finding_count, "
            "inspector_name, badge_no, team, started_at, lat, lon, chain_id, amendment_no) "
            "VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (
                inspection_id,
                local_device_id(db),
                now,
                now,
                checklist.id,
                checklist.version,
                site.id,
                site.district_code,
                _dump(given),
                len(ev.findings),
                inspector,
                profile.badge_no if profile else "",
                profile.team if profile else "",
                now,
                lat,
                lon,
                inspection_id,
            ),
        )
        _write_findings(db, inspection_id, ev)
        record_audit(
            db,
            inspector,
            "inspection.start",
            "inspection",
            inspection_id,
            {"form": checklist.key, "site_id": site.id, "answers": given,
             "defaults": sorted(defaults)},
        )
    return get_inspection(db, inspection_id)


def set_answer(
    db: sqlite_utils.Database, inspection_id: str, item_id: str, value: Any, actor: str
) -> Evaluation:
    """Save one answer at once (None or blank text removes it); returns the new evaluation."""
    return set_answers(db, inspection_id, {item_id: value}, actor)


def set_answers(
    db: sqlite_utils.Database, inspection_id: str, answers: Mapping[str, Any], actor: str
) -> Evaluation:
    """Save several answers in one transaction (one audit entry); returns the evaluation."""
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        _refuse_if_completed(inspection)
        checklist = _checklist_of(db, inspection)
        _check_items(checklist, answers)
        new = dict(inspection.answers)
        changes: dict[str, Any] = {}
        for item_id, value in answers.items():
            old = new.get(item_id)
            if _is_blank(value):
                if item_id in new:
                    del new[item_id]
                    changes[item_id] = {"old": old, "new": None}
            elif old != value or item_id not in new:
                new[item_id] = value
                changes[item_id] = {"old": old, "new": value}
        if changes:
            filled = _defaults_for_newly_shown(checklist, inspection, new)
            new.update(filled)
            changes.update({k: {"old": None, "new": v, "default": True} for k, v in filled.items()})
        ev = _evaluate(checklist, new)
        if not changes:
            return ev
        db.execute(
            "UPDATE inspections SET answers = ?, finding_count = ?, rev = rev + 1, "
            "base_rev = rev, updated_at = ? WHERE id = ?",
            (_dump(new), len(ev.findings), utc_now(), inspection_id),
        )
        _write_findings(db, inspection_id, ev)
        record_audit(db, actor, "answer.set", "inspection", inspection_id, changes)
    return ev


def _defaults_for_newly_shown(
    checklist: Checklist, inspection: Inspection, answers: Mapping[str, Any]
) -> dict[str, Any]:
    """Date defaults of items that an answer has just brought into view (e.g. 整改期限 once
    "notice served" is chosen), counted from the inspection's Beijing start day. An item that
    was already shown keeps what the inspector left in it, even blank."""
    from app.core.checklist import default_answers

    fills = default_answers(checklist, clock.beijing_date(inspection.started_at), answers)
    if not fills:
        return {}
    shown_before = set(_evaluate(checklist, inspection.answers).visible)
    return {k: v for k, v in fills.items() if k not in shown_before}


def complete_inspection(db: sqlite_utils.Database, inspection_id: str, actor: str) -> Inspection:
    """Complete a draft: refused (IncompleteInspection) until required answers are valid.

    Completing an amendment marks the version it amends as superseded, in the same transaction.
    """
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        _refuse_if_completed(inspection)
        checklist = _checklist_of(db, inspection)
        ev = _evaluate(checklist, inspection.answers)
        if not ev.can_complete:
            raise incomplete_error(checklist, ev)
        now = utc_now()
        db.execute(
            "UPDATE inspections SET status = 'completed', completed_at = ?, rev = rev + 1, "
            "base_rev = rev, updated_at = ? WHERE id = ?",
            (now, now, inspection_id),
        )
        _write_findings(db, inspection_id, ev)
        record_audit(
            db,
            actor,
            "inspection.complete",
            "inspection",
            inspection_id,
            {"findings": len(ev.findings), "amends": inspection.amends_id},
        )
        if inspection.amends_id:
            db.execute(
                "UPDATE inspections SET superseded_by = ?, rev = rev + 1, base_rev = rev, "
                "updated_at = ? WHERE id = ?",
                (inspection_id, now, inspection.amends_id),
            )
            record_audit(
                db,
                actor,
                "inspection.supersede",
                "inspection",
                inspection.amends_id,
                {"superseded_by": inspection_id, "reason": inspection.amend_reason},
            )
    return get_inspection(db, inspection_id)


def amend_inspection(
    db: sqlite_utils.Database, inspection_id: str, reason: str, actor: str
) -> Inspection:
    """A new draft version of a completed inspection, answers copied; the old one is untouched."""
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError("请填写更正原因 (give the reason for the amendment)")
    with write_transaction(db):
        old = get_inspection(db, inspection_id)
        if not old.is_completed:
            raise InspectionError(
                "只有已完成的检查才需要更正；草稿可直接修改 "
                "(only a completed inspection is amended; edit a draft directly)"
            )
        if old.superseded_by:
            raise InspectionError(
                f"该检查已被更正版本 {old.superseded_by} 取代，请更正最新版本 "
                f"(this inspection was superseded by {old.superseded_by}: amend the latest version)"
            )
        open_draft = db.execute(
            "SELECT id FROM inspections WHERE amends_id = ? AND status = 'draft'", (old.id,)
        ).fetchone()
        if open_draft:
            raise AmendmentInProgress(
                f"该检查已有未完成的更正草稿 {open_draft[0]} "
                f"(there is already a draft amendment {open_draft[0]})",
                str(open_draft[0]),
            )
        profile = get_profile(db)
        now = utc_now()
        new_inspection_id = new_id()
        number = (
            1
            + db.execute(
                "SELECT max(amendment_no) FROM inspections WHERE chain_id = ?", (old.chain_id,)
            ).fetchone()[0]
        )
        ev = _evaluate(_checklist_of(db, old), old.answers)
        db.execute(
            "INSERT INTO inspections (id, origin_device, rev, base_rev, created_at, updated_at, "
            "form_id, form_version, site_id, district_code, status, answers, finding_count, "
            "inspector_name, badge_no, team, started_at, lat, lon, chain_id, amendment_no, "
            "amends_id, amend_reason) VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_inspection_id,
                local_device_id(db),
                now,
                now,
                old.form_id,
                old.form_version,
                old.site_id,
                old.district_code,
                _dump(old.answers),
                len(ev.findings),
                profile.inspector_name if profile else old.inspector_name,
                profile.badge_no if profile else old.badge_no,
                profile.team if profile else old.team,
                now,
                old.lat,
                old.lon,
                old.chain_id,
                number,
                old.id,
                reason,
            ),
        )
        _write_findings(db, new_inspection_id, ev)
        record_audit(
            db,
            actor,
            "inspection.amend",
            "inspection",
            new_inspection_id,
            {"amends": old.id, "reason": reason, "amendment_no": number},
        )
        # The answers' photo items name these pictures: their uses (and checks) come along in
        # the same transaction. Imported here: app.store.photos imports this module.
        from app.store.photos import copy_photo_uses

        copy_photo_uses(db, old.id, new_inspection_id, actor)
    return get_inspection(db, new_inspection_id)


def delete_draft(db: sqlite_utils.Database, inspection_id: str, actor: str) -> None:
    """Throw away a draft (e.g. started by mistake); completed ones cannot be deleted."""
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        _refuse_if_completed(inspection)
        db.execute("DELETE FROM inspections WHERE id = ?", (inspection_id,))
        record_audit(
            db,
            actor,
            "inspection.delete_draft",
            "inspection",
            inspection_id,
            {"answers": inspection.answers, "site_id": inspection.site_id},
        )


def incomplete_error(checklist: Checklist, ev: Evaluation) -> IncompleteInspection:
    """The refusal for an evaluation that cannot complete, with labels for every item."""
    missing = tuple(
        ItemProblem(i, checklist.item(i).label, (Text("必填", "required"),))
        for i in ev.missing_required
    )
    invalid = tuple(
        ItemProblem(i, _label(checklist, i), tuple(problems)) for i, problems in ev.errors.items()
    )
    return IncompleteInspection(missing, invalid)


# ---- the list ----------------------------------------------------------------------------


def list_inspections(
    db: sqlite_utils.Database,
    flt: InspectionFilter | None = None,
    sort: InspectionSort | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[InspectionRow]:
    """One page of the list. The page's ids come from an index; only they are joined."""
    flt = flt or InspectionFilter()
    sort = sort or InspectionSort()
    where, args = _filter_sql(flt)
    ids = [
        r[0]
        for r in db.execute(
            f"SELECT i.id FROM inspections i {_where(where)} {_order_by(sort)} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
    ]
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        "SELECT i.id, i.status, i.superseded_by, i.form_id, i.form_version, f.title_zh, "
        "f.title_en, i.site_id, s.name, s.address, i.district_code, d.name, i.inspector_name, "
        "i.started_at, i.updated_at, i.completed_at, i.finding_count, i.amendment_no, "
        "i.amends_id FROM inspections i "
        "JOIN sites s ON s.id = i.site_id "
        "JOIN forms f ON f.form_id = i.form_id AND f.version = i.form_version "
        "LEFT JOIN divisions d ON d.code = i.district_code || '000000' "
        f"WHERE i.id IN ({marks})",
        ids,
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    result = []
    for inspection_id in ids:
        r = by_id[inspection_id]
        result.append(
            InspectionRow(
                id=r[0],
                status="superseded" if r[2] else r[1],
                form_id=r[3],
                form_version=r[4],
                form_title=Text(r[5], r[6]),
                site_id=r[7],
                site_name=r[8],
                site_address=r[9],
                district_code=r[10],
                district_name=r[11] or r[10],
                inspector_name=r[12],
                started_at=r[13],
                updated_at=r[14],
                completed_at=r[15],
                finding_count=r[16],
                amendment_no=r[17],
                amends_id=r[18],
            )
        )
    return result


def count_inspections(
    db: sqlite_utils.Database,
    flt: InspectionFilter | None = None,
    at_most: int | None = None,
) -> int:
    """How many rows the list has with this filter (see `count_method` for what it costs).

    Status, checklist, district and date range are summed from the trigger-kept counts tables
    (a bounded number of rows); site text, site and inspector are counted over an index, whose
    cost follows the matching rows: give `at_most` to stop counting there (the list can then
    show "≥ at_most"). Counts from the tables are always exact, whatever `at_most` says.
    """
    flt = flt or InspectionFilter()
    sql, args = count_query_sql(flt)
    if at_most is not None and count_method(flt) == "index":
        where, args = _filter_sql(flt)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM inspections i {_where(where)} LIMIT ?)"
        args = [*args, max(0, at_most)]
    return int(db.execute(sql, args).fetchone()[0])


CountMethod = Literal["counts", "periods", "index"]


def count_method(flt: InspectionFilter | None = None) -> CountMethod:
    """Where `count_inspections` gets this filter's count from.

    `counts`: inspection_counts (no dates; at most status x checklist x district rows);
    `periods`: inspection_period_counts (a date range; at most ~85 rows, see
    `period_ranges`); `index`: counted over an index, cost follows the matching rows.
    """
    flt = flt or InspectionFilter()
    if (flt.site_text and flt.site_text.strip()) or flt.site_id or flt.inspector_name:
        return "index"
    if flt.date_from is None and flt.date_to is None:
        return "counts"
    return "periods"


def list_query_sql(
    flt: InspectionFilter | None = None, sort: InspectionSort | None = None
) -> tuple[str, list[Any]]:
    """The page query's SQL and arguments (for EXPLAIN QUERY PLAN in tests and benchmarks)."""
    where, args = _filter_sql(flt or InspectionFilter())
    sql = f"SELECT i.id FROM inspections i {_where(where)} {_order_by(sort or InspectionSort())}"
    return sql + " LIMIT 100 OFFSET 0", args


def count_query_sql(flt: InspectionFilter | None = None) -> tuple[str, list[Any]]:
    """The count query's SQL and arguments (for EXPLAIN QUERY PLAN)."""
    flt = flt or InspectionFilter()
    method = count_method(flt)
    if method == "index":
        where, args = _filter_sql(flt)
        return f"SELECT count(*) FROM inspections i {_where(where)}", args
    if method == "counts":
        where, args = _counts_key(flt, wildcard=None)
        return f"SELECT coalesce(sum(n), 0) FROM inspection_counts {_where(where)}", args
    ranges = period_ranges(flt.date_from, flt.date_to)
    if not ranges:
        return "SELECT 0", []  # date_from after date_to: the list is empty too
    key, key_args = _counts_key(flt, wildcard="*")
    parts, args = [], []
    for grain, first, last in ranges:
        parts.append(
            "(SELECT coalesce(sum(n), 0) FROM inspection_period_counts WHERE "
            + " AND ".join([*key, "grain = ?", "period BETWEEN ? AND ?"])
            + ")"
        )
        args += [*key_args, grain, first, last]
    return "SELECT " + " + ".join(parts), args


def _counts_key(flt: InspectionFilter, wildcard: str | None) -> tuple[list[str], list[Any]]:
    """The counts tables' WHERE for status, checklist and district, as _filter_sql means them.

    With a `wildcard`, an open filter reads that value ('*' rows: already summed) instead of
    leaving the column free (summing its values).
    """
    where: list[str] = []
    args: list[Any] = []
    status: str | None = flt.status
    if flt.status == "superseded":
        where.append("is_current = 0")
        status = None  # superseded_by IS NOT NULL, whatever the status
    elif flt.current_only:
        where.append("is_current = 1")
    else:
        where.append("is_current IN (0, 1)")  # an index seek per value, not a scan
    for column, value in (
        ("status", status),
        ("form_id", flt.form_id),
        ("district_code", flt.district_code),
    ):
        if value or wildcard is not None:
            where.append(f"{column} = ?")
            args.append(value or wildcard)
    return where, args


Grain = Literal["year", "month", "day"]


def period_ranges(first: date | None, last: date | None) -> list[tuple[Grain, str, str]]:
    """The Beijing dates first..last (inclusive; None = open) as few whole periods as can be.

    Returns (grain, first period, last period) ranges of inspection_period_counts rows that
    cover every date exactly once: days up to the first whole month, months up to the first
    whole year, whole years, then months and days up to `last`: at most 5 ranges holding
    ~31 days, 11 months, the years, 11 months and ~31 days. An open end is '' or '~' (before
    or after every period).
    """
    if first is not None and last is not None and first > last:
        return []
    from calendar import monthrange  # only date filters need it: not at the window's start

    head: list[tuple[Grain, str, str]] = []
    tail: list[tuple[Grain, str, str]] = []
    # Months are counted as year * 12 + month - 1, so no date arithmetic can overflow.
    first_month = None if first is None else first.year * 12 + first.month - 1
    last_month = None if last is None else last.year * 12 + last.month - 1
    if first is not None and first.day != 1:
        month_end = first.replace(day=monthrange(first.year, first.month)[1])
        if last is not None and last <= month_end:
            return [("day", first.isoformat(), last.isoformat())]
        head.append(("day", first.isoformat(), month_end.isoformat()))
        first_month = first_month + 1 if first_month is not None else None
    if last is not None and last.day != monthrange(last.year, last.month)[1]:
        tail.append(("day", last.replace(day=1).isoformat(), last.isoformat()))
        last_month = last_month - 1 if last_month is not None else None
    if first_month is not None and last_month is not None and first_month > last_month:
        return head + tail
    first_year = None if first_month is None else first_month // 12
    last_year = None if last_month is None else last_month // 12
    if first_month is not None and first_month % 12 != 0:
        december = first_month - first_month % 12 + 11
        if last_month is not None and last_month <= december:
            return [*head, ("month", _month(first_month), _month(last_month)), *tail]
        head.append(("month", _month(first_month), _month(december)))
        first_year = first_month // 12 + 1
    if last_month is not None and last_month % 12 != 11:
        tail.insert(0, ("month", _month(last_month - last_month % 12), _month(last_month)))
        last_year = last_month // 12 - 1
    if first_year is not None and last_year is not None and first_year > last_year:
        return head + tail
    if (first_year is not None and first_year > 9999) or (last_year is not None and last_year < 1):
        return head + tail  # beyond four-digit years: there is nothing to count
    years: tuple[Grain, str, str] = (
        "year",
        "" if first_year is None else f"{first_year:04d}",
        "~" if last_year is None else f"{last_year:04d}",
    )
    return [*head, years, *tail]


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period_count_problems(db: sqlite_utils.Database) -> list[str]:
    """Rows of inspection_period_counts that differ from a recount of `inspections`.

    For `street-audit verify` and the tests: the recount applies the triggers' rules (Beijing
    day of started_at, '*' for any status / checklist / district, three grains) in one query.
    """
    rows = db.execute(
        "WITH days AS (SELECT superseded_by IS NULL AS is_current, status, form_id, "
        "district_code, CASE WHEN started_at >= substr(started_at, 1, 10) || "
        f"'{_DAY_START_UTC}' THEN date(substr(started_at, 1, 10), '+1 day') "
        "ELSE date(substr(started_at, 1, 10)) END AS day FROM inspections), "
        "flags(w) AS (VALUES (0), (1)), grains(grain, len) AS "
        "(VALUES ('year', 4), ('month', 7), ('day', 10)), "
        "actual AS (SELECT is_current, CASE WHEN a.w THEN '*' ELSE status END AS status, "
        "CASE WHEN b.w THEN '*' ELSE form_id END AS form_id, "
        "CASE WHEN c.w THEN '*' ELSE district_code END AS district_code, g.grain, "
        "substr(day, 1, g.len) AS period, count(*) AS n "
        "FROM days, flags a, flags b, flags c, grains g GROUP BY 1, 2, 3, 4, 5, 6) "
        "SELECT coalesce(a.is_current, p.is_current), coalesce(a.status, p.status), "
        "coalesce(a.form_id, p.form_id), coalesce(a.district_code, p.district_code), "
        "coalesce(a.period, p.period), coalesce(p.n, 0), coalesce(a.n, 0) "
        "FROM actual a FULL OUTER JOIN inspection_period_counts p "
        "USING (is_current, status, form_id, district_code, grain, period) "
        "WHERE coalesce(p.n, 0) != coalesce(a.n, 0)"
    ).fetchall()
    return [
        f"按日期的列表计数不符 (list count by date): {' '.join(str(v) for v in key)} 记为 "
        f"{stored}，实有 {actual} (stored {stored}, actual {actual})"
        for *key, stored, actual in rows
    ]


# Beijing midnight in UTC: the time of day in beijing_day_start's text, and in the triggers.
_DAY_START_UTC = "T16:00:00.000Z"


def beijing_day_start(day: date) -> str:
    """The stored UTC text of 00:00 Beijing time on `day`."""
    return format_utc(datetime.combine(day, time(0), tzinfo=BEIJING))


def _filter_sql(flt: InspectionFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    match = site_match_sql(flt.site_text) if flt.site_text and flt.site_text.strip() else None
    # With a site (text), its few inspections are the rows to read (ix_cur_site); a unary "+"
    # keeps the planner from walking a whole district or month instead and checking each row.
    pin = "+" if match is not None or flt.site_id else ""
    if flt.status == "superseded":
        where.append("i.superseded_by IS NOT NULL")
    else:
        if flt.current_only:
            # Written exactly as in the partial indexes' WHERE, so the planner can use them.
            where.append("i.superseded_by IS NULL")
        if flt.status is not None:
            where.append(f"{pin}i.status = ?")
            args.append(flt.status)
    for column, value in (
        ("form_id", flt.form_id),
        ("district_code", flt.district_code),
        ("inspector_name", flt.inspector_name),
    ):
        if value:
            where.append(f"{pin}i.{column} = ?")
            args.append(value)
    if flt.site_id:
        where.append("i.site_id = ?")
        args.append(flt.site_id)
    if flt.date_from is not None:
        where.append(f"{pin}i.started_at >= ?")
        args.append(beijing_day_start(flt.date_from))
    if flt.date_to is not None:
        where.append(f"{pin}i.started_at < ?")
        args.append(beijing_day_start(flt.date_to + timedelta(days=1)))
    if match is not None:
        condition, match_args = match
        where.append(f"i.site_id IN (SELECT s.id FROM sites s WHERE {condition})")
        args.extend(match_args)
    return where, args


def _where(where: list[str]) -> str:
    return ("WHERE " + " AND ".join(where)) if where else ""


def _order_by(sort: InspectionSort) -> str:
    if sort.key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort.key!r}; use one of {', '.join(SORT_KEYS)}")
    direction = "DESC" if sort.descending else "ASC"
    keys = (
        [sort.key]
        if sort.key in ("started_at", "updated_at", "completed_at")
        else [
            sort.key,
            "started_at",
        ]
    )
    return "ORDER BY " + ", ".join(f"i.{k} {direction}" for k in [*keys, "id"])


# ---- helpers -----------------------------------------------------------------------------


def _inspection(row: tuple[Any, ...]) -> Inspection:
    values = list(row)
    answers_at = [f.name for f in fields(Inspection)].index("answers")
    values[answers_at] = json.loads(values[answers_at])
    return Inspection(*values)


def _evaluate(checklist: Checklist, answers: Mapping[str, Any]) -> Evaluation:
    """The engine's evaluate, imported on first use (the checklist was parsed: it is loaded)."""
    from app.core.checklist import evaluate

    return evaluate(checklist, answers)


def _checklist_of(db: sqlite_utils.Database, inspection: Inspection) -> Checklist:
    return get_checklist(db, inspection.form_id, inspection.form_version)


def inspection_checklist(db: sqlite_utils.Database, inspection_id: str) -> Checklist:
    """The checklist version an inspection was made with."""
    return _checklist_of(db, get_inspection(db, inspection_id))


def _refuse_if_completed(inspection: Inspection) -> None:
    if inspection.is_completed:
        raise InspectionReadOnly(
            f"检查 {inspection.id} 已完成，不能再修改；如需改正请提交更正（写明原因） "
            f"(inspection {inspection.id} is completed and read-only: amend it with a reason)"
        )


def _check_items(checklist: Checklist, answers: Mapping[str, Any]) -> None:
    unknown = [k for k in answers if not _has_item(checklist, k)]
    if unknown:
        raise UnknownItem(
            f"检查表 {checklist.key} 没有这些项目：{'、'.join(unknown)} "
            f"(checklist {checklist.key} has no items {', '.join(unknown)})"
        )


def _has_item(checklist: Checklist, item_id: str) -> bool:
    try:
        checklist.item(item_id)
    except KeyError:
        return False
    return True


def _label(checklist: Checklist, item_id: str) -> Text:
    if _has_item(checklist, item_id):
        return checklist.item(item_id).label
    try:
        return checklist.computed_value(item_id).label
    except KeyError:
        return Text(item_id, item_id)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _dump(answers: Mapping[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, sort_keys=True)


def _write_findings(db: sqlite_utils.Database, inspection_id: str, ev: Evaluation) -> None:
    db.execute("DELETE FROM findings WHERE inspection_id = ?", (inspection_id,))
    db.conn.executemany(
        "INSERT INTO findings (inspection_id, item_id, severity, text_zh, text_en, "
        "legal_basis_zh, legal_basis_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                inspection_id,
                f.item_id,
                f.severity,
                f.text.zh,
                f.text.en,
                f.legal_basis.zh if f.legal_basis else None,
                f.legal_basis.en if f.legal_basis else None,
            )
            for f in ev.findings
        ],
    )
