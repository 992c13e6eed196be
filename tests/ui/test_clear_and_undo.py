"""An optional answer can be cleared, and Ctrl+Z undoes the last answer (issue 12.6); each is a
saved change like any other answer (the same operation path, audited)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from app.store.checklists import register_checklist
from app.store.inspection_records import get_inspection
from app.store.inspections import start_inspection
from app.store.profile import get_profile
from app.store.sites import search_sites
from tests.helpers.completion import photo_min_checklist
from tests.helpers.driver import click
from tests.helpers.ops import settle
from tests.helpers.window import INSPECTOR


def _editor(qtbot: QtBot, window: Any, db: Any) -> tuple[Any, str]:
    checklist, text = photo_min_checklist()
    register_checklist(db, checklist, text, INSPECTOR)
    site = search_sites(db, "好邻居")[0]
    insp = str(start_inspection(db, checklist.id, site.id, get_profile(db)).id)
    return window.open_inspection(insp), insp


def _answers(db: Any, insp: str) -> dict[str, Any]:
    return dict(get_inspection(db, insp).answers)


def _audits(db: Any, insp: str) -> int:
    return int(db.execute("SELECT count(*) FROM audit WHERE action = 'answer.set' AND "
                          "entity_id = ?", (insp,)).fetchone()[0])


def test_an_optional_choice_is_cleared(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    editor, insp = _editor(qtbot, main_window, ui_db)
    fixed = editor.findChild(QRadioButton, "stall:fixed")
    click(qtbot, fixed)
    assert _answers(ui_db, insp)["stall"] == "fixed"
    clear = editor.findChild(QPushButton, "stall:clear")
    assert clear is not None and clear.isVisible()
    click(qtbot, clear)
    assert "stall" not in _answers(ui_db, insp)
    assert not fixed.isChecked()
    # A required question offers no Clear (it would only make the record incomplete).
    assert editor.findChild(QPushButton, "trading:clear") is None


def test_ctrl_z_undoes_the_last_answers_one_by_one(qtbot: QtBot, main_window: Any,
                                                   ui_db: Any) -> None:
    editor, insp = _editor(qtbot, main_window, ui_db)
    yes = editor.findChild(QRadioButton, "trading:yes")
    no = editor.findChild(QRadioButton, "trading:no")
    click(qtbot, yes)
    click(qtbot, no)
    assert _answers(ui_db, insp)["trading"] == "no"
    before = _audits(ui_db, insp)
    qtbot.keyClick(no, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert _answers(ui_db, insp)["trading"] == "yes"
    assert yes.isChecked() and not no.isChecked()
    assert [f.item_id for f in editor.evaluation.findings] == ["trading"]
    assert _audits(ui_db, insp) == before + 1  # saved like any answer
    qtbot.keyClick(yes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert "trading" not in _answers(ui_db, insp)
    assert not yes.isChecked()
    # Nothing left to undo: nothing changes.
    qtbot.keyClick(yes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert _audits(ui_db, insp) == before + 2
