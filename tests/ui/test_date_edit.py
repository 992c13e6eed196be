"""Date fields change only when a date is chosen (issue 12.4): an empty one opens its calendar
on today, browsing the calendar with the arrow keys saves nothing, closing it without a choice
puts the old value back, typing counts once finished, and opening a date filter sets nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from app.ui.date_edit import NO_DATE, DateEdit, beijing_qdate


def _open_calendar(qtbot: QtBot, edit: DateEdit) -> QTableView:
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton,
                     pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    assert calendar.isVisible()
    view = calendar.findChild(QTableView)
    view.setFocus()
    return view


def _edit(qtbot: QtBot) -> tuple[DateEdit, list[QDate]]:
    edit = DateEdit("未填写")
    qtbot.addWidget(edit)
    edit.resize(160, 28)
    edit.show()
    qtbot.waitExposed(edit)
    chosen: list[QDate] = []
    edit.committed.connect(chosen.append)
    return edit, chosen


def test_an_empty_date_opens_on_today_and_browsing_saves_nothing(qtbot: QtBot) -> None:
    edit, chosen = _edit(qtbot)
    view = _open_calendar(qtbot, edit)
    calendar = edit.calendarWidget()
    today = beijing_qdate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert chosen == []  # opening is not choosing
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(view, key)
    assert chosen == []  # nor is browsing
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not calendar.isVisible()
    assert edit.saved_date() == NO_DATE and edit.date() == NO_DATE  # the browsed day is gone
    assert edit.text() == "未填写"


def test_enter_in_the_calendar_chooses_the_day(qtbot: QtBot) -> None:
    edit, chosen = _edit(qtbot)
    edit.setDate(QDate(2026, 3, 15))  # code, not the user: no signal
    assert chosen == []
    view = _open_calendar(qtbot, edit)
    assert edit.calendarWidget().selectedDate() == QDate(2026, 3, 15)  # opens on the value
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert chosen == [QDate(2026, 3, 16)] and edit.saved_date() == QDate(2026, 3, 16)


def test_a_typed_date_counts_once_finished(qtbot: QtBot) -> None:
    edit, chosen = _edit(qtbot)
    edit.setDate(QDate(2026, 3, 15))
    edit.setFocus()
    edit.setCurrentSection(DateEdit.Section.DaySection)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert chosen == []  # each step is not an answer
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert chosen == [QDate(2026, 3, 17)]


def test_opening_a_date_filter_does_not_set_it(qtbot: QtBot) -> None:
    from app.ui.inspection_filter_bar import InspectionFilterBar

    bar = InspectionFilterBar([("street_order", "占道经营")], "zh")
    qtbot.addWidget(bar)
    bar.resize(1200, 40)
    bar.show()
    qtbot.waitExposed(bar)
    changes: list[Any] = []
    bar.changed.connect(changes.append)
    view = _open_calendar(qtbot, bar.date_from)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert changes == [] and bar.choice().date_from == ""
    view = _open_calendar(qtbot, bar.date_from)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # today, chosen
    assert [c.date_from for c in changes] == [beijing_qdate().toString("yyyy-MM-dd")]
