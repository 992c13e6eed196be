"""Photo captions save like every other field (issue 12.6): after a typing pause (so a killed
program keeps them), when the viewer closes, when it moves to the next photo, and when the
editor's tab is closed with the viewer still open. Before, only "Save caption" saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.media.importer import attach_files
from app.store import photos as repo
from tests.helpers.driver import type_text
from tests.helpers.ops import settle
from tests.helpers.photos import write_jpeg
from tests.helpers.window import INSPECTOR, new_draft

pytestmark = pytest.mark.gui
SITE = (39.9290, 116.4100)


def _viewer(qtbot: QtBot, window: Any, db: Any, db_path: Path, tmp_path: Path) -> tuple[
        Any, Any, list[str]]:
    insp = new_draft(db, "street_order", "好邻居")
    taken = (datetime.now(UTC) + timedelta(hours=8)).replace(tzinfo=None)
    files = [write_jpeg(tmp_path / f"{n}.jpg", seed=20 + n, lat=SITE[0], lon=SITE[1],
                        taken=taken, offset="+08:00") for n in range(2)]
    assert all(r.ok for r in attach_files(db, db_path, insp, files, INSPECTOR))
    editor = window.open_inspection(insp)
    editor.photos.show_page()
    strip = editor.photos.page.strip
    qtbot.waitUntil(lambda: strip.count() == 2, timeout=5000)
    pos: QPoint = strip.visualItemRect(strip.item(0)).center()
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    viewer = strip.viewer
    qtbot.waitUntil(lambda: bool(viewer._caption_link), timeout=5000)
    links = [link.id for link in repo.list_inspection_photos(db, insp)]
    return editor, viewer, links


def _caption(db: Any, link_id: str) -> str:
    return str(repo.get_link(db, link_id).caption)


def test_caption_typed_then_tab_closed_is_saved(qtbot: QtBot, main_window: Any, ui_db: Any,
                                                db_path: Path, tmp_path: Path) -> None:
    editor, viewer, links = _viewer(qtbot, main_window, ui_db, db_path, tmp_path)
    viewer.caption.setFocus()
    type_text(qtbot, viewer.caption, "门头招牌")
    # (The list in front while the tab closes: closing the tab in front would bring up the
    # summary tab, whose background count outlives the test window.)
    main_window.tabs.setCurrentIndex(0)
    index = main_window.tabs.indexOf(editor)
    main_window.tabs.tabCloseRequested.emit(index)  # the tab's close button
    settle(qtbot)
    assert _caption(ui_db, links[0]) == "门头招牌"


def test_caption_saved_after_a_typing_pause(qtbot: QtBot, main_window: Any, ui_db: Any,
                                            db_path: Path, tmp_path: Path) -> None:
    """Nothing else happens after typing (the program could be killed now): it is stored."""
    _editor, viewer, links = _viewer(qtbot, main_window, ui_db, db_path, tmp_path)
    link = viewer.current_link()
    viewer.caption.setFocus()
    qtbot.keyClicks(viewer.caption, "door 3")
    qtbot.waitUntil(lambda: _caption(ui_db, link) == "door 3", timeout=5000)
    assert link in links


def test_caption_saved_on_close_and_on_next(qtbot: QtBot, main_window: Any, ui_db: Any,
                                           db_path: Path, tmp_path: Path) -> None:
    _editor, viewer, _links = _viewer(qtbot, main_window, ui_db, db_path, tmp_path)
    first = viewer.current_link()
    viewer.caption.setFocus()
    type_text(qtbot, viewer.caption, "店内")
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert _caption(ui_db, first) == "店内"
    second = viewer.current_link()
    assert viewer.caption.text() == ""
    viewer.caption.setFocus()
    type_text(qtbot, viewer.caption, "后门")
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    settle(qtbot)
    assert not viewer.isVisible()
    assert _caption(ui_db, second) == "后门"
    assert _caption(ui_db, first) == "店内"
