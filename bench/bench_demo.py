"""Benchmark: demo generation speed, and the inspections list at 100,000 vs 1,000 rows.

Run: .venv/bin/python bench/bench_demo.py [--big 100000] [--small 1000] [--keep DIR]
The list's cost should follow the page, not the table: each filter's page + count at the big
size is printed as a ratio to the same at the small size, measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.store.db import open_database
from app.store.demo import fill_demo
from app.store.inspections import (
    InspectionFilter,
    InspectionSort,
    count_inspections,
    list_inspections,
)

CASES = {
    "all, newest first": (InspectionFilter(), InspectionSort()),
    "drafts": (InspectionFilter(status="draft"), InspectionSort()),
    "one checklist": (InspectionFilter(form_id="street_order"), InspectionSort()),
    "one district": (InspectionFilter(district_code="110105"), InspectionSort()),
    "one month": (
        InspectionFilter(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31)),
        InspectionSort(),
    ),
    "by findings": (InspectionFilter(), InspectionSort("finding_count")),
    "page 50 (offset 5000)": (InspectionFilter(), InspectionSort()),
}


def _time_case(db: object, flt: InspectionFilter, sort: InspectionSort, offset: int) -> float:
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        list_inspections(db, flt, sort, offset=offset, limit=100)  # type: ignore[arg-type]
        count_inspections(db, flt)  # type: ignore[arg-type]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the databases here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sa-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    timings: dict[int, dict[str, float]] = {}
    for size in (args.small, args.big):
        path = folder / f"demo-{size}.db"
        path.unlink(missing_ok=True)
        db = open_database(path, create=True)
        start = time.perf_counter()
        fill_demo(db, inspections=size, seed=1)
        made = time.perf_counter() - start
        print(f"demo {size:>7} inspections: {made:6.1f} s ({size / made:,.0f} per second)")
        timings[size] = {}
        for name, (flt, sort) in CASES.items():
            offset = min(5000, size // 2) if name.startswith("page 50") else 0
            timings[size][name] = _time_case(db, flt, sort, offset)
        db.close()
    print(f"\n{'list page + count':<24}{args.small:>10}{args.big:>10}   ratio (target <= 2)")
    worst = 0.0
    for name in CASES:
        small, big = timings[args.small][name], timings[args.big][name]
        ratio = big / small
        worst = max(worst, ratio)
        print(f"{name:<24}{small * 1000:>8.2f}ms{big * 1000:>8.2f}ms   {ratio:5.2f}")
    print(f"\nworst ratio {worst:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
