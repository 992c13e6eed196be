"""Start-up order: the window is painted first, its background work starts after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.ui import app as ui_app
from app.ui import first_paint


def test_after_first_paint_waits_for_the_window_to_be_painted(qtbot: Any) -> None:
    label = QLabel("街巷巡查")
    qtbot.addWidget(label)
    label.show()
    seen: list[bool] = []
    first_paint.after_first_paint(label, lambda: seen.append(label.windowHandle().isExposed()))
    assert seen == []  # never at once, inside the call
    qtbot.waitUntil(lambda: seen != [], timeout=5000)
    qtbot.wait(first_paint.FIRST_PAINT_FALLBACK_MS + 200)  # the fallback does not run it again
    assert seen == [True]


def test_after_first_paint_of_a_window_not_created_still_runs(qtbot: Any) -> None:
    label = QLabel("never shown")
    qtbot.addWidget(label)
    seen: list[int] = []
    first_paint.after_first_paint(label, lambda: seen.append(1))
    qtbot.waitUntil(lambda: seen == [1], timeout=5000)


def test_run_gui_registers_checklists_after_the_first_paint(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The real command's start: an existing database without checklists gets them from
    forms/, in the background, and the job starts only once the window is exposed."""
    from app.store.checklists import known_form_ids
    from app.store.db import open_database
    from app.ui import tasks
    from app.ui.main_window import MainWindow

    path = tmp_path / "street-audit.db"
    open_database(path, create=True).close()
    windows: list[MainWindow] = []
    exposed_at_start: list[bool] = []
    register = MainWindow.register_shipped_checklists

    def recording_register(self: MainWindow) -> None:
        windows.append(self)
        exposed_at_start.append(self.windowHandle().isExposed())
        register(self)

    monkeypatch.setattr(MainWindow, "register_shipped_checklists", recording_register)
    check = open_database(path)
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)

    def quit_when_registered() -> None:
        if known_form_ids(check):
            qapp.quit()

    poll = QTimer()
    poll.timeout.connect(quit_when_registered)
    poll.start(50)
    QTimer.singleShot(20_000, qapp.quit)  # the test fails below rather than hangs
    try:
        assert ui_app.run_gui(path) == 0
    finally:
        poll.stop()
        qtbot.waitUntil(lambda: not tasks._RUNNING, timeout=20_000)  # its jobs reported back
        for window in windows:
            window.close()
    assert exposed_at_start == [True]
    assert len(known_form_ids(check)) >= 3
    check.close()
