"""The summary's figures (issue 9.9) on a real database, each rule at its boundary, and read
back from the PDF: completed inspections only, problems per site and kind, a later clean visit
closes one, 整改率 with nothing found, a row per street, the period as dates."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.core.checklist import sample_answers
from app.reports import write_summary
from app.reports.summary_gather import SummaryFilter, summary_data
from app.store.checklists import get_checklist
from app.store.db import write_transaction
from app.store.inspection_query import beijing_day_start
from app.store.inspections import complete_inspection, set_answers, start_inspection
from app.store.sites import Site, SiteDraft, create_site
from tests.helpers import report_db as F
from tests.helpers.pdfcheck import all_text, assert_page_numbers, needs_poppler

BEYOND = "超出门窗、外墙经营（店外经营）"  # street_order's beyond_line finding


@pytest.fixture
def fx(tmp_path: Path) -> F.Fixture:
    return F.make_database(tmp_path)


def visit(fx: F.Fixture, site: Site, day: date, *, finding: bool, complete: bool = True,
          form_id: str = "street_order", hour: int = 2) -> str:
    """An inspection of `site` started on the Beijing `day` (02:00), with or without the
    店外经营 finding; completed unless told otherwise."""
    checklist = get_checklist(fx.db, form_id)
    insp = start_inspection(fx.db, form_id, site.id, fx.profile)
    started = beijing_day_start(day).replace("T16:", f"T{16 + hour}:")
    with write_transaction(fx.db):
        fx.db.execute("UPDATE inspections SET started_at = ? WHERE id = ?", (started, insp.id))
    given = {"business_kind": "shop", "beyond_line": "yes" if finding else "no"}
    answers = sample_answers(checklist, random.Random(7), complete=True, clean=True,
                             given=given if form_id == "street_order" else None)
    set_answers(fx.db, insp.id, answers, F.ACTOR)
    if complete:
        complete_inspection(fx.db, insp.id, F.ACTOR)
    return str(insp.id)


D1 = date(2026, 3, 2)
D2 = date(2026, 3, 9)
D3 = date(2026, 3, 16)
AS_OF = date(2026, 4, 30)


def test_a_later_clean_visit_closes_the_problem(fx: F.Fixture) -> None:
    visit(fx, fx.site, D1, finding=True)
    visit(fx, fx.site, D2, finding=False)
    data = summary_data(fx.db, as_of=AS_OF)
    assert data.totals is not None
    assert (data.totals.completed, data.totals.found, data.totals.rectified) == (2, 1, 1)
    assert data.open_items == () and data.totals.rate_text() == "100.0%"


def test_a_later_visit_finding_it_again_keeps_one_open_problem(fx: F.Fixture) -> None:
    visit(fx, fx.site, D1, finding=True)
    again = visit(fx, fx.site, D2, finding=True)
    data = summary_data(fx.db, as_of=AS_OF)
    assert data.totals is not None
    assert (data.totals.found, data.totals.rectified, data.totals.overdue) == (1, 0, 1)
    (item,) = data.open_items  # one problem, not one per visit
    assert (item.findings, item.visits, item.record_id) == (BEYOND, 2, again)
    assert item.completed_on == D1.isoformat() and item.deadline == "2026-03-05"  # 3 days
    assert item.overdue_days == (AS_OF - date(2026, 3, 5)).days


def test_found_again_after_a_clean_visit_is_a_new_problem(fx: F.Fixture) -> None:
    visit(fx, fx.site, D1, finding=True)
    visit(fx, fx.site, D2, finding=False)
    visit(fx, fx.site, D3, finding=True)
    data = summary_data(fx.db, as_of=AS_OF)
    assert data.totals is not None
    assert (data.totals.found, data.totals.rectified, len(data.open_items)) == (2, 1, 1)


def test_a_clean_visit_of_another_site_or_checklist_closes_nothing(fx: F.Fixture) -> None:
    visit(fx, fx.site, D1, finding=True)
    visit(fx, fx.bare_site, D2, finding=False)
    visit(fx, fx.site, D2, finding=False, form_id="storefront_opening")
    data = summary_data(fx.db, as_of=AS_OF)
    assert data.totals is not None and data.totals.rectified == 0 and len(data.open_items) == 1


def test_a_draft_is_counted_apart_and_finds_nothing(fx: F.Fixture) -> None:
    visit(fx, fx.site, D1, finding=True, complete=False)
    data = summary_data(fx.db, as_of=AS_OF)
    assert data.totals is not None
    assert (data.totals.completed, data.totals.drafts, data.totals.found) == (0, 1, 0)
    assert data.total_inspections == 0 and data.open_items == ()
    # A draft after a problem neither closes nor repeats it.
    visit(fx, fx.site, D2, finding=True)
    visit(fx, fx.site, D3, finding=False, complete=False)
    data = summary_data(fx.db, as_of=AS_OF)
    assert data.totals is not None
    assert (data.totals.completed, data.totals.drafts, data.totals.found) == (1, 2, 1)
    assert len(data.open_items) == 1


@needs_poppler
def test_nothing_found_prints_a_dash_for_the_rate(fx: F.Fixture, tmp_path: Path) -> None:
    visit(fx, fx.site, D1, finding=False)
    data = summary_data(fx.db, as_of=AS_OF)
    assert data.totals is not None and data.totals.found == 0
    assert data.totals.rate is None and data.totals.rate_text() == "—"
    out = write_summary(data, tmp_path / "s.pdf").path
    text = all_text(out)
    assert "已完成检查草稿（另计）发现问题已整改整改率未整改其中逾期10" "00—00" in text


@needs_poppler
def test_a_row_per_street_and_work_items_apart(fx: F.Fixture, tmp_path: Path) -> None:
    # fx.site is in 东华门街道 (110101001), fx.bare_site in 景山街道 (110101002).
    visit(fx, fx.site, D1, finding=True)
    visit(fx, fx.bare_site, D1, finding=False)
    visit(fx, fx.bare_site, D2, finding=False, form_id="storefront_opening")
    no_street = create_site(fx.db, SiteDraft(district_code="110101", address="某胡同1号"),
                            F.ACTOR)
    visit(fx, no_street, D2, finding=False)
    data = summary_data(fx.db, as_of=AS_OF)
    streets = {r.label: (r.completed, r.found) for r in data.streets}
    assert streets == {"东华门街道": (1, 1), "景山街道": (2, 0), "（未填写街道）": (1, 0)}
    items = [(r.label, r.completed) for r in data.work_items]
    assert items == [("占道经营、无证无照经营整治", 3), ("“开墙打洞”整治", 1)]
    one = summary_data(fx.db, SummaryFilter(street_code="110101002000"), as_of=AS_OF)
    assert [r.label for r in one.streets] == ["景山街道"]
    text = all_text(write_summary(data, tmp_path / "s.pdf").path)
    assert "三、按街道（乡镇）统计" in text
    assert "东华门街道1010110.0%" in text and "景山街道200000—" in text


@needs_poppler
def test_the_period_is_printed_as_dates(fx: F.Fixture, tmp_path: Path) -> None:
    visit(fx, fx.site, D1, finding=False)
    visit(fx, fx.site, D3, finding=False)
    data = summary_data(fx.db, as_of=AS_OF)
    assert (data.date_from, data.date_to, data.period_from_data) == (
        D1.isoformat(), D3.isoformat(), True)
    text = all_text(write_summary(data, tmp_path / "s.pdf").path)
    assert f"统计时段：{D1}至{D3}（未限定日期" in text and "最早至最新" not in text
    asked = summary_data(fx.db, SummaryFilter(date_from=D2), as_of=AS_OF)
    assert (asked.date_from, asked.date_to, asked.period_from_data) == (
        D2.isoformat(), D3.isoformat(), False)
    assert asked.totals is not None and asked.totals.completed == 1
    empty = summary_data(fx.db, SummaryFilter(date_from=date(2001, 1, 1),
                                              date_to=date(2001, 1, 31)), as_of=AS_OF)
    assert (empty.date_from, empty.date_to) == ("2001-01-01", "2001-01-31")
    assert write_summary(empty, tmp_path / "e.pdf").pages == 1


def test_problems_belong_to_the_period_they_were_first_found_in(fx: F.Fixture) -> None:
    visit(fx, fx.site, D1, finding=True)
    visit(fx, fx.site, D2, finding=True)
    later = summary_data(fx.db, SummaryFilter(date_from=D2), as_of=AS_OF)
    assert later.totals is not None and later.totals.found == 0  # first found on D1
    first = summary_data(fx.db, SummaryFilter(date_to=D1), as_of=AS_OF)
    assert first.totals is not None and first.totals.found == 1
    assert first.open_items[0].visits == 2  # the later visit (outside the period) is seen


def test_a_visit_after_as_of_closes_nothing(fx: F.Fixture) -> None:
    visit(fx, fx.site, D1, finding=True)
    visit(fx, fx.site, D3, finding=False)
    data = summary_data(fx.db, as_of=D2)
    assert data.totals is not None and data.totals.rectified == 0 and len(data.open_items) == 1
    deadline = date.fromisoformat(data.open_items[0].deadline)
    assert data.open_items[0].overdue_days == max(0, (D2 - deadline).days)


@needs_poppler
def test_overdue_first_and_the_printed_list_is_bounded(fx: F.Fixture, tmp_path: Path) -> None:
    from dataclasses import replace

    from app.reports.model import OpenItem
    from app.reports.summary_pdf import OPEN_ROWS_PRINTED

    visit(fx, fx.site, D1, finding=True)
    visit(fx, fx.bare_site, AS_OF - timedelta(days=1), finding=True)
    data = summary_data(fx.db, as_of=AS_OF)
    assert [i.overdue_days > 0 for i in data.open_items] == [True, False]
    many = tuple(OpenItem(f"r{k:05d}", f"商户{k}", BEYOND, "2026-03-01", "2026-03-04",
                          OPEN_ROWS_PRINTED + 50 - k) for k in range(OPEN_ROWS_PRINTED + 50))
    out = write_summary(replace(data, open_items=many), tmp_path / "s.pdf").path
    text = all_text(out)
    assert f"共{OPEN_ROWS_PRINTED + 50}项" in text and f"列出前{OPEN_ROWS_PRINTED}项" in text
    assert f"商户{OPEN_ROWS_PRINTED + 10}" not in text
    assert_page_numbers(out)
