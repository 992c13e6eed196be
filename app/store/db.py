"""Open the database: check the file is ours, apply migrations, set the connection up.

A file that is refused (missing, not SQLite, someone else's, from a newer version) is only
ever read, through a read-only connection, so refusing never changes a byte of it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now

# Imported here rather than in the functions that use them at every open: once the window has
# loaded PySide6, each import statement it runs reads that module's source (PySide6's import
# hook looks for "PySide6" in it), so imports done at open would cost the window's start.
from app.core.divisions import divisions_csv, level_of, load_divisions, parent_of
from app.core.text import Text
from app.paths import migrations_dir
from app.store.quick_check import (
    carry_forward,
    forget_damage_checks,
    note_damage_check,
    refuse_if_damaged,
)
from app.store.sqlite_errors import (
    DatabaseBug,
    DatabaseError,
    DatabaseLocked,
    describe,
    describe_os_error,
    is_busy,
    is_damage,
    read_only,
)
from app.store.sqlite_errors import damaged as damaged_error

if TYPE_CHECKING:
    import sqlite_utils

    _Handle = sqlite_utils.Database  # what the type checker sees: sqlite-utils' API, all of it
else:
    _Handle = object


class Database(_Handle):
    """The store's handle on one SQLite database.

    What the program uses everywhere — the connection (`conn`), `execute` and `close` — is
    here; anything else of sqlite-utils' `Database` API (`atomic()`, `db[table]`, `query`,
    introspection) is sqlite-utils' own object over the same connection, made on first use.
    sqlite-utils imports numpy when numpy is installed (ImageHash brings it): ~150 ms that the
    window's first screen does not need (bench/README.md, bench_startup.py). Nothing of
    sqlite-utils is patched or blocked: it is imported as it is, when its API is first asked for.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: Any = None

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """As sqlite-utils' `Database.execute`: the cursor of one statement."""
        if parameters is not None:
            return self.conn.execute(sql, parameters)
        return self.conn.execute(sql)

    def close(self) -> None:
        self.conn.close()

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils' Database over this connection (imported and made on first use)."""
        if self._utils is None:
            import sqlite_utils  # the heavy edge: see the class docstring

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("conn", "_utils"):
            raise AttributeError(name)
        return getattr(self.utils, name)

    def __getitem__(self, name: str) -> Any:
        return self.utils[name]

# Our mark in the database header: "STAU" (Street AUdit).
APPLICATION_ID = 0x53544155
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# How long a write waits for another program's write lock (a 100,000-row demo holds it ~30 s
# on a slow machine) before giving up with a clear message; $STREET_AUDIT_LOCK_WAIT overrides.
LOCK_WAIT_S = 120.0

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


# Defined in sqlite_errors and quick_check, imported from here by callers of the store.
__all__ = ["DatabaseError", "DatabaseLocked", "forget_damage_checks", "note_damage_check",
           "refuse_if_damaged"]


class DatabaseMissing(DatabaseError):
    """No database at the path (or an empty file) and creating one was not asked for."""


class CorruptDatabase(DatabaseError):
    """Not an SQLite file at all, or one whose pages cannot be read."""


class NotOurDatabase(DatabaseError):
    """An SQLite file written by another program."""


class NewerSchema(DatabaseError):
    """A database written by a newer version of Street Audit."""


class MigrationFailed(DatabaseError):
    """A migration step failed; the database is left at the last complete step."""


class IncompleteDatabase(DatabaseError):
    """Our mark and version, but tables are missing: damaged, or edited by hand."""


class StoreConnection(sqlite3.Connection):
    """A connection that knows its file and whether (and why) it must not write."""

    db_path: Path | None = None
    read_only_reason: Text | None = None

    def close(self) -> None:
        super().close()
        if self.db_path is not None and self.read_only_reason is None:
            carry_forward(self.db_path)


# Called while a write waits for another program's lock: (database path, seconds waited).
LockWaitReporter = Callable[[Path, float], None]
_lock_wait_reporter: LockWaitReporter | None = None


def set_lock_wait_reporter(reporter: LockWaitReporter | None) -> None:
    """Who to tell that a write is waiting for a lock (the CLI prints a progress line)."""
    global _lock_wait_reporter
    _lock_wait_reporter = reporter


