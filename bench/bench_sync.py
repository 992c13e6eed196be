"""Sync speed (issue 10): merging many laptops' bundles into a big office database, and the
export of a day's work from a small and a big database, each against a baseline measured in
the same run.

    .venv/bin/python bench/bench_sync.py [--quick] [--part merge|export|all]

Merge: 20 laptops × 500 inspections × 3 photos (each laptop a real database filled by
app.demo's bulk writer, photos written to its store and linked, then exported through
`export_bundle`) merged one bundle after another (`read_bundle` + `apply_payload`, what
`merge` does) into a 100,000-inspection office database. Baselines on the same rows and files:

- rows: a copy of the office database from before the merge, with the same indexes and
  triggers, gets the very rows the merge added (sites, inspections, photo uses, photos,
  findings, versions, routes, other devices' audit entries, the import log) by `ATTACH` +
  `INSERT … SELECT` in one transaction, on a connection set up as the program's (WAL,
  synchronous FULL). Ratio = rows/s of the merge's record work ÷ rows/s of that. Target ≥ 50 %.
- photos: a plain copy + SHA-256 of the same original files (read, hash, write; and the same
  with an fsync per file, as the merge makes every photo durable before the records that name
  it). The merge's photo work is timed where it happens: checking the bundle entries'
  hashes, decrypting each photo into the store with its hash, fsync. Ratio = bytes/s of that
  ÷ bytes/s of the plain copy. Target ≥ 50 %.

Export: a day's work (30 inspections with answers, 3 photos each, completed) exported from a
10,000- and a 100,000-inspection database that has sent everything before; alternating,
median of the repeats. Target: ratio ≤ 1.2 (the cost follows the changes).

`--quick`: 4 bundles into a 10,000-inspection office; export from 2,000 and 20,000.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB = "street-audit.db"
ACTOR = "王建国"
# The tables a merge adds rows to (the trigger-kept ones, counts, the FTS index and
# sync_arrivals, are filled by the same triggers on both sides).
ROW_TABLES = ("sites", "inspections", "photos", "inspection_photos", "findings",
              "sync_versions", "sync_routes", "sync_audit", "sync_log")


def device(path: Path, role: str, name: str) -> Any:
    from app.store.checklists import register_shipped_checklists
    from app.store.db import open_database
    from app.store.profile import initialize_device
    from app.sync.devices import make_local_keys

    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path, create=True)
    initialize_device(db, role, name, district_code="110101",  # type: ignore[arg-type]
                      office_name="东城区城管执法局" if role == "office" else "")
    register_shipped_checklists(db)
    make_local_keys(db)
    return db


def enrol(a: Any, b: Any) -> None:
    """b enrols a's public keys."""
    from app.sync.devices import enrol_device, local_device, local_keys
    from app.sync.keys import parse_public_key, public_key_text

    me = local_device(a)
    enrol_device(b, parse_public_key(
        public_key_text(local_keys(a), me.label, me.role).encode(), "key.json"))


def add_photos(db: Any, db_path: Path, per_inspection: int, size: int, seed: int) -> int:
    """`per_inspection` distinct photos (random bytes of `size`) stored and linked to every
    draft inspection; the number of photos made."""
    from app.core.clock import utc_now
    from app.core.ids import new_id
    from app.media.filestore import MediaStore
    from app.store.db import write_transaction
    from app.store.photos import PhotoRecord, insert_photo
    from app.sync.devices import local_device

    rng = random.Random(seed)
    store = MediaStore.for_database(db_path)
    me = local_device(db).id
    drafts = [str(r[0]) for r in db.execute(
        "SELECT id FROM inspections WHERE status = 'draft' ORDER BY id")]
    uses = []
    made = 0
    with write_transaction(db):
        for insp in drafts:
            for k in range(per_inspection):
                data = b"\xff\xd8\xff\xe0" + rng.randbytes(size - 4)
                sha = hashlib.sha256(data).hexdigest()
                store.put_original(sha, data, verified=True)
                now = utc_now()
                insert_photo(db, PhotoRecord(
                    sha, size, "image/jpeg", 4032, 3024, 39.91 + rng.random() / 100,
                    116.38 + rng.random() / 100, None, now, 0, now, None, 1, "Xiaomi",
                    "14", None, "exifread", "[]", f"IMG_{k}.jpg", now, me))
                uses.append((new_id(), me, now, now, insp, sha, None, "", k, now))
                made += 1
        db.conn.executemany(
            "INSERT INTO inspection_photos (id, origin_device, rev, base_rev, created_at, "
            "updated_at, inspection_id, sha256, item_id, caption, position, added_at) "
            "VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?)", uses)
    return made


