"""What the inspections list asks for (filter, sort, the row it shows) and the SQL pieces
that say it: shared by the page query (inspection_list) and the counts (inspection_counts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from app.core.clock import BEIJING, format_utc
from app.core.text import Text
from app.store.inspection_records import DisplayStatus
from app.store.sites import site_match_sql

if TYPE_CHECKING:
    import sqlite_utils

# Dates in filters are Beijing calendar dates (China keeps UTC+8 all year, no DST).


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


# Beijing midnight in UTC: the time of day in beijing_day_start's text, and in the triggers.
DAY_START_UTC = "T16:00:00.000Z"


def beijing_day_start(day: date) -> str:
    """The stored UTC text of 00:00 Beijing time on `day`."""
    return format_utc(datetime.combine(day, time(0), tzinfo=BEIJING))


def filter_sql(flt: InspectionFilter) -> tuple[list[str], list[Any]]:
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


def inspector_names(db: sqlite_utils.Database) -> list[str]:
    """The inspectors named on current inspections, for the list's inspector filter (read
    from ix_cur_inspector, one entry per name)."""
    return [str(r[0]) for r in db.execute(
        "SELECT DISTINCT inspector_name FROM inspections WHERE superseded_by IS NULL "
        "AND inspector_name <> '' ORDER BY inspector_name")]


def where_sql(where: list[str]) -> str:
    return ("WHERE " + " AND ".join(where)) if where else ""


def order_by_sql(sort: InspectionSort) -> str:
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

