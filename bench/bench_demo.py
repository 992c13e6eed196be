"""Benchmark: demo generation speed, and the inspections list at 100,000 vs 1,000 rows.

Run: .venv/bin/python bench/bench_demo.py [--big 100000] [--small 1000] [--keep DIR]
The list's cost should follow the rows shown, not the table: each filter's page (100 rows) +
count at the big size is printed as a ratio to the same at the small size, measured in the
same run (target <= 2). A filter that matches fewer than 100 rows at the small size shows
fewer rows there (a day at 1,000 rows has 0-2 inspections, at 100,000 a full page), so the
judged figure, "per row", divides each time by the rows shown (at least 1) when the two sizes
show different numbers of rows; otherwise it is the plain ratio.
The "count from" column says where the count comes from: `counts` (the trigger-kept
inspection_counts rows), `periods` (inspection_period_counts: at most 5 key ranges of day /
month / year rows) or `index` (counted over an index: its cost follows the matching rows, not
the table, and cannot be bounded for free text or an inspector's name).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo.generate import fill_demo
from app.store import inspections as store
from app.store.db import open_database
from app.store.inspection_counts import count_inspections
from app.store.inspection_list import list_inspections
from app.store.inspection_query import InspectionFilter, InspectionSort

F = InspectionFilter
MAR_1, MAR_31 = date(2024, 3, 1), date(2024, 3, 31)

# Every filter the window's filter bar offers (status, checklist, district, date range, site
# text), alone and combined, and the list API's inspector filter. name -> filter, sort, offset.
CASES: dict[str, tuple[InspectionFilter, InspectionSort, int]] = {
    "all, newest first": (F(), InspectionSort(), 0),
    "drafts": (F(status="draft"), InspectionSort(), 0),
    "completed": (F(status="completed"), InspectionSort(), 0),
    "superseded": (F(status="superseded"), InspectionSort(), 0),
    "all versions": (F(current_only=False), InspectionSort(), 0),
    "one checklist": (F(form_id="street_order"), InspectionSort(), 0),
    "one district": (F(district_code="110105"), InspectionSort(), 0),
    "one month": (F(date_from=MAR_1, date_to=MAR_31), InspectionSort(), 0),
    "one day": (F(date_from=date(2024, 7, 9), date_to=date(2024, 7, 9)), InspectionSort(), 0),
    "5 Mar 24 - 20 Nov 25": (
        F(date_from=date(2024, 3, 5), date_to=date(2025, 11, 20)),
        InspectionSort(),
        0,
    ),
    "from 1 Jun 2025": (F(date_from=date(2025, 6, 1)), InspectionSort(), 0),
    "until 10 Feb 2024": (F(date_to=date(2024, 2, 10)), InspectionSort(), 0),
    "district + month": (
        F(district_code="110105", date_from=MAR_1, date_to=MAR_31),
        InspectionSort(),
        0,
    ),
    "drafts + checklist": (F(status="draft", form_id="street_order"), InspectionSort(), 0),
    "drafts+chk+district": (
        F(status="draft", form_id="street_order", district_code="110101"),
        InspectionSort(),
        0,
    ),
    "all four + month": (
        F(
            status="completed",
            form_id="street_order",
            district_code="110105",
            date_from=MAR_1,
            date_to=MAR_31,
        ),
        InspectionSort(),
        0,
    ),
    "small district+draft": (F(status="draft", district_code="110119"), InspectionSort(), 0),
    "site text 面馆": (F(site_text="面馆"), InspectionSort(), 0),
    "site text 炸酱面馆": (F(site_text="炸酱面馆"), InspectionSort(), 0),
    "site text + district": (F(site_text="便民超市", district_code="110105"), InspectionSort(), 0),
    "inspector (API only)": (F(inspector_name="王建国"), InspectionSort(), 0),
    "by findings": (F(), InspectionSort("finding_count"), 0),
    "drafts by district": (F(status="draft"), InspectionSort("district_code"), 0),
    "month by status": (F(date_from=MAR_1, date_to=MAR_31), InspectionSort("status"), 0),
    "page 50 (offset 5000)": (F(), InspectionSort(), 5000),
}


def _median(job: Callable[[], Any]) -> float:
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        job()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _count_method(flt: InspectionFilter) -> str:
    method = getattr(store, "count_method", None)  # absent before the period counts
    if method is None:
        return "counts" if store._counted_by_table(flt) else "index"  # type: ignore[attr-defined]
    return str(method(flt))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the databases here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sa-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[int, dict[str, float]] = {}
    counts: dict[int, dict[str, float]] = {}
    matches: dict[int, dict[str, int]] = {}
    for size in (args.small, args.big):
        path = folder / f"demo-{size}.db"
        path.unlink(missing_ok=True)
        db = open_database(path, create=True)
        start = time.perf_counter()
        fill_demo(db, inspections=size, seed=1, as_of=date(2026, 1, 1), days=731)
        made = time.perf_counter() - start
        print(f"demo {size:>7} inspections: {made:6.1f} s ({size / made:,.0f} per second)")
        pages[size], counts[size], matches[size] = {}, {}, {}
        for name, (flt, sort, offset) in CASES.items():
            offset = min(offset, size // 2)
            pages[size][name] = _median(
                partial(list_inspections, db, flt, sort, offset=offset, limit=100)
            )
            counts[size][name] = _median(partial(count_inspections, db, flt))
            matches[size][name] = count_inspections(db, flt)
        db.close()
    small_n, big_n = args.small, args.big
    print(
        f"\n{'page + count (ms)':<22}{small_n:>9}{big_n:>9}  ratio  per row  page   count"
        f"  count from  rows at {small_n} / {big_n}"
    )
    worst = 0.0
    for name, (flt, _sort, _offset) in CASES.items():
        small = pages[small_n][name] + counts[small_n][name]
        big = pages[big_n][name] + counts[big_n][name]
        ratio = big / small
        shown_small = max(1, min(100, matches[small_n][name]))
        shown_big = max(1, min(100, matches[big_n][name]))
        judged = (big / shown_big) / (small / shown_small)
        worst = max(worst, judged)
        page_ratio = pages[big_n][name] / pages[small_n][name]
        count_ratio = counts[big_n][name] / counts[small_n][name]
        flag = "" if judged <= 2 else "  > 2"
        if _count_method(flt) == "index":  # per row hides it when the small size shows none
            flag += "  (cost follows the matching rows)"
        print(
            f"{name:<22}{small * 1000:>9.2f}{big * 1000:>9.2f}  {ratio:5.2f}  {judged:7.2f}"
            f"  {page_ratio:5.2f}  {count_ratio:6.2f}  {_count_method(flt):<10}"
            f"{matches[small_n][name]:>6} / {matches[big_n][name]:<6}{flag}"
        )
    print(f"\nworst per-row ratio {worst:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
