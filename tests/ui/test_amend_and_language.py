"""Completed inspections are read-only and amended with a reason; the language can be switched."""

from __future__ import annotations

import gc
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui.photos.slot import PhotoSlot
from app.ui.photos.strip import PhotoStrip
from tests.helpers.completion import confirm_completion
from tests.helpers.driver import click, type_text
from tests.helpers.window import INSPECTOR

pytestmark = pytest.mark.gui


def completed_inspection(db: Any, form_id: str = "street_order") -> str:
    """A completed inspection made through the store (the UI part is tested elsewhere)."""
    from app.core.checklist import sample_answers
    from app.store.checklists import get_checklist
    from app.store.inspections import complete_inspection, set_answers, start_inspection
    from app.store.sites import search_sites

    site = search_sites(db, "好邻居")[0]
    inspection = start_inspection(db, form_id, site.id, None)
    set_answers(db, inspection.id, sample_answers(get_checklist(db, form_id), random.Random(3)),
                INSPECTOR)
    complete_inspection(db, inspection.id, INSPECTOR)
    return str(inspection.id)


def test_completed_is_read_only(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    inspection_id = completed_inspection(ui_db)
    editor = main_window.open_inspection(inspection_id)
    assert editor.read_only
    assert not editor.complete_button.isVisible()
    assert editor.amend_button.isVisible()
    assert not editor.panel.blockers_box.isVisible()
    # No input can change an answer: every widget that edits (buttons, boxes, fields) is
    # disabled. What stays live is a photo item's strip, so its photos can still be opened.
    editing = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox,
               QAbstractSpinBox)
    strips = []
    for view in editor.views.values():
        for row in view.rows.values():
            live = [w for w in row.input.findChildren(QWidget)
                    if w.isEnabled() and isinstance(w, editing)]
            assert live == [], (row.item.id, live)
            strips += row.input.findChildren(PhotoStrip)
    assert strips, "street_order has a photo item"
    for strip in strips:
        # Viewable, but it takes no photos: no drops, no add button, no removal.
        assert strip.isEnabled() and strip.read_only
        assert not strip.acceptDrops() and not strip.viewport().acceptDrops()
        slot = strip.parentWidget()
        assert isinstance(slot, PhotoSlot)
        assert not slot.add_button.isEnabled() and not slot.add_button.isVisible()
    # Even a forced edit is refused (the inputs are disabled; the editor ignores it too).
    before = dict(editor.inspection.answers)
    editor.on_answer_edited("business_name", "changed")
    assert editor.inspection.answers == before


