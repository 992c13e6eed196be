"""The ledger's SQL (台账, docs/ledger.md): set-based, one GROUP BY per source table.

Two scans make the whole ledger: current completed inspections (sites inspected, inspections,
findings — from `inspections.finding_count`, so the findings table itself is never read) and
cases (opened, rectified, rebounds, re-inspections failed by the day they were opened or closed;
overdue and re-inspections due by their deadline). Each scan groups by work item × district ×
street × period in SQL; Python only lays the two small results side by side.

Dates are Beijing calendar dates: an inspection belongs to the day it was started, a case to
the day it was opened (or closed, or its deadline). Periods: `week` (keyed by its Monday),
`month` (YYYY-MM), `campaign` (everything, one period).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.core.clock import beijing_midnight, beijing_today, format_utc

if TYPE_CHECKING:
    import sqlite_utils

PERIODS = ("week", "month", "campaign")
CAMPAIGN = "campaign"
OPEN_STATES_SQL = "('found', 'filed', 'ordered', 'rectifying', 'reinspected')"


@dataclass(frozen=True)
class LedgerFilter:
    """What the ledger covers: the period grain, a Beijing date range, one district."""

    period: str = "month"
    date_from: date | None = None
    date_to: date | None = None
    district_code: str | None = None
    as_of: date = field(default_factory=beijing_today)


@dataclass
class LedgerRow:
    """One line of the ledger: one work item, district, street and period."""

    work_item: str
    district_code: str
    street_code: str
    period: str
    sites: int = 0
    inspections: int = 0
    findings: int = 0
    opened: int = 0
    rectified: int = 0           # closed (销号) in the period
    opened_closed: int = 0       # of those opened in the period, closed by now
    overdue: int = 0             # deadline in the period, passed, still open
    rebounds: int = 0
    reinspections_due: int = 0   # ordered, deadline in the period and reached, not re-inspected
    failed_reinspections: int = 0

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.work_item, self.district_code, self.street_code, self.period)

    @property
    def rate(self) -> float | None:
        """整改率: of the cases opened in the period, the share closed by now."""
        return self.opened_closed / self.opened if self.opened else None


COUNT_FIELDS = tuple(f.name for f in fields(LedgerRow) if f.type == "int")


def _day(stamp_sql: str) -> str:
    """The Beijing date of a stored UTC stamp, in SQL."""
    return f"date({stamp_sql}, '+8 hours')"


def period_sql(day_sql: str, period: str) -> str:
    """The period key of a Beijing date (YYYY-MM-DD), in SQL."""
    if period == "week":
        return f"date({day_sql}, 'weekday 0', '-6 days')"
    if period == "month":
        return f"substr({day_sql}, 1, 7)"
    if period == CAMPAIGN:
        return "'campaign'"
    raise ValueError(f"unknown period {period!r}")


_STREET = "coalesce(substr(s.division_code, 1, 9) || '000', '')"
# db/011_ledger.sql: current completed inspections with every column the ledger reads. The
# planner prefers the narrower list indexes (then a table lookup per inspection: 2-4× slower
# at 360,000 inspections), so the ledger names it.
_LEDGER_INDEX = "INDEXED BY ix_ledger_current"


def inspection_counts(db: sqlite_utils.Database, flt: LedgerFilter) -> list[tuple[Any, ...]]:
    """(work item, district, street, period, sites, inspections, findings) per group."""
    where, args = ["i.status = 'completed'", "i.superseded_by IS NULL"], []
    if flt.date_from:
        where.append("i.started_at >= ?")
        args.append(format_utc(beijing_midnight(flt.date_from)))
    if flt.date_to:
        where.append("i.started_at < ?")
        args.append(format_utc(beijing_midnight(flt.date_to + timedelta(days=1))))
    if flt.district_code:
        where.append("s.district_code = ?")
        args.append(flt.district_code)
    sql = (
        f"SELECT f.work_item, s.district_code, {_STREET}, "
        f"{period_sql(_day('i.started_at'), flt.period)} AS p, "
        "count(DISTINCT coalesce(s.merged_into, s.id)), count(*), sum(i.finding_count) "
        f"FROM inspections i {_LEDGER_INDEX} JOIN sites s ON s.id = i.site_id "
        "JOIN forms f ON f.form_id = i.form_id AND f.version = i.form_version "
        f"WHERE {' AND '.join(where)} GROUP BY 1, 2, 3, 4")
    return db.execute(sql, args).fetchall()


def case_counts(db: sqlite_utils.Database, flt: LedgerFilter) -> list[tuple[Any, ...]]:
    """(work item, district, street, period, opened, opened_closed, rebounds, failed,
    rectified, overdue, due) per group: each case counted on the day it was opened, the day it
    was closed and the day of its deadline (three rows of one scan)."""
    day = (f"CASE x.k WHEN 'o' THEN {_day('c.opened_at')} "
           f"WHEN 'c' THEN {_day('c.closed_at')} ELSE c.deadline END")
    where, args = ["d.day IS NOT NULL"], []
    if flt.date_from:
        where.append("d.day >= ?")
        args.append(flt.date_from.isoformat())
    if flt.date_to:
        where.append("d.day <= ?")
        args.append(flt.date_to.isoformat())
    if flt.district_code:
        where.append("d.district_code = ?")
        args.append(flt.district_code)
    as_of = flt.as_of.isoformat()
    sql = (
        "SELECT d.work_item, d.district_code, d.street, "
        f"{period_sql('d.day', flt.period)} AS p, "
        "sum(d.k = 'o'), sum(d.k = 'o' AND d.state = 'closed'), "
        "sum(d.k = 'o' AND d.rebound_of IS NOT NULL), "
        "sum(CASE WHEN d.k = 'o' THEN d.failed_reinspections ELSE 0 END), sum(d.k = 'c'), "
        f"sum(d.k = 'd' AND d.state IN {OPEN_STATES_SQL} AND d.deadline < ?), "
        "sum(d.k = 'd' AND d.state IN ('ordered', 'rectifying') AND d.deadline <= ?) "
        "FROM (SELECT x.k, c.work_item, s.district_code, "
        f"{_STREET} AS street, c.state, c.rebound_of, c.failed_reinspections, c.deadline, "
        f"{day} AS day FROM cases c JOIN sites s ON s.id = c.site_id "
        "CROSS JOIN (SELECT 'o' AS k UNION ALL SELECT 'c' UNION ALL SELECT 'd') x) d "
        f"WHERE {' AND '.join(where)} GROUP BY 1, 2, 3, 4")
    return db.execute(sql, [as_of, as_of, *args]).fetchall()


def ledger_rows(db: sqlite_utils.Database, flt: LedgerFilter) -> list[LedgerRow]:
    """The ledger's lines, ordered by work item, district, street, period."""
    rows: dict[tuple[str, str, str, str], LedgerRow] = {}

    def row(key: tuple[Any, ...]) -> LedgerRow:
        k = (str(key[0]), str(key[1]), str(key[2]), str(key[3]))
        if k not in rows:
            rows[k] = LedgerRow(*k)
        return rows[k]

    for r in inspection_counts(db, flt):
        line = row(r)
        line.sites, line.inspections, line.findings = int(r[4]), int(r[5]), int(r[6] or 0)
    for r in case_counts(db, flt):
        line = row(r)
        (line.opened, line.opened_closed, line.rebounds, line.failed_reinspections,
         line.rectified, line.overdue, line.reinspections_due) = (int(v or 0) for v in r[4:])
    return [rows[k] for k in sorted(rows)]


