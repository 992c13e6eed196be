"""Waiting for the window's operations (app.ui.operations) in tests: no sleeps."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from app.ui.operations import DataHub


def hubs() -> list[DataHub]:
    """Every data hub of every window and widget shown on its own."""
    found: list[DataHub] = []
    for top in QApplication.topLevelWidgets():
        found.extend(top.findChildren(DataHub))
    return found


def settle(qtbot: Any, timeout: int = 10000) -> None:
    """Wait until every queued operation has run and its callbacks have been called."""
    qtbot.waitUntil(lambda: not any(hub.busy for hub in hubs()), timeout=timeout)
