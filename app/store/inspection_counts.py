"""How many inspections a filter matches, from the trigger-kept count tables where it can
(docs/data-model.md, "Counts"), and the check that those tables still add up."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from app.store.inspection_query import DAY_START_UTC, InspectionFilter, filter_sql, where_sql

if TYPE_CHECKING:
    import sqlite_utils


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
        where, args = filter_sql(flt)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM inspections i {where_sql(where)} LIMIT ?)"
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


def count_query_sql(flt: InspectionFilter | None = None) -> tuple[str, list[Any]]:
    """The count query's SQL and arguments (for EXPLAIN QUERY PLAN)."""
    flt = flt or InspectionFilter()
    method = count_method(flt)
    if method == "index":
        where, args = filter_sql(flt)
        return f"SELECT count(*) FROM inspections i {where_sql(where)}", args
    if method == "counts":
        where, args = _counts_key(flt, wildcard=None)
        return f"SELECT coalesce(sum(n), 0) FROM inspection_counts {where_sql(where)}", args
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
    """The counts tables' WHERE for status, checklist and district, as filter_sql means them.

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
        f"'{DAY_START_UTC}' THEN date(substr(started_at, 1, 10), '+1 day') "
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

