"""Dates the window picks for people ("today", this month) are Beijing's, whatever zone the
machine is set to. UTC−12 and UTC+14 are 26 hours apart, so at any moment at least one of them
is on another calendar day than Beijing: a window reading the machine's date fails here."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.core import clock
from tests.helpers.driver import click, go_to_section
from tests.helpers.window import new_draft

pytestmark = pytest.mark.gui


@pytest.fixture(params=["Etc/GMT+12", "Pacific/Kiritimati"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The machine's own zone set far from Beijing (as in tests/core/test_clock.py)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_today_button_uses_beijing_date(
        qtbot: QtBot, main_window: Any, ui_db: Any, machine_zone: str) -> None:
    assert time.localtime().tm_gmtoff != 8 * 3600
    today = _qdate(clock.beijing_today())
    editor = main_window.open_inspection(new_draft(ui_db, "street_order", "好邻居"))
    item = editor.checklist.item("inspected_on")
    go_to_section(qtbot, editor, item.section_id)
    row = editor.views[item.section_id].rows[item.id]
    assert row.isVisible()
    button = row.input.findChild(QPushButton, f"{item.id}:today")
    click(qtbot, button)
    assert row.input.edit.date() == today
    assert editor.inspection.answers.get(item.id) == clock.beijing_today().isoformat()


def test_summary_month_is_beijing_month(qtbot: QtBot, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary's default span and "This month" follow Beijing's calendar (here the clock
    says 29 February 2024 in Beijing)."""
    from app.ui.reports.summary_page import SummaryPage

    monkeypatch.setattr(clock, "beijing_today", lambda: date(2024, 2, 29))
    page = SummaryPage(tmp_path / "street-audit.db", "zh")
    qtbot.addWidget(page)
    assert (page.date_from.date(), page.date_to.date()) == (QDate(2024, 2, 1), QDate(2024, 2, 29))
    page.date_from.setDate(QDate(2023, 1, 1))
    click(qtbot, page.this_month)
    assert (page.date_from.date(), page.date_to.date()) == (QDate(2024, 2, 1), QDate(2024, 2, 29))
