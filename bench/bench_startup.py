"""Cold start to a shown main window on a 100,000-inspection database, against bare PySide6.

Each start is a fresh Python process (cold: interpreter, imports, Qt platform, fonts, database
open); the time is from launching the process to the window being exposed and painted, read
back as a marker line. The program is started the way `street-audit gui --db FILE` starts it
(the command line's parser included) and timed to the first expose its own event loop has
handled, so work it starts before the loop runs counts too. The baseline is a bare
QMainWindow started the same way in the same run, interleaved with the program's starts, so
the ratio does not depend on the machine or its load. Target: ratio ≤ 2.

Both sides get the same bytecode cache: a private PYTHONPYCACHEPREFIX, filled by a warm-up
start of each, as an installed program has (pip compiles at install; a checkout compiles on
its first run). Without that, a PYTHONDONTWRITEBYTECODE=1 environment would recompile the
program's own modules on every start while PySide6's come precompiled.

`--split` also starts the program step by step and prints where the time goes (medians).

    .venv/bin/python bench/bench_startup.py [--inspections 100000] [--repeat 7] [--split]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
from PySide6.QtTest import QTest
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setCentralWidget(QLabel("bare"))
w.resize(1280, 800)
w.show()
QTest.qWaitForWindowExposed(w)
app.processEvents()
print("SHOWN", flush=True)
"""

# `street-audit gui --db FILE`, timed to the window's first expose handled by the program's own
# event loop (so work the command starts before the loop runs, e.g. background threads that
# compete for the GIL, counts), then the loop is quit. The hook goes in when the command
# itself imports app.ui.app, so the command's own import order is what is timed.
PROGRAM = """
import sys
from importlib.machinery import PathFinder

def report_first_expose(show_main_window):
    def wrapped(self):
        window = show_main_window(self)
        from PySide6.QtCore import QEvent, QObject, QTimer

        def report():
            print("SHOWN", flush=True)
            self.qapp.quit()

        class FirstExpose(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Expose and watched.isExposed():
                    watched.removeEventFilter(self)
                    QTimer.singleShot(0, report)  # runs once the expose (the paint) is handled
                return False

        window._bench_filter = FirstExpose()
        window.windowHandle().installEventFilter(window._bench_filter)
        return window
    return wrapped

class ReportShown(PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "app.ui.app":
            return None
        spec = PathFinder.find_spec(name, path, target)
        exec_module = spec.loader.exec_module
        def exec_and_hook(module):
            exec_module(module)
            module.DesktopApp.show_main_window = report_first_expose(
                module.DesktopApp.show_main_window)
        spec.loader.exec_module = exec_and_hook
        return spec

sys.meta_path.insert(0, ReportShown)
from app.cli import main
sys.exit(main(["gui", "--db", sys.argv[1]]))
"""

# The same start as the command, one step at a time, each step's end time printed.
STEPS = """
import sys, time
def mark(step):
    print(f"STEP {step} {time.perf_counter():.6f}", flush=True)
mark("interpreter")
import app.cli
parser = app.cli.build_parser(only="gui")
args = parser.parse_args(["gui", "--db", sys.argv[1]])
mark("command line")
import app.store.db
mark("import sqlite-utils, app.store")
import app.store.inspections, app.store.profile, app.store.sites
mark("import store modules")
import PySide6.QtWidgets
mark("import PySide6")
from app.ui import app as ui_app
import app.ui.main_window
mark("import main window")
qapp = ui_app.create_application()
mark("QApplication, Chinese font")
from pathlib import Path
settings = ui_app.Settings()
db = app.store.db.open_database(Path(sys.argv[1]), create=True)
mark("settings, open database")
desktop = ui_app.DesktopApp(qapp, db, Path(sys.argv[1]), settings, settings.get(ui_app.LANGUAGE))
ui_app.install_translations(qapp, desktop.lang)
mark("translations")
window = app.ui.main_window.MainWindow(db, desktop.db_path, settings, desktop.lang)
mark("build main window")
from PySide6.QtCore import QEvent, QObject, QTimer

def shown():
    mark("show, first paint")
    print("SHOWN", flush=True)
    qapp.quit()

class FirstExpose(QObject):  # as PROGRAM: the first expose handled by the event loop
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, shown)
        return False

window.show()
first_expose = FirstExpose()
window.windowHandle().installEventFilter(first_expose)
qapp.exec()
"""


