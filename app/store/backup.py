"""A consistent copy of an open database: SQLite's online backup API, never a file copy.

Copying `street-audit.db` while the window (or a merge) has it open can catch half a write, and
misses whatever still sits in the `-wal` file. The backup API copies the pages of one read
snapshot, WAL included, while other programs keep reading and writing; the copy is written to a
temporary name, checked (`PRAGMA quick_check`), switched out of WAL mode so that it is one
self-contained file, flushed to disk and only then renamed to its final name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import AppError
from app.core.text import Text

if TYPE_CHECKING:
    import sqlite_utils

PAGES_PER_STEP = 4096  # ~16 MB a step at 4 KiB pages: writers get the lock between steps


class BackupFailed(AppError):
    """The copy could not be made or did not check out; nothing is left at the output path."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size_bytes: int
    pages: int


def backup_database(db: sqlite_utils.Database, out: Path,
                    progress: Callable[[int, int], None] | None = None) -> BackupResult:
    """Copy the open database `db` to `out` (replaced if there) through the backup API."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    tmp.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            db.conn.backup(target, pages=PAGES_PER_STEP, progress=step)
            target.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            problems = [r[0] for r in target.execute("PRAGMA quick_check")]
            pages = int(target.execute("PRAGMA page_count").fetchone()[0])
        finally:
            target.close()
        if problems != ["ok"]:
            raise BackupFailed(Text(
                "备份副本未通过检查：" + "; ".join(problems[:5]),
                "the backup copy failed its check: " + "; ".join(problems[:5])))
        _fsync(tmp)
        os.replace(tmp, out)
        _fsync_folder(out.parent)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupFailed(Text(f"无法写入备份 {out}：{exc}",
                                f"cannot write the backup {out}: {exc}")) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupResult(out, out.stat().st_size, pages)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # folders cannot be opened for fsync on Windows
        return
    with contextlib.suppress(OSError):
        _fsync(folder)
