"""Originals no database row refers to: what an import stopped between file and row leaves.

An import writes each original durably *before* its database transaction (so a row never points
at a missing file). A crash, a power cut or a cancelled batch between the two leaves an original
without a `photos` row, or an `.incoming-*` temporary file from a write cut short. Both are
harmless: nothing shows them, a later import of the same picture reuses the original (same
hash, same bytes), and they can be listed and removed here. Files younger than a grace period
are left alone: another process may be importing right now, its row about to commit.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.media.filestore import MediaStore

if TYPE_CHECKING:
    import sqlite_utils

_SHA256 = re.compile(r"[0-9a-f]{64}")
GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class Orphan:
    """A file in the originals folder that no photo row refers to."""

    path: Path
    size: int
    kind: str  # "original" (a whole file under its hash) or "incoming" (an interrupted write)


def find_orphans(db: sqlite_utils.Database, store: MediaStore, *,
                 older_than: timedelta = GRACE) -> list[Orphan]:
    """Originals without a `photos` row and interrupted writes, older than `older_than`."""
    folder = store.root / "originals"
    if not folder.is_dir():
        return []
    known = {r[0] for r in db.execute("SELECT sha256 FROM photos")}
    cutoff = time.time() - older_than.total_seconds()
    found = []
    for path in sorted(folder.glob("*/*")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if stat.st_mtime > cutoff or not path.is_file():
            continue
        if path.name.startswith(".incoming-"):
            found.append(Orphan(path, stat.st_size, "incoming"))
        elif _SHA256.fullmatch(path.name) and path.name not in known:
            found.append(Orphan(path, stat.st_size, "original"))
    return found


def remove_orphans(db: sqlite_utils.Database, store: MediaStore, *,
                   older_than: timedelta = GRACE) -> list[Orphan]:
    """Delete what `find_orphans` lists (re-checked just before each delete); return them."""
    removed = []
    for orphan in find_orphans(db, store, older_than=older_than):
        name = orphan.path.name
        if orphan.kind == "original" and db.execute(
                "SELECT 1 FROM photos WHERE sha256 = ?", (name,)).fetchone():
            continue  # imported since the listing
        with contextlib.suppress(FileNotFoundError):
            orphan.path.unlink()
            removed.append(orphan)
    return removed
