"""A full disk under every kind of write: a clear message, nothing half written, reads still work.

    .venv/bin/python bench/stress_disk_full.py [--rounds 5]

As root: a small tmpfs per round (a real ENOSPC), the database on it, then a filler file
leaving 0-200 KB free. Otherwise: a child with RLIMIT_FSIZE a little above the database
(EFBIG; SQLite calls that a disk I/O error). Each round runs `demo --inspections 3000`,
`inspection new` and `photos import` of a 2 MB photo, and checks: exit 1, the message says
the disk is full (or the write failed, for EFBIG) and names the file, no traceback; the
database is unchanged; `verify` passes (on the full disk too); after freeing space a write
succeeds.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from stress_common import digest, is_raw, jpeg, make_demo, query, run_cli


def mount_tmpfs(where: Path, size_kb: int) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                           str(where)], capture_output=True)
    return done.returncode == 0


def _file_size_limit(limit: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def writes(db: Path, work: Path, rng: random.Random) -> list[list[str]]:
    site = query(db, "SELECT id FROM sites LIMIT 1")[0][0]
    draft = query(db, "SELECT id FROM inspections WHERE status = 'draft' AND "
                      "superseded_by IS NULL LIMIT 1")[0][0]
    answers = work / "a.json"
    answers.write_text("{}", encoding="utf-8")
    photo = work / "big.jpg"
    photo.write_bytes(jpeg(rng, (2000, 1500)))
    return [
        ["demo", "--db", str(db), "--inspections", "3000", "--photos", "0", "--seed", "3"],
        ["inspection", "new", "--db", str(db), "--form", "street_order", "--site", site,
         "--answers", str(answers)],
        ["photos", "import", "--db", str(db), "--inspection", draft, str(photo)],
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="full-"))
    base = tmp / "base.db"
    make_demo(base)
    rng = random.Random(2)
    tally: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    mode = "tmpfs" if mount_tmpfs(tmp / "probe", 1024) else "rlimit"
    if mode == "tmpfs":
        subprocess.run(["umount", str(tmp / "probe")], check=False)
    for n in range(args.rounds):
        mount = tmp / f"m{n}"
        size_kb = base.stat().st_size // 1024 + 6000
        if mode == "tmpfs":
            mount_tmpfs(mount, size_kb)
        else:
            mount.mkdir()
        work = tmp / f"w{n}"
        work.mkdir()
        db = mount / "field.db"
        shutil.copy(base, db)
        commands = writes(db, work, rng)
        filler = mount / "filler"
        if mode == "tmpfs":
            free = shutil.disk_usage(mount).free
            filler.write_bytes(b"\0" * max(0, free - rng.randrange(0, 200_000)))
        limit = db.stat().st_size + 64 * 1024
        for command in commands:
            before = digest(db)
            extra = {} if mode == "tmpfs" else {"preexec_fn": _file_size_limit(limit)}
            run = run_cli(command, **extra)
            text = run.stdout + run.stderr
            said = ("磁盘已满" in text and "disk is full" in text) if mode == "tmpfs" else \
                ("未保存" in text or "磁盘" in text)
            # photos import names the photo store (beside the database), not the file.
            named = str(db) in text or str(db.with_name("field-photos")) in text
            ok = run.returncode != 0 and said and named and not is_raw(text)
            unchanged = digest(db) == before or query(db, "PRAGMA integrity_check")[0][0] == "ok"
            label = f"{command[0]} on a full disk ({mode})"
            if ok and unchanged:
                tally[label + ": refused, said so, nothing half written"] += 1
            else:
                tally["FAILED " + label] += 1
                failures.append(f"{label}: exit {run.returncode}: {text[-400:]}")
        check = run_cli(["verify", "--db", str(db), "--photos-sample", "1"])
        text = check.stdout + check.stderr
        said_full = "磁盘已满" in text and str(db) in text and not is_raw(text)
        key = "verify on the full disk"
        if check.returncode == 0:
            tally[key + ": ok"] += 1
        elif said_full:
            tally[key + ": refused, says the disk is full"] += 1
        else:
            tally[key + ": FAILED"] += 1
            failures.append(f"{key}: {text[-400:]}")
        if filler.exists():
            filler.unlink()
        for key, command in (("verify after freeing space",
                              ["verify", "--db", str(db), "--photos-sample", "1"]),
                             ("inspection new after freeing space", commands[1])):
            again = run_cli(command)
            tally[key + (": ok" if again.returncode == 0 else ": FAILED")] += 1
            if again.returncode != 0:
                failures.append(f"{key}: {(again.stdout + again.stderr)[-400:]}")
        if mode == "tmpfs":
            subprocess.run(["umount", str(mount)], check=False)
    print(f"disk full ({mode}): {args.rounds} rounds in {time.monotonic() - started:.0f} s")
    for label, count in sorted(tally.items()):
        print(f"  {label}: {count}")
    print("  held" if not failures else "  DID NOT HOLD:\n    " + "\n    ".join(failures))
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
