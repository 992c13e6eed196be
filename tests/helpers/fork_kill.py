"""Kill a sync job with SIGKILL at many random points, one interpreter start for all of them.

    python -m tests.helpers.fork_kill SPEC.json

SPEC: {"job": "merge" | "export", "bundle": path (merge), "part_limit": int (export),
"calibrate": dir, "runs": [{"dir": dir, "fraction": float}, ...]}. Each dir holds a
database `street-audit.db` (and, for export, an `out` folder to write to).

This process imports the program once, then runs the job to its end in the `calibrate` dir
(a forked child, timed: that is the job's length T and the "after" state) and, for each run, in
a forked child that arms a timer to SIGKILL itself `fraction` × T after the fork: no chance to
clean up, as with a power cut. One JSON line per run on stdout: {"dir", "killed", "seconds"}.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from app.store.db import open_database
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle


def _job(spec: dict[str, Any], folder: Path) -> None:
    db = open_database(folder / "street-audit.db")
    if spec["job"] == "merge":
        result = merge_bundle(db, Path(spec["bundle"]))
        if result.status not in ("merged", "already"):
            raise SystemExit(f"merge refused: {result.reason}")
    else:
        export_bundle(db, folder / "out", part_limit=int(spec.get("part_limit") or 1 << 40))
    db.close()


def _run(spec: dict[str, Any], folder: Path, delay: float | None) -> tuple[bool, float]:
    """Fork, run the job (killed after `delay` s if given); (killed by the signal, seconds)."""
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            if delay is not None:
                timer = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL))
                timer.daemon = True
                timer.start()
            _job(spec, folder)
        except BaseException as exc:  # reported by the exit code; the parent says which run
            print(f"job failed in {folder}: {exc!r}", file=sys.stderr, flush=True)
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    seconds = time.monotonic() - started
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0:
        raise SystemExit(f"the job failed in {folder} (exit {os.WEXITSTATUS(status)})")
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, seconds


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    killed, length = _run(spec, Path(spec["calibrate"]), None)
    if killed:
        raise SystemExit("the calibration run was killed")
    print(json.dumps({"dir": spec["calibrate"], "killed": False, "seconds": length}), flush=True)
    for run in spec["runs"]:
        killed, seconds = _run(spec, Path(run["dir"]), float(run["fraction"]) * length)
        print(json.dumps({"dir": run["dir"], "killed": killed, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
