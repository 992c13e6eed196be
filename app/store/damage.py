"""Find damage in a database file and say where: which tables and indexes, what to do.

`verify` runs this before anything else reads the file, through a read-only connection, so a
damaged file is reported as findings (exit 1) instead of crashing the checks that follow.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.store.db import (
    SQLITE_MAGIC,
    connect_read_only,
    note_damage_check,
    read_header,
    read_only_reason,
)
from app.store.sqlite_errors import RECOVER_HINT, is_damage

# How many lines of integrity_check to keep: enough to name the objects, not a flood.
MAX_LINES = 100
_TREE = re.compile(r"\bTree (\d+) page")
_INDEX = re.compile(r"\bindex (\w+)")


@dataclass(frozen=True, slots=True)
class Damage:
    """What integrity_check found: the objects hit, SQLite's own lines, the advice."""

    objects: tuple[str, ...]
    lines: tuple[str, ...]

    def findings(self) -> list[str]:
        """One line per damaged object, then SQLite's lines, then what to do (zh + en)."""
        out = [
            f"损坏 (damage): 表或索引 {name} 的数据页已损坏 (pages of table or index {name} are "
            "damaged)"
            for name in self.objects
        ]
        out.extend(f"完整性 (integrity): {line}" for line in self.lines)
        out.append(f"处理办法 (what to do): {RECOVER_HINT.zh} ({RECOVER_HINT.en})")
        return out


def find_damage(path: Path) -> Damage | None:
    """Run PRAGMA integrity_check read-only; None when the file is sound (or not ours to say).

    A file SQLite cannot even open as a database is left to open_database, which refuses it
    with its own message.
    """
    if not read_header(path).startswith(SQLITE_MAGIC):
        return None  # not SQLite at all: open_database refuses it as input
    try:
        conn = connect_read_only(path, read_only_reason(path))
    except sqlite3.Error as exc:
        if not is_damage(exc):
            return None
        return Damage(("sqlite_master",), (f"数据库结构表无法读取 (the schema cannot be read): "
                                           f"{exc}",))
    try:
        roots = _root_pages(conn)
        lines = _integrity_lines(conn, roots, _tables(conn))
    finally:
        conn.close()
    if lines == ["ok"]:
        note_damage_check(path, "")
        return None
    note_damage_check(path, "; ".join(lines[:3]))
    objects: list[str] = []
    for line in lines:
        for name in _objects_named(line, roots):
            if name not in objects:
                objects.append(name)
    return Damage(tuple(objects), tuple(lines))


def _root_pages(conn: sqlite3.Connection) -> dict[int, str]:
    """Root page → table or index name; empty when the schema itself cannot be read."""
    try:
        return {int(page): str(name) for name, page in conn.execute(
            "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0")}
    except sqlite3.DatabaseError:
        return {}


def _tables(conn: sqlite3.Connection) -> list[str]:
    try:
        return [str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY name")]
    except sqlite3.DatabaseError:
        return []


def _integrity_lines(conn: sqlite3.Connection, roots: dict[int, str],
                     tables: list[str]) -> list[str]:
    """integrity_check's lines; when it stops on a malformed page, table by table instead."""
    try:
        return [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({MAX_LINES})")]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
    lines: list[str] = []
    if not tables:
        return ["数据库结构表无法读取 (the schema cannot be read)"]
    for name in tables:
        try:
            rows = [str(r[0]) for r in conn.execute(
                f'PRAGMA integrity_check("{name}")')]
        except sqlite3.DatabaseError as exc:
            rows = [f"{name}: {exc}"]
        lines.extend(f"{name}: {r}" if not r.startswith(name) else r
                     for r in rows if r != "ok")
    return lines or ["ok"]


def _objects_named(line: str, roots: dict[int, str]) -> list[str]:
    names: list[str] = []
    for match in _TREE.finditer(line):
        names.append(roots.get(int(match.group(1)), f"page {match.group(1)}"))
    names.extend(m.group(1) for m in _INDEX.finditer(line))
    head = line.split(":", 1)[0]
    if head in roots.values():
        names.append(head)
    return names
