"""The whole demo in one call: sites and inspections, then photos for the newest of them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.demo.calendar import DEFAULT_DAYS
from app.demo.generate import DemoSummary, Progress, fill_demo
from app.demo.photos import DemoPhotosSummary, add_demo_photos

if TYPE_CHECKING:
    import sqlite_utils

# The window's progress bar runs once: the rows take this share of it, the photos the rest.
_ROWS_SHARE = 700
_STEPS = 1000


def make_demo(
    db: sqlite_utils.Database,
    db_path: Path,
    *,
    inspections: int = 300,
    seed: int = 1,
    photos: int = 20,
    as_of: date | None = None,
    days: int = DEFAULT_DAYS,
    progress: Progress | None = None,
) -> tuple[DemoSummary, DemoPhotosSummary | None]:
    """Fill the database with demo data; `photos` newest drafts and as many newest completed
    inspections get real geotagged photos (every visible slot its minimum), 0 = none."""
    report = progress or (lambda done, total: None)
    summary = fill_demo(
        db, inspections=inspections, seed=seed, as_of=as_of, days=days,
        hold_for_photos=photos,
        progress=lambda done, total: report(done * _ROWS_SHARE // max(total, 1), _STEPS),
    )
    made = None
    if photos:
        share = _STEPS - _ROWS_SHARE
        made = add_demo_photos(
            db, db_path, inspections=photos, seed=seed, held=summary.to_complete,
            progress=lambda done, total: report(
                _ROWS_SHARE + done * share // max(total, 1), _STEPS),
        )
    # The bulk writer queues its completed inspections for the cases (db/006); derive them now,
    # as completing one in the program does, so the map, the ledger and an export see them.
    from app.store.cases import update_cases

    update_cases(db)
    report(_STEPS, _STEPS)
    return summary, made
