"""Opening and filtering the inspections list model: 100,000 rows against 1,000 rows.

What a user waits for: the model opened (the count) with the first screenful of rows drawn,
then a filter applied and the first screenful drawn again, then a sort. The cost must follow
the visible rows, not the table. Target: time at 100,000 ≤ 2 × time at 1,000.

    .venv/bin/python bench/bench_list.py [--large 100000] [--small 1000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SCREEN_ROWS = 30


def make_database(path: Path, inspections: int) -> None:
    from datetime import date

    from app.demo.generate import fill_demo
    from app.store.db import open_database

    db = open_database(path, create=True)
    # 2024–2025, the span the filters below (e.g. June 2025) were chosen for.
    fill_demo(db, inspections=inspections, seed=1, as_of=date(2026, 1, 1), days=731)
    db.close()


def draw_screen(model: Any) -> None:
    """What a view does for one screenful: every cell's display text."""
    for row in range(min(SCREEN_ROWS, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def one_run(db: Any) -> dict[str, float]:
    from PySide6.QtCore import Qt

    from app.ui.inspection_filter_bar import FilterChoice
    from app.ui.inspection_list_model import InspectionListModel

    times: dict[str, float] = {}
    t = time.perf_counter()
    model = InspectionListModel(db, "zh")
    draw_screen(model)
    times["open"] = time.perf_counter() - t
    for name, choice in (
        ("filter status", FilterChoice(status="completed")),
        ("filter checklist", FilterChoice(form_id="underground_group_rental")),
        ("filter district", FilterChoice(district_code="110105")),
        ("filter date", FilterChoice(date_from="2025-06-01", date_to="2025-06-30")),
        ("filter district+status", FilterChoice(status="draft", district_code="110108")),
    ):
        t = time.perf_counter()
        model.set_choice(choice)
        draw_screen(model)
        times[name] = time.perf_counter() - t
    model.set_choice(FilterChoice())
    t = time.perf_counter()
    model.sort(5, Qt.SortOrder.DescendingOrder)
    draw_screen(model)
    times["sort findings"] = time.perf_counter() - t
    return times


def measure(path: Path, repeat: int) -> dict[str, float]:
    from app.store.db import open_database

    db = open_database(path)
    try:
        one_run(db)  # warm the page cache, as an open program would be
        runs = [one_run(db) for _ in range(repeat)]
    finally:
        db.close()
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--large-db", type=Path, default=None, help="reuse a database")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="street-audit-bench-") as tmp:
        small = Path(tmp) / "small.db"
        make_database(small, args.small)
        large = args.large_db
        if large is None:
            large = Path(tmp) / "large.db"
            began = time.perf_counter()
            make_database(large, args.large)
            print(f"database: {args.large} inspections in {time.perf_counter() - began:.1f} s")
        small_t = measure(small, args.repeat)
        large_t = measure(large, args.repeat)
    worst = 0.0
    print(f"{'step':<24}{args.small:>10} rows{args.large:>10} rows   ratio")
    for key in small_t:
        ratio = large_t[key] / small_t[key]
        worst = max(worst, ratio)
        print(f"{key:<24}{small_t[key] * 1000:>11.2f} ms{large_t[key] * 1000:>11.2f} ms"
              f"{ratio:>8.2f}")
    total_small, total_large = sum(small_t.values()), sum(large_t.values())
    total = total_large / total_small
    print(f"{'all steps':<24}{total_small * 1000:>11.2f} ms{total_large * 1000:>11.2f} ms"
          f"{total:>8.2f}")
    print(f"ratio (all steps): {total:.2f}, worst step {worst:.2f} (target ≤ 2.0) "
          f"{'OK' if total <= 2.0 else 'OVER TARGET'}")
    return 0 if total <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
