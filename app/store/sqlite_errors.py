"""SQLite's errors sorted by who can act on them, in one place (qutebrowser's misc/sql.py).

A locked, full, read-only, unreadable or damaged database is something a person can do
something about: each becomes a `DatabaseError` (an `AppError`) naming the file and saying
what to do, in zh and en. Anything else (a constraint we broke, bad SQL) is our bug: it
becomes `DatabaseBug`, whose message asks for a report instead of blaming the file.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from app.core.errors import AppError
from app.core.text import Text

# Primary result codes (https://sqlite.org/rescode.html); the extended code's low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

RECOVER_HINT = Text(
    "请从备份恢复；没有备份时可用 sqlite3 挽救：sqlite3 损坏的.db \".recover\" | sqlite3 新.db，"
    "再用 street-audit verify 检查新文件",
    "restore it from a backup; without one, salvage what is readable with "
    "`sqlite3 damaged.db .recover | sqlite3 new.db` and check the new file with "
    "`street-audit verify`",
)


class DatabaseError(AppError):
    """A database file that cannot be used now; the message says why and what to do (zh + en)."""

    def __init__(self, path: Path | str, zh: str, en: str, todo_zh: str, todo_en: str) -> None:
        self.path = Path(path)
        self.zh = zh
        self.en = en
        super().__init__(Text(f"{zh}：{path}。{todo_zh}", f"{en}: {path}. {todo_en}"))
        # The two-line form the command line has always printed (tests and users know it).
        self.args = (f"{zh}：{path}。{todo_zh}\n({en}: {path}. {todo_en})",)


# The kinds a write can meet are also sqlite3.OperationalError: code that already handles a
# failed write (`except sqlite3.Error`, e.g. the photo import's per-file result) keeps doing
# so, and now shows our sentence instead of SQLite's words.
class DatabaseLocked(DatabaseError, sqlite3.OperationalError):
    """Another program kept the write lock longer than we were willing to wait."""


class DiskFull(DatabaseError, sqlite3.OperationalError):
    """The disk (or the file size limit) is full; the change was rolled back."""


class ReadOnlyDatabase(DatabaseError, sqlite3.OperationalError):
    """The file, its folder or the file system cannot be written; reading still works."""


class DiskIOError(DatabaseError, sqlite3.OperationalError):
    """The operating system failed to read or write the file (removed disk, bad sector)."""


class DamagedDatabase(DatabaseError, sqlite3.OperationalError):
    """SQLite found damaged pages; writes are refused so the damage does not spread."""


class CannotOpen(DatabaseError, sqlite3.OperationalError):
    """The file (or its folder) cannot be opened at all."""


class DatabaseBug(DatabaseError):
    """An SQLite error that is not the file's or the disk's fault: a bug of this program."""


def primary_code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error, or None when the driver gave none."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_busy(exc: sqlite3.Error) -> bool:
    """True for `database is locked` / `database table is locked`."""
    if primary_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
        return True
    return "database is locked" in str(exc)


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file's pages are damaged (or it is no database at all)."""
    if primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(exc)
    return "malformed" in text or "file is not a database" in text


