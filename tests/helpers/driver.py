"""Driving the real window like a person: mouse clicks and key presses on the item widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from app.ui.date_edit import beijing_qdate
from tests.helpers.ops import settle

LATER = "+1y"  # a date a year after today (deadlines)
TODAY = "today"


def click(qtbot: QtBot, widget: Any) -> None:
    """Click a widget; check boxes and radio buttons on their indicator, as people do (a
    stretched box only reacts on its indicator and text, not on the empty space after it)."""
    if isinstance(widget, QCheckBox | QRadioButton):
        pos = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    settle(qtbot)  # what the click changed is saved (app.ui.operations) before the next step


def click_list_row(qtbot: QtBot, view: QListWidget, row: int) -> None:
    """Click a list entry where it is drawn."""
    item = view.item(row)
    view.scrollToItem(item)
    rect = view.visualItemRect(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_text(qtbot: QtBot, widget: Any, text: str) -> None:
    """Type text as a person does: keys for ASCII, the input method's commit for Chinese."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    # QTest only knows ASCII keys; Chinese arrives from the IME as a committed string.
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str, finish: bool = True) -> None:
    """Replace the text by typing it, then leave the field with Enter (saves at once)."""
    click(qtbot, edit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, text)
    if finish:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        settle(qtbot)


def go_to_section(qtbot: QtBot, editor: Any, section_id: str) -> None:
    for row, section in enumerate(editor.checklist.sections):
        if section.id == section_id:
            click_list_row(qtbot, editor.sections, row)
            assert editor.pages.currentWidget() is editor.views[section_id]
            return
    raise KeyError(section_id)


def answer(qtbot: QtBot, editor: Any, item_id: str, value: Any) -> None:
    """Answer one item through its widget, as an inspector would."""
    item = editor.checklist.item(item_id)
    row = editor.views[item.section_id].rows[item_id]
    QApplication.processEvents()  # newly shown rows get their layout, as on a screen
    editor.views[item.section_id].ensureWidgetVisible(row)
    inputs = row.input
    kind = item.type
    if kind in ("yes_no_na", "choice"):
        combo = inputs.findChild(QComboBox, f"{item_id}:combo")
        if combo is not None:
            combo.setFocus()
            target = combo.findData(value)
            assert target > 0, f"{item_id}: no option {value!r}"
            while combo.currentIndex() != target:
                key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
                qtbot.keyClick(combo, key)
        else:
            click(qtbot, inputs.findChild(QRadioButton, f"{item_id}:{value}"))
    elif kind == "multi_choice":
        for option in item.options:
            box = inputs.findChild(QCheckBox, f"{item_id}:{option.value}")
            if box.isChecked() != (option.value in value):
                click(qtbot, box)
    elif kind in ("integer", "decimal", "text", "credit_code"):
        type_into(qtbot, inputs.findChild(QLineEdit, f"{item_id}:edit"), str(value))
    elif kind == "date":
        click(qtbot, inputs.findChild(QPushButton, f"{item_id}:today"))
        if value == LATER:
            edit = inputs.findChild(QDateEdit, f"{item_id}:date")
            edit.setFocus()
            edit.setCurrentSection(QDateEdit.Section.YearSection)
            qtbot.keyClick(edit, Qt.Key.Key_Up)
            qtbot.keyClick(edit, Qt.Key.Key_Return)  # a typed date counts once it is finished
    else:
        raise AssertionError(f"{item_id}: cannot answer a {kind} item from a test")
    settle(qtbot)  # saved, and the store's date defaults are shown


def expected_value(item: Any, value: Any) -> Any:
    """What the database should hold after `answer(..., value)`."""
    if item.type == "date":
        today = beijing_qdate()  # the Today button's day: Beijing's, not the machine's
        return (today.addYears(1) if value == LATER else today).toString("yyyy-MM-dd")
    if item.type == "integer":
        return int(value)
    if item.type == "decimal":
        return float(value)
    return value


def fill(qtbot: QtBot, editor: Any, plan: dict[str, Any], sections: list[str] | None = None,
         ) -> None:
    """Walk the sections in order answering every visible planned item not yet answered.

    Answers can reveal further items, so the walk repeats until nothing changes.
    """
    for _ in range(4):
        changed = False
        for section in editor.checklist.sections:
            if sections is not None and section.id not in sections:
                continue
            if not any(i.id in editor.evaluation.visible for i in section.items):
                continue
            go_to_section(qtbot, editor, section.id)
            for item in section.items:
                if item.id not in plan or item.id not in editor.evaluation.visible:
                    continue
                want = expected_value(item, plan[item.id])
                if editor.inspection.answers.get(item.id) == want:
                    continue
                answer(qtbot, editor, item.id, plan[item.id])
                assert editor.inspection.answers.get(item.id) == want, (
                    f"{item.id}: stored {editor.inspection.answers.get(item.id)!r}, "
                    f"wanted {want!r}")
                changed = True
        if not changed:
            return
