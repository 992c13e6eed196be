"""Drill-down: the cases behind one number of the ledger (docs/ledger.md, the 台账 page).

The same rules as `app.store.ledger_query`, applied case by case to what
`app.store.cases.list_cases` gives: a case belongs to a line by its own site's district and
street, and to a period by the Beijing day it was opened (立案数, 反弹数, 复查未通过, 整改率),
closed (销号数) or is due (逾期未整改, 待复查). The inspection columns (sites, inspections,
findings) have no cases of their own: they drill down to the cases opened in the line.
A test checks that every count of a generated ledger equals the length of its list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.core.cases import OPEN_STATES, ORDERED, RECTIFYING
from app.core.clock import beijing_date
from app.store.cases import Case, list_cases
from app.store.ledger_query import CAMPAIGN, LedgerFilter
from app.store.sites import get_site

if TYPE_CHECKING:
    import sqlite_utils

# Which day of a case a column counts it on: opened, closed or due (its deadline).
OPENED_COLUMNS = ("sites", "inspections", "findings", "opened", "rate", "rebounds",
                  "failed_reinspections")
DAY_OF_COLUMN = {**{c: "opened" for c in OPENED_COLUMNS}, "rectified": "closed",
                 "overdue": "due", "reinspections_due": "due"}


@dataclass(frozen=True)
class LedgerCell:
    """One number of the ledger: its line (work item, district, street, period; '' for the
    totals' "any") and its column."""

    column: str
    work_item: str = ""
    district_code: str = ""
    street_code: str = ""
    period: str = ""


def period_key(day: date, period: str) -> str:
    """The ledger's period key of a Beijing date (week: its Monday; month: YYYY-MM)."""
    if period == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if period == "month":
        return day.isoformat()[:7]
    if period == CAMPAIGN:
        return CAMPAIGN
    raise ValueError(f"unknown period {period!r}")


def case_day(case: Case, which: str) -> date | None:
    """The Beijing day a case is counted on for `which` (opened / closed / due)."""
    if which == "opened":
        return beijing_date(case.opened_at) if case.opened_at else None
    if which == "closed":
        return beijing_date(case.closed_at) if case.closed_at else None
    return date.fromisoformat(case.deadline) if case.deadline else None


def counts_in(case: Case, column: str, as_of: date) -> bool:
    """Whether a case counts in the column, its day set aside."""
    if column == "rebounds":
        return case.rebound_of is not None
    if column == "failed_reinspections":
        return case.failed_reinspections > 0
    if column == "rectified":
        return case.state == "closed"
    if column == "overdue":
        return (case.state in OPEN_STATES and case.deadline is not None
                and case.deadline < as_of.isoformat())
    if column == "reinspections_due":
        return (case.state in (ORDERED, RECTIFYING) and case.deadline is not None
                and case.deadline <= as_of.isoformat())
    return True


def _in_period(case: Case, column: str, flt: LedgerFilter, period: str,
               ranged: bool = True) -> bool:
    day = case_day(case, DAY_OF_COLUMN[column])
    if day is None:
        return False
    if ranged and ((flt.date_from and day < flt.date_from)
                   or (flt.date_to and day > flt.date_to)):
        return False
    return not period or period_key(day, flt.period) == period


def cases_behind(db: sqlite_utils.Database, flt: LedgerFilter, cell: LedgerCell) -> list[Case]:
    """The cases counted in one number of the ledger built with `flt` (most overdue or newest
    first, as list_cases gives them)."""
    if cell.column not in DAY_OF_COLUMN:
        raise ValueError(f"no cases behind column {cell.column!r}")
    district = cell.district_code or flt.district_code or None
    places: dict[str, tuple[str, str]] = {}

    def place(site_id: str) -> tuple[str, str]:
        if site_id not in places:
            site = get_site(db, site_id)
            street = site.division_code[:9] + "000" if site.division_code else ""
            places[site_id] = (site.district_code, street)
        return places[site_id]

    found = []
    for case in list_cases(db, district_code=district):
        if cell.work_item and case.work_item != cell.work_item:
            continue
        if not counts_in(case, cell.column, flt.as_of):
            continue
        if not _in_period(case, cell.column, flt, cell.period):
            continue
        if cell.street_code and place(case.site_id)[1] != cell.street_code:
            continue
        found.append(case)
    return found


def person_cases(db: sqlite_utils.Database, flt: LedgerFilter, inspector_name: str, team: str,
                 period: str, column: str) -> list[Case]:
    """The cases behind a number of the per-inspector view: found by the inspector's (and
    team's) inspections, opened — or for 销号数 closed — in the period."""
    which = "rectified" if column == "rectified" else "opened"
    return [c for c in list_cases(db) if c.inspector_name == inspector_name and c.team == team
            and counts_in(c, which, flt.as_of)
            and _in_period(c, which, flt, period, ranged=False)]
