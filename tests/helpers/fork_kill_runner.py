"""The test side of tests/helpers/fork_kill.py: start it once for many kill points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def kill_runs(tmp: Path, spec: dict[str, Any], calibrate: Path,
              runs: list[tuple[Path, float]]) -> list[tuple[Path, bool]]:
    """Run the job to its end in `calibrate`, then once per (dir, fraction of its length)
    killed by SIGKILL at that point; [(dir, killed before it ended)] for the runs."""
    spec_file = tmp / "kill-spec.json"
    spec_file.write_text(json.dumps({**spec, "calibrate": str(calibrate),
                                     "runs": [{"dir": str(d), "fraction": f}
                                              for d, f in runs]}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tests.helpers.fork_kill", str(spec_file)],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == len(runs) + 1, done.stdout[-2000:]
    return [(Path(x["dir"]), bool(x["killed"])) for x in lines[1:]]