def lock_wait_seconds() -> float:
    """The longest a write waits for the lock ($STREET_AUDIT_LOCK_WAIT, else LOCK_WAIT_S)."""
    try:
        return max(0.0, float(os.environ["STREET_AUDIT_LOCK_WAIT"]))
    except (KeyError, ValueError):
        return LOCK_WAIT_S


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema step, `db/NNN_name.sql`."""

    number: int
    name: str
    path: Path

    def sql(self) -> str:
        """The SQL text of this step."""
        return self.path.read_text(encoding="utf-8")


def find_migrations(directory: Path | None = None) -> list[Migration]:
    """The migrations in `directory` (default `db/`), in order; numbers must run 1, 2, 3, ..."""
    if directory is None:
        directory = migrations_dir()
    found = []
    for path in directory.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path))
    found.sort(key=lambda m: m.number)
    for expected, migration in enumerate(found, start=1):
        if migration.number != expected:
            raise RuntimeError(
                f"migrations in {directory} must be numbered 001, 002, ... without gaps; "
                f"expected {expected:03d}, found {migration.path.name}"
            )
    return found


def latest_version(migrations: list[Migration] | None = None) -> int:
    """The schema version this program writes (the number of the last migration)."""
    found = find_migrations() if migrations is None else migrations
    return found[-1].number if found else 0


def open_database(
    path: Path | str,
    create: bool = False,
    *,
    migrations: list[Migration] | None = None,
) -> sqlite_utils.Database:
    """Open (or with `create`, make) a Street Audit database and bring its schema up to date.

    A file in a place that cannot be written (the file, its folder or the file system) is
    opened read-only: reading and reports work, writes raise `ReadOnlyDatabase` saying where.
    """
    path = Path(path)
    steps = find_migrations() if migrations is None else migrations
    try:
        version = _inspect_file(path, create, latest_version(steps))
        reason = read_only_reason(path)
        if version == 0:
            if reason is not None:
                raise read_only(path, reason)
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a path under a regular file, a folder we may not enter, ...
        raise describe_os_error(exc, path) from exc
    if reason is not None and version < latest_version(steps):
        raise read_only(path, Text(reason.zh + "，而它需要升级到本程序的结构版本",
                                   reason.en + ", and it needs a schema upgrade"))
    try:
        conn = _connect(path) if reason is None else connect_read_only(path, reason)
    except sqlite3.Error as exc:
        raise describe(exc, path, read_only_reason=reason) from exc
    try:
        if version < latest_version(steps):
            apply_migrations(conn, steps, path=path)
        _check_tables(conn, path, steps)
        db = Database(conn)
        if reason is None:
            _load_divisions(db)
    except sqlite3.Error as exc:
        conn.close()
        raise describe(exc, path, read_only_reason=reason) from exc
    except BaseException:
        conn.close()
        raise
    return db


def apply_migrations(
    conn: sqlite3.Connection,
    migrations: list[Migration],
    upto: int | None = None,
    *,
    path: Path | None = None,
) -> int:
    """Apply the steps above the database's version (up to `upto`), each in one transaction."""
    target = latest_version(migrations) if upto is None else upto
    previous = conn.isolation_level
    conn.isolation_level = None  # we issue BEGIN/COMMIT ourselves
    try:
        for step in migrations:
            if step.number > target:
                break
            begin_immediate(conn, path or Path("?"))
            try:
                # Re-read inside the lock: another process may have migrated meanwhile.
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if step.number <= current:
                    conn.execute("ROLLBACK")
                    continue
                for statement in _statements(step.sql()):
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {step.number}")
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                where = path or Path("?")
                raise MigrationFailed(
                    where,
                    f"数据库升级第{step.number:03d}步（{step.path.name}）失败：{exc}",
                    f"schema migration {step.path.name} failed: {exc}",
                    "数据库仍保持升级前的版本；请把此文件和错误信息交给技术支持",
                    "the database stays at the version before this step; "
                    "send the file and this message to support",
                ) from exc
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.isolation_level = previous


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction (BEGIN IMMEDIATE: no lock upgrade deadlock); nested → savepoint.

    Refused before it starts on a read-only connection or a damaged file; a damage error met
    inside marks the file damaged for the rest of the process. Errors a person can act on
    (locked, full, read-only, I/O, damaged) come out mapped (still sqlite3.OperationalError);
    anything else, our bug, comes out as SQLite raised it.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    path = connection_path(conn)
    refuse_if_read_only(db)
    refuse_if_damaged(conn, path)
    begin_immediate(conn, path)
    try:
        yield db
    except BaseException as exc:
        # SQLite may have rolled back already (disk full, I/O error): the first error counts.
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and is_damage(exc):
            note_damage_check(path, str(exc))
            raise damaged_error(path, str(exc)) from exc
        if isinstance(exc, sqlite3.Error) and not isinstance(exc, DatabaseError):
            mapped = describe(exc, path)
            if not isinstance(mapped, DatabaseBug):  # a bug keeps SQLite's own error
                raise mapped from exc
        raise
    else:
        conn.execute("COMMIT")


