"""今日概况: an overdue case is shown as overdue, most overdue first; a click opens its steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.ui.dashboard import DashboardPage
from tests.helpers.case_pages import AS_OF, PagesWorld, make_pages_world

pytestmark = pytest.mark.gui


@pytest.fixture
def pages(tmp_path: Path) -> PagesWorld:
    return make_pages_world(tmp_path / "dash.db")


def test_overdue_case_is_shown_overdue(qtbot: Any, pages: PagesWorld) -> None:
    page = DashboardPage(pages.path, "en", "王建国", as_of=AS_OF)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=15000)
    assert page.figures["overdue"].text() == "1"
    assert page.overdue_model.rowCount() == 1
    row = page.overdue_model.case_row(0)
    assert row is not None and row.case.id == pages.overdue.id
    assert row.site_name == "兴隆小吃" and row.case.deadline == "2026-01-08"
    assert row.overdue_days == 12
    shown = [page.overdue_model.index(0, c).data() for c in range(6)]
    assert shown[4:] == ["2026-01-08", "12"]
    # The case ordered on the 18th is not overdue: it is a re-inspection due this week.
    assert pages.not_due.id not in {r.case.id for r in page.data.overdue}
    assert [r.case.id for r in page.data.due_this_week] == [pages.not_due.id]
    assert page.figures["due_week"].text() == "1"
    # The most overdue case is opened by itself; a click opens the other one.
    qtbot.waitUntil(lambda: page.case_panel.detail is not None, timeout=10000)
    assert page.case_panel.detail.row.case.id == pages.overdue.id
    assert "Overdue by 12 day" in page.case_panel.heading.text()
    steps = [page.case_panel.events.index(r, 1).data()
             for r in range(page.case_panel.events.rowCount())]
    assert steps == ["found", "filed", "ordered to rectify"]
    page.lists.setCurrentIndex(1)
    # Due: the overdue case (its deadline passed: re-inspect now), then the one due this week.
    due = [page.due_model.case_row(r).case.id for r in range(page.due_model.rowCount())]
    assert due == [pages.overdue.id, pages.not_due.id]
    rect = page.due_table.visualRect(page.due_model.index(1, 0))
    qtbot.mouseClick(page.due_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.case_panel.detail is not None
                    and page.case_panel.detail.row.case.id == pages.not_due.id, timeout=10000)


def test_morning_numbers_follow_the_day(qtbot: Any, pages: PagesWorld) -> None:
    """The day before the deadline nothing is overdue."""
    from datetime import date

    page = DashboardPage(pages.path, "en", "王建国", as_of=date(2026, 1, 8))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=15000)
    assert page.data.overdue == ()
    assert page.figures["overdue"].text() == "0"
    assert [r.case.id for r in page.data.due_today] == [pages.overdue.id]
