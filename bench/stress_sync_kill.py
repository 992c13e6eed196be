"""kill -9 during sync merges and exports, hundreds of times: before or after, never half.

    .venv/bin/python bench/stress_sync_kill.py [--rounds 300] [--job merge|export|parts|all]

A laptop with a day's work (sites, inspections, photos) and its office are made once (in a
child process). Each round copies the office (merge) or the laptop (export, or export in
numbered parts), forks a child that arms a timer to SIGKILL itself at a random point of the
job (uniform over 1.1 × the job's measured length), and then checks:

- `PRAGMA integrity_check` is ok and the database is exactly as before or as after the job
  (the office's records; the laptop's export transaction);
- export: every file left in the folder is either merged whole at a copy of the office or
  refused with a reason (a temporary name, a cut-off file, a part without its siblings), and
  a file with a final name is a whole bundle or one part of one;
- a rerun completes (merge again; `export`, or `export --again 1` if the transaction was
  committed but the file not written) and the office ends with every record.

Prints a tally per job and outcome; exit 1 if any round did not hold.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB = "street-audit.db"


def make_world(root: Path) -> None:
    """office/, laptop/ (before its export), bundle/ (its export, for the merge rounds)."""
    from stress_common import jpeg

    from app.media.importer import attach_files
    from app.store.checklists import register_shipped_checklists
    from app.store.db import open_database
    from app.store.inspections import start_inspection
    from app.store.profile import get_profile, initialize_device
    from app.store.sites import SiteDraft, create_site
    from app.sync.devices import enrol_device, local_device, local_keys, make_local_keys
    from app.sync.export import export_bundle
    from app.sync.keys import parse_public_key, public_key_text

    dbs = {}
    for name, role in (("office", "office"), ("laptop", "field")):
        db = open_database(root / name / DB, create=True)
        initialize_device(db, role, "王巡查", district_code="110105")  # type: ignore[arg-type]
        register_shipped_checklists(db)
        make_local_keys(db)
        dbs[name] = db
    for a, b in (("office", "laptop"), ("laptop", "office")):
        me = local_device(dbs[a])
        text = public_key_text(local_keys(dbs[a]), me.label, me.role)
        enrol_device(dbs[b], parse_public_key(text.encode(), "key.json"))
    laptop = dbs["laptop"]
    rng = random.Random(7)
    incoming = root / "incoming"
    incoming.mkdir()
    for n in range(40):
        site = create_site(laptop, SiteDraft("110105", name=f"场所{n}",
                                             address=f"朝阳区场所{n}路1号"), "王巡查").id
        if n % 2 == 0:
            insp = start_inspection(laptop, "street_order", site, get_profile(laptop)).id
            photo = incoming / f"p{n}.jpg"
            photo.write_bytes(jpeg(rng, (320, 240)))
            attach_files(laptop, root / "laptop" / DB, insp, [photo], "王巡查",
                         print_copies=False)
    for db in dbs.values():
        db.close()
    shutil.copytree(root / "laptop", root / "exported")
    db = open_database(root / "exported" / DB)
    export_bundle(db, root / "bundle")
    db.close()


# --- what is compared ---------------------------------------------------------------------

OFFICE = {
    "sites": "SELECT id, rev, name, address FROM sites ORDER BY id",
    "inspections": "SELECT id, rev, status, answers, finding_count FROM inspections ORDER BY id",
    "uses": "SELECT id, inspection_id, sha256 FROM inspection_photos ORDER BY id",
    "photos": "SELECT sha256, size, origin_device FROM photos ORDER BY sha256",
    "audit": "SELECT chain_device, seq, hash FROM sync_audit ORDER BY chain_device, seq",
}
OFFICE_VERSIONS = "SELECT vid, content_sha256 FROM sync_versions ORDER BY vid"


def office_state(db: Any, with_versions: bool = True) -> dict[str, list[Any]]:
    out = {k: [tuple(r) for r in db.execute(q)] for k, q in OFFICE.items()}
    if with_versions:
        out["versions"] = [tuple(r) for r in db.execute(OFFICE_VERSIONS)]
    return out


def laptop_state(db: Any) -> tuple[Any, ...]:
    one = db.execute
    return (
        tuple(one("SELECT count(*), group_concat(seq) FROM sync_log WHERE direction = 'out'")
              .fetchone()),
        one("SELECT count(*) FROM sync_versions").fetchone()[0],
        one("SELECT count(*) FROM sync_out_items").fetchone()[0],
        one("SELECT count(*) FROM sync_sent_photos").fetchone()[0],
        one("SELECT count(*) FROM audit").fetchone()[0],
        tuple(one(f"SELECT count(*) FROM {t} WHERE vid IS NULL").fetchone()[0]
              for t in ("sites", "inspections", "inspection_photos")),
    )


# --- one job in a forked child, killed by its own timer -----------------------------------

def run_job(job: str, folder: Path, bundle: Path, delay: float | None) -> tuple[bool, float]:
    """(killed, seconds) of the job run in a forked child, SIGKILLed after `delay` s."""
    from app.store.db import open_database
    from app.sync.export import export_bundle
    from app.sync.inbox import merge_bundle

    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            if delay is not None:
                timer = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL))
                timer.daemon = True
                timer.start()
            db = open_database(folder / DB)
            if job == "merge":
                if merge_bundle(db, bundle).status not in ("merged", "already"):
                    code = 1
            else:
                export_bundle(db, folder / "out",
                              part_limit=PART_LIMIT if job == "parts" else 1 << 40)
            db.close()
        except BaseException as exc:
            print(f"{job} failed in {folder}: {exc!r}", file=sys.stderr, flush=True)
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status):
        raise SystemExit(f"{job} failed in {folder}")
    return os.WIFSIGNALED(status), time.monotonic() - started


PART_LIMIT = 64 * 1024


class Checker:
    def __init__(self, world: Path) -> None:
        from app.store.db import open_database
        from app.sync.inbox import merge_bundle

        self.world = world
        self.bundle = next((world / "bundle").iterdir())
        db = open_database(world / "office" / DB)
        self.office_before = office_state(db)
        db.close()
        after = world / "office-after"
        shutil.copytree(world / "office", after)
        db = open_database(after / DB)
        assert merge_bundle(db, self.bundle).status == "merged"
        self.office_after = office_state(db)
        self.office_records = office_state(db, with_versions=False)
        db.close()
        db = open_database(world / "laptop" / DB)
        self.laptop_before = laptop_state(db)
        db.close()
        db = open_database(world / "exported" / DB)
        self.laptop_after = laptop_state(db)
        db.close()

    def merge_round(self, work: Path, fraction: float, length: float) -> tuple[str, list[str]]:
        from app.store.db import open_database
        from app.sync.inbox import merge_bundle

        shutil.copytree(self.world / "office", work)
        killed, _ = run_job("merge", work, self.bundle, fraction * length)
        problems = []
        db = open_database(work / DB)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                problems.append("integrity_check")
            state = office_state(db)
            label = ("before" if state == self.office_before else
                     "after" if state == self.office_after else "HALF")
            if label == "HALF":
                problems.append("neither before nor after")
            rerun = merge_bundle(db, self.bundle)
            if rerun.status not in ("merged", "already") or office_state(db) != self.office_after:
                problems.append(f"rerun: {rerun.status} {rerun.reason}")
        finally:
            db.close()
        return f"merge killed {'mid-way' if killed else 'after the end'}: {label}", problems

    def export_round(self, job: str, work: Path, fraction: float,
                     length: float) -> tuple[str, list[str]]:
        from app.store.db import open_database
        from app.sync.export import export_again, export_bundle

        shutil.copytree(self.world / "laptop", work)
        killed, _ = run_job(job, work, self.bundle, fraction * length)
        problems = []
        db = open_database(work / DB)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                problems.append("integrity_check")
            state = laptop_state(db)
            label = ("before" if state == self.laptop_before else
                     "after" if state == self.laptop_after else "HALF")
            if label == "HALF":
                problems.append(f"laptop neither before nor after: {state}")
            whole = self._check_files(work, problems)
            if label == "before" and whole:
                problems.append("a whole bundle without its transaction")
            part_limit = PART_LIMIT if job == "parts" else 1 << 40
            rerun = (export_bundle(db, work / "again", part_limit=part_limit) if label == "before"
                     else export_again(db, 1, work / "again", part_limit=part_limit))
            if not self._merges_whole(work / "rerun-office", rerun.paths[0]):
                problems.append("the rerun's bundle did not merge whole")
        finally:
            db.close()
        label = f"{job} killed {'mid-way' if killed else 'after the end'}: {label}" + (
            ", whole file" if whole else ", no whole file" if label == "after" else "")
        return label, problems

    def _merges_whole(self, where: Path, path: Path) -> bool | None:
        """True: merged with every record; None: refused with a reason; False: neither."""
        from app.store.db import open_database
        from app.sync.inbox import merge_bundle

        shutil.copytree(self.world / "office", where)
        db = open_database(where / DB)
        try:
            result = merge_bundle(db, path)
            if result.status == "merged":
                return office_state(db, with_versions=False) == self.office_records
            if result.status == "refused" and result.reason is not None and \
                    office_state(db) == self.office_before:
                return None
            return False
        finally:
            db.close()
            shutil.rmtree(where)

    def _check_files(self, work: Path, problems: list[str]) -> bool:
        whole = False
        out = work / "out"
        for n, path in enumerate(sorted(out.iterdir()) if out.is_dir() else []):
            if whole and not path.name.startswith("."):
                continue
            got = self._merges_whole(work / f"office-{n}", path)
            if got is False:
                problems.append(f"{path.name}: merged half, or refused without a reason")
            elif got is True and not path.name.startswith("."):
                whole = True
            elif got is None and not path.name.startswith(".") and ".part" not in path.name:
                problems.append(f"{path.name}: a final name that is not a whole bundle")
        return whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--job", choices=("merge", "export", "parts", "all"), default="all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--make-world", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_world:
        make_world(args.make_world)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="sync-kill-"))
    world = tmp / "world"
    made = subprocess.run([sys.executable, __file__, "--make-world", str(world)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}"})
    if made.returncode:
        return 1
    checker = Checker(world)
    jobs = ["merge", "export", "parts"] if args.job == "all" else [args.job]
    lengths = {}
    for job in jobs:  # each job's length, measured here once, run to the end
        where = tmp / f"calibrate-{job}"
        shutil.copytree(world / ("office" if job == "merge" else "laptop"), where)
        lengths[job] = min(run_job(job, where, checker.bundle, None)[1] for _ in range(1))
        shutil.rmtree(where)
    rng = random.Random(args.seed)
    tally: Counter[str] = Counter()
    failures = []
    started = time.monotonic()
    for n in range(args.rounds):
        job = jobs[n % len(jobs)]
        work = tmp / f"r{n}"
        fraction = rng.uniform(0, 1.1)
        if job == "merge":
            label, problems = checker.merge_round(work, fraction, lengths[job])
        else:
            label, problems = checker.export_round(job, work, fraction, lengths[job])
        tally[("FAILED " if problems else "") + label] += 1
        if problems:
            failures.append(f"round {n} ({label}): {'; '.join(problems)}")
        shutil.rmtree(work, ignore_errors=True)
    print(f"sync kill -9: {args.rounds} rounds in {time.monotonic() - started:.0f} s "
          f"(job lengths: {json.dumps({k: round(v, 3) for k, v in lengths.items()})} s)")
    for label, count in sorted(tally.items()):
        print(f"  {label}: {count}")
    print("  held: before or after every kill, no half bundle taken, every rerun complete"
          if not failures else "  DID NOT HOLD:\n    " + "\n    ".join(failures))
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
