"""The inspections list's queries use indexes: no full scan for the common filters and sorts,
and counts read an index, so the window's cost follows the page, not the table."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from app.store.db import open_database
from app.store.inspection_counts import count_inspections, count_method, count_query_sql
from app.store.inspection_list import list_inspections, list_query_sql
from app.store.inspection_query import InspectionFilter, InspectionSort, filter_sql


def _plan(db: sqlite_utils.Database, sql: str, args: list[object]) -> str:
    rows = db.execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()
    return "\n".join(r[3] for r in rows)


FILTERS = [
    InspectionFilter(),
    InspectionFilter(status="draft"),
    InspectionFilter(status="completed"),
    InspectionFilter(status="superseded"),
    InspectionFilter(form_id="street_order"),
    InspectionFilter(district_code="110105"),
    InspectionFilter(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31)),
    InspectionFilter(district_code="110105", date_from=date(2024, 3, 1)),
    InspectionFilter(site_text="炸酱面馆"),
    InspectionFilter(inspector_name="王建国"),
]


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_filters_with_default_sort_avoid_full_scans(
    db: sqlite_utils.Database, flt: InspectionFilter
) -> None:
    sql, args = list_query_sql(flt)
    plan = _plan(db, sql, args)
    assert "USING" in plan, plan
    assert "SCAN i" not in plan.splitlines(), plan  # "SCAN i USING INDEX" reads in order
    if flt.site_text is None:
        assert "TEMP B-TREE" not in plan, plan  # the index gives the order: no sort of all rows


@pytest.mark.parametrize("key", ["started_at", "updated_at", "completed_at", "status", "form_id",
                                 "district_code", "inspector_name", "finding_count"])  # fmt: skip
@pytest.mark.parametrize("descending", [True, False])
def test_sorts_read_an_index_in_order(
    db: sqlite_utils.Database, key: str, descending: bool
) -> None:
    sql, args = list_query_sql(InspectionFilter(), InspectionSort(key, descending))
    plan = _plan(db, sql, args)
    assert "TEMP B-TREE" not in plan, plan
    assert "INDEX" in plan, plan


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_counts_use_the_counts_table_or_an_index(
    db: sqlite_utils.Database, flt: InspectionFilter
) -> None:
    sql, args = count_query_sql(flt)
    plan = _plan(db, sql, args)
    if count_method(flt) == "counts":
        assert "SEARCH inspection_counts" in plan or "SCAN inspection_counts" in plan, plan
    elif count_method(flt) == "periods":  # whole periods looked up by key, never a scan
        assert "SEARCH inspection_period_counts USING PRIMARY KEY" in plan, plan
        assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), plan
    else:
        assert "INDEX" in plan, plan
        if flt.site_text is None:
            assert "COVERING INDEX" in plan, plan  # never touches the table rows


def test_counts_table_agrees_with_count_star(tmp_path: Path) -> None:
    """After demo data, amendments, completions and a deleted draft, every filter agrees."""
    from app.demo.generate import fill_demo
    from app.store.inspections import amend_inspection, complete_inspection, delete_draft

    db = open_database(tmp_path / "c.db", create=True)
    fill_demo(db, inspections=300, seed=9, as_of=date(2026, 1, 1), days=731)
    completed = [r[0] for r in db.execute(
        "SELECT id FROM inspections WHERE status = 'completed' AND superseded_by IS NULL "
        "AND id NOT IN (SELECT amends_id FROM inspections WHERE amends_id IS NOT NULL) LIMIT 3"
    )]  # fmt: skip
    for inspection_id in completed:
        draft = amend_inspection(db, inspection_id, "复核更正", "测试员")
        complete_inspection(db, draft.id, "测试员")
    drafts = [r[0] for r in db.execute(
        "SELECT id FROM inspections WHERE status = 'draft' AND amends_id IS NULL LIMIT 2"
    )]  # fmt: skip
    delete_draft(db, drafts[0], "测试员")
    forms = [r[0] for r in db.execute("SELECT DISTINCT form_id FROM inspections")]
    for status in (None, "draft", "completed", "superseded"):
        for form_id in (None, *forms):
            for district in (None, "110105", "110101"):
                for current in (True, False):
                    flt = InspectionFilter(
                        status=status,  # type: ignore[arg-type]
                        form_id=form_id,
                        district_code=district,
                        current_only=current,
                    )
                    where, args = filter_sql(flt)
                    clause = ("WHERE " + " AND ".join(where)) if where else ""
                    expected = db.execute(
                        f"SELECT count(*) FROM inspections i {clause}", args
                    ).fetchone()[0]
                    assert count_inspections(db, flt) == expected, flt
    db.close()


def test_list_and_count_run_on_an_empty_database(db: sqlite_utils.Database) -> None:
    for flt in FILTERS:
        assert list_inspections(db, flt) == []
        assert count_inspections(db, flt) == 0


@pytest.mark.parametrize(
    ("flt", "index"),
    [
        (InspectionFilter(status="superseded"), "ix_old_started"),
        (InspectionFilter(status="draft", form_id="street_order"), "ix_cur_status_form"),
        (InspectionFilter(status="draft", district_code="110119"), "ix_cur_status_district"),
        (InspectionFilter(form_id="street_order", district_code="110119"), "ix_cur_form_district"),
        (
            InspectionFilter(status="draft", form_id="street_order", district_code="110119"),
            "ix_cur_status_form_district",
        ),
        (InspectionFilter(site_text="炸酱面馆", district_code="110105"), "ix_cur_site"),
        (InspectionFilter(site_text="面馆", date_from=date(2024, 3, 1)), "ix_cur_site"),
    ],
    ids=repr,
)
def test_combined_filters_read_their_own_index(
    db: sqlite_utils.Database, flt: InspectionFilter, index: str
) -> None:
    """A rare combination reads its own rows, never skipping through one filter's rows."""
    sql, args = list_query_sql(flt)
    plan = _plan(db, sql, args)
    assert re.search(rf"COVERING INDEX {index}\b", plan), plan
