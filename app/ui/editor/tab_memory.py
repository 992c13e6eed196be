"""The open inspections come back (issue 12.6): which editor tabs are open, the section each
shows and the tab in front are written to the window settings at every change (so a crash
loses nothing either), and the next window opens them again.

Kept out of the main window, which only makes one `TabMemory`, tells it of each editor it opens
(`watch`) and asks it to `restore` once the window is drawn.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTabWidget

from app.core.errors import AppError
from app.ui import settings as s

if TYPE_CHECKING:
    from app.ui.editor.inspection_editor import InspectionEditor


class TabMemory(QObject):
    """Remembers the window's editor tabs in `settings` and opens them again."""

    def __init__(self, window: Any, tabs: QTabWidget, settings: s.Settings,
                 editors: Callable[[], list[InspectionEditor]],
                 open_inspection: Callable[[str], InspectionEditor]) -> None:
        super().__init__(window)
        self._tabs = tabs
        self._settings = settings
        self._editors = editors
        self._open = open_inspection
        # Until `restore` has run, the tabs are not yet the user's (the window is being built
        # or its tabs reopened); once it closes, what was open stays remembered.
        self._frozen = True
        tabs.currentChanged.connect(self.remember_soon)
        tabs.tabCloseRequested.connect(self.remember_soon)
        tabs.tabBar().tabMoved.connect(self.remember_soon)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.remember()
            self._frozen = True  # what was open when it closed opens again next time
        return False

    def watch(self, editor: InspectionEditor) -> None:
        """Follow an editor's section; its tab is remembered from now on."""
        editor.section_changed.connect(self.remember_soon)
        self.remember_soon()

    def remember_soon(self, *_args: object) -> None:
        """After the change in hand has finished (a closed tab is removed after the signal)."""
        QTimer.singleShot(0, self, self.remember)

    def remember(self) -> None:
        if self._frozen:
            return
        open_tabs = [{"id": e.inspection_id, "section": e.current_section_id()}
                     for e in self._editors()]
        current = self._tabs.currentWidget()
        front = next((e.inspection_id for e in self._editors() if e is current), "")
        self._settings.set(s.OPEN_TABS, json.dumps(open_tabs, ensure_ascii=False))
        self._settings.set(s.CURRENT_TAB, front)

    def remembered(self) -> list[tuple[str, str]]:
        """(inspection id, section id) of the tabs last open, in tab order."""
        try:
            stored = json.loads(self._settings.get(s.OPEN_TABS) or "[]")
        except ValueError:
            return []
        return [(str(t["id"]), str(t.get("section") or "")) for t in stored
                if isinstance(t, dict) and t.get("id")]

    def restore(self) -> None:
        """Open the remembered tabs on their sections and bring the front one forward. An
        inspection that is no longer here (a discarded draft, another database) is skipped."""
        wanted = self.remembered()
        front_id = self._settings.get(s.CURRENT_TAB)
        if not wanted:
            self._frozen = False
            return
        current = self._tabs.currentIndex()
        front = None
        try:
            for inspection_id, section_id in wanted:
                try:
                    editor = self._open(inspection_id)
                except (AppError, KeyError):
                    continue
                if section_id:
                    editor.show_section(section_id)
                if inspection_id == front_id:
                    front = editor
        finally:
            self._frozen = False
        if front is not None:
            self._tabs.setCurrentWidget(front)
        else:
            self._tabs.setCurrentIndex(current)
        self.remember()
