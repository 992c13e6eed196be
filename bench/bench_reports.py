"""Benchmark: a 100-inspection summary with 300 photos vs the same summary without photos.

    .venv/bin/python bench/bench_reports.py [--inspections 100] [--photos 300] [--repeat 2]

What "a 100-inspection summary with 300 photos" means here (issue 4): the team lead's summary
(巡查汇总) of 100 inspections — counts, charts, open items and the list of all 100 — with its
evidence appendix (附：现场照片) holding the inspections' 300 photos (3 each, with captions and
badges), against the *same* summary without the appendix, made in the same run.

Everything goes through the program's real paths: a real database, 100 inspections started,
answered and completed through the store, and 300 generated 4032×3024 phone-sized JPEGs
(~3 MB each, photo-like noise, GPS and capture time) imported with `attach_files` — which makes
each photo's print-size copy in the store's cache from the import's one reduced decode. The
summaries' data come from `gather.summary_data` and are written with `gather.print_cache_dir`,
as the command line does. Nothing is pre-warmed by hand: the copies the documents use are the
ones the import made. The import makes them from its own reduced decode before it returns (no
background pass that a document would have to wait for: docs/photos.md, Performance), so the
import's time per photo is printed too. Timings are of the document only (data already gathered).

Figures: pages/second of the summary without photos, with photos as imported ("imported"), and
— for reference — with the print cache bypassed, every photo scaled from its original at
report time ("from originals": photos that came into the store without an import, or a cache
deleted); each ratio to the summary without photos (target ≥ 70 %); file size per photo page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_photo(path: Path, seed: int, size: tuple[int, int], exif: bytes) -> None:
    """A phone-sized JPEG that compresses like a photo (noise, gradients, shapes)."""
    from PIL import Image, ImageDraw

    w, h = size
    noise = Image.effect_noise((w // 4, h // 4), 30 + seed % 20).resize((w, h))
    base = Image.linear_gradient("L").resize((w, h)).rotate(seed * 37 % 360)
    im = Image.merge("RGB", (base, noise, Image.new("L", (w, h), 60 + seed * 7 % 150)))
    draw = ImageDraw.Draw(im)
    for k in range(20):
        x, y = (seed * 131 + k * 197) % w, (seed * 71 + k * 151) % h
        draw.rectangle([x, y, x + w // 8, y + h // 9], fill=(k * 12 % 255, seed % 255, 90))
    im.save(path, "JPEG", quality=90, exif=exif)


def build_database(folder: Path, inspections: int, photos: int,
                   size: tuple[int, int]) -> tuple[object, float]:
    """A real database: inspections answered and completed, photos imported with attach_files.

    Returns the fixture and the import's seconds per photo.
    """
    import random

    from app.core.checklist import sample_answers
    from app.media.importer import attach_files
    from app.store.checklists import get_checklist
    from app.store.inspections import complete_inspection, set_answers, start_inspection
    from app.store.sites import SiteDraft, create_site
    from bench.fixtures import ACTOR, SITE_LAT, SITE_LON, new_database, phone_exif

    fx = new_database(folder / "audit.db")
    forms = ("street_order", "street_order", "street_order")
    per = photos // inspections if inspections else 0
    cards = folder / "card"
    cards.mkdir()
    import_seconds = 0.0
    now = datetime.now(UTC)
    for k in range(inspections):
        lat, lon = SITE_LAT + 0.001 * (k % 10), SITE_LON + 0.001 * (k // 10)
        site = create_site(fx.db, SiteDraft(
            district_code="110101", division_code="110101001001",
            address=f"东华门大街{k + 1}号", name=f"示例商户 {k + 1} 号", lat=lat, lon=lon,
            location_source="manual"), ACTOR)
        form_id = forms[k % len(forms)]
        checklist = get_checklist(fx.db, form_id)
        insp = start_inspection(fx.db, form_id, site.id, fx.profile, lat=lat, lon=lon)
        paths = []
        for j in range(per):
            taken = now + timedelta(seconds=j)
            exif = phone_exif(taken, lat + 0.0001 * j, lon, alt=45.0, make="Bench",
                              model="Phone") if j != 2 else \
                phone_exif(taken)  # one without GPS: a badge to print
            path = cards / f"IMG_{k:03d}_{j}.jpg"
            make_photo(path, k * per + j, size, exif)
            paths.append(path)
        item = next((i.id for i in checklist.items() if i.type == "photo"), None)
        t = time.perf_counter()
        results = attach_files(fx.db, fx.db_path, insp.id, paths[:1], ACTOR, item_id=item)
        results += attach_files(fx.db, fx.db_path, insp.id, paths[1:], ACTOR)
        import_seconds += time.perf_counter() - t
        failed = [r.line() for r in results if not r.ok]
        assert not failed, failed
        answers = sample_answers(checklist, random.Random(k), complete=True, clean=k % 3 == 0)
        answers = {key: v for key, v in answers.items() if checklist.item(key).type != "photo"}
        set_answers(fx.db, insp.id, answers, ACTOR)
        if k % 5:
            complete_inspection(fx.db, insp.id, ACTOR)
    return fx, import_seconds / max(1, per * inspections)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=100)
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--size", default="4032x3024", help="photo size WxH")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))

    from app.reports import write_summary
    from app.reports.gather import print_cache_dir
    from app.reports.summary_gather import summary_data

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        fx, per_photo = build_database(folder, args.inspections, args.photos, (w, h))
        db = fx.db  # type: ignore[attr-defined]
        originals = [p for p in (folder / "card").iterdir()]
        mb = sum(p.stat().st_size for p in originals) / 1e6
        cache = print_cache_dir(db)
        assert cache is not None
        copies = list(cache.rglob("*.jpg"))
        print(f"database: {args.inspections} inspections, {len(originals)} photos {w}×{h} "
              f"({mb:.0f} MB) imported with attach_files ({per_photo * 1000:.0f} ms/photo) "
              f"in {time.perf_counter() - t0:.1f} s; print copies made by the import itself "
              "(no later pass to wait for): "
              f"{len(copies)} ({sum(p.stat().st_size for p in copies) / 1e6:.0f} MB)")
        plain_data = summary_data(db, include_photos=False)
        photo_data = summary_data(db, include_photos=True)
        n_photos = sum(len(g.photos) for g in photo_data.photo_groups)
        assert len(plain_data.inspections) == args.inspections
        print(f"measuring: the summary of {len(plain_data.inspections)} inspections with its "
              f"photo appendix ({n_photos} photos) vs the same summary without it, "
              f"alternating, best of {args.repeat}")

        runs: dict[str, list[tuple[float, int, int]]] = {"plain": [], "imported": [],
                                                         "originals": []}

        def run(name: str, data: object, photo_cache: Path | None) -> None:
            out = folder / f"{name}.pdf"
            start = time.perf_counter()
            written = write_summary(data, out, photo_cache)  # type: ignore[arg-type]
            runs[name].append((time.perf_counter() - start, written.pages, written.size_bytes))

        for _ in range(args.repeat):
            run("plain", plain_data, None)
            run("imported", photo_data, cache)  # as the command line: the store's print cache
            run("originals", photo_data, None)  # cache bypassed: scaled from each original
        assert sorted(cache.rglob("*.jpg")) == sorted(copies), "the document made new copies"
        best = {name: min(r) for name, r in runs.items()}
        t_plain, p_plain, s_plain = best["plain"]
        rate_plain = p_plain / t_plain
        print(f"without photos:            {p_plain:4d} pages in {t_plain:6.2f} s = "
              f"{rate_plain:6.2f} pages/s, {s_plain / 1e6:6.2f} MB")
        for name, label in (("imported", "photos as imported:"),
                            ("originals", "photos from originals:")):
            t, pages, size = best[name]
            rate = pages / t
            ratio = rate / rate_plain
            target = f"(target ≥ 70 %) {'OK' if ratio >= 0.7 else 'BELOW TARGET'}" \
                if name == "imported" else "(reference: no print copies)"
            print(f"{label:26s} {pages:4d} pages in {t:6.2f} s = {rate:6.2f} pages/s, "
                  f"{size / 1e6:6.2f} MB  ratio {ratio * 100:3.0f} % {target}")
        t_imp, p_photo, s_photo = best["imported"]
        photo_pages = p_photo - p_plain
        if photo_pages > 0:
            print(f"photo pages: {photo_pages}; {(s_photo - s_plain) / photo_pages / 1e3:.0f} kB "
                  f"per photo page, {(s_photo - s_plain) / n_photos / 1e3:.0f} kB per photo "
                  f"(originals average {mb * 1e3 / len(originals):.0f} kB)")
            print(f"document cost per photo: {(t_imp - t_plain) / n_photos * 1e3:.1f} ms as "
                  f"imported; {(best['originals'][0] - t_plain) / n_photos * 1e3:.1f} ms "
                  "from originals")
        db.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
