"""The inspections list: one page at a time, its ids from an index, only they joined."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.core.text import Text
from app.store.inspection_query import (
    InspectionFilter,
    InspectionRow,
    InspectionSort,
    filter_sql,
    order_by_sql,
    where_sql,
)

if TYPE_CHECKING:
    import sqlite_utils


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
    where, args = filter_sql(flt)
    ids = [
        r[0]
        for r in db.execute(
            f"SELECT i.id FROM inspections i {where_sql(where)} {order_by_sql(sort)} "
            "LIMIT ? OFFSET ?",
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


def list_query_sql(
    flt: InspectionFilter | None = None, sort: InspectionSort | None = None
) -> tuple[str, list[Any]]:
    """The page query's SQL and arguments (for EXPLAIN QUERY PLAN in tests and benchmarks)."""
    where, args = filter_sql(flt or InspectionFilter())
    order = order_by_sql(sort or InspectionSort())
    sql = f"SELECT i.id FROM inspections i {where_sql(where)} {order}"
    return sql + " LIMIT 100 OFFSET 0", args

