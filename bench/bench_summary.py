"""The year summary of a 100,000-inspection database against one plain SQL scan of the same rows.

Builds (or reuses, `--db FILE`) a database with a year of demo inspections (app.demo's
`fill_demo`, the same rows the program writes), then, alternating in the same process and run:

- scan:   one plain query of the year's current inspections joined to their findings
          (the columns the summary reads), fetched into Python;
- gather: `summary_data` for the year (no dates: the whole year the database holds);
- full:   `summary_data` and `write_summary` to a PDF.

It prints the medians and the ratios gather/scan and full/scan (target: full <= 3x).

    .venv/bin/python -m bench.bench_summary [--inspections 100000] [--db FILE] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCAN = (
    "SELECT i.id, i.site_id, i.form_id, i.status, i.started_at, i.completed_at, "
    "i.inspector_name, f.item_id, f.text_zh FROM inspections i "
    "LEFT JOIN findings f ON f.inspection_id = i.id WHERE i.superseded_by IS NULL"
)


def make_database(path: Path, inspections: int) -> None:
    from app.demo.generate import fill_demo
    from app.store.db import open_database

    db = open_database(path, create=True)
    fill_demo(db, inspections=inspections, seed=1, days=365)
    db.close()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inspections", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or make) this file")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from app.reports import write_summary
    from app.reports.summary_gather import summary_data
    from app.store.db import open_database

    with tempfile.TemporaryDirectory(prefix="bench-summary-") as tmp:
        path = args.db or Path(tmp) / "year.db"
        if not path.exists():
            began = time.perf_counter()
            make_database(path, args.inspections)
            print(f"made {args.inspections} inspections in {time.perf_counter() - began:.1f} s")
        db = open_database(path)
        out = Path(tmp) / "summary.pdf"
        times: dict[str, list[float]] = {"scan": [], "gather": [], "full": []}
        rows = pages = 0
        for _ in range(args.repeat):
            began = time.perf_counter()
            rows = len(db.execute(SCAN).fetchall())
            times["scan"].append(time.perf_counter() - began)
            began = time.perf_counter()
            summary_data(db)
            times["gather"].append(time.perf_counter() - began)
            began = time.perf_counter()
            pages = write_summary(summary_data(db), out).pages
            times["full"].append(time.perf_counter() - began)
        data = summary_data(db)
        db.close()
    med = {k: statistics.median(v) for k, v in times.items()}
    totals = data.totals
    print(f"rows scanned {rows}; completed {totals.completed if totals else 0}, drafts "
          f"{totals.drafts if totals else 0}, problems {totals.found if totals else 0}, "
          f"open {len(data.open_items)}; {pages} pages")
    for key in ("scan", "gather", "full"):
        print(f"{key:7s} median {med[key]:.3f} s  (runs: "
              + ", ".join(f"{t:.2f}" for t in times[key]) + ")")
    print(f"ratio gather/scan {med['gather'] / med['scan']:.2f}; "
          f"full/scan {med['full'] / med['scan']:.2f} (target <= 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
