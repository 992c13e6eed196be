"""Work deferred until a window has been painted, so the first screen shows sooner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget


class _FirstExpose(QObject):
    """Calls `then` (once) after the watched window's first expose has been handled."""

    def __init__(self, then: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and isinstance(watched, QWindow) \
                and watched.isExposed():
            watched.removeEventFilter(self)
            # A zero timer runs after this event, i.e. after the window has been painted.
            QTimer.singleShot(0, self.fire)
        return False

    def fire(self) -> None:
        then, self.then = self.then, None
        if then is not None:
            then()


FIRST_PAINT_FALLBACK_MS = 1000  # a window never exposed (started minimised) still gets its work


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Run `then` once the shown `window` has been painted (or after a second at the latest)."""
    handle = window.windowHandle()
    if handle is None or handle.isExposed():
        QTimer.singleShot(0, then)
        return
    watcher = _FirstExpose(then, window)
    handle.installEventFilter(watcher)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, watcher.fire)