def describe(
    exc: sqlite3.Error,
    path: Path | str,
    *,
    waited_s: float | None = None,
    read_only_reason: Text | None = None,
) -> DatabaseError:
    """The user-facing error for a raw SQLite error on the database at `path`."""
    if isinstance(exc, DatabaseError):
        return exc  # mapped already
    code = primary_code(exc)
    detail = str(exc)
    if is_busy(exc):
        waited = f"{waited_s:.0f}" if waited_s is not None else "?"
        return DatabaseLocked(
            path,
            f"数据库正被其他程序写入，等待 {waited} 秒后放弃，本次未作任何改动",
            f"another program kept the database busy; gave up after {waited} s, nothing was "
            "changed",
            "请等其他程序（如正在生成的演示数据、照片导入或另一个窗口）结束后再试",
            "try again when the other program (a demo fill, a photo import, another window) "
            "has finished",
        )
    if code == SQLITE_FULL or "database or disk is full" in detail or _io_on_full_disk(
            code, detail, path):
        return DiskFull(
            path,
            "磁盘已满（或超过文件大小限制），本次改动未保存；已保存的数据不受影响",
            "the disk is full (or the file size limit was reached); this change was not "
            "saved, data saved before is unaffected",
            "请清理磁盘空间后重试",
            "free some disk space and try again",
        )
    if code == SQLITE_READONLY or "readonly database" in detail:
        return read_only(path, read_only_reason)
    if is_damage(exc):
        return damaged(path, detail)
    if code == SQLITE_IOERR or "disk I/O error" in detail:
        return DiskIOError(
            path,
            f"读写数据库时发生磁盘错误（{detail}），本次改动未保存",
            f"a disk error occurred reading or writing the database ({detail}); this change "
            "was not saved",
            "请检查磁盘或U盘是否仍连接、是否有坏道，然后运行 street-audit verify",
            "check that the disk or USB stick is still connected and healthy, then run "
            "`street-audit verify`",
        )
    if code in (SQLITE_CANTOPEN, SQLITE_PERM) or "unable to open database" in detail:
        return CannotOpen(
            path,
            f"无法打开数据库文件（{detail}）",
            f"the database file cannot be opened ({detail})",
            "请检查文件和所在文件夹是否存在、是否有读写权限",
            "check that the file and its folder exist and that you may read and write them",
        )
    if code == SQLITE_NOMEM:
        return DatabaseBug(
            path,
            "内存不足，操作未完成",
            "out of memory; the operation did not finish",
            "请关闭其他程序后重试",
            "close other programs and try again",
        )
    return DatabaseBug(
        path,
        f"程序内部错误（SQLite：{detail}），本次改动未保存",
        f"internal error (SQLite: {detail}); this change was not saved",
        "这是本程序的问题，不是数据库文件的问题；请把此信息交给技术支持",
        "this is a bug in the program, not a problem of the file; send this message to "
        "support",
    )


# Below this much free space an I/O error is taken for a full disk: SQLite reports a -shm it
# cannot grow on a full disk (tmpfs, most Linux file systems) as "disk I/O error".
FULL_DISK_BYTES = 1024 * 1024


def _io_on_full_disk(code: int | None, detail: str, path: Path | str) -> bool:
    if code != SQLITE_IOERR and "disk I/O error" not in detail:
        return False
    try:
        return shutil.disk_usage(Path(path).parent or Path(".")).free < FULL_DISK_BYTES
    except OSError:
        return False


def read_only(path: Path | str, reason: Text | None = None) -> ReadOnlyDatabase:
    """Writing refused because the file, folder or file system is read-only (says which)."""
    why = reason or Text("数据库文件或其所在位置是只读的", "the database file or its location is "
                         "read-only")
    return ReadOnlyDatabase(
        path,
        f"{why.zh}，不能写入；数据库没有损坏，仍可查看和导出报告",
        f"{why.en}, so nothing can be written; the database is not damaged and can still be "
        "read and reported on",
        "如需修改，请把文件复制到可写的文件夹，或取得写权限后重试；不要用备份覆盖它",
        "to make changes, copy the file to a writable folder or get write permission, then "
        "try again; do not overwrite it with a backup",
    )


def damaged(path: Path | str, detail: str = "") -> DamagedDatabase:
    """Writing refused because SQLite found damaged pages."""
    extra_zh = f"（{detail}）" if detail else ""
    extra_en = f" ({detail})" if detail else ""
    return DamagedDatabase(
        path,
        f"数据库文件已损坏{extra_zh}，为免损坏扩大，拒绝写入",
        f"the database file is damaged{extra_en}; writing is refused so the damage does not "
        "spread",
        "请运行 street-audit verify 查看哪些表受损；" + RECOVER_HINT.zh,
        "run `street-audit verify` to see which tables are hit; " + RECOVER_HINT.en,
    )


def describe_os_error(exc: OSError, path: Path | str) -> DatabaseError:
    """An OSError met while preparing the database's place (folder, file) as a clear error."""
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(path, Text(f"无法在 {exc.filename or path} 写入（{exc.strerror}）",
                                    f"cannot write at {exc.filename or path} ({exc.strerror})"))
    if exc.errno == errno.ENOSPC:
        return describe(sqlite3.OperationalError("database or disk is full"), path)
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return CannotOpen(
            path,
            f"路径中有一段不是文件夹而是文件（{exc.filename or path}）",
            f"part of the path is a file, not a folder ({exc.filename or path})",
            "请用 --db 指定一个文件夹中的数据库文件",
            "give a database file inside a folder with --db",
        )
    return CannotOpen(
        path,
        f"无法准备数据库文件（{exc.strerror or exc}）",
        f"the database file cannot be prepared ({exc.strerror or exc})",
        "请检查路径、权限和磁盘",
        "check the path, the permissions and the disk",
    )