def refuse_if_read_only(db: sqlite_utils.Database) -> None:
    """ReadOnlyDatabase, saying where, if this database was opened read-only (a read-only
    file, folder or file system); for writers that touch files before the database."""
    reason = getattr(db.conn, "read_only_reason", None)
    if reason is not None:
        raise read_only(connection_path(db.conn), reason)


def begin_immediate(conn: sqlite3.Connection, path: Path) -> None:
    """BEGIN IMMEDIATE, waiting up to `lock_wait_seconds()` for another writer, with progress."""
    started = time.monotonic()
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            # Each attempt has already waited busy_timeout inside SQLite.
            waited = time.monotonic() - started
            if waited >= lock_wait_seconds():
                locked = describe(exc, path, waited_s=waited)
                assert isinstance(locked, DatabaseLocked)
                raise locked from exc
            if _lock_wait_reporter is not None:
                _lock_wait_reporter(path, waited)


def connection_path(conn: sqlite3.Connection) -> Path:
    """The file a connection works on ("main" database), for messages and checks."""
    known = getattr(conn, "db_path", None)
    if known is not None:
        return Path(known)
    try:
        for _seq, name, file in conn.execute("PRAGMA database_list"):
            if name == "main":
                return Path(file) if file else Path(":memory:")
    except sqlite3.Error:
        pass
    return Path("?")


def read_only_reason(path: Path) -> Text | None:
    """Why the database at `path` cannot be written here (None: it can).

    WAL needs to create `-wal`/`-shm` beside the file, so a folder we may not write counts
    even when the file itself is writable.
    """
    folder = path.parent if str(path.parent) else Path(".")
    probe = path if path.exists() else _existing_ancestor(folder)
    try:
        if os.statvfs(probe).f_flag & os.ST_RDONLY:
            return Text(f"数据库所在的文件系统是只读的（只读挂载或写保护的U盘），位置：{folder}",
                        f"the file system holding the database is read-only (a read-only "
                        f"mount or a write-protected USB stick), at {folder}")
    except OSError:
        return None  # cannot tell: let SQLite say
    if path.exists() and not os.access(path, os.W_OK):
        return Text(f"数据库文件本身是只读的（没有写权限）：{path}",
                    f"the database file itself is read-only (no write permission): {path}")
    sidecars_missing = not (Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists())
    if folder.exists() and sidecars_missing and not os.access(folder, os.W_OK | os.X_OK):
        return Text(f"数据库所在的文件夹是只读的（无法在其中建立 -wal/-shm 文件）：{folder}",
                    f"the folder holding the database is read-only (the database needs to "
                    f"create its -wal/-shm files there): {folder}")
    return None


