"""Benchmark: a 100-inspection summary with 300 photos vs the same summary without photos.

    .venv/bin/python bench/bench_reports.py [--inspections 100] [--photos 300] [--repeat 2]

What "a 100-inspection summary with 300 photos" means here (issue 4): the team lead's summary
(巡查汇总) of 100 inspections — counts, charts, open items and the list of all 100 — with its
evidence appendix (附：现场照片) holding the inspections' 300 photos (3 each, with captions and
badges), against the *same* summary without the appendix, made in the same run. The photos are
generated 4032×3024 phone-sized JPEGs (~3 MB each, photo-like noise) read from disk, so every
run pays the real cost: decode (JPEG draft mode), orientation, scale to 300 dpi at print size,
re-encode at quality 80, embed. Timings are of the document only (data already gathered).

Two photo figures: "cold" scales every photo from its original (the first document that prints
these photos); "warm" uses the print-size copies an earlier document cached beside the
originals (reprints, the summary after the inspection reports). Prints pages/second of each,
their ratio to the summary without photos (target ≥ 70 %), and the file size per photo page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_photo(path: Path, seed: int, size: tuple[int, int]) -> None:
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
    im.save(path, "JPEG", quality=90)


def build_summary(n: int, photo_paths: list[Path], with_photos: bool):  # type: ignore[no-untyped-def]
    from app.reports.model import (
        InspectorRow,
        LabelCount,
        OpenItem,
        PhotoEntry,
        PhotoGroup,
        StatusCountRow,
        SummaryData,
        SummaryInspectionRow,
    )

    rows = tuple(
        SummaryInspectionRow(
            date=f"2026-03-{1 + k % 28:02d}", record_id=f"0192f3a4-{k:04d}-7d8e-9f01-{k:012x}",
            district="东城区", street=("东华门街道", "景山街道", "交道口街道")[k % 3],
            site=f"示例商户 {k} 号（东城区示例大街{k}号）",
            checklist=("占道经营、无证无照经营和门前三包检查表", "开墙打洞检查表",
                       "地下空间和群租房检查表")[k % 3],
            inspector=("王建国", "李秀英", "张伟", "刘洋")[k % 4],
            status="已完成" if k % 5 else "草稿", findings=k % 4,
        )
        for k in range(n)
    )
    per = len(photo_paths) // n if n else 0
    groups = ()
    if with_photos:
        groups = tuple(
            PhotoGroup(
                f"{r.date}　{r.site}　（{r.record_id}）",
                tuple(PhotoEntry(path=photo_paths[k * per + j], taken_at=f"{r.date} 09:{j:02d}",
                                 distance_m=12.0 + j * 40, badges=("无GPS",) if j == 2 else (),
                                 caption=("门头", "店外经营", "营业执照")[j % 3])
                      for j in range(per)),
            )
            for k, r in enumerate(rows)
        )
    return SummaryData(
        office_name="北京市东城区城市管理综合行政执法局", date_from="2026-03-01",
        date_to="2026-03-31", filters=("区：东城区",), statuses=("草稿", "已完成"),
        by_work_item=(StatusCountRow("占道经营、无证无照经营和“开墙打洞”整治", (14, 53)),
                      StatusCountRow("地下空间和群租房整治", (6, 27))),
        findings_by_kind=tuple(LabelCount(f"问题类别 {k}", 30 - k * 3) for k in range(8)),
        per_inspector=tuple(InspectorRow(name, 25, 20, 30) for name in
                            ("王建国", "李秀英", "张伟", "刘洋")),
        open_items=tuple(OpenItem(r.record_id, r.site, "店外经营；未亮照经营", r.date,
                                  "2026-04-05", k % 9) for k, r in enumerate(rows[:30])),
        inspections=rows, as_of="2026-04-10", generated_at="2026-04-10 09:00",
        photo_groups=groups,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=100)
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--size", default="4032x3024", help="photo size WxH")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))

    from app.reports import write_summary

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = []
        for k in range(args.photos):
            path = folder / f"IMG_{k:04d}.jpg"
            make_photo(path, k, (w, h))
            paths.append(path)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"generated {args.photos} photos {w}×{h} ({mb:.0f} MB) in "
              f"{time.perf_counter() - t0:.1f} s")
        print("measuring: the summary of "
              f"{args.inspections} inspections with its photo appendix ({args.photos} photos) vs "
              "the same summary without the appendix, alternating, best of "
              f"{args.repeat}")

        plain_data = build_summary(args.inspections, paths, with_photos=False)
        photo_data = build_summary(args.inspections, paths, with_photos=True)
        cache = folder / "print-cache"
        runs: dict[str, list[tuple[float, int, int]]] = {"plain": [], "cold": [], "warm": []}

        def run(name: str, data: object, photo_cache: Path | None) -> None:
            out = folder / f"{name}.pdf"
            start = time.perf_counter()
            written = write_summary(data, out, photo_cache)  # type: ignore[arg-type]
            runs[name].append((time.perf_counter() - start, written.pages, written.size_bytes))

        # cold: every photo decoded and scaled from its original (first print of these photos);
        # warm: the print-size copies cached beside the originals by an earlier document.
        for _ in range(args.repeat):
            run("plain", plain_data, None)
            run("cold", photo_data, None)
        run("warm", photo_data, cache)  # fills the cache (not counted if repeat > 1)
        runs["warm"].clear()
        for _ in range(args.repeat):
            run("warm", photo_data, cache)
            run("plain", plain_data, None)
        best = {name: min(r) for name, r in runs.items()}
        t_plain, p_plain, s_plain = best["plain"]
        rate_plain = p_plain / t_plain
        print(f"without photos:       {p_plain:4d} pages in {t_plain:6.2f} s = "
              f"{rate_plain:6.2f} pages/s, {s_plain / 1e6:6.2f} MB")
        for name, label in (("cold", "photos, cold cache:"), ("warm", "photos, warm cache:")):
            t, pages, size = best[name]
            rate = pages / t
            ratio = rate / rate_plain
            print(f"{label:21s} {pages:4d} pages in {t:6.2f} s = {rate:6.2f} pages/s, "
                  f"{size / 1e6:6.2f} MB  ratio {ratio * 100:3.0f} % (target ≥ 70 %) "
                  f"{'OK' if ratio >= 0.7 else 'BELOW TARGET'}")
        t_cold, p_photo, s_photo = best["cold"]
        photo_pages = p_photo - p_plain
        if photo_pages > 0:
            print(f"photo pages: {photo_pages}; {(s_photo - s_plain) / photo_pages / 1e3:.0f} kB "
                  f"per photo page, {(s_photo - s_plain) / args.photos / 1e3:.0f} kB per photo "
                  f"(originals average {mb * 1e3 / args.photos:.0f} kB)")
            print(f"cold cost per photo: {(t_cold - t_plain) / args.photos * 1e3:.1f} ms; "
                  f"warm: {(best['warm'][0] - t_plain) / args.photos * 1e3:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
