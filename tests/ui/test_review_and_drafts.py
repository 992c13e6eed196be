"""Drafts, ownership and the team lead's review in the window (issue 12.7, 12.8, 12.9, 12.16):
the review tab only for a lead or an office, approve and return (a 'return' task), the other
inspector's draft warning, discard and duplicate, the inspector filter and 我的检查, a
superseded tab turning read-only with a link to its amendment, the status bar and the title."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.store.inspection_errors import InspectionNotFound
from app.store.inspection_records import get_inspection
from app.store.inspections import start_inspection
from app.store.profile import get_profile, save_profile
from app.store.review import review_state
from app.ui.operations import Changes
from tests.helpers.driver import click, type_text
from tests.helpers.ops import settle
from tests.helpers.sync_edits import complete
from tests.helpers.window import INSPECTOR

pytestmark = pytest.mark.gui


def _draft(db: Any, inspector: str = INSPECTOR, site: str = "好邻居便利店") -> str:
    from app.store.sites import search_sites

    profile = get_profile(db)
    assert profile is not None
    return start_inspection(db, "street_order", search_sites(db, site)[0].id,
                            replace(profile, inspector_name=inspector)).id


def _window(qtbot: QtBot, db: Any, db_path: Path, tmp_path: Path) -> Any:
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = create_application()
    install_translations(app, "zh")
    window = MainWindow(db, db_path, Settings(tmp_path / "settings.ini"), "zh")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _set_role(db: Any, role: str) -> None:
    profile = get_profile(db)
    assert profile is not None
    save_profile(db, replace(profile, role=role))


def _tab_texts(window: Any) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def _click_row(qtbot: QtBot, view: Any, row: int, column: int = 1) -> None:
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_status_bar_says_who_and_the_title_says_the_program_once(main_window: Any,
                                                                 db_path: Path) -> None:
    text = main_window.who_label.text()
    assert text == "张伟 · 巡查员 · 11010500123 · 朝阳一队 · 朝阳区城管执法监察大队"
    assert str(db_path) not in text and str(db_path) in main_window.who_label.toolTip()
    title = main_window.windowTitle()
    assert title.endswith("街巷巡查 Street Audit") and title.count("街巷巡查") == 1


def test_the_review_tab_follows_the_role(qtbot: QtBot, main_window: Any) -> None:
    assert "审核" not in _tab_texts(main_window)
    for role, shown in (("lead", True), ("field", False), ("office", True)):
        main_window.settings_action.trigger()
        dialog = main_window.settings_dialog
        qtbot.waitExposed(dialog)
        combo = dialog.role
        combo.setFocus()
        target = combo.findData(role)
        while combo.currentIndex() != target:
            qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target
                           else Qt.Key.Key_Up)
        dialog.accept()
        settle(qtbot)
        assert ("审核" in _tab_texts(main_window)) is shown, role
    assert "单位" in main_window.who_label.text()


def test_a_lead_returns_and_approves(qtbot: QtBot, ui_db: Any, db_path: Path,
                                     tmp_path: Path) -> None:
    _set_role(ui_db, "lead")
    first, second = _draft(ui_db), _draft(ui_db, site="中关村地下旅馆")
    complete(ui_db, first)
    complete(ui_db, second)
    window = _window(qtbot, ui_db, db_path, tmp_path)
    page = window.review.page
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert "2 条" in page.heading.text()

    _click_row(qtbot, page.table, 0)
    click(qtbot, page.return_button)  # no comments: refused, nothing written
    assert "退回时请写明" in page.message.text() and review_state(ui_db, first) == "pending"
    page.comments.setFocus()
    type_text(qtbot, page.comments, "门头照片缺失，请补拍")
    click(qtbot, page.return_button)
    assert review_state(ui_db, first) == "returned"
    task = ui_db.execute("SELECT kind, state, notes FROM tasks WHERE inspection_id = ?",
                         (first,)).fetchone()
    assert task == ("return", "open", "门头照片缺失，请补拍")
    assert page.model.rowCount() == 1 and page.comments.toPlainText() == ""

    _click_row(qtbot, page.table, 0)
    click(qtbot, page.approve_button)
    assert review_state(ui_db, second) == "approved" and page.model.rowCount() == 0

    window.tabs.setCurrentIndex(0)
    settle(qtbot)
    statuses = {window.model.inspection_id(r): window.model.data(window.model.index(r, 4))
                for r in range(window.model.rowCount())}
    assert statuses == {first: "已完成 · 已退回", second: "已完成 · 已审核"}


def test_another_inspectors_draft_opens_with_a_warning(main_window: Any, ui_db: Any) -> None:
    theirs, mine = _draft(ui_db, "王芳"), _draft(ui_db)
    editor = main_window.open_inspection(theirs)
    assert editor.bar.isVisible()
    assert "这是 王芳 的草稿" in editor.bar.note.text()
    own = main_window.open_inspection(mine)
    assert "草稿" not in own.bar.note.text()
    assert own.bar.discard_button.isVisible() and own.bar.duplicate_button.isVisible()


def test_duplicate_then_discard(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    from app.store.inspections import set_answers

    original = _draft(ui_db)
    set_answers(ui_db, original, {"business_name": "好邻居便利店"}, INSPECTOR)
    editor = main_window.open_inspection(original)
    click(qtbot, editor.bar.duplicate_button)
    copy = main_window.tabs.currentWidget()
    assert copy is not editor and copy.inspection_id != original
    assert get_inspection(ui_db, copy.inspection_id).answers["business_name"] == "好邻居便利店"

    main_window.tabs.setCurrentWidget(editor)
    click(qtbot, editor.bar.discard_button)
    dialog = editor.bar.discard_dialog
    qtbot.waitExposed(dialog)
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "重复录入")
    click(qtbot, dialog.discard_button)
    qtbot.waitUntil(lambda: original not in main_window.open_inspection_ids())
    with pytest.raises(InspectionNotFound):
        get_inspection(ui_db, original)
    detail = ui_db.execute("SELECT detail FROM audit WHERE action = 'inspection.discard' "
                           "AND entity_id = ?", (original,)).fetchone()[0]
    assert "重复录入" in detail and "好邻居便利店" in detail


def test_inspector_filter_and_my_inspections(qtbot: QtBot, main_window: Any,
                                             ui_db: Any) -> None:
    mine, theirs = _draft(ui_db), _draft(ui_db, "王芳")
    main_window.on_refresh()
    bar = main_window.filter_bar
    assert main_window.model.rowCount() == 2
    click(qtbot, bar.mine)
    assert bar.inspector.currentData() == INSPECTOR
    assert [main_window.model.inspection_id(r) for r in range(main_window.model.rowCount())] \
        == [mine]
    click(qtbot, bar.mine)
    assert main_window.model.rowCount() == 2
    bar.inspector.setFocus()
    target = bar.inspector.findData("王芳")
    assert target > 0
    while bar.inspector.currentIndex() != target:
        qtbot.keyClick(bar.inspector, Qt.Key.Key_Down)
    assert [main_window.model.inspection_id(r) for r in range(main_window.model.rowCount())] \
        == [theirs]
    assert not bar.mine.isChecked()
    assert main_window.filter_bar.choice().inspector == "王芳"


def test_a_superseded_tab_turns_read_only_with_a_link(qtbot: QtBot, main_window: Any,
                                                      ui_db: Any) -> None:
    original = _draft(ui_db)
    complete(ui_db, original)
    editor = main_window.open_inspection(original)
    editor.on_amend_reason("地址写错")
    settle(qtbot)
    amendment = main_window.tabs.currentWidget()
    assert amendment.inspection.amends_id == original
    assert main_window.tabs.tabText(main_window.tabs.currentIndex()).endswith("（第 1 次更正）")
    complete(ui_db, amendment.inspection_id)  # completed elsewhere (another view, a merge)
    main_window.data_hub.notify(Changes.of_inspections(amendment.inspection_id))
    settle(qtbot)
    assert "已被第 1 次更正取代" in editor.bar.note.text()
    assert not editor.amend_button.isVisible()
    assert not editor.report_buttons.notice_button.isEnabled()
    main_window.tabs.setCurrentWidget(editor)
    link = f"open:{amendment.inspection_id}"
    assert link in editor.bar.note.text()
    editor.bar.note.linkActivated.emit(link)
    assert main_window.tabs.currentWidget() is amendment