def time_start(code: str, *args: str, env: dict[str, str],
               steps: list[tuple[str, float]] | None = None) -> float:
    """Seconds from launching a Python process running `code` to its SHOWN line."""
    begin = time.perf_counter()  # CLOCK_MONOTONIC: comparable with the child's STEP times
    with subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        previous = begin
        for line in proc.stdout:
            if line.startswith("STEP ") and steps is not None:
                name, at = line[5:].rsplit(" ", 1)
                steps.append((name, float(at) - previous))
                previous = float(at)
            if line.strip() == "SHOWN":
                elapsed = time.perf_counter() - begin
                break
        else:
            raise RuntimeError(f"process ended without showing a window: {code[:60]}")
        proc.wait(timeout=60)
    return elapsed


def make_database(path: Path, inspections: int) -> None:
    sys.path.insert(0, str(ROOT))
    from app.demo.generate import fill_demo
    from app.store.db import open_database

    db = open_database(path, create=True)
    fill_demo(db, inspections=inspections, seed=1)
    db.close()


def bench_env(tmp: str) -> dict[str, str]:
    """The children's environment: offscreen Qt, a private home, the same bytecode cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "STREET_AUDIT_HOME": tmp,
        "PYTHONPATH": str(ROOT),
        "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
    })
    return env


def print_split(db: Path, env: dict[str, str], repeat: int) -> None:
    """Median time of each start-up step (a step-by-step copy of the command's start)."""
    runs: list[list[tuple[str, float]]] = []
    for _ in range(repeat):
        steps: list[tuple[str, float]] = []
        time_start(STEPS, str(db), env=env, steps=steps)
        runs.append(steps)
    print("where the time goes (median of each step, ms):")
    total = 0.0
    for i, (name, _) in enumerate(runs[0]):
        median = statistics.median(run[i][1] for run in runs) * 1000
        total += median
        print(f"  {name:34s} {median:6.1f}")
    print(f"  {'sum of the medians':34s} {total:6.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--db", type=Path, default=None,
                        help="reuse a database made earlier (made in a temp dir otherwise)")
    parser.add_argument("--split", action="store_true",
                        help="also print the median time of each start-up step")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="street-audit-bench-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            began = time.perf_counter()
            make_database(db, args.inspections)
            print(f"database: {args.inspections} inspections in "
                  f"{time.perf_counter() - began:.1f} s")
        env = bench_env(tmp)
        # Warm-up: fills the bytecode cache and the OS file cache for both sides alike.
        time_start(BARE, env=env)
        time_start(PROGRAM, str(db), env=env)
        bare: list[float] = []
        program: list[float] = []
        for _ in range(args.repeat):  # interleaved, so load changes hit both alike
            bare.append(time_start(BARE, env=env))
            program.append(time_start(PROGRAM, str(db), env=env))
        if args.split:
            time_start(STEPS, str(db), env=env)  # its own bytecode
            print_split(db, env, args.repeat)
    b, p = statistics.median(bare), statistics.median(program)
    print(f"bare PySide6 QMainWindow: median {b * 1000:.0f} ms  "
          f"({', '.join(f'{x * 1000:.0f}' for x in bare)})")
    print(f"Street Audit main window: median {p * 1000:.0f} ms  "
          f"({', '.join(f'{x * 1000:.0f}' for x in program)})")
    ratio = p / b
    print(f"ratio: {ratio:.2f} (target ≤ 2.0) {'OK' if ratio <= 2.0 else 'OVER TARGET'}")
    return 0 if ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
