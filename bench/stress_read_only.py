"""A database in a read-only place: reads work, writes say "read-only" and where, never "damaged".

    .venv/bin/python bench/stress_read_only.py

Three places, as an ordinary user would meet them (as root, through setpriv without the
capabilities that ignore file modes): a read-only file (0444), a read-only folder (0555:
WAL cannot create -wal/-shm there) and, as root, a read-only file system (a tmpfs remounted
ro). In each: `verify` and `report inspection` (the PDF written elsewhere) must work; `inspection
new`, `demo` and `photos import` must exit 1 saying read-only and naming the file or folder,
without "damaged" advice or a traceback; the database bytes must not change.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from stress_common import digest, is_raw, jpeg, make_demo, query, run_cli


def prepare(kind: str, base: Path, where: Path) -> tuple[Path, Path] | None:
    """The database in a read-only place of `kind`; the path the message must name."""
    where.mkdir(parents=True)
    if kind == "read-only file system":
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(where)],
                              capture_output=True)
        if done.returncode != 0:
            return None
    db = where / "field.db"
    shutil.copy(base, db)
    if kind == "read-only file":
        db.chmod(0o444)
        return db, db
    if kind == "read-only folder":
        where.chmod(0o555)
        return db, where
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    return db, where


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="ro-"))
    base = tmp / "base.db"
    make_demo(base)
    site = query(base, "SELECT id FROM sites LIMIT 1")[0][0]
    draft = query(base, "SELECT id FROM inspections WHERE status = 'draft' AND "
                        "superseded_by IS NULL LIMIT 1")[0][0]
    done = query(base, "SELECT id FROM inspections WHERE status = 'completed' LIMIT 1")[0][0]
    answers = tmp / "a.json"
    answers.write_text("{}", encoding="utf-8")
    photo = tmp / "p.jpg"
    photo.write_bytes(jpeg(random.Random(3)))
    out = tmp / "out"
    out.mkdir()
    os.chmod(tmp, 0o755)
    tally: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    for n, kind in enumerate(("read-only file", "read-only folder", "read-only file system")):
        place = tmp / f"place{n}"
        prepared = prepare(kind, base, place)
        if prepared is None:
            tally[f"{kind}: skipped (cannot mount here)"] += 1
            continue
        db, named = prepared
        before = digest(db)
        reads = [["verify", "--db", str(db)],
                 ["report", "inspection", done, "--db", str(db), "--out",
                  str(out / f"i{n}.pdf")]]
        writes = [["inspection", "new", "--db", str(db), "--form", "street_order", "--site",
                   site, "--answers", str(answers)],
                  ["demo", "--db", str(db), "--inspections", "10", "--photos", "0"],
                  ["photos", "import", "--db", str(db), "--inspection", draft, str(photo)]]
        for command in reads:
            run = run_cli(command, unprivileged=True)
            key = f"{kind}: {command[0]} {command[1] if command[0] == 'report' else ''}".strip()
            if run.returncode == 0 and not is_raw(run.stdout + run.stderr):
                tally[key + " works"] += 1
            else:
                tally["FAILED " + key] += 1
                failures.append(f"{key}: exit {run.returncode}: {run.stderr[-400:]}")
        for command in writes:
            run = run_cli(command, unprivileged=True)
            text = run.stdout + run.stderr
            key = f"{kind}: {command[0]}"
            said = ("只读" in text and "read-only" in text and str(named) in text
                    and "已损坏" not in text and not is_raw(text))
            if run.returncode == 1 and said:
                tally[key + " refused, says read-only and where"] += 1
            else:
                tally["FAILED " + key] += 1
                failures.append(f"{key}: exit {run.returncode}: {text[-400:]}")
        if digest(db) != before:
            failures.append(f"{kind}: the database changed")
        if kind == "read-only file system":
            subprocess.run(["umount", str(place)], check=False)
        place.chmod(0o755)
    print(f"read-only places: {time.monotonic() - started:.0f} s")
    for label, count in sorted(tally.items()):
        print(f"  {label}: {count}")
    print("  held: reads work, writes refused as read-only, bytes unchanged" if not failures
          else "  DID NOT HOLD:\n    " + "\n    ".join(failures))
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
