"""Completing asks for confirmation (issue 12.1): the dialog shows what the record will say,
refuses too few photos without a reason, takes signatures drawn with the mouse (or the party's
refusal with a witness) and completes through the same service as the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.store.checklists import register_checklist
from app.store.completion import short_photo_reason
from app.store.inspection_records import get_inspection
from app.store.inspections import set_answers, start_inspection
from app.store.profile import get_profile
from app.store.signatures import png_sha256, signatures_for
from app.store.sites import search_sites
from app.ui.signature_pad import SignaturePad
from tests.helpers.completion import drag_signature, photo_min_checklist
from tests.helpers.driver import click, type_text
from tests.helpers.ops import settle
from tests.helpers.window import INSPECTOR


def _draft(db: Any, **answers: Any) -> str:
    checklist, text = photo_min_checklist()
    register_checklist(db, checklist, text, INSPECTOR)
    site = search_sites(db, "好邻居")[0]
    insp = start_inspection(db, checklist.id, site.id, get_profile(db))
    set_answers(db, insp.id, answers, INSPECTOR)
    return str(insp.id)


def _open_dialog(qtbot: QtBot, window: Any, inspection_id: str) -> tuple[Any, Any]:
    editor = window.open_inspection(inspection_id)
    click(qtbot, editor.complete_button)
    dialog = getattr(editor, "complete_dialog", None)
    assert dialog is not None, "Complete finished without asking"
    qtbot.waitExposed(dialog)
    return editor, dialog


def test_no_photos_in_a_2_to_10_slot_needs_a_reason_and_it_is_stored(
        qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    insp = _draft(ui_db, trading="yes")
    editor, dialog = _open_dialog(qtbot, main_window, insp)
    # Asked, not completed silently.
    assert get_inspection(ui_db, insp).status == "draft"
    summary = dialog.summary.toPlainText()
    assert "占道经营" in summary and "现场照片" in summary
    assert dialog.reason_box.isVisible()
    assert not dialog.confirm.isEnabled()
    assert dialog.problem.isVisible()
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "店主拒绝在店内拍照")
    assert dialog.confirm.isEnabled()
    click(qtbot, dialog.confirm)
    settle(qtbot)
    assert editor.read_only
    assert get_inspection(ui_db, insp).status == "completed"
    assert short_photo_reason(ui_db, insp) == "店主拒绝在店内拍照"


def test_signatures_drawn_with_the_mouse_and_a_refusal_are_stored(
        qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    insp = _draft(ui_db, trading="no", scene=["a" * 64, "b" * 64])
    editor, dialog = _open_dialog(qtbot, main_window, insp)
    assert not dialog.reason_box.isVisible()
    assert dialog.confirm.isEnabled()
    pad = dialog.inspector.pad
    drag_signature(qtbot, pad)
    assert not pad.is_empty() and len(pad.strokes) == 2
    # Undo takes the last stroke back, Redo puts it again.
    click(qtbot, dialog.inspector.undo_button)
    assert len(pad.strokes) == 1
    click(qtbot, dialog.inspector.redo_button)
    assert len(pad.strokes) == 2
    drawn = pad.png()
    # The party refuses: the witness must be named before Complete is possible.
    click(qtbot, dialog.party_refused)
    assert not dialog.party.pad.isEnabled()
    assert not dialog.confirm.isEnabled()
    type_text(qtbot, dialog.witness, "李见证")
    assert dialog.confirm.isEnabled()
    click(qtbot, dialog.confirm)
    settle(qtbot)
    assert editor.read_only
    found = signatures_for(ui_db, insp)
    assert found["inspector"].png == drawn
    assert found["inspector"].sha256 == png_sha256(drawn)
    assert found["inspector"].signer_name == INSPECTOR
    image = QImage.fromData(drawn)
    assert not image.isNull() and image.width() > 100
    assert found["party"].refused and found["party"].witness_name == "李见证"


def test_cancel_leaves_the_draft(qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    insp = _draft(ui_db, trading="no", scene=["a" * 64, "b" * 64])
    editor, dialog = _open_dialog(qtbot, main_window, insp)
    dialog.reject()
    settle(qtbot)
    assert not editor.read_only
    assert get_inspection(ui_db, insp).status == "draft"
    assert signatures_for(ui_db, insp) == {}


def test_pad_clear_undo_redo(qtbot: QtBot, tmp_path: Path) -> None:
    pad = SignaturePad("在此签名")
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    pad.show()
    qtbot.waitExposed(pad)
    assert pad.is_empty() and pad.png() == b""
    drag_signature(qtbot, pad, strokes=3)
    assert len(pad.strokes) == 3
    pad.clear()
    assert pad.is_empty()
    pad.undo()  # the clear is undone: all three strokes come back
    assert len(pad.strokes) == 3
    pad.redo()  # and cleared again
    assert pad.is_empty()
    pad.undo()
    pad.undo()
    assert len(pad.strokes) == 2
    assert pad.png().startswith(b"\x89PNG")
