"""The editor for a day's work (issue 12.13–12.15): a completed record reads as text, the keys
of the day (sections, next unanswered, complete, close, find, the 快捷键 page), arrow keys in a
radio group, and long radio rows that wrap in a 1024-px window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.checklist import load_checklist_text
from app.store.checklists import register_checklist
from app.store.inspection_records import get_inspection
from app.store.inspections import complete_inspection, set_answers, start_inspection
from app.store.profile import get_profile
from app.store.sites import search_sites
from app.ui.editor import keys
from tests.helpers.ops import settle
from tests.helpers.window import INSPECTOR, new_draft

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier

READING_YAML = """\
id: test_reading
version: 1
work_item: street_order
title: {zh: 只读显示（测试）, en: Read-only view (test)}
legal_basis:
  - {zh: 《北京市市容环境卫生条例》, en: Beijing city appearance regulations}
rectification_days: 10
sections:
  - id: main
    title: {zh: 现场情况, en: On site}
    items:
      - id: trading
        type: yes_no_na
        label: {zh: 是否占道经营, en: Trading on the road}
        required: true
      - id: stall
        type: choice
        label: {zh: 摊位类型, en: Kind of stall}
        options:
          - {value: fixed, label: {zh: 固定摊位, en: Fixed}}
          - {value: mobile, label: {zh: 流动摊贩, en: Mobile}}
      - id: goods
        type: multi_choice
        label: {zh: 占道物品, en: Goods out}
        options:
          - {value: crates, label: {zh: 货箱, en: Crates}}
          - {value: signs, label: {zh: 广告牌, en: Signs}}
          - {value: tables, label: {zh: 桌椅, en: Tables}}
      - id: area
        type: decimal
        label: {zh: 占道面积, en: Area taken}
        unit: {zh: 平方米, en: m²}
      - id: code
        type: credit_code
        label: {zh: 统一社会信用代码, en: Credit code}
      - id: remark
        type: text
        label: {zh: 备注, en: Remark}
