"""Cold start of the built program to a shown window, as a ratio to the same start from source.

Both start `street-audit gui --db FILE` on the same demo database, offscreen, with
STREET_AUDIT_EXIT_WHEN_SHOWN=1 (app.ui.app prints "SHOWN" after the first paint and quits);
the time is from launching the process to that line. Starts alternate (built, source, ...)
so the machine's load hits both alike; the figure is the ratio of the medians. Target ≤ 1.0.

    .venv/bin/python tools/build.py            # dist/street-audit/ first
    .venv/bin/python bench/bench_build_start.py [--repeat 7] [--inspections 2000]
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
BUILT = ROOT / "dist" / "street-audit" / "street-audit"


def start(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "SHOWN":
            elapsed = time.perf_counter() - began
            proc.wait(timeout=60)
            return elapsed
    proc.wait(timeout=60)
    raise RuntimeError(f"{command[0]} never showed its window (exit {proc.returncode})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--inspections", type=int, default=2000)
    args = parser.parse_args()
    if not BUILT.is_file():
        print(f"no build at {BUILT}: run tools/build.py first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db), "--inspections",
                        str(args.inspections), "--photos", "0"], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STREET_AUDIT_EXIT_WHEN_SHOWN": "1",
               "STREET_AUDIT_HOME": str(Path(tmp) / "home")}
        built_cmd = [str(BUILT), "gui", "--db", str(db)]
        source_cmd = [sys.executable, "-m", "app", "gui", "--db", str(db)]
        start(built_cmd, env)  # warm-up: the page cache and bytecode, as a second start has
        start(source_cmd, env)
        built, source = [], []
        for _ in range(args.repeat):
            built.append(start(built_cmd, env))
            source.append(start(source_cmd, env))
    b, s = statistics.median(built), statistics.median(source)
    print(f"built  median {b * 1000:.0f} ms  ({', '.join(f'{t * 1000:.0f}' for t in built)})")
    print(f"source median {s * 1000:.0f} ms  ({', '.join(f'{t * 1000:.0f}' for t in source)})")
    print(f"ratio built/source {b / s:.2f} (target <= 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