def make_laptop(root: Path, n: int, office: Any, inspections: int, photos: int,
                photo_size: int) -> tuple[Path, Path, int]:
    """A laptop database with a month's work, exported to the office: (db, bundle, photos)."""
    from app.demo.generate import fill_demo
    from app.sync.devices import local_device
    from app.sync.export import export_bundle

    path = root / f"laptop{n:02d}" / DB
    db = device(path, "field", f"巡查员{n}")
    enrol(office, db)
    enrol(db, office)
    fill_demo(db, inspections=inspections, seed=100 + n, hold_for_photos=inspections)
    made = add_photos(db, path, photos, photo_size, seed=n)
    bundle = export_bundle(db, root / "bundles", receiver_id=local_device(office).id).paths[0]
    db.close()
    return path, bundle, made


class Timed:
    """Wrap a function, adding the time spent in it to `seconds`."""

    def __init__(self, owner: Any, name: str) -> None:
        self.owner, self.name = owner, name
        self.inner = getattr(owner, name)
        self.seconds = 0.0

    def __enter__(self) -> Timed:
        inner = self.inner

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(self.owner, self.name, timed)
        return self

    def __exit__(self, *exc: object) -> None:
        setattr(self.owner, self.name, self.inner)


def bench_merge(root: Path, office_inspections: int, laptops: int, per_laptop: int,
                photos: int, photo_size: int) -> dict[str, float]:
    from app.demo.generate import fill_demo
    from app.store.db import open_database
    from app.sync import bundle as bundle_module
    from app.sync import inbox
    from app.sync.devices import local_keys

    office_path = root / "office" / DB
    print(f"making the office database ({office_inspections:,} inspections) …", flush=True)
    started = time.monotonic()
    office = device(office_path, "office", "东城区")
    fill_demo(office, inspections=office_inspections, seed=1)
    print(f"  {time.monotonic() - started:.0f} s", flush=True)
    print(f"making {laptops} laptops × {per_laptop} inspections × {photos} photos "
          f"({photo_size // 1024} KiB) and their bundles …", flush=True)
    started = time.monotonic()
    made = [make_laptop(root, n, office, per_laptop, photos, photo_size)
            for n in range(laptops)]
    print(f"  {time.monotonic() - started:.0f} s", flush=True)
    office.close()
    before = root / "office-before.db"
    shutil.copy(office_path, before)

    office = open_database(office_path)
    keys = local_keys(office)
    read_s = apply_s = 0.0
    with Timed(inbox, "_stage_photo") as staging, Timed(inbox, "make_durable") as syncing, \
            Timed(bundle_module.OpenedBundle, "check_hashes") as hashing:
        for _path, bundle, _n in made:
            t0 = time.perf_counter()
            payload = inbox.read_bundle(office, bundle, keys)
            t1 = time.perf_counter()
            assert payload is not None
            try:
                result = inbox.apply_payload(office, payload, bundle)
            finally:
                payload.discard()
            t2 = time.perf_counter()
            assert result.status == "merged", result.reason
            read_s += t1 - t0
            apply_s += t2 - t1
    office.close()
    photo_s = staging.seconds + syncing.seconds + hashing.seconds
    total_s = read_s + apply_s
    record_s = total_s - photo_s

    # The rows the merge added, for the baseline.
    source = root / "added.db"
    with closing(sqlite3.connect(office_path)) as conn:
        conn.execute(f"ATTACH '{before}' AS pre")
        conn.execute(f"ATTACH '{source}' AS src")
        rows = 0
        for table in ROW_TABLES:
            conn.execute(f"CREATE TABLE src.{table} AS SELECT * FROM main.{table} "
                         f"EXCEPT SELECT * FROM pre.{table}")
            rows += conn.execute(f"SELECT count(*) FROM src.{table}").fetchone()[0]
        conn.commit()
    raw_s = raw_insert(before, source)

    # Photos: the same original files, copied plainly with their SHA-256.
    originals = []
    for path, _bundle, _n in made:
        store = path.parent / "street-audit-photos" / "originals"
        originals.extend(p for p in store.rglob("*") if p.is_file())
    photo_bytes = sum(p.stat().st_size for p in originals)
    copy_s = plain_copy(originals, root / "copy", fsync=False)
    copy_sync_s = plain_copy(originals, root / "copy-sync", fsync=True)
    return {"rows": rows, "photos": len(originals), "photo_bytes": photo_bytes,
            "merge_total_s": total_s, "merge_record_s": record_s, "merge_photo_s": photo_s,
            "read_s": read_s, "apply_s": apply_s, "raw_s": raw_s, "copy_s": copy_s,
            "copy_sync_s": copy_sync_s}


