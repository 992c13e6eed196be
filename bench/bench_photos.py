"""Benchmark: importing 12-megapixel JPEGs vs a plain full Pillow decode of the same files.

    .venv/bin/python bench/bench_photos.py [--n 500] [--block 25] [--keep DIR] [--no-print-copies]

Generates N 4000×3000 JPEGs with GPS and capture time (photo-like noise, ~4 MB each) in a
temporary folder (with --keep DIR, kept there and reused by the next run), then in the same run
measures, alternating blocks of --block photos so both see the same machine load:
  1. baseline: `Image.open(f).load()` of every file — a plain full decode, one thread;
  2. import: `attach_files` of the same files into a real database with one draft inspection —
     the real batch path: read, EXIF, one reduced decode (proves the file whole), SHA-256,
     thumbnail, perceptual hash, print-size copy for the reports, the original written durably
     (temp file, fsync, rename), the evidence checks and the database rows.
The figure that counts (issue 3, target ≤ 0.6) is wall time per photo of the import divided by
wall time per photo of the baseline, both in the same run. The import overlaps its photos on
threads (two decoders each take a whole photo: read, reduced decode, EXIF, hash, derived
pictures; a writer makes the originals durable in order; the database stays on this thread and
commits in order), so its CPU time, all threads together, is printed beside the baseline's too:
the baseline uses one core, the import both, so when another process keeps one core busy the
import's wall ratio tends to its CPU ratio while the baseline does not slow down. Also printed:
the ratio within each block pair (others' load comes and goes), the load average before and
after, where the time goes (wall and CPU per step and thread) and the resident memory after
each photo (peak and growth: it must stay flat).
--no-print-copies imports without the reports' print-size copies, for comparison.
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    """Current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(folder: Path, n: int, start: datetime, site: tuple[float, float]) -> list[Path]:
    from PIL import Image, ImageDraw

    from bench.fixtures import phone_exif

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    # One noisy 12 MP base (noise compresses like foliage and street detail), varied per file.
    noise = Image.effect_noise((1000, 750), 48).resize((4000, 3000), Image.Resampling.BICUBIC)
    base = Image.merge("RGB", (noise, noise.rotate(180), Image.linear_gradient("L").resize(
        (4000, 3000))))
    paths = []
    for i in range(n):
        path = folder / f"IMG_{i:04d}.JPG"
        paths.append(path)
        if path.is_file():  # kept from an earlier run (--keep): same generator, same files
            continue
        im = base.copy()
        draw = ImageDraw.Draw(im)
        for _ in range(4):
            x, y = rng.randrange(3600), rng.randrange(2600)
            draw.rectangle((x, y, x + 400, y + 400), fill=(rng.randrange(256),) * 3)
        taken = start + timedelta(seconds=20 * i)  # aware: the EXIF says +08:00 local time
        exif = phone_exif(taken, site[0] + rng.uniform(-3e-4, 3e-4),
                          site[1] + rng.uniform(-3e-4, 3e-4), alt=45.0, make="Bench",
                          model="12MP")
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=90, exif=exif)
        path.write_bytes(buf.getvalue())
        del im
    return paths


class Breakdown:
    """Wall time spent in named steps, per thread ("main" or "writer"), by wrapping functions."""

    def __init__(self) -> None:
        self.seconds: dict[tuple[str, str], float] = defaultdict(float)
        self.cpu: dict[tuple[str, str], float] = defaultdict(float)
        self._undo: list[Callable[[], None]] = []

    def wrap(self, owner: Any, attr: str, label: str) -> None:
        if not hasattr(owner, attr):
            return  # an older version without this step
        original = getattr(owner, attr)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                thread = threading.current_thread()
                where = "main" if thread is threading.main_thread() else \
                    thread.name.removeprefix("photo-").split("_")[0]
                self.seconds[(where, label)] += time.perf_counter() - start
                self.cpu[(where, label)] += time.thread_time() - cpu

        setattr(owner, attr, timed)
        self._undo.append(lambda: setattr(owner, attr, original))

    def undo(self) -> None:
        for step in reversed(self._undo):
            step()