def test_amendment_asks_a_reason_and_opens_a_new_draft(qtbot: QtBot, main_window: Any,
                                                       ui_db: Any, db_path: Path) -> None:
    inspection_id = completed_inspection(ui_db)
    editor = main_window.open_inspection(inspection_id)
    click(qtbot, editor.amend_button)
    dialog = editor.amend_dialog
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason, no amendment
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "营业执照号码抄错")
    assert ok.isEnabled()
    click(qtbot, ok)

    amendment = main_window.tabs.currentWidget()
    assert amendment is not editor
    assert not amendment.read_only
    assert amendment.inspection.amendment_no == 1
    assert amendment.inspection.answers == editor.inspection.answers
    # Amending the original again continues the open amendment instead of starting a second.
    main_window.tabs.setCurrentWidget(editor)
    click(qtbot, editor.amend_button)
    editor.amend_dialog.reason.setPlainText("again")
    click(qtbot, editor.amend_dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert main_window.tabs.currentWidget() is amendment

    con = sqlite3.connect(db_path)
    row = con.execute("SELECT amends_id, amend_reason, status FROM inspections WHERE id = ?",
                      (amendment.inspection_id,)).fetchone()
    original = con.execute("SELECT status, answers FROM inspections WHERE id = ?",
                           (inspection_id,)).fetchone()
    con.close()
    assert row == (inspection_id, "营业执照号码抄错", "draft")
    assert original[0] == "completed"

    # The amendment is edited like any draft and completes; the original is then superseded.
    confirm_completion(qtbot, amendment)
    assert amendment.read_only
    con = sqlite3.connect(db_path)
    superseded = con.execute("SELECT superseded_by FROM inspections WHERE id = ?",
                             (inspection_id,)).fetchone()[0]
    con.close()
    assert superseded == amendment.inspection_id


def test_language_switch_rebuilds_the_window_in_english(qtbot: QtBot, ui_db: Any,
                                                        db_path: Path, tmp_path: Path) -> None:
    from app.ui.app import DesktopApp, create_application
    from app.ui.settings import LANGUAGE, Settings

    settings = Settings(tmp_path / "settings.ini")
    desktop = DesktopApp(create_application(), ui_db, db_path, settings, "zh")
    window = desktop.show_main_window()
    qtbot.addWidget(window)
    assert window.tabs.tabText(0) == "检查记录"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "开始时间"
    inspection_id = completed_inspection(ui_db)
    window.open_inspection(inspection_id)

    # Through the settings dialog, as a user would.
    window.on_settings()
    dialog = window.settings_dialog
    dialog.language_box.setFocus()
    qtbot.keyClick(dialog.language_box, Qt.Key.Key_Down)  # 简体中文 → English
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    english = desktop.window
    assert english is not None and english is not window
    qtbot.addWidget(english)
    # The old window was deleted (deleteLater); its Python side goes with the next collection
    # (its helpers point back at it), so pytest-qt does not try to close a deleted window.
    del window, dialog
    qtbot.wait(10)
    gc.collect()
    assert english.tabs.tabText(0) == "Inspections"
    assert english.windowTitle() == "街巷巡查 Street Audit"  # the program once (issue 12.16)
    assert english.model.headerData(0, Qt.Orientation.Horizontal) == "Started"
    assert settings.get(LANGUAGE) == "en"
    # Open inspections come back, with the checklist's own English wording.
    assert english.open_inspection_ids() == [inspection_id]
    editor = english.editors()[0]
    assert editor.checklist.title.en in editor.header.text()
    assert editor.amend_button.text() == "Amend…"

    desktop.on_language_changed("zh")
    chinese = desktop.window
    assert chinese is not None
    qtbot.addWidget(chinese)
    assert chinese.tabs.tabText(0) == "检查记录"


def test_qt_own_buttons_are_chinese(qtbot: QtBot, main_window: Any) -> None:
    main_window.on_settings()
    buttons = main_window.settings_dialog.buttons
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_settings_are_saved_to_the_profile(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    from app.store.profile import get_profile

    main_window.on_settings()
    dialog = main_window.settings_dialog
    dialog.badge_no.setFocus()
    dialog.badge_no.selectAll()
    qtbot.keyClicks(dialog.badge_no, "BJ-9999")
    dialog.role.setFocus()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)  # field → lead
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    profile = get_profile(ui_db)
    assert profile is not None
    assert (profile.badge_no, profile.role) == ("BJ-9999", "lead")
    assert profile.inspector_name == INSPECTOR
    assert "BJ-9999" in main_window.who_label.text()


def test_the_office_code_of_notice_numbers_is_set_in_settings(qtbot: QtBot, main_window: Any,
                                                              ui_db: Any) -> None:
    from app.store.profile import get_profile
    from tests.helpers.driver import type_into
    from tests.helpers.ops import settle

    main_window.on_settings()
    dialog = main_window.settings_dialog
    assert dialog.office_code.placeholderText() == "如 东城城管责改"  # translated
    type_into(qtbot, dialog.office_code, "朝阳城管责改", finish=False)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    settle(qtbot)
    profile = get_profile(ui_db)
    assert profile is not None and profile.office_code == "朝阳城管责改"
    # A code that cannot stand in a 文号 is refused with the reason; the stored one stays.
    main_window.on_settings()
    dialog = main_window.settings_dialog
    type_into(qtbot, dialog.office_code, "朝阳 城管", finish=False)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    settle(qtbot)
    assert get_profile(ui_db).office_code == "朝阳城管责改"  # type: ignore[union-attr]
    assert "机关代字" in main_window.statusBar().currentMessage()
