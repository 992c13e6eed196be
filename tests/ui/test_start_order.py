"""Start-up order: the window is painted first, its background work starts after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

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


# Run in a child process: once run_gui's event loop has been quit, this process's queued
# signals from worker threads are no longer delivered (every later background-job test would
# wait for nothing), so the real start is driven where it cannot leave that behind.
_RUN_GUI_CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.store.checklists import known_form_ids
from app.store.db import open_database
from app.ui import app as ui_app, tasks
from app.ui.main_window import MainWindow

path = Path(sys.argv[1])
open_database(path, create=True).close()
exposed_at_start = []
register = MainWindow.register_shipped_checklists

def recording_register(self):
    exposed_at_start.append(self.windowHandle().isExposed())
    register(self)

MainWindow.register_shipped_checklists = recording_register
check = open_database(path)
app = ui_app.create_application()

def quit_when_registered():
    if known_form_ids(check) and not tasks._RUNNING:
        app.quit()

poll = QTimer()
poll.timeout.connect(quit_when_registered)
poll.start(50)
QTimer.singleShot(20_000, app.quit)  # fails below rather than hangs
code = ui_app.run_gui(path)
print("EXPOSED", exposed_at_start, "FORMS", len(known_form_ids(check)), "CODE", code)
"""


def test_run_gui_registers_checklists_after_the_first_paint(tmp_path: Path) -> None:
    """The real command's start: an existing database without checklists gets them from
    forms/, in the background, and the job starts only once the window is exposed."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root),
           "STREET_AUDIT_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", _RUN_GUI_CHILD, str(tmp_path / "s.db")],
                          capture_output=True, text=True, timeout=120, env=env, cwd=root)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("EXPOSED"))
    exposed, forms = line.split(" FORMS ")
    assert exposed == "EXPOSED [True]"
    assert int(forms.split()[0]) >= 3
