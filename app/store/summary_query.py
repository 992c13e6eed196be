"""The figures of the team lead's summary, read with a few set-based queries (no Qt).

Three queries, whatever the number of inspections (never one per inspection):

- `inspection_counts`: current inspections in the scope, counted by checklist, street (the first
  9 digits of the site's division code), inspector and status (one GROUP BY);
- `started_hours`: the same inspections counted by the UTC hour they were started (one GROUP BY;
  Beijing is UTC+8 all year, so an hour belongs to one Beijing day: the caller makes days,
  weeks and months of them, and the first and last inspection dates);
- `item_runs`: the problems found (事项), one per site, checklist and kind of finding, from one
  ordered read of the completed visits of the scope's sites and their findings.

The rule of an item (also in docs/reports.md, "Summary"): a kind of finding is the checklist
item and the finding's wording. It is found at a completed visit of a site with a checklist; it
stays the same item while the following completed visits of that site and checklist find it
again; the first later completed visit that does not find it closes it (已整改). Found again
after that, it is a new item (a rebound). Drafts are no visits. Visits are ordered by the time
they were started (then id); a visit started after `as_of` is not seen yet.

Why the items are not a window-function query: the same rule as `ROW_NUMBER`/`LAG`/`LEAD`
over visits and findings took 5.2 s on a year of 100,000 inspections (SQLite carries every
row through three sorts), the ordered read and one pass over it well under a second
(bench/bench_summary.py). The SQL is plain (no SQLite-only functions), so it runs on
PostgreSQL as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from app.store.inspection_query import beijing_day_start

if TYPE_CHECKING:
    import sqlite_utils

NO_STREET = ""  # the street code of a site without a 12-digit division code


@dataclass(frozen=True, slots=True)
class SummaryScope:
    """Which inspections a summary counts: Beijing dates (inclusive), district, street, checklist.

    `as_of` is the day the summary is counted on: later visits close nothing."""

    date_from: date | None = None
    date_to: date | None = None
    district_code: str | None = None  # 6 digits
    street_code: str | None = None  # 9 or 12 digits: the first 9 name the 街道/乡/镇
    form_id: str | None = None
    as_of: date | None = None


@dataclass(frozen=True, slots=True)
class InspectionCount:
    """How many current inspections share a checklist, street, inspector and status."""

    form_id: str
    street_code: str  # 9 digits, NO_STREET when the site has none
    inspector_name: str
    status: str  # draft / completed
    count: int


class ItemRun(NamedTuple):  # a tuple: 180,000 of them are made in a year's summary
    """One problem (事项): a kind of finding at a site with a checklist, from the visit that
    found it to the visit that no longer did (None while open)."""

    site_id: str
    form_id: str
    form_version: int  # of the visit that found it (its rectification period applies)
    item_id: str
    text_zh: str
    first_id: str  # the inspection that found it
    first_started_at: str
    first_completed_at: str
    inspector_name: str  # of the first visit
    last_id: str  # the latest visit that still found it
    visits: int  # completed visits that found it
    closed_by: str | None  # the later visit that did not find it (复查), None while open
    closed_started_at: str | None


@dataclass(frozen=True, slots=True)
class SiteRow:
    id: str
    name: str
    address: str
    district_code: str
    division_code: str | None


@dataclass(frozen=True, slots=True)
class ListedInspection:
    """A line of the summary's list of inspections."""

    id: str
    started_at: str
    status: str
    form_id: str
    form_title: str
    inspector_name: str
    finding_count: int
    site_id: str


def _scope_sql(scope: SummaryScope, alias: str = "i") -> tuple[str, list[Any]]:
    """The WHERE of the scope's current inspections (the site joined as `s` when a street is
    asked for: the caller adds the join when this says `s.`)."""
    where = [f"{alias}.superseded_by IS NULL"]
    args: list[Any] = []
    if scope.date_from is not None:
        where.append(f"{alias}.started_at >= ?")
        args.append(beijing_day_start(scope.date_from))
    if scope.date_to is not None:
        where.append(f"{alias}.started_at < ?")
        args.append(beijing_day_start(scope.date_to + timedelta(days=1)))
    if scope.district_code:
        where.append(f"{alias}.district_code = ?")
        args.append(scope.district_code)
    if scope.form_id:
        where.append(f"{alias}.form_id = ?")
        args.append(scope.form_id)
    if scope.street_code:
        where.append(f"{alias}.site_id IN (SELECT s9.id FROM sites s9 "
                     "WHERE substr(s9.division_code, 1, 9) = ?)")
        args.append(scope.street_code[:9])
    return " AND ".join(where), args


def inspection_counts(db: sqlite_utils.Database, scope: SummaryScope) -> list[InspectionCount]:
    """Current inspections of the scope by checklist, street, inspector and status."""
    where, args = _scope_sql(scope)
    rows = db.execute(
        "SELECT i.form_id, coalesce(substr(s.division_code, 1, 9), ''), i.inspector_name, "
        "i.status, count(*) FROM inspections i JOIN sites s ON s.id = i.site_id "
        f"WHERE {where} GROUP BY i.form_id, substr(s.division_code, 1, 9), i.inspector_name, "
        "i.status",
        args,
    ).fetchall()
    return [InspectionCount(f, street or NO_STREET, name, status, n)
            for f, street, name, status, n in rows]


