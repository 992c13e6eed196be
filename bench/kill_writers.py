"""kill -9 during a demo fill and during a photo import, many times: the database stays whole.

    .venv/bin/python bench/kill_writers.py [--rounds 20]

Each round copies a 300-inspection database, starts `demo --inspections 5000` or `photos
import` of 24 photos, kills it with SIGKILL after a random 0.2-4 s, then checks: `verify`
exits 0 (integrity, audit chain, counts, photo originals), the demo is all or nothing, and
every photo the import's database knows has its original. Prints a tally; exit 1 if any
round did not hold.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from stress_common import ROOT, cli_command, is_raw, jpeg, make_demo, query, run_cli


def one_round(base: Path, work: Path, kind: str, rng: random.Random) -> tuple[bool, str]:
    db = work / "field.db"
    shutil.copy(base, db)
    before = query(db, "SELECT count(*) FROM inspections")[0][0]
    if kind == "demo":
        args = ["demo", "--db", str(db), "--inspections", "5000", "--photos", "0",
                "--seed", str(rng.randrange(1000))]
    else:
        draft = query(db, "SELECT id FROM inspections WHERE status = 'draft' AND "
                          "superseded_by IS NULL LIMIT 1")[0][0]
        files = []
        for i in range(24):
            path = work / f"p{i}.jpg"
            path.write_bytes(jpeg(rng, (1600, 1200)))
            files.append(str(path))
        args = ["photos", "import", "--db", str(db), "--inspection", draft, *files]
    proc = subprocess.Popen(cli_command(args), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(rng.uniform(0.2, 4.0))
    finished = proc.poll() is not None
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    check = run_cli(["verify", "--db", str(db)])
    problems = []
    if check.returncode != 0 or is_raw(check.stdout + check.stderr):
        problems.append("verify: " + (check.stdout + check.stderr)[-500:])
    after = query(db, "SELECT count(*) FROM inspections")[0][0]
    if kind == "demo" and after not in (before, before + 5000):
        problems.append(f"demo half written: {before} -> {after}")
    label = f"{kind} ({'finished before the kill' if finished else 'killed mid-way'})"
    return not problems, label + ("" if not problems else ": " + "; ".join(problems))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kill-"))
    base = tmp / "base.db"
    make_demo(base)
    rng = random.Random(1)
    tally: Counter[str] = Counter()
    failures = []
    started = time.monotonic()
    for n in range(args.rounds):
        work = tmp / f"r{n}"
        work.mkdir()
        ok, label = one_round(base, work, "demo" if n % 2 == 0 else "import", rng)
        tally[label if ok else "FAILED " + label.split(":")[0]] += 1
        if not ok:
            failures.append(label)
        shutil.rmtree(work, ignore_errors=True)
    print(f"kill -9: {args.rounds} rounds in {time.monotonic() - started:.0f} s")
    for label, count in sorted(tally.items()):
        print(f"  {label}: {count}")
    print("  held: verify ok after every kill, demo all or nothing" if not failures
          else "  DID NOT HOLD:\n    " + "\n    ".join(failures))
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
