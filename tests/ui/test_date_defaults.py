"""The window shows the dates an inspection starts with: 检查日期 is already the Beijing day the
inspection was started (the checklist's `default: today`, written by the store at the start),
whatever zone the machine is set to; a date given at the start is shown as given."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit
from pytestqt.qtbot import QtBot

from app.core import clock
from tests.helpers.driver import answer, go_to_section
from tests.helpers.ops import settle
from tests.helpers.window import start_inspection_via_dialog

pytestmark = pytest.mark.gui


@pytest.fixture(params=["Etc/GMT+12", "Pacific/Kiritimati"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The machine's zone set far from Beijing: one of the two is always on another day."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _date_row(qtbot: QtBot, editor: Any, item_id: str) -> Any:
    item = editor.checklist.item(item_id)
    go_to_section(qtbot, editor, item.section_id)
    return editor.views[item.section_id].rows[item_id]


@pytest.mark.parametrize(("form_id", "site_search"), [
    ("street_order", "好邻居"),
    ("underground_group_rental", "中关村"),
])  # fmt: skip
def test_new_inspection_shows_todays_beijing_date(
    qtbot: QtBot, main_window: Any, machine_zone: str, form_id: str, site_search: str
) -> None:
    assert time.localtime().tm_gmtoff != 8 * 3600
    editor = start_inspection_via_dialog(qtbot, main_window, form_id, site_search)
    day = clock.beijing_date(editor.inspection.started_at)
    row = _date_row(qtbot, editor, "inspected_on")
    assert row.isVisible()
    assert row.input.edit.date() == QDate(day.year, day.month, day.day)
    assert row.input.edit.text() == day.isoformat()  # shown, not "Not set"
    assert editor.inspection.answers == {"inspected_on": day.isoformat()}
    # Nothing else is missing because of it: 检查日期 is not among the required blanks.
    assert "inspected_on" not in editor.evaluation.missing_required


def test_the_inspector_changes_the_date_like_any_answer(qtbot: QtBot, main_window: Any) -> None:
    editor = start_inspection_via_dialog(qtbot, main_window, "street_order", "好邻居")
    row = _date_row(qtbot, editor, "inspected_on")
    edit = row.input.edit
    earlier = edit.date().addYears(-1)
    edit.setFocus()
    edit.setCurrentSection(QDateEdit.Section.YearSection)
    qtbot.keyClick(edit, Qt.Key.Key_Down)  # a year back, from the keyboard
    assert edit.date() == earlier
    settle(qtbot)
    # Not saved while still typing: Enter (or leaving the field) finishes the date.
    assert editor.inspection.answers["inspected_on"] != earlier.toString("yyyy-MM-dd")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle(qtbot)
    assert editor.inspection.answers["inspected_on"] == earlier.toString("yyyy-MM-dd")
    answer(qtbot, editor, "inspected_on", "today")  # the Today button: back to Beijing's today
    assert editor.inspection.answers["inspected_on"] == clock.beijing_today().isoformat()


def test_a_date_given_at_the_start_is_shown(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    """An inspection recorded elsewhere (`inspection new --answers`) keeps its own date."""
    from app.store.inspections import start_inspection
    from app.store.profile import get_profile
    from app.store.sites import search_sites

    site = search_sites(ui_db, "好邻居")[0]
    inspection = start_inspection(ui_db, "street_order", site.id, get_profile(ui_db),
                                  answers={"inspected_on": "2026-11-02"})
    editor = main_window.open_inspection(str(inspection.id))
    row = _date_row(qtbot, editor, "inspected_on")
    assert row.input.edit.date() == QDate(2026, 11, 2)
    assert editor.inspection.answers["inspected_on"] == "2026-11-02"


def test_deadline_fills_in_when_a_notice_is_chosen(qtbot: QtBot, main_window: Any) -> None:
    """整改期限 is hidden until "notice served" is chosen; then it shows the start day plus the
    checklist's rectification period, saved like an answer."""
    import datetime as dt

    editor = start_inspection_via_dialog(qtbot, main_window, "street_order", "好邻居")
    assert "deadline" not in editor.inspection.answers
    answer(qtbot, editor, "action", "notice")
    start = clock.beijing_date(editor.inspection.started_at)
    due = start + dt.timedelta(days=editor.checklist.rectification_days)
    assert editor.inspection.answers["deadline"] == due.isoformat()
    row = _date_row(qtbot, editor, "deadline")
    assert row.isVisible()
    assert row.input.edit.date() == QDate(due.year, due.month, due.day)