def _existing_ancestor(folder: Path) -> Path:
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def schema_version(db: sqlite_utils.Database) -> int:
    """PRAGMA user_version: the number of the last migration applied."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into complete statements (triggers included) for execute()."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        stripped = line.strip()
        if not buffer and (not stripped or stripped.startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, factory=StoreConnection)
    assert isinstance(conn, StoreConnection)
    conn.db_path = path
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed answer survives a power cut too, not only a killed process.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def connect_read_only(path: Path, reason: Text | None) -> sqlite3.Connection:
    """A read-only connection. `reason` says the place is read-only (None: it is writable).

    Only in a read-only place, and only when SQLite cannot open it otherwise (it cannot make
    its -shm there), is the file opened `immutable`: that tells SQLite nobody writes it
    meanwhile, which holds there. In a writable place immutable would read pages that a
    concurrent writer is changing, and report them as damage.
    """
    uri = path.resolve().as_uri()
    tries = ["?mode=ro"] if reason is None else ["?mode=ro", "?mode=ro&immutable=1"]
    last: sqlite3.Error | None = None
    for query in tries:
        conn = sqlite3.connect(uri + query, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               factory=StoreConnection)
        assert isinstance(conn, StoreConnection)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            last = exc
            if is_busy(exc) or is_damage(exc):
                break  # not a question of the place: immutable would not help
            continue
        conn.db_path = path
        conn.read_only_reason = reason
        return conn
    assert last is not None
    raise last


@functools.cache
def _tables_of(paths: tuple[Path, ...]) -> frozenset[str]:
    """The tables the migrations leave: created, dropped and renamed in statement order (a
    migration may rebuild a table as `x_new`, drop `x` and rename `x_new` to `x`)."""
    names: set[str] = set()
    for file in paths:
        sql = file.read_text(encoding="utf-8")
        steps = sorted(
            [(m.start(), "create", m.group(1).lower(), "") for m in _CREATE_TABLE.finditer(sql)]
            + [(m.start(), "drop", m.group(1).lower(), "") for m in _DROP_TABLE.finditer(sql)]
            + [(m.start(), "rename", m.group(1).lower(), m.group(2).lower())
               for m in _RENAME_TABLE.finditer(sql)])
        for _, what, name, new_name in steps:
            if what == "create":
                names.add(name)
            elif what == "drop":
                names.discard(name)
            elif name in names:
                names.discard(name)
                names.add(new_name)
    return frozenset(names)


_CREATE_TABLE = re.compile(r"CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)",
                           re.IGNORECASE)
_DROP_TABLE = re.compile(r"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_RENAME_TABLE = re.compile(r"ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)", re.IGNORECASE)


def _check_tables(conn: sqlite3.Connection, path: Path, steps: list[Migration]) -> None:
    """Our mark but tables missing (hand-edited, half-restored): refuse with the names."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    expected = _tables_of(tuple(m.path for m in steps if m.number <= version))
    present = {str(r[0]).lower() for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = sorted(expected - present)
    if missing:
        raise IncompleteDatabase(
            path,
            f"数据库缺少数据表 {', '.join(missing)}（文件已损坏或被其他工具改动过）",
            f"the database lacks the tables {', '.join(missing)} (damaged, or changed by "
            "another tool)",
            "文件未作任何改动；请从备份恢复，或把文件交给技术支持",
            "the file was not changed; restore it from a backup or send it to support",
        )


def _inspect_file(path: Path, create: bool, latest: int) -> int:
    """Read-only look at the file: its schema version (0 = new), or raise the refusal."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        if create:
            return 0
        raise DatabaseMissing(
            path,
            "找不到数据库文件" if not path.exists() else "数据库文件是空的",
            "no database file" if not path.exists() else "the database file is empty",
            "请先运行 street-audit init（或 street-audit demo）创建数据库，"
            "或用 --db 指定正确的文件",
            "run `street-audit init` (or `street-audit demo`) first, "
            "or give the right file with --db",
        )
    if path.is_dir():
        raise CorruptDatabase(
            path,
            "这是一个文件夹，不是数据库文件",
            "this is a folder, not a database file",
            "请用 --db 指定数据库文件",
            "give the database file with --db",
        )
    header = read_header(path)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise CorruptDatabase(
            path,
            "这不是 SQLite 数据库文件（可能已损坏，或是其他类型的文件）",
            "this is not an SQLite database file (damaged, or another kind of file)",
            "文件未作任何改动；请检查路径，或从备份恢复",
            "the file was not changed; check the path or restore it from a backup",
        )
    try:
        # Read-only, with the immutable fallback: a refusal must never write, and a file in a
        # read-only place must read as what it is, not as damage.
        conn = connect_read_only(path, read_only_reason(path))
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        objects = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    finally:
        conn.close()
    if app_id == 0 and objects == 0 and version == 0:
        if create:
            return 0
        raise DatabaseMissing(
            path,
            "数据库文件是空的",
            "the database file is empty",
            "请先运行 street-audit init 创建数据库",
            "run `street-audit init` first",
        )
    if app_id != APPLICATION_ID:
        raise NotOurDatabase(
            path,
            "这是其他程序的 SQLite 数据库，不是街巷巡查的数据库",
            "this SQLite database belongs to another program, not Street Audit",
            "文件未作任何改动；请用 --db 指定街巷巡查的数据库，或用 street-audit init 新建一个",
            "the file was not changed; give a Street Audit database with --db, "
            "or create one with `street-audit init`",
        )
    if version > latest:
        raise NewerSchema(
            path,
            f"数据库由更新版本的街巷巡查写入（结构版本{version}，本程序支持到{latest}）",
            f"the database was written by a newer Street Audit (schema {version}, "
            f"this program knows up to {latest})",
            "文件未作任何改动；请升级本程序后再打开",
            "the file was not changed; update this program to open it",
        )
    return version


def _unreadable(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """Damage is CorruptDatabase; anything else (no permission, I/O) says what it is."""
    return _corrupt(path, exc) if is_damage(exc) else describe(exc, path)


# One descriptor per database file per process, never closed. Closing *any* descriptor of a
# file drops every POSIX lock this process holds on it, those of its SQLite connections
# included (sqlite.org/howtocorrupt.html, 2.2): the window opens a connection per background
# job while its main connection is in use, and a header read with open()/close() there let
# another process checkpoint under it and corrupted the file (bench/stress_concurrency.py).
_HEADER_FDS: dict[tuple[int, int], int] = {}
_HEADER_LOCK = threading.Lock()


def read_header(path: Path) -> bytes:
    """The file's first 100 bytes, read without ever closing a descriptor of it."""
    st = path.stat()
    key = (st.st_dev, st.st_ino)
    with _HEADER_LOCK:
        fd = _HEADER_FDS.get(key)
        if fd is None:
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
            fd = _HEADER_FDS[key] = os.open(path, flags)
    return os.pread(fd, 100, 0)


def _corrupt(path: Path, exc: Exception) -> CorruptDatabase:
    return CorruptDatabase(
        path,
        f"数据库文件已损坏，无法读取（{exc}）",
        f"the database file is damaged and cannot be read ({exc})",
        "文件未作任何改动；请从备份恢复，或运行 street-audit verify 查看详情",
        "the file was not changed; restore it from a backup",
    )


# Settings keys (table `settings`, JSON values) kept by the division loader.
DIVISIONS_HASH_KEY = "divisions_sha256"  # SHA-256 of the divisions.csv last loaded
DIVISIONS_RETIRED_KEY = "divisions_retired"  # codes gone from the list, kept for their sites


def _load_divisions(db: sqlite_utils.Database, source: Path | None = None) -> None:
    """Bring the divisions table in step with resources/divisions.csv (cheap when it is).

    The file's SHA-256 is kept in `settings`: any change to the file (a renamed township with
    the same number of rows, a code that disappeared) reloads the table; an unchanged file
    costs one hash of ~30 KB and one lookup. Codes no longer in the list are deleted, except
    those a site still names (and their parents): those rows stay, with their old name and
    year, and are listed under `divisions_retired`, so an old site keeps its street's name.
    """
    path = source or divisions_csv()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if _stored_divisions_hash(db) == digest:
        return
    rows = load_divisions(path)
    with write_transaction(db):
        if _stored_divisions_hash(db) == digest:  # another process loaded it meanwhile
            return
        # Parents before children: the CSV lists districts, then townships, then communities.
        for d in sorted(rows, key=lambda d: (d.level != "district", d.level == "community")):
            db.execute(
                "INSERT INTO divisions (code, name, level, kind, parent_code, year) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
                "level = excluded.level, kind = excluded.kind, "
                "parent_code = excluded.parent_code, year = excluded.year",
                (d.code, d.name, d.level, d.kind, d.parent_code, d.year),
            )
        listed = {d.code for d in rows}
        stale = {c for (c,) in db.execute("SELECT code FROM divisions")} - listed
        kept: set[str] = set()
        if stale:
            used = {
                c
                for (c,) in db.execute(
                    "SELECT DISTINCT division_code FROM sites WHERE division_code IS NOT NULL"
                )
            }
            for code in used & stale:
                current: str | None = code
                while current is not None and current in stale:
                    kept.add(current)  # the parent chain too: parent_code is a foreign key
                    current = parent_of(current)
            # Children before parents, for the foreign key.
            order = ("community", "township", "district")
            for code in sorted(stale - kept, key=lambda c: (order.index(level_of(c)), c)):
                db.execute("DELETE FROM divisions WHERE code = ?", (code,))
        if kept:
            _put_setting(db, DIVISIONS_RETIRED_KEY, sorted(kept))
        else:
            db.execute("DELETE FROM settings WHERE key = ?", (DIVISIONS_RETIRED_KEY,))
        _put_setting(db, DIVISIONS_HASH_KEY, digest)


def _stored_divisions_hash(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", (DIVISIONS_HASH_KEY,)).fetchone()
    if row is None:
        return None
    value = json.loads(row[0])
    return value if isinstance(value, str) else None


def _put_setting(db: sqlite_utils.Database, key: str, value: object) -> None:
    """Write one settings row (not audited: reference data, not a person's change)."""
    db.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, json.dumps(value, ensure_ascii=False), utc_now()),
    )
