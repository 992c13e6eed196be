"""The new-inspection dialog asks for the second officer (行政处罚法 第四十二条), remembers the
last one named, and the inspection started from it carries both officers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.store.inspection_records import get_inspection
from tests.helpers.driver import click, click_list_row, type_into, type_text
from tests.helpers.ops import settle


def _start(qtbot: QtBot, window: Any, name: str | None, badge: str | None) -> Any:
    window.new_action.trigger()
    dialog = window.new_inspection_dialog
    qtbot.waitExposed(dialog)
    if name is not None:
        dialog.second_name.clear()
        type_into(qtbot, dialog.second_name, name, finish=False)
    if badge is not None:
        dialog.second_badge.clear()
        type_into(qtbot, dialog.second_badge, badge, finish=False)
    prefilled = dialog.second_officer()
    type_text(qtbot, dialog.search, "好邻居")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    click_list_row(qtbot, dialog.sites, 0)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    settle(qtbot)
    editor = window.tabs.currentWidget()
    return prefilled, editor


def test_the_second_officer_is_asked_remembered_and_recorded(qtbot: QtBot, main_window: Any,
                                                             ui_db: Any) -> None:
    typed, editor = _start(qtbot, main_window, "李卫东", "京朝阳0416")
    assert typed == ("李卫东", "京朝阳0416")
    stored = get_inspection(ui_db, editor.inspection.id)
    assert (stored.second_inspector_name, stored.second_badge_no) == ("李卫东", "京朝阳0416")
    # The next inspection starts with the same colleague filled in.
    prefilled, second = _start(qtbot, main_window, None, None)
    assert prefilled == ("李卫东", "京朝阳0416")
    assert get_inspection(ui_db, second.inspection.id).second_badge_no == "京朝阳0416"