def raw_insert(before: Path, source: Path) -> float:
    """ATTACH + INSERT … SELECT of the added rows into the pre-merge copy (same indexes,
    same triggers), one transaction, the program's connection settings."""
    target = before.with_name("office-raw.db")
    shutil.copy(before, target)
    with closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"ATTACH '{source}' AS src")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for table in ROW_TABLES:
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
        conn.execute("COMMIT")
        return time.perf_counter() - started


def plain_copy(files: list[Path], out: Path, *, fsync: bool) -> float:
    out.mkdir()
    started = time.perf_counter()
    for n, path in enumerate(files):
        digest = hashlib.sha256()
        with path.open("rb") as src, (out / f"{n:06d}").open("wb") as dst:
            while block := src.read(1024 * 1024):
                digest.update(block)
                dst.write(block)
            if fsync:
                dst.flush()
                os.fsync(dst.fileno())
        digest.hexdigest()
    return time.perf_counter() - started


# --- export of a day's work ----------------------------------------------------------------

def export_world(root: Path, inspections: int) -> tuple[Any, Path]:
    """A laptop database of `inspections` that has sent everything to its office."""
    from app.demo.generate import fill_demo
    from app.sync.export import export_bundle

    path = root / f"export-{inspections}" / DB
    office = device(root / f"export-{inspections}-office" / DB, "office", "东城区")
    db = device(path, "field", ACTOR)
    enrol(office, db)
    enrol(db, office)
    office.close()
    fill_demo(db, inspections=inspections, seed=2)
    export_bundle(db, root / f"export-{inspections}-first")
    return db, path


def day_of_work(db: Any, db_path: Path, day: int, inspections: int, photo_dir: Path) -> None:
    """`inspections` new inspections at existing sites, answered, 3 photos each, completed."""
    from stress_common import jpeg

    from app.core.checklist import sample_answers
    from app.media.importer import attach_files
    from app.store.inspection_records import inspection_checklist
    from app.store.inspections import complete_inspection, set_answers, start_inspection
    from app.store.profile import get_profile

    rng = random.Random(day)
    sites = [str(r[0]) for r in db.execute("SELECT id FROM sites ORDER BY id LIMIT 200")]
    profile = get_profile(db)
    for k in range(inspections):
        insp = start_inspection(db, "street_order", rng.choice(sites), profile).id
        checklist = inspection_checklist(db, insp)
        answers = sample_answers(checklist, random.Random(f"{day}-{k}"), complete=True)
        photo_items = {i.id for i in checklist.items() if i.type == "photo"}
        set_answers(db, insp, {a: v for a, v in answers.items() if a not in photo_items}, ACTOR)
        files = []
        for p in range(3):
            f = photo_dir / f"d{day}-{k}-{p}.jpg"
            f.write_bytes(jpeg(rng, (320, 240)))
            files.append(f)
        attach_files(db, db_path, insp, files, ACTOR, print_copies=False)
        # a photo item the sample left empty: it stays a draft, exported all the same
        with contextlib.suppress(Exception):
            complete_inspection(db, insp, ACTOR)


