"""Cold start to a shown main window on a 100,000-inspection database, against bare PySide6.

Each start is a fresh Python process (cold: imports, Qt platform, fonts, database open); the
time is from launching the process to the window being exposed, read back as a marker line.
The baseline is a bare QMainWindow started the same way in the same run, so the ratio does not
depend on the machine. Target: ratio ≤ 2.

    .venv/bin/python bench/bench_startup.py [--inspections 100000] [--repeat 7]
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

PROGRAM = """
import sys
from pathlib import Path
from PySide6.QtTest import QTest
from app.ui.app import start_desktop
desktop = start_desktop(Path(sys.argv[1]))
QTest.qWaitForWindowExposed(desktop.window)
desktop.qapp.processEvents()
print("SHOWN", flush=True)
"""


def time_start(code: str, *args: str, env: dict[str, str]) -> float:
    """Seconds from launching a Python process running `code` to its SHOWN line."""
    begin = time.perf_counter()
    with subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "SHOWN":
                elapsed = time.perf_counter() - begin
                break
        else:
            raise RuntimeError(f"process ended without showing a window: {code[:60]}")
        proc.wait(timeout=60)
    return elapsed


def make_database(path: Path, inspections: int) -> None:
    sys.path.insert(0, str(ROOT))
    from app.store.db import open_database
    from app.store.demo import fill_demo

    db = open_database(path, create=True)
    fill_demo(db, inspections=inspections, seed=1)
    db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--db", type=Path, default=None,
                        help="reuse a database made earlier (made in a temp dir otherwise)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="street-audit-bench-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            began = time.perf_counter()
            make_database(db, args.inspections)
            print(f"database: {args.inspections} inspections in "
                  f"{time.perf_counter() - began:.1f} s")
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "STREET_AUDIT_HOME": tmp, "PYTHONPATH": str(ROOT)}
        time_start(BARE, env=env)  # warm the OS file cache for both: "cold" = new process
        time_start(PROGRAM, str(db), env=env)
        bare: list[float] = []
        program: list[float] = []
        for _ in range(args.repeat):  # interleaved, so load changes hit both alike
            bare.append(time_start(BARE, env=env))
            program.append(time_start(PROGRAM, str(db), env=env))
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