"""


def _reading_draft(db: Any, answers: dict[str, Any]) -> str:
    checklist = load_checklist_text(READING_YAML, "test_reading.v1.yaml")
    register_checklist(db, checklist, READING_YAML, INSPECTOR)
    site = search_sites(db, "好邻居")[0]
    insp = str(start_inspection(db, checklist.id, site.id, get_profile(db)).id)
    set_answers(db, insp, answers, INSPECTOR)
    return insp


def _reading_record(db: Any) -> str:
    insp = _reading_draft(db, {"trading": "yes", "stall": "mobile",
                               "goods": ["crates", "tables"], "area": 2.5})
    complete_inspection(db, insp, INSPECTOR)
    return insp


def test_a_completed_record_reads_as_text(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    editor = main_window.open_inspection(_reading_record(ui_db))
    assert editor.read_only
    rows = editor.views["main"].rows
    shown = {item_id: row.answer_text() for item_id, row in rows.items()}
    assert shown["trading"] == "是"
    assert shown["stall"] == "流动摊贩"
    assert shown["goods"] == "货箱、桌椅"
    assert shown["area"] == "2.5 平方米"
    # Nothing recorded reads as nothing recorded: a grey 未填写, not the code's placeholder.
    for empty in ("code", "remark"):
        assert "未填写" in shown[empty] and "#9e9e9e" in shown[empty]
        assert "91110000600037341L" not in shown[empty]
        assert not rows[empty].input.isVisible()
        assert rows[empty].reading is not None and rows[empty].reading.isVisible()
    # No input is shown at all: no greyed fields or radio buttons.
    visible_inputs = [w for w in editor.findChildren(QLineEdit) + editor.findChildren(QRadioButton)
                      if w.isVisible() and editor.views["main"].isAncestorOf(w)]
    assert visible_inputs == []


def test_a_draft_shows_its_inputs_not_text(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    editor = main_window.open_inspection(new_draft(ui_db, "street_order", "好邻居"))
    row = next(r for v in editor.views.values() for r in v.rows.values() if r.isVisible())
    assert row.input.isVisible() and row.answer_text() == ""


def _shown_rows(editor: Any) -> list[Any]:
    view = editor.pages.currentWidget()
    return [r for r in view.rows.values() if not r.isHidden()]


def _row_with_focus(editor: Any) -> Any:
    focus = QApplication.focusWidget()
    for view in editor.views.values():
        for row in view.rows.values():
            if focus is not None and row.isAncestorOf(focus):
                return row
    return None


def test_section_keys_move_and_put_the_cursor_in_the_first_question(
        qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    editor = main_window.open_inspection(new_draft(ui_db, "street_order", "好邻居"))
    editor.sections.setFocus()
    first = editor.current_section_id()
    qtbot.keyClick(editor.sections, Qt.Key.Key_PageDown, CTRL)
    second = editor.current_section_id()
    assert second != first
    assert _row_with_focus(editor) is _shown_rows(editor)[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CTRL)
    assert editor.current_section_id() == first
    assert _row_with_focus(editor) is _shown_rows(editor)[0]
    # The button says its key.
    assert "Ctrl+PgDown" in editor.next_button.toolTip()


def test_ctrl_j_lands_on_unanswered_questions(qtbot: QtBot, main_window: Any,
                                              ui_db: Any) -> None:
    insp = new_draft(ui_db, "street_order", "好邻居")
    editor = main_window.open_inspection(insp)
    editor.sections.setFocus()
    answers = get_inspection(ui_db, insp).answers
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_J, CTRL)
        row = _row_with_focus(editor)
        assert row is not None and row.isVisible()
        assert answers.get(row.item.id) in (None, "", [])
        seen.append(row.item.id)
    assert len(set(seen)) == 3  # each press goes on to the next one


def test_ctrl_j_says_when_everything_is_answered(qtbot: QtBot, main_window: Any,
                                                 ui_db: Any) -> None:
    editor = main_window.open_inspection(_reading_draft(ui_db, {
        "trading": "no", "stall": "fixed", "goods": ["signs"], "area": 1.0,
        "code": "91110000710926094P", "remark": "无"}))
    editor.sections.setFocus()
    qtbot.keyClick(editor.sections, Qt.Key.Key_J, CTRL)
    assert editor.status_label.text() == "所有问题都已作答"


def test_arrow_keys_choose_within_a_radio_group(qtbot: QtBot, main_window: Any,
                                                ui_db: Any) -> None:
    insp = _reading_draft(ui_db, {})
    editor = main_window.open_inspection(insp)
    item_id = "trading"
    buttons = [editor.findChild(QRadioButton, f"trading:{v}") for v in ("yes", "no", "na")]
    buttons[0].setFocus()
    qtbot.keyClick(buttons[0], Qt.Key.Key_Space)
    settle(qtbot)
    assert get_inspection(ui_db, insp).answers[item_id] == "yes"
    qtbot.keyClick(buttons[0], Qt.Key.Key_Right)
    settle(qtbot)
    assert buttons[1].isChecked() and buttons[1].hasFocus()
    assert get_inspection(ui_db, insp).answers[item_id] == "no"
    qtbot.keyClick(buttons[1], Qt.Key.Key_Left)
    settle(qtbot)
    assert buttons[0].isChecked()
    assert get_inspection(ui_db, insp).answers[item_id] == "yes"


def test_ctrl_enter_asks_to_complete(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    editor = main_window.open_inspection(new_draft(ui_db, "street_order", "好邻居"))
    editor.sections.setFocus()
    qtbot.keyClick(editor.sections, Qt.Key.Key_Return, CTRL)
    settle(qtbot)
    # Required answers are missing: refused, and the first missing question is shown.
    assert editor.status_label.text() == "未完成"
    assert _row_with_focus(editor) is not None


def test_window_keys_close_find_and_help(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    editor = main_window.open_inspection(new_draft(ui_db, "street_order", "好邻居"))
    editor.sections.setFocus()
    qtbot.keyClick(editor.sections, Qt.Key.Key_W, CTRL)
    assert main_window.open_inspection_ids() == []
    qtbot.keyClick(main_window.table, Qt.Key.Key_F, CTRL)
    assert main_window.tabs.currentIndex() == 0
    assert main_window.filter_bar.site_text.hasFocus()
    qtbot.keyClick(main_window.table, Qt.Key.Key_F1)
    dialog = main_window.shortcuts_dialog
    qtbot.waitExposed(dialog)
    text = dialog.table.text()
    for key in ("Ctrl+N", "Ctrl+PgDown", "Ctrl+PgUp", "Ctrl+J", "Ctrl+W", "Ctrl+F", "F1",
                keys.key_text(keys.COMPLETE)):  # Ctrl+回车 in Chinese
        assert key in text, key
    assert "自动保存" in text
    assert "F1" in main_window.help_action.toolTip()
    dialog.reject()


def test_long_radio_rows_wrap_at_1024(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    """Every shipped checklist's editor fits a 1024×700 window: no row wider than its page."""
    from app.store.checklists import current_checklists

    main_window.resize(1024, 700)
    for checklist in current_checklists(ui_db):
        editor = main_window.open_inspection(new_draft(ui_db, checklist.id, "好邻居"))
        for row in range(editor.sections.count()):
            editor.sections.setCurrentRow(row)
            view = editor.pages.currentWidget()
            if view not in editor.views.values():
                continue  # the photo page
            qtbot.waitUntil(lambda v=view: v.isVisible())
            QApplication.processEvents()
            assert not view.horizontalScrollBar().isVisible(), (checklist.id, row)
            body: QWidget = view.widget()
            assert body.width() <= view.viewport().width(), (checklist.id, row)
        main_window.on_close_current_tab()
