"""What `verify` costs to re-hash the photo originals: seconds per GB, vs reading the same
bytes without hashing (the disk's and the page cache's share), in the same run.

    .venv/bin/python bench/bench_verify.py [--mb 1024] [--files 200] [--cold]

Writes --files original-sized files (random bytes: the hash does not care what a JPEG holds)
into a scratch photo store under their SHA-256, registers them in a scratch database, then
times, alternating: a plain read of every file (baseline), and check_originals(mode="full").
--cold drops the page cache between runs (needs root: /proc/sys/vm/drop_caches), so the disk
is measured too; without it both read from memory and the ratio is the hashing's own cost.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.media.filestore import MediaStore
from app.media.integrity import FULL, check_originals
from app.store.db import open_database, write_transaction


def _drop_caches() -> None:
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError as exc:
        raise SystemExit(f"--cold needs root ({exc})") from exc


def _plain_read(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=1024, help="total size of the originals")
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        db = open_database(db_path, create=True)
        store = MediaStore.for_database(db_path)
        size = args.mb * 1024 * 1024 // args.files
        paths = []
        with write_transaction(db):
            for _ in range(args.files):
                data = os.urandom(size)
                sha = hashlib.sha256(data).hexdigest()
                store.put_original(sha, data, verified=True)
                paths.append(store.original_path(sha))
                db.execute("INSERT INTO photos (sha256, size, mime, imported_at, origin_device) "
                           "VALUES (?, ?, 'image/jpeg', '2026-12-05T00:00:00Z', 'bench')",
                           (sha, size))
        gb = size * args.files / 1e9
        reads, hashes = [], []
        for _ in range(args.repeat):
            if args.cold:
                _drop_caches()
            start = time.perf_counter()
            _plain_read(paths)
            reads.append(time.perf_counter() - start)
            if args.cold:
                _drop_caches()
            start = time.perf_counter()
            report = check_originals(db, store, mode=FULL)
            hashes.append(time.perf_counter() - start)
            assert report.hashed == args.files and not report.bad
        read_s, hash_s = statistics.median(reads), statistics.median(hashes)
        print(f"{args.files} originals, {gb:.2f} GB, {'cold' if args.cold else 'warm'} cache, "
              f"load {os.getloadavg()[0]:.2f}")
        print(f"plain read   {read_s:7.2f} s   {read_s / gb:6.2f} s/GB")
        print(f"full verify  {hash_s:7.2f} s   {hash_s / gb:6.2f} s/GB   "
              f"ratio {hash_s / read_s:.2f}")
        db.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
