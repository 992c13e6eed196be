"""Shared by the window tests: the inspector, the modal calls, drafts, the new-inspection walk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from tests.helpers.driver import click, click_list_row, type_into, type_text


class ModalCalls:
    """What the code under test tried to show modally; tests can set the answers."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.question_answer: Any = None
        self.dialogs: list[Any] = []


INSPECTOR = "张伟"



def new_draft(db: Any, form_id: str, site_search: str, started: datetime | None = None) -> str:
    """A draft inspection through the store, its start moved to `started`."""
    from app.core.clock import format_utc
    from app.store.inspections import start_inspection
    from app.store.profile import get_profile
    from app.store.sites import search_sites

    site = search_sites(db, site_search)[0]
    inspection = start_inspection(db, form_id, site.id, get_profile(db))
    if started is not None:
        with db.conn:
            db.execute("UPDATE inspections SET started_at = ? WHERE id = ?",
                       (format_utc(started), inspection.id))
    return str(inspection.id)



def start_inspection_via_dialog(qtbot: QtBot, window: Any, form_id: str,
                                site_search: str | None) -> Any:
    """New inspection… → checklist → find the site (or create one) → Start."""
    window.new_action.trigger()
    dialog = window.new_inspection_dialog
    qtbot.waitExposed(dialog)
    combo = dialog.checklist
    combo.setFocus()
    target = combo.findData(form_id)
    assert target >= 0
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    if site_search is None:
        click(qtbot, dialog.new_site_button)
        site_dialog = dialog.site_dialog
        qtbot.waitExposed(site_dialog)
        # (Enter would accept the dialog: leave each field without it.)
        type_into(qtbot, site_dialog.findChild(QLineEdit, "site-address"), "朝阳区三里屯路19号",
                  finish=False)
        type_into(qtbot, site_dialog.findChild(QLineEdit, "site-name"), "老王面馆", finish=False)
        # A code failing its check warns but does not block.
        qtbot.keyClicks(site_dialog.findChild(QLineEdit, "site-credit-code"),
                        "91110000600037341N")
        assert site_dialog.credit_warning.isVisible()
        ok = site_dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled()
        click(qtbot, ok)
        assert dialog.sites.currentItem() is not None
    else:
        type_text(qtbot, dialog.search, site_search)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        sites: QListWidget = dialog.sites
        assert sites.count() >= 1, f"no site found for {site_search!r}"
        click_list_row(qtbot, sites, 0)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    editor = window.tabs.currentWidget()
    assert editor.checklist.id == form_id
    return editor

