"""The list's counts by date: inspection_period_counts agrees with count(*) of the list's own
filter after demo data, amendments, completions, deletions, moves and across Beijing midnight."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from app.store.db import open_database, write_transaction
from app.store.inspection_counts import (
    count_inspections,
    count_method,
    count_query_sql,
    period_count_problems,
    period_ranges,
)
from app.store.inspection_list import list_inspections
from app.store.inspection_query import InspectionFilter, beijing_day_start, filter_sql
from app.store.inspections import (
    amend_inspection,
    complete_inspection,
    delete_draft,
    start_inspection,
)

FIRST, LAST = date(2023, 12, 20), date(2026, 1, 15)  # around the demo's 2024-2025
# Beijing days whose midnight gets an inspection just before and one just after it.
MIDNIGHTS = [date(2024, 1, 1), date(2024, 2, 29), date(2024, 3, 1), date(2025, 1, 1),
             date(2025, 6, 30), date(2026, 1, 1)]  # fmt: skip


def _expected(db: sqlite_utils.Database, flt: InspectionFilter) -> int:
    where, args = filter_sql(flt)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    return int(db.execute(f"SELECT count(*) FROM inspections i {clause}", args).fetchone()[0])


def _move(db: sqlite_utils.Database, inspection_id: str, started_at: str) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE inspections SET started_at = ? WHERE id = ?", (started_at, inspection_id)
        )


def _utc_before(day: date) -> str:
    """The last stored millisecond before 00:00 Beijing time on `day`."""
    return (day - timedelta(days=1)).isoformat() + "T15:59:59.999Z"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    """Demo data, then every kind of change the store makes, and inspections at midnights."""
    from app.demo.generate import fill_demo

    db = open_database(tmp_path_factory.mktemp("counts") / "c.db", create=True)
    fill_demo(db, inspections=300, seed=9, as_of=date(2026, 1, 1), days=731)
    completed = [r[0] for r in db.execute(
        "SELECT id FROM inspections WHERE status = 'completed' AND superseded_by IS NULL "
        "AND id NOT IN (SELECT amends_id FROM inspections WHERE amends_id IS NOT NULL) LIMIT 4"
    )]  # fmt: skip
    for inspection_id in completed[:3]:  # completed amendments supersede their originals
        draft = amend_inspection(db, inspection_id, "复核更正", "测试员")
        complete_inspection(db, draft.id, "测试员")
    amend_inspection(db, completed[3], "补录", "测试员")  # an open draft amendment
    drafts = [r[0] for r in db.execute(
        "SELECT id FROM inspections WHERE status = 'draft' AND amends_id IS NULL LIMIT 3"
    )]  # fmt: skip
    delete_draft(db, drafts[0], "测试员")
    with write_transaction(db):  # a draft's site moved to another district (sync may do this)
        db.execute("UPDATE inspections SET district_code = '110119' WHERE id = ?", (drafts[1],))
    site, form = db.execute("SELECT site_id, form_id FROM inspections LIMIT 1").fetchone()
    for day in MIDNIGHTS:
        for started_at in (_utc_before(day), beijing_day_start(day)):
            planted = start_inspection(db, form, site, None)
            _move(db, planted.id, started_at)
    # Not our canonical text (no milliseconds): the list and the counts still agree on its day.
    odd = start_inspection(db, form, site, None)
    _move(db, odd.id, "2025-03-31T16:00:00Z")
    yield db
    db.close()


def test_the_period_counts_equal_a_recount(history: sqlite_utils.Database) -> None:
    assert period_count_problems(history) == []


def test_a_tampered_period_count_is_reported(tmp_path: Path) -> None:
    from app.demo.generate import fill_demo

    db = open_database(tmp_path / "t.db", create=True)
    fill_demo(db, inspections=40, seed=2, as_of=date(2026, 1, 1), days=731)
    db.execute(
        "UPDATE inspection_period_counts SET n = n + 2 WHERE grain = 'month' AND status = '*' "
        "AND form_id = '*' AND district_code = '*' AND is_current = 1 AND period = "
        "(SELECT min(period) FROM inspection_period_counts WHERE grain = 'month')"
    )
    problems = period_count_problems(db)
    assert len(problems) == 1 and "list count by date" in problems[0]
    db.close()


@settings(max_examples=300, deadline=None)
@given(
    first=st.none() | st.dates(FIRST, LAST),
    last=st.none() | st.dates(FIRST, LAST),
    status=st.sampled_from([None, "draft", "completed", "superseded"]),
    form=st.sampled_from([None, "street_order", "storefront_opening", "no_such_form"]),
    district=st.sampled_from([None, "110105", "110101", "110119"]),
    current_only=st.booleans(),
)
def test_date_counts_equal_the_lists_count(
    history: sqlite_utils.Database,
    first: date | None,
    last: date | None,
    status: str | None,
    form: str | None,
    district: str | None,
    current_only: bool,
) -> None:
    flt = InspectionFilter(
        status=status,  # type: ignore[arg-type]
        form_id=form,
        district_code=district,
        date_from=first,
        date_to=last,
        current_only=current_only,
    )
    assert count_inspections(history, flt) == _expected(history, flt)


@settings(max_examples=60, deadline=None)
@given(day=st.sampled_from(MIDNIGHTS), span=st.integers(0, 40))
def test_ranges_ending_at_a_midnight_match_the_list(
    history: sqlite_utils.Database, day: date, span: int
) -> None:
    for flt in (
        InspectionFilter(date_from=day, date_to=day + timedelta(days=span)),
        InspectionFilter(date_from=day - timedelta(days=span), date_to=day - timedelta(days=1)),
    ):
        rows = list_inspections(history, flt, limit=10_000)
        assert count_inspections(history, flt) == len(rows)


def test_an_inspection_belongs_to_the_beijing_day_it_was_started(db_path: Path) -> None:
    from app.demo.generate import fill_demo

    db = open_database(db_path, create=True)
    fill_demo(db, inspections=12, seed=4, as_of=date(2026, 1, 1), days=731)
    site, form = db.execute("SELECT site_id, form_id FROM inspections LIMIT 1").fetchone()
    new_year = date(2027, 1, 1)  # outside the demo's years: only the planted rows count
    late = start_inspection(db, form, site, None)
    _move(db, late.id, "2026-12-31T15:59:59.999Z")  # 23:59:59.999 on 31 Dec in Beijing
    early = start_inspection(db, form, site, None)
    _move(db, early.id, "2026-12-31T16:00:00.000Z")  # 00:00 on 1 Jan in Beijing
    on = {
        d: count_inspections(db, InspectionFilter(date_from=d, date_to=d))
        for d in (date(2026, 12, 31), new_year)
    }
    assert on == {date(2026, 12, 31): 1, new_year: 1}
    assert count_inspections(db, InspectionFilter(date_from=new_year)) == 1
    assert [r.id for r in list_inspections(db, InspectionFilter(date_from=new_year))] == [early.id]
    # Moving a draft moves its count; deleting one takes it away.
    _move(db, late.id, "2026-12-31T16:30:00.000Z")
    assert count_inspections(db, InspectionFilter(date_from=new_year)) == 2
    delete_draft(db, early.id, "测试员")
    assert count_inspections(db, InspectionFilter(date_from=new_year)) == 1
    assert period_count_problems(db) == []
    db.close()


@settings(max_examples=500, deadline=None)
@given(
    first=st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31)),
    last=st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31)),
)
def test_period_ranges_cover_every_day_once(first: date | None, last: date | None) -> None:
    ranges = period_ranges(first, last)
    assert len(ranges) <= 5
    # Expand inside a window around the ends (open ends reach past it).
    lo = first or date.fromordinal(max(1, (last or date(2000, 1, 1)).toordinal() - 800))
    end = (first or date(2000, 1, 1)).toordinal() + 800
    hi = last or date.fromordinal(min(date.max.toordinal(), end))
    if first is not None and last is not None and first > last:
        assert ranges == []
        return
    window = [lo + timedelta(days=k) for k in range(min((hi - lo).days + 1, 3000))]
    if len(window) == 3000:  # a long closed range: check its ends only
        window = window[:1500] + [hi - timedelta(days=k) for k in range(1500)]
    for day in window:
        keys = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}
        covering = [r for r in ranges if r[1] <= keys[r[0]] <= r[2]]
        assert len(covering) == 1, (day, ranges)
    if first is not None and first > date(1, 1, 1):  # nothing before `first` is counted
        before = (first - timedelta(days=1)).isoformat()
        assert not [r for r in ranges if r[1] <= {"day": before, "month": before[:7],
                                                  "year": before[:4]}[r[0]] <= r[2]]  # fmt: skip
    days = sum(1 for r in ranges if r[0] == "day")
    assert days <= 2


def test_date_counts_read_the_period_rows_by_key(db: sqlite_utils.Database) -> None:
    flt = InspectionFilter(status="draft", date_from=date(2024, 3, 5), date_to=date(2025, 11, 20))
    assert count_method(flt) == "periods"
    sql, args = count_query_sql(flt)
    plan = [r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", args)]
    searches = [p for p in plan if p.startswith("SEARCH inspection_period_counts USING PRIMARY")]
    assert len(searches) == 4 and not [p for p in plan if p.startswith("SCAN inspection")], plan


def test_at_most_caps_only_counts_over_an_index(history: sqlite_utils.Database) -> None:
    by_text = InspectionFilter(site_text="大街")
    assert count_method(by_text) == "index"
    full = count_inspections(history, by_text)
    assert full > 5
    assert count_inspections(history, by_text, at_most=5) == 5
    assert count_inspections(history, by_text, at_most=full + 10) == full
    in_march = InspectionFilter(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))
    exact = count_inspections(history, in_march)
    assert exact > 1 and count_inspections(history, in_march, at_most=1) == exact