def started_hours(db: sqlite_utils.Database, scope: SummaryScope
                  ) -> list[tuple[str, str, int]]:
    """(UTC hour 'YYYY-MM-DDTHH', status, count) of the scope's current inspections."""
    where, args = _scope_sql(scope)
    rows = db.execute(
        f"SELECT substr(i.started_at, 1, 13), i.status, count(*) FROM inspections i "
        f"WHERE {where} GROUP BY substr(i.started_at, 1, 13), i.status",
        args,
    ).fetchall()
    return [(hour, status, n) for hour, status, n in rows]


def _visit_rows(db: sqlite_utils.Database, scope: SummaryScope) -> Iterable[tuple[Any, ...]]:
    """Completed current visits of the sites with a completed inspection in the scope, with
    their findings (one row per finding, one row with NULLs for a clean visit), site by site,
    in the order they were started."""
    inner, args = _scope_sql(scope, "j")
    where = ["i.superseded_by IS NULL", "+i.status = 'completed'",
             f"i.site_id IN (SELECT j.site_id FROM inspections j WHERE {inner} "
             "AND j.status = 'completed')"]
    if scope.form_id:
        where.append("+i.form_id = ?")
        args.append(scope.form_id)
    if scope.as_of is not None:
        where.append("+i.started_at < ?")
        args.append(beijing_day_start(scope.as_of + timedelta(days=1)))
    return db.execute(
        "SELECT i.site_id, i.form_id, i.id, i.form_version, i.started_at, i.completed_at, "
        "i.inspector_name, f.item_id, f.text_zh "
        "FROM inspections i LEFT JOIN findings f ON f.inspection_id = i.id "
        f"WHERE {' AND '.join(where)} ORDER BY i.site_id, i.started_at, i.id",
        args,
    )


def _walk(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[Any]]:
    """The items of ordered visit rows, as lists in ItemRun's field order (one pass)."""
    # Open items of the current site: (form_id, item_id, text) -> the run's fields.
    active: dict[tuple[str, str, str], list[Any]] = {}
    site = visit = None
    kinds: set[tuple[str, str]] = set()
    head: tuple[Any, ...] = ()

    def close_visit() -> Iterator[list[Any]]:
        # The visit `head` found `kinds`: it continues them, starts new ones, closes the rest.
        site_id, form_id, vid, version, started, completed, inspector = head[:7]
        for key in [k for k in active if k[0] == form_id and (k[1], k[2]) not in kinds]:
            run = active.pop(key)
            run[11], run[12] = vid, started
            yield run
        for item_id, text in kinds:
            found = active.get((form_id, item_id, text))
            if found is None:
                active[(form_id, item_id, text)] = [
                    site_id, form_id, version, item_id, text, vid, started, completed,
                    inspector, vid, 1, None, None]
            else:
                found[9] = vid
                found[10] += 1

    for row in rows:
        if row[2] != visit:
            if visit is not None:
                yield from close_visit()
            if row[0] != site:
                yield from active.values()  # still open at the site's last visit
                active = {}
                site = row[0]
            visit, head, kinds = row[2], row, set()
        if row[7] is not None:
            kinds.add((row[7], row[8]))
    if visit is not None:
        yield from close_visit()
    yield from active.values()


def item_runs(db: sqlite_utils.Database, scope: SummaryScope) -> list[ItemRun]:
    """The items (事项) first found in the scope (see the module's rule), open or closed."""
    start = beijing_day_start(scope.date_from) if scope.date_from else None
    end = beijing_day_start(scope.date_to + timedelta(days=1)) if scope.date_to else None
    return [ItemRun._make(run) for run in _walk(_visit_rows(db, scope))
            if (start is None or run[6] >= start) and (end is None or run[6] < end)]


def scope_sites(db: sqlite_utils.Database, scope: SummaryScope) -> dict[str, SiteRow]:
    """The sites of the scope's inspections, by id (one query)."""
    where, args = _scope_sql(scope)
    rows = db.execute(
        "SELECT s.id, s.name, s.address, s.district_code, s.division_code FROM sites s "
        f"WHERE s.id IN (SELECT i.site_id FROM inspections i WHERE {where})",
        args,
    ).fetchall()
    return {r[0]: SiteRow(*r) for r in rows}


def listed_inspections(db: sqlite_utils.Database, scope: SummaryScope, limit: int
                       ) -> list[ListedInspection]:
    """The scope's current inspections in the order started, at most `limit` (one query)."""
    where, args = _scope_sql(scope)
    rows = db.execute(
        "SELECT i.id, i.started_at, i.status, i.form_id, coalesce(fo.title_zh, i.form_id), "
        "i.inspector_name, i.finding_count, i.site_id FROM inspections i "
        "LEFT JOIN forms fo ON fo.form_id = i.form_id AND fo.version = i.form_version "
        f"WHERE {where} ORDER BY i.started_at, i.id LIMIT ?",
        [*args, limit],
    ).fetchall()
    return [ListedInspection(*r) for r in rows]


def work_items_of_forms(db: sqlite_utils.Database) -> dict[str, str]:
    """Each checklist's campaign work item (DOMAIN.md), from its newest registered version."""
    rows = db.execute("SELECT form_id, version, work_item FROM forms ORDER BY form_id, version")
    return {form_id: work_item for form_id, _version, work_item in rows}


__all__ = [
    "InspectionCount",
    "ItemRun",
    "ListedInspection",
    "SiteRow",
    "SummaryScope",
    "inspection_counts",
    "item_runs",
    "listed_inspections",
    "scope_sites",
    "started_hours",
    "work_items_of_forms",
]