@dataclass
class PersonRow:
    """One inspector (and team) in one period."""

    inspector_name: str
    team: str
    period: str
    sites: int = 0
    inspections: int = 0
    findings: int = 0
    opened: int = 0
    rectified: int = 0


def inspector_rows(db: sqlite_utils.Database, flt: LedgerFilter) -> list[PersonRow]:
    """Per inspector and team: inspections, sites, findings, cases opened and closed (cases
    count for the inspector whose inspection found them)."""
    rows: dict[tuple[str, str, str], PersonRow] = {}
    base = ["i.status = 'completed'", "i.superseded_by IS NULL"]
    args: list[Any] = []
    if flt.district_code:
        base.append("i.district_code = ?")
        args.append(flt.district_code)
    for r in db.execute(
            f"SELECT i.inspector_name, i.team, {period_sql(_day('i.started_at'), flt.period)}, "
            "count(DISTINCT i.site_id), count(*), sum(i.finding_count) "
            f"FROM inspections i {_LEDGER_INDEX} WHERE {' AND '.join(base)} "
            "GROUP BY 1, 2, 3", args):
        if _in_range(flt, r[2]):
            rows[(r[0], r[1], r[2])] = PersonRow(r[0], r[1], r[2], int(r[3]), int(r[4]),
                                                 int(r[5] or 0))
    for k, col in (("opened", "c.opened_at"), ("rectified", "c.closed_at")):
        for r in db.execute(
                f"SELECT c.inspector_name, c.team, {period_sql(_day(col), flt.period)}, count(*) "
                f"FROM cases c WHERE {col} IS NOT NULL GROUP BY 1, 2, 3"):
            key = (r[0], r[1], r[2])
            if key not in rows:
                rows[key] = PersonRow(*key)
            setattr(rows[key], k, int(r[3]))
    return [rows[k] for k in sorted(rows)]


def _in_range(flt: LedgerFilter, period: str) -> bool:
    if period == CAMPAIGN or not (flt.date_from or flt.date_to):
        return True
    start = period if len(period) == 10 else f"{period}-01"
    return ((flt.date_to is None or start <= flt.date_to.isoformat())
            and (flt.date_from is None or period >= flt.date_from.isoformat()[:len(period)]))
