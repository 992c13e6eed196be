"""PRAGMA quick_check before a process's first write to a database file; damaged → refused.

Cost: ~1 s on a 390 MB (100,000-inspection) file on the team's 2-core machine, ~30 ms on a
300-inspection one (bench figures in docs/reliability.md). So it does not run at open (the
window's start stays fast) but before the first write of a process, and a clean result is
remembered across processes in the data folder, keyed by the file's device, inode, size and
modification time, and carried forward when the process closes the file (its checkpoint
changes the mtime): a command-line write to a file only this program has written since the
last check skips it.
Damage that arrives later is still caught at the first "malformed" error (write_transaction
marks the file) and by `verify`'s full integrity_check.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

from app.paths import data_dir
from app.store.sqlite_errors import damaged, is_damage

CACHE_FILE = "quick_check.json"
MAX_CACHED = 20  # files remembered; the oldest go first

Stamp = tuple[int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns
# This process's findings per file (st_dev, st_ino): "" = sound, else what SQLite said.
_FOUND: dict[tuple[int, int], str] = {}


def refuse_if_damaged(conn: sqlite3.Connection, path: Path) -> None:
    """Raise DamagedDatabase if quick_check (run once per file and process, or remembered
    clean for this exact file stamp) finds damage."""
    stamp = _stamp(path)
    if stamp is None:
        return  # in-memory or gone: nothing to protect
    key = (stamp[0], stamp[1])
    found = _FOUND.get(key)
    if found is None:
        found = "" if _remembered_clean(path, stamp) else _quick_check(conn)
        if found == "":
            _remember_clean(path, stamp)
        _FOUND[key] = found
    if found:
        raise damaged(path, found)


def carry_forward(path: Path) -> None:
    """After this process's connection closed: if it found the file sound, remember the new
    stamp. The close checkpoints the WAL into the file (a new mtime) and would otherwise make
    the next command check again; what changed it since the check was this program's own
    writes (ours or another Street Audit's, under SQLite's locks)."""
    stamp = _stamp(path)
    if stamp is not None and _FOUND.get((stamp[0], stamp[1])) == "":
        _remember_clean(path, stamp)


def note_damage_check(path: Path, found: str) -> None:
    """Remember a check's result for this process ("" = sound), e.g. verify's full check or
    a "malformed" error met while writing."""
    stamp = _stamp(path)
    if stamp is not None:
        _FOUND[(stamp[0], stamp[1])] = found


def forget_damage_checks() -> None:
    """Forget what this process found (tests; a file restored from a backup in a long run)."""
    _FOUND.clear()


def _quick_check(conn: sqlite3.Connection) -> str:
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return str(exc)
    if rows == ["ok"]:
        return ""
    # The first real line names the damage; "*** in database main ***" says nothing.
    lines = [r for r in rows if r != "ok" and not r.startswith("***")]
    return lines[0] if lines else "; ".join(rows)


def _stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _cache_path() -> Path:
    return data_dir() / CACHE_FILE


def _load() -> dict[str, list[int]]:
    try:
        data = json.loads(_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remembered_clean(path: Path, stamp: Stamp) -> bool:
    return _load().get(str(path.resolve())) == list(stamp)


def _remember_clean(path: Path, stamp: Stamp) -> None:
    """Write the cache atomically; a cache that cannot be written is only a slower next run."""
    data = _load()
    data.pop(str(path.resolve()), None)
    data[str(path.resolve())] = list(stamp)
    kept = dict(list(data.items())[-MAX_CACHED:])
    target = _cache_path()
    temp = target.with_name(f".{CACHE_FILE}.{os.getpid()}")
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(temp, target)
