"""Are the photo originals still the evidence that was imported? Re-hash them.

An original is stored under the SHA-256 of its bytes, so a file edited in place (even to
the same size) no longer hashes to its name. Three depths, because a district's photo store
grows to terabytes:

- `full`: every original re-hashed (cost: reading every byte once; see docs/reliability.md
  for the seconds per GB measured here);
- `changed`: every original's presence and size (a stat each), and a re-hash of those whose
  file changed (mtime or ctime) since the last full check started, plus those that were
  bad then — ctime cannot be set back by an ordinary user, so an edit shows;
- `sample`: presence and size of all, a re-hash of a random sample of N.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.errors import AppError
from app.media.filestore import MediaStore, file_sha256
from app.store.db import write_transaction

if TYPE_CHECKING:
    import sqlite_utils

FULL, CHANGED, SAMPLE = "full", "changed", "sample"
MODES = (FULL, CHANGED, SAMPLE)
# settings key: when the last full check started (ns since the epoch) and what it found.
LAST_FULL_CHECK_KEY = "originals_full_check"

Progress = Callable[[int, int, int, int], None]  # files done, files to hash, bytes done, total


@dataclass
class OriginalsReport:
    """What a check of the originals found."""

    mode: str
    photos: int = 0  # originals the database names
    hashed: int = 0  # of them re-hashed
    hashed_bytes: int = 0
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)  # sha256
    wrong_size: list[tuple[str, int, int]] = field(default_factory=list)  # sha, recorded, found
    changed: list[str] = field(default_factory=list)  # sha256 whose bytes no longer match
    last_full_check: str | None = None  # when the full check `changed` builds on ran

    @property
    def bad(self) -> list[str]:
        """Every original that is not the evidence it was."""
        return sorted({*self.missing, *(s for s, _r, _f in self.wrong_size), *self.changed})

    def gb_per_second(self) -> float | None:
        if self.seconds <= 0 or not self.hashed_bytes:
            return None
        return self.hashed_bytes / 1e9 / self.seconds


def check_originals(
    db: sqlite_utils.Database, store: MediaStore, *, mode: str = FULL, sample: int = 100,
    progress: Progress | None = None, rng: random.Random | None = None,
) -> OriginalsReport:
    """Check the originals the database names; a full check is remembered for `changed`."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    started_ns = time.time_ns()
    clock = time.perf_counter()
    report = OriginalsReport(mode)
    last = _last_full_check(db)
    if mode == CHANGED and last is None:
        mode = report.mode = FULL  # nothing to build on yet
    to_hash: list[tuple[str, Path, int]] = []
    present: list[tuple[str, Path, int]] = []
    for sha, size in db.execute("SELECT sha256, size FROM photos ORDER BY sha256"):
        report.photos += 1
        path = store.original_path(sha)
        try:
            st = path.stat()
        except OSError:
            report.missing.append(sha)
            continue
        if st.st_size != size:
            report.wrong_size.append((sha, size, st.st_size))
            continue
        present.append((sha, path, size))
        if mode == CHANGED and last is not None and (
                max(st.st_mtime_ns, st.st_ctime_ns) >= last["started_ns"]
                or sha in last.get("bad", ())):
            to_hash.append((sha, path, size))
    if mode == FULL:
        to_hash = present
    elif mode == SAMPLE:
        to_hash = (rng or random.Random()).sample(present, min(max(sample, 0), len(present)))
    if mode == CHANGED and last is not None:
        report.last_full_check = last.get("at")
    total_bytes = sum(size for _s, _p, size in to_hash)
    for n, (sha, path, size) in enumerate(to_hash, 1):
        try:
            if file_sha256(path) != sha:
                report.changed.append(sha)
        except OSError:
            report.missing.append(sha)
        report.hashed += 1
        report.hashed_bytes += size
        if progress:
            progress(n, len(to_hash), report.hashed_bytes, total_bytes)
    report.seconds = time.perf_counter() - clock
    if mode == FULL:
        _remember_full_check(db, started_ns, report)
    return report


def _last_full_check(db: sqlite_utils.Database) -> dict[str, Any] | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?",
                     (LAST_FULL_CHECK_KEY,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("started_ns"), int):
        return None
    return value


def _remember_full_check(db: sqlite_utils.Database, started_ns: int,
                         report: OriginalsReport) -> None:
    """Keep when the full check started and what was bad (a read-only database keeps nothing:
    the next `changed` check then is a full one)."""
    value = {"started_ns": started_ns, "at": utc_now(), "photos": report.photos,
             "bytes": report.hashed_bytes, "bad": report.bad}
    try:
        with write_transaction(db):
            db.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
                "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (LAST_FULL_CHECK_KEY, json.dumps(value), utc_now()))
    except (sqlite3.Error, AppError):
        pass
