"""Many writers on one database at once, for minutes: nothing acknowledged is lost, nothing raw.

    .venv/bin/python bench/stress_concurrency.py [--minutes 3] [--writers 3] [--importers 2]
        [--verifiers 1] [--no-window] [--keep DIR]

Runs at the same time, until the time is up: `inspection new` loops (CLI), `photos import`
loops (small generated JPEGs, CLI), `verify` loops (CLI), one `demo` of 20,000 inspections
at the start (a long write lock), and one process that drives the real main window offscreen
(opens it, sets answers through the store call the editor uses, refreshes the list). At the
end it checks: every acknowledged write (exit 0 with its id printed) is in the database, no
output anywhere holds a traceback or a raw SQLite message, and `verify` passes.
Prints a summary and exits 1 if anything did not hold.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]
# What a user must never see: a traceback or SQLite's own words without our sentence.
RAW = ("Traceback", "sqlite3.", "UNIQUE constraint", "OperationalError", "IntegrityError")


@dataclass
class Tally:
    """What happened, per kind of run."""

    runs: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    raw: list[str] = field(default_factory=list)
    inspections: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    answers: dict[tuple[str, str], str] = field(default_factory=dict)
    verify_problems: list[str] = field(default_factory=list)
    samples: dict[str, str] = field(default_factory=dict)  # first message per kind and code
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, proc: subprocess.CompletedProcess[str]) -> None:
        with self.lock:
            self.runs[kind] += 1
            self.codes[f"{kind} exit {proc.returncode}"] += 1
            text = proc.stdout + proc.stderr
            if proc.returncode != 0:
                self.samples.setdefault(f"{kind} exit {proc.returncode}", text.strip()[:300])
            if any(word in text for word in RAW):
                self.raw.append(f"{kind}: {text[-800:]}")


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=900)


def jpeg(rng: random.Random) -> bytes:
    """A small JPEG, different every time (so every import is a new photo)."""
    from PIL import Image

    image = Image.new("RGB", (64, 48), tuple(rng.randrange(256) for _ in range(3)))
    image.putpixel((rng.randrange(64), rng.randrange(48)), (rng.randrange(256), 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def writer(db: Path, tmp: Path, site: str, form: str, deadline: float, env: dict[str, str],
           tally: Tally) -> None:
    answers = tmp / "empty.json"
    answers.write_text("{}", encoding="utf-8")
    while time.monotonic() < deadline:
        proc = run_cli(["inspection", "new", "--db", str(db), "--form", form, "--site", site,
                        "--answers", str(answers), "--json"], env)
        tally.record("inspection new", proc)
        if proc.returncode == 0:
            with tally.lock:
                tally.inspections.append(json.loads(proc.stdout)["id"])


def importer(db: Path, tmp: Path, inspection: str, seed: int, deadline: float,
             env: dict[str, str], tally: Tally) -> None:
    rng = random.Random(seed)
    folder = tmp / f"photos-{seed}"
    folder.mkdir()
    n = 0
    while time.monotonic() < deadline:
        files = []
        for _ in range(2):
            n += 1
            path = folder / f"p{n}.jpg"
            path.write_bytes(jpeg(rng))
            files.append(str(path))
        proc = run_cli(["photos", "import", "--db", str(db), "--inspection", inspection,
                        "--json", *files], env)
        tally.record("photos import", proc)
        if proc.returncode in (0, 3) and proc.stdout.strip().startswith("["):
            with tally.lock:
                tally.links.extend(r["link_id"] for r in json.loads(proc.stdout)
                                   if r["ok"] and r["link_id"])


def verifier(db: Path, deadline: float, env: dict[str, str], tally: Tally) -> None:
    while time.monotonic() < deadline:
        proc = run_cli(["verify", "--db", str(db), "--photos-sample", "5"], env)
        tally.record("verify", proc)
        if proc.returncode != 0:
            with tally.lock:
                tally.verify_problems.append(proc.stdout[-600:] + proc.stderr[-600:])
        time.sleep(1)


def window(db: Path, drafts: list[str], seconds: float, env: dict[str, str],
           tally: Tally) -> None:
    script = ROOT / "bench" / "stress_window.py"
    # e.g. STRESS_WINDOW_PREFIX="strace -f -y -e trace=openat,close -o /tmp/w.trace"
    prefix = os.environ.get("STRESS_WINDOW_PREFIX", "").split()
    proc = subprocess.run([*prefix, sys.executable, str(script), str(db), str(seconds), *drafts],
                          cwd=ROOT, capture_output=True, text=True, timeout=seconds + 600,
                          env={**env, "QT_QPA_PLATFORM": "offscreen"})
    tally.record("window", proc)
    if proc.returncode != 0:
        with tally.lock:
            tally.samples[f"window exit {proc.returncode}"] = (
                "stdout tail: " + proc.stdout[-300:] + " stderr tail: " + proc.stderr[-1500:])
    for line in proc.stdout.splitlines():
        if line.startswith("ACK "):
            _ack, inspection, item, value = line.split(" ", 3)
            tally.answers[(inspection, item)] = value
    with tally.lock:
        tally.runs["window answers"] = sum(1 for line in proc.stdout.splitlines()
                                           if line.startswith("ACK "))
        tally.runs["window refused (mapped message)"] = sum(
            1 for line in proc.stdout.splitlines() if line.startswith("REFUSED "))


def check(db: Path, tally: Tally) -> list[str]:
    """What did not hold: acknowledged writes missing, answers lost."""
    failures: list[str] = []
    with closing(sqlite3.connect(db)) as conn:
        have = {r[0] for r in conn.execute("SELECT id FROM inspections")}
        lost = [i for i in tally.inspections if i not in have]
        if lost:
            failures.append(f"{len(lost)} acknowledged inspections missing: {lost[:5]}")
        links = {r[0] for r in conn.execute("SELECT id FROM inspection_photos")}
        lost_links = [i for i in tally.links if i not in links]
        if lost_links:
            failures.append(f"{len(lost_links)} acknowledged photo links missing")
        for (inspection, item), value in tally.answers.items():
            row = conn.execute("SELECT answers FROM inspections WHERE id = ?",
                               (inspection,)).fetchone()
            if row is None or json.loads(row[0]).get(item) != value:
                failures.append(f"answer {inspection}/{item} = {value!r} not stored")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--importers", type=int, default=2)
    parser.add_argument("--verifiers", type=int, default=1)
    parser.add_argument("--demo", type=int, default=20000,
                        help="inspections of the demo run at the start (0: none)")
    parser.add_argument("--no-window", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="work here and keep the files")
    args = parser.parse_args()

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="stress-"))
    tmp.mkdir(parents=True, exist_ok=True)
    db = tmp / "stress.db"
    env = {**os.environ, "STREET_AUDIT_HOME": str(tmp / "home"), "STREET_AUDIT_LOCK_WAIT": "300"}
    setup = run_cli(["demo", "--db", str(db), "--inspections", "300", "--photos", "0"], env)
    assert setup.returncode == 0, setup.stderr
    with closing(sqlite3.connect(db)) as conn:
        site = conn.execute("SELECT id FROM sites LIMIT 1").fetchone()[0]
        drafts = [r[0] for r in conn.execute(
            "SELECT id FROM inspections WHERE status = 'draft' AND superseded_by IS NULL "
            "AND form_id = 'street_order' ORDER BY id LIMIT 8")]
    started = time.monotonic()
    deadline = started + args.minutes * 60
    tally = Tally()
    threads = [threading.Thread(target=writer, args=(db, tmp, site, "street_order", deadline,
                                                     env, tally)) for _ in range(args.writers)]
    threads += [threading.Thread(target=importer, args=(db, tmp, drafts[i % 4], i, deadline,
                                                        env, tally))
                for i in range(args.importers)]
    threads += [threading.Thread(target=verifier, args=(db, deadline, env, tally))
                for _ in range(args.verifiers)]
    if not args.no_window:
        threads.append(threading.Thread(target=window, args=(db, drafts[4:], args.minutes * 60,
                                                             env, tally)))
    if args.demo:
        def demo() -> None:
            proc = run_cli(["demo", "--db", str(db), "--inspections", str(args.demo),
                            "--photos", "0", "--seed", "5"], env)
            tally.record("demo (long write lock)", proc)
        threads.append(threading.Thread(target=demo))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    final = run_cli(["verify", "--db", str(db)], env)
    failures = check(db, tally)
    if final.returncode != 0:
        failures.append("final verify failed:\n" + final.stdout[-2000:] + final.stderr[-2000:])
    failures += [f"raw output: {r}" for r in tally.raw]
    failures += [f"verify during the run: {p}" for p in tally.verify_problems]
    print(f"stress: {elapsed / 60:.1f} min, {len(threads)} processes at a time, db {db}")
    for key, n in sorted(tally.runs.items()):
        print(f"  runs  {key}: {n}")
    for key, n in sorted(tally.codes.items()):
        print(f"  codes {key}: {n}")
    for key, text in sorted(tally.samples.items()):
        print(f"  first message of {key}: {text}")
    print(f"  acknowledged: {len(tally.inspections)} inspections, {len(tally.links)} photo "
          f"links, {len(tally.answers)} window answers (last values)")
    print("  held: every acknowledged write present, no raw error, verify ok" if not failures
          else "  DID NOT HOLD:\n    " + "\n    ".join(failures))
    if args.keep is None and not failures:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