def bench_export(root: Path, small: int, big: int, repeats: int,
                 day: int) -> dict[str, Any]:
    from app.sync.export import export_bundle

    worlds = {}
    for n in (small, big):
        print(f"making a {n:,}-inspection laptop database that has sent everything …",
              flush=True)
        started = time.monotonic()
        worlds[n] = export_world(root, n)
        print(f"  {time.monotonic() - started:.0f} s", flush=True)
    photo_dir = root / "day-photos"
    photo_dir.mkdir()
    times: dict[int, list[float]] = {small: [], big: []}
    counts = {}
    # A first day, not timed: it settles what the first export left behind (printed).
    for n in (small, big):
        db, path = worlds[n]
        day_of_work(db, path, 1000, day, photo_dir)
        started = time.perf_counter()
        first = export_bundle(db, root / f"day-{n}")
        print(f"  first day at {n:,}: {time.perf_counter() - started:.2f} s, "
              f"{sum(v for k, v in first.counts.items() if k not in ('audit', 'forms'))} "
              "items", flush=True)
    for r in range(repeats):
        for n in ((small, big) if r % 2 == 0 else (big, small)):
            db, path = worlds[n]
            day_of_work(db, path, r, day, photo_dir)
            started = time.perf_counter()
            result = export_bundle(db, root / f"day-{n}")
            times[n].append(time.perf_counter() - started)
            counts[n] = result.counts
    for db, _path in worlds.values():
        db.close()
    return {"small": small, "big": big, "times": times, "counts": counts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--part", choices=("merge", "export", "all"), default="all")
    parser.add_argument("--photo-kib", type=int, default=None,
                        help="size of each generated photo (default 64)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    quick = args.quick
    office_n, laptops = (10_000, 4) if quick else (100_000, 20)
    small, big = (2_000, 20_000) if quick else (10_000, 100_000)
    photo_size = 1024 * (args.photo_kib or 64)
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    load = os.getloadavg()[0]
    try:
        if args.part in ("merge", "all"):
            m = bench_merge(tmp, office_n, laptops, 500, 3, photo_size)
            rows_rate = m["rows"] / m["merge_record_s"]
            raw_rate = m["rows"] / m["raw_s"]
            byte_rate = m["photo_bytes"] / m["merge_photo_s"]
            copy_rate = m["photo_bytes"] / m["copy_s"]
            copy_sync_rate = m["photo_bytes"] / m["copy_sync_s"]
            mb = m["photo_bytes"] / 1e6
            print(f"\nmerge: {laptops} bundles × 500 inspections × 3 photos into "
                  f"{office_n:,} inspections (load {load:.1f} at start, "
                  f"{os.getloadavg()[0]:.1f} now)")
            print(f"  whole merge           {m['merge_total_s']:8.2f} s  (verify + decrypt "
                  f"{m['read_s']:.2f} s, apply {m['apply_s']:.2f} s)")
            print(f"  records               {m['merge_record_s']:8.2f} s  {m['rows']:,} rows  "
                  f"{rows_rate:10,.0f} rows/s")
            print(f"  raw ATTACH + INSERT   {m['raw_s']:8.2f} s  {m['rows']:,} rows  "
                  f"{raw_rate:10,.0f} rows/s")
            print(f"  rows ratio            {rows_rate / raw_rate:8.1%}   (target ≥ 50 %)")
            print(f"  photos                {m['merge_photo_s']:8.2f} s  {m['photos']:,} files "
                  f"{mb:,.0f} MB  {byte_rate / 1e6:8.1f} MB/s")
            print(f"  plain copy + SHA-256  {m['copy_s']:8.2f} s  {copy_rate / 1e6:8.1f} MB/s;"
                  f" with an fsync per file {m['copy_sync_s']:.2f} s "
                  f"{copy_sync_rate / 1e6:.1f} MB/s")
            print(f"  photo ratio           {byte_rate / copy_rate:8.1%}   (target ≥ 50 %); "
                  f"to the copy with fsync {byte_rate / copy_sync_rate:.1%}")
        if args.part in ("export", "all"):
            e = bench_export(tmp, small, big, 3 if quick else 5, 30)
            t_small = statistics.median(e["times"][small])
            t_big = statistics.median(e["times"][big])
            print(f"\nexport of a day's work (30 inspections, 90 photos; "
                  f"{e['counts'][big].get('inspection', 0)} inspection versions sent):")
            print(f"  {small:>7,} inspections  median {t_small * 1000:8.1f} ms  "
                  f"({', '.join(f'{t * 1000:.0f}' for t in e['times'][small])})")
            print(f"  {big:>7,} inspections  median {t_big * 1000:8.1f} ms  "
                  f"({', '.join(f'{t * 1000:.0f}' for t in e['times'][big])})")
            print(f"  ratio {t_big / t_small:.2f}   (target ≤ 1.2)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
