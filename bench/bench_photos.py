"""Benchmark: importing 12-megapixel JPEGs vs a plain full Pillow decode of the same files.

    .venv/bin/python bench/bench_photos.py [--n 500] [--keep DIR]

Generates N 4000×3000 JPEGs with GPS and capture time (photo-like noise, ~3-4 MB each) in a
temporary folder, then in the same run measures
  1. baseline: Image.open(f).load() of every file (a plain full decode), and
  2. import: hash, EXIF, thumbnail, store the original (fsync), checks, database rows — the
     real `attach_files` into a real database with one inspection.
Prints the per-photo cost of each, their ratio (target ≤ 0.6), and the resident memory
after each imported photo (peak and growth from the first tenth to the end: it must stay flat).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

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

    from tests.media.factory import exif_bytes

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    # One noisy 12 MP base (noise compresses like foliage and street detail), varied per file.
    noise = Image.effect_noise((1000, 750), 48).resize((4000, 3000), Image.Resampling.BICUBIC)
    base = Image.merge("RGB", (noise, noise.rotate(180), Image.linear_gradient("L").resize(
        (4000, 3000))))
    paths = []
    for i in range(n):
        im = base.copy()
        draw = ImageDraw.Draw(im)
        for _ in range(4):
            x, y = rng.randrange(3600), rng.randrange(2600)
            draw.rectangle((x, y, x + 400, y + 400), fill=(rng.randrange(256),) * 3)
        taken = (start + timedelta(hours=8, seconds=20 * i)).replace(tzinfo=None)
        exif = exif_bytes(lat=site[0] + rng.uniform(-3e-4, 3e-4),
                          lon=site[1] + rng.uniform(-3e-4, 3e-4), alt=45.0, taken=taken,
                          offset="+08:00", make="Bench", model="12MP")
        path = folder / f"IMG_{i:04d}.JPG"
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=90, exif=exif)
        path.write_bytes(buf.getvalue())
        paths.append(path)
        del im
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="number of photos (default 500)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder, keep it")
    args = parser.parse_args()

    from PIL import Image

    from app.media.importer import attach_file
    from tests.media.dbsetup import add_inspection, add_site, open_world

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-photos-"))
    work.mkdir(parents=True, exist_ok=True)
    site = (39.9290, 116.4100)
    start = datetime.now(UTC) - timedelta(hours=1)
    t = time.perf_counter()
    files = generate(work / "card", args.n, start, site)
    size_mb = sum(p.stat().st_size for p in files) / 2**20
    print(f"generated {len(files)} photos of 4000×3000 ({size_mb / len(files):.1f} MB each) "
          f"in {time.perf_counter() - t:.1f} s")

    # Baseline: a plain full decode of every file.
    t = time.perf_counter()
    for p in files:
        with Image.open(p) as im:
            im.load()
    decode = (time.perf_counter() - t) / len(files)

    world = open_world(work / "db" / "street-audit.db")
    insp = add_inspection(world, add_site(world, "基准测试", *site), start)
    gc.collect()
    rss: list[float] = [rss_mb()]
    t = time.perf_counter()
    failures = 0
    for p in files:
        result = attach_file(world.db, world.db_path, insp, p, "bench")
        failures += not result.ok
        rss.append(rss_mb())
    imp = (time.perf_counter() - t) / len(files)
    tenth = max(1, len(rss) // 10)
    print(f"full Pillow decode : {decode * 1000:7.1f} ms/photo")
    print(f"import (all steps) : {imp * 1000:7.1f} ms/photo  ({failures} failed)")
    print(f"ratio import/decode: {imp / decode:.2f}  (target ≤ 0.60)")
    print(f"RSS before import {rss[0]:.0f} MB; after first tenth {max(rss[:tenth + 1]):.0f} MB; "
          f"peak {max(rss):.0f} MB; at end {rss[-1]:.0f} MB (target: flat, well under 300 MB)")
    if args.keep is None:
        import shutil

        world.db.conn.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
