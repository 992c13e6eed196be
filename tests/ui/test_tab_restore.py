"""Nothing typed is lost (issue 12.6): the editor tabs and the section each showed come back
after a crash or a restart; a language switch keeps the window's size, place, filters, tabs and
sections; an inspection that is gone is skipped."""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.ui import settings as s
from tests.helpers.driver import click
from tests.helpers.window import new_draft


def _window(qtbot: QtBot, db: Any, db_path: Path, settings_file: Path) -> Any:
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow

    install_translations(create_application(), "zh")
    window = MainWindow(db, db_path, s.Settings(settings_file), "zh")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Drawn once: the remembered tabs were opened again.
    qtbot.waitUntil(lambda w=window: not w.tab_memory._frozen, timeout=5000)
    return window


def _remembered(settings_file: Path) -> str:
    return s.Settings(settings_file).get(s.OPEN_TABS)


def test_tabs_and_sections_come_back_after_a_crash(qtbot: QtBot, ui_db: Any, db_path: Path,
                                                   tmp_path: Path) -> None:
    ini = tmp_path / "window.ini"
    first = _window(qtbot, ui_db, db_path, ini)
    a = new_draft(ui_db, "street_order", "好邻居")
    b = new_draft(ui_db, "storefront_opening", "中关村")
    editor_a = first.open_inspection(a)
    click(qtbot, editor_a.next_button)
    click(qtbot, editor_a.next_button)
    section_a = editor_a.current_section_id()
    assert section_a != editor_a.checklist.sections[0].id
    first.open_inspection(b)
    qtbot.waitUntil(lambda: b in _remembered(ini) and section_a in _remembered(ini))
    # Killed: no close, no clean-up. The next start opens what was open, as it was.
    second = _window(qtbot, ui_db, db_path, ini)
    assert second.open_inspection_ids() == [a, b]
    assert second.editors()[0].current_section_id() == section_a
    assert second.tabs.currentWidget() is second.editors()[1]


def test_restart_keeps_the_photo_page_and_skips_what_is_gone(
        qtbot: QtBot, ui_db: Any, db_path: Path, tmp_path: Path) -> None:
    ini = tmp_path / "window.ini"
    a = new_draft(ui_db, "street_order", "好邻居")
    settings = s.Settings(ini)
    settings.set(s.OPEN_TABS, '[{"id": "no-such-inspection", "section": "x"}, '
                              f'{{"id": "{a}", "section": "photos"}}]')
    settings.set(s.CURRENT_TAB, "")
    window = _window(qtbot, ui_db, db_path, ini)
    assert window.open_inspection_ids() == [a]
    assert window.editors()[0].current_section_id() == "photos"
    assert window.tabs.currentIndex() == 0  # the list was in front, and stays so
    # Closing the tab forgets it; a closed window remembers what it had open.
    window.tabs.tabCloseRequested.emit(window.tabs.indexOf(window.editors()[0]))
    qtbot.waitUntil(lambda: a not in _remembered(ini))
    window.open_inspection(a)
    qtbot.waitUntil(lambda: a in _remembered(ini))
    window.close()
    assert a in _remembered(ini)


def test_language_switch_keeps_size_place_filters_and_sections(
        qtbot: QtBot, ui_db: Any, db_path: Path, tmp_path: Path) -> None:
    from app.ui.app import DesktopApp, create_application

    settings = s.Settings(tmp_path / "settings.ini")
    desktop = DesktopApp(create_application(), ui_db, db_path, settings, "zh")
    window = desktop.show_main_window()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda w=window: not w.tab_memory._frozen, timeout=5000)
    window.resize(1024, 700)
    window.move(0, 41)
    qtbot.waitUntil(lambda w=window: w.width() == 1024)
    size, place = window.size(), window.pos()
    choice = window.filter_bar.choice()
    window.filter_bar.set_choice(dataclasses.replace(choice, status="draft"))
    window.on_filter_changed(window.filter_bar.choice())
    a = new_draft(ui_db, "street_order", "好邻居")
    editor = window.open_inspection(a)
    click(qtbot, editor.next_button)
    section = editor.current_section_id()

    window.on_settings()
    dialog = window.settings_dialog
    dialog.language_box.setFocus()
    qtbot.keyClick(dialog.language_box, Qt.Key.Key_Down)  # 简体中文 → English
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    english = desktop.window
    assert english is not None and english is not window
    qtbot.addWidget(english)
    del window, dialog, editor
    qtbot.wait(10)
    gc.collect()
    qtbot.waitUntil(lambda: not english.tab_memory._frozen, timeout=5000)
    assert english.tabs.tabText(0) == "Inspections"
    # (The offscreen screen is 800 px wide: a restored width is fitted to it, or to the
    # window's minimum if that is wider; the height and the place are kept exactly.)
    screen = english.screen().availableGeometry()
    assert english.height() == size.height()
    assert english.width() == max(min(size.width(), screen.width()),
                                  english.minimumSize().width())
    assert english.pos() == place
    assert english.filter_bar.choice().status == "draft"
    assert english.open_inspection_ids() == [a]
    assert english.editors()[0].current_section_id() == section
