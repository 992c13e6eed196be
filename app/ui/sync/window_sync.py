"""The main window's 同步 action: opens the sync page as a tab (built on first use, so the
window starts without it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

if TYPE_CHECKING:  # the page's module loads when the action is used, not at the start
    from app.ui.sync.sync_page import SyncPage


class WindowSync(QObject):
    """The sync action of one main window (kept out of main_window.py)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.page: SyncPage | None = None
        self.open_action = QAction(self.tr("Sync…"), window)
        self.open_action.setObjectName("action-sync")
        self.open_action.setToolTip(self.tr(
            "Export this device's bundle, import bundles from other devices, resolve "
            "conflicts"))
        self.open_action.triggered.connect(self.open_page)

    def open_page(self) -> SyncPage:
        """Show the sync tab, opening it if needed."""
        from app.ui.sync.sync_page import SyncPage

        tabs = self.window.tabs
        if self.page is not None and tabs.indexOf(self.page) >= 0:
            tabs.setCurrentWidget(self.page)
            return self.page
        self.page = SyncPage(self.window.db, self.window.db_path, self.window.lang,
                             self.window.actor(), tabs)
        self.page.destroyed.connect(self.on_page_closed)
        index = tabs.addTab(self.page, self.tr("Sync"))
        tabs.setCurrentIndex(index)
        return self.page

    def on_page_closed(self) -> None:
        self.page = None
