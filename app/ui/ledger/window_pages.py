"""The main window's 今日概况, 台账 and 地图 actions: each opens its page as a tab (built on
first use, so the window starts without them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


class WindowLedgerPages(QObject):
    """The three pages of one main window (kept out of main_window.py)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.pages: dict[str, QWidget] = {}
        self.dashboard_action = self._action("dashboard", self.tr("Today"), self.tr(
            "Overdue cases, re-inspections due, rebounds: the morning overview"))
        self.ledger_action = self._action("ledger", self.tr("Ledger"), self.tr(
            "The ledger per work item, district, street and period, with the cases behind it"))
        self.map_action = self._action("map", self.tr("Map"), self.tr(
            "Sites by status on an offline map"))
        self.actions = [self.dashboard_action, self.ledger_action, self.map_action]

    def _action(self, key: str, text: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(f"action-{key}")
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: self.open_page(key))
        return action

    def open_page(self, key: str) -> Any:
        """Show the page's tab, opening it if needed."""
        tabs = self.window.tabs
        page = self.pages.get(key)
        if page is not None and tabs.indexOf(page) >= 0:
            tabs.setCurrentWidget(page)
            return page
        w = self.window
        if key == "dashboard":
            from app.ui.dashboard import DashboardPage

            page = DashboardPage(w.db_path, w.lang, w.actor(), tabs)
        elif key == "ledger":
            from app.ui.ledger.ledger_page import LedgerPage

            page = LedgerPage(w.db_path, w.lang, w.actor(), tabs)
        else:
            from app.ui.map.map_page import MapPage

            page = MapPage(w.db_path, w.lang, w.actor(), w.settings, tabs)
        self.pages[key] = page
        page.destroyed.connect(lambda _obj=None, k=key: self.pages.pop(k, None))
        tabs.setCurrentIndex(tabs.addTab(page, page.title()))
        return page
