"""The section view's jump to an item: the brief highlight outlives no editor."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.window import new_draft

pytestmark = pytest.mark.gui


def test_highlight_timer_does_not_outlive_a_closed_editor(qtbot: QtBot, main_window: Any,
                                                          ui_db: Any) -> None:
    insp = new_draft(ui_db, "street_order", "好邻居")
    editor = main_window.open_inspection(insp)
    view = next(iter(editor.views.values()))
    item_id = next(iter(view.rows))
    editor.show_item(item_id)
    row = view.rows[item_id]
    assert "#fff3c4" in row.styleSheet()  # highlighted

    # Closed at once, as by the tab's close button; the editor is deleted from the event loop.
    index = main_window.tabs.indexOf(editor)
    with qtbot.waitSignal(editor.destroyed, timeout=5000):
        main_window.on_tab_close_requested(index)
    # Past the highlight's 1.5 s: the timer must not touch the deleted row (pytest-qt fails
    # the test on an exception raised in a Qt callback).
    qtbot.wait(1800)
    assert main_window.open_inspection_ids() == []


def test_highlight_fades_while_the_editor_is_open(qtbot: QtBot, main_window: Any,
                                                 ui_db: Any) -> None:
    insp = new_draft(ui_db, "street_order", "好邻居")
    editor = main_window.open_inspection(insp)
    view = next(iter(editor.views.values()))
    item_id = next(iter(view.rows))
    editor.show_item(item_id)
    row: QWidget = view.rows[item_id]
    qtbot.waitUntil(lambda: row.styleSheet() == "", timeout=3000)