def instrument() -> Breakdown:
    from app.media import filestore, importer, reading

    b = Breakdown()
    b.wrap(importer, "_check_file", "read + reduced decode + EXIF")
    b.wrap(importer, "load_bytes", " (of which: read the file)")
    b.wrap(importer, "read_photo", "read_photo (earlier versions: all in one)")
    b.wrap(importer, "finish_photo", "hash + thumbnail + phash + print copy")
    b.wrap(reading, "finish_photo", "hash + thumbnail + phash + print copy")
    b.wrap(filestore.MediaStore, "store_original", "original: write + fsync + rename")
    b.wrap(filestore.MediaStore, "put_derived", "cache: thumbnail + print copy files")
    b.wrap(importer, "_record", "database transaction + checks")
    return b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="number of photos (default 500)")
    parser.add_argument("--block", type=int, default=25,
                        help="photos per alternating block of baseline and import (default 25)")
    parser.add_argument("--no-print-copies", action="store_true",
                        help="import without the reports' print-size copies (for comparison)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep the generated photos for next time")
    args = parser.parse_args()

    from PIL import Image

    from app.media.importer import attach_files
    from bench.fixtures import add_inspection, add_site, new_database

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-photos-"))
    work.mkdir(parents=True, exist_ok=True)
    site = (39.9290, 116.4100)
    start = datetime.now(UTC) - timedelta(hours=1)
    t = time.perf_counter()
    files = generate(work / "card", args.n, start, site)
    size_mb = sum(p.stat().st_size for p in files) / 2**20
    print(f"{len(files)} photos of 4000×3000 ({size_mb / len(files):.1f} MB each) ready "
          f"in {time.perf_counter() - t:.1f} s; cpus: {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.2f}")

    import shutil

    shutil.rmtree(work / "db", ignore_errors=True)
    world = new_database(work / "db" / "street-audit.db", role="field")
    # Each photo's capture time must fall in the inspection's window (started an hour ago).
    insp = add_inspection(world, add_site(world, "基准测试", *site), start)
    for p in files:  # same starting point for both: every file in the page cache
        p.read_bytes()
    gc.collect()
    breakdown = instrument()
    rss: list[float] = [rss_mb()]
    wall = {"decode": 0.0, "import": 0.0}
    cpu = {"decode": 0.0, "import": 0.0}
    failures = 0
    block_ratios: list[float] = []

    def sample(_done: int, _total: int) -> None:
        rss.append(rss_mb())

    import inspect

    # Earlier versions (for before/after figures) had no progress hook: memory per block then.
    hook: dict[str, Any] = {"progress": sample} \
        if "progress" in inspect.signature(attach_files).parameters \
        else {}
    if args.no_print_copies:
        hook["print_copies"] = False
    for first in range(0, len(files), args.block):
        block = files[first:first + args.block]
        c, t = time.process_time(), time.perf_counter()
        for p in block:
            with Image.open(p) as im:
                im.load()
        block_decode = time.perf_counter() - t
        wall["decode"] += block_decode
        cpu["decode"] += time.process_time() - c
        c, t = time.process_time(), time.perf_counter()
        results = attach_files(world.db, world.db_path, insp, block, "bench", **hook)
        if not hook:
            sample(0, 0)
        block_import = time.perf_counter() - t
        wall["import"] += block_import
        cpu["import"] += time.process_time() - c
        block_ratios.append(block_import / block_decode)
        failures += sum(not r.ok for r in results)
    breakdown.undo()
    n = len(files)
    dec, imp = wall["decode"] / n, wall["import"] / n
    print(f"photos: n = {n}, alternating blocks of {args.block} (baseline, then import); "
          + ("print copies NOT made by the import (comparison only: the reports would then "
             "make them from the originals)" if args.no_print_copies else
             "print copies made by the import, as the program does (from its own reduced "
             "decode; no later pass)"))
    print(f"full Pillow decode : {dec * 1000:7.1f} ms/photo wall, "
          f"{cpu['decode'] / n * 1000:7.1f} ms CPU (one thread)")
    print(f"import (all steps) : {imp * 1000:7.1f} ms/photo wall, "
          f"{cpu['import'] / n * 1000:7.1f} ms CPU (all its threads)  ({failures} failed)")
    ratio = imp / dec
    print(f"ratio import/decode: {ratio:.2f} wall (target ≤ 0.60: "
          f"{'OK' if ratio <= 0.6 else 'ABOVE TARGET'}); "
          f"{cpu['import'] / cpu['decode']:.2f} CPU")
    # Other processes' load comes and goes; the ratio within each block pair is less exposed.
    q = statistics.quantiles(block_ratios, n=4) if len(block_ratios) > 1 else block_ratios * 3
    print(f"ratio per block pair: median {statistics.median(block_ratios):.2f}, quartiles "
          f"{q[0]:.2f}–{q[2]:.2f} over {len(block_ratios)} blocks")
    print("where the import's time goes (ms/photo inside each step: wall, CPU of that thread):")
    for (where, label), seconds in sorted(breakdown.seconds.items()):
        print(f"  [{where:7s}] {label:42s} {seconds / n * 1000:7.1f} "
              f"{breakdown.cpu[(where, label)] / n * 1000:7.1f}")
    main_steps = sum(s for (w, label), s in breakdown.seconds.items()
                     if w == "main" and not label.startswith(" "))
    print(f"  [main   ] {'waiting for the other threads, loop':42s} "
          f"{(wall['import'] - main_steps) / n * 1000:7.1f}")
    tenth = max(1, len(rss) // 10)
    print(f"load average now {os.getloadavg()[0]:.2f} (the machine's other work: see above)")
    print(f"RSS before import {rss[0]:.0f} MB; after first tenth {max(rss[:tenth + 1]):.0f} MB; "
          f"peak {max(rss):.0f} MB; at end {rss[-1]:.0f} MB (target: flat, well under 300 MB)")
    print("RSS peak per tenth of the batch (MB): " + " ".join(
        f"{max(rss[k:k + tenth]):.0f}" for k in range(1, len(rss), tenth)))
    world.db.conn.close()
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        shutil.rmtree(work / "db", ignore_errors=True)
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
