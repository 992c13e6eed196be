"""Random damage to a real database: verify names it, every write is refused, nothing changes.

    .venv/bin/python bench/stress_damage.py [--rounds 10] [--pages 3]

Each round copies a 300-inspection demo database and overwrites `--pages` random pages (never
page 1, the header) with random bytes, then runs `verify` (must exit 1 listing the damaged
tables or indexes and what to do), and `demo`, `inspection new` and `photos import` (each
must exit non-zero saying the file is damaged, without a traceback), and checks the file's
bytes did not change.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from stress_common import digest, is_raw, jpeg, make_demo, query, run_cli

PAGE = 4096


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="damage-"))
    base = tmp / "base.db"
    make_demo(base)
    site = query(base, "SELECT id FROM sites LIMIT 1")[0][0]
    draft = query(base, "SELECT id FROM inspections WHERE status = 'draft' AND "
                        "superseded_by IS NULL LIMIT 1")[0][0]
    answers = tmp / "a.json"
    answers.write_text("{}", encoding="utf-8")
    photo = tmp / "p.jpg"
    photo.write_bytes(jpeg(random.Random(4)))
    tally: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    for n in range(args.rounds):
        rng = random.Random(n)
        db = tmp / f"d{n}" / "field.db"
        db.parent.mkdir()
        data = bytearray(base.read_bytes())
        for page in rng.sample(range(1, len(data) // PAGE), args.pages):
            data[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)
        db.write_bytes(bytes(data))
        before = digest(db)
        check = run_cli(["verify", "--db", str(db)])
        text = check.stdout + check.stderr
        if check.returncode == 1 and "已损坏" in text and ".recover" in text and not is_raw(text):
            tally["verify: damage reported as findings"] += 1
        else:
            tally["FAILED verify"] += 1
            failures.append(f"round {n} verify exit {check.returncode}: {text[-400:]}")
        for command in (["demo", "--db", str(db), "--inspections", "5", "--photos", "0"],
                        ["inspection", "new", "--db", str(db), "--form", "street_order",
                         "--site", site, "--answers", str(answers)],
                        ["photos", "import", "--db", str(db), "--inspection", draft,
                         str(photo)]):
            run = run_cli(command)
            text = run.stdout + run.stderr
            if run.returncode != 0 and "损坏" in text and not is_raw(text):
                tally[f"{command[0]}: refused, says damaged"] += 1
            else:
                tally[f"FAILED {command[0]}"] += 1
                failures.append(f"round {n} {command[0]} exit {run.returncode}: {text[-400:]}")
        if digest(db) != before:
            failures.append(f"round {n}: the damaged file was changed")
        else:
            tally["file unchanged"] += 1
    print(f"damage: {args.rounds} rounds, {args.pages} random pages each, "
          f"{time.monotonic() - started:.0f} s")
    for label, count in sorted(tally.items()):
        print(f"  {label}: {count}")
    print("  held" if not failures else "  DID NOT HOLD:\n    " + "\n    ".join(failures))
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
