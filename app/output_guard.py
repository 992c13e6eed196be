"""Where the program may write a file it was asked to write (a PDF, later a bundle or ledger).

Never over the database or its -wal/-shm/-journal (a PDF written over `field.db` destroyed a
whole laptop's inspections and exited 0), never into the photo store (originals are evidence),
never over any Street Audit database, and never over an existing file the program did not
write unless the person asked for it (`--force`, or the save dialog's own "replace?" question).
Symbolic and hard links are followed: a link to the database is the database.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.core.errors import InputRefused
from app.core.text import Text
from app.paths import media_dir

# Written into the Keywords of every PDF the program makes, so that writing the same document
# again may replace the earlier copy without --force (app/reports sets it).
DOCUMENT_MARK = "street-audit-document"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_OUR_APPLICATION_ID = (0x53544155).to_bytes(4, "big")  # app.store.db.APPLICATION_ID, "STAU"
_TAIL = 256 * 1024  # reportlab writes the Info dictionary near the end of the file


class OutputRefused(InputRefused):
    """The output path would destroy data; nothing was written."""


def database_file(db: object) -> Path | None:
    """The main file of an open sqlite-utils/sqlite3 database (None for one in memory)."""
    conn = getattr(db, "conn", db)
    if not isinstance(conn, sqlite3.Connection):
        return None
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _header(path: Path, size: int = 100) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def is_our_database(path: Path) -> bool:
    """An SQLite file with Street Audit's application id in its header."""
    header = _header(path)
    return header.startswith(_SQLITE_MAGIC) and header[68:72] == _OUR_APPLICATION_ID


def is_our_document(path: Path) -> bool:
    """A PDF this program wrote (its Keywords carry DOCUMENT_MARK)."""
    if not _header(path, 5).startswith(b"%PDF-"):
        return False
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            fh.seek(max(0, size - _TAIL))
            tail = fh.read(_TAIL)
    except OSError:
        return False
    return f"/Keywords ({DOCUMENT_MARK}".encode() in tail


def check_output(out: Path, db_path: Path | None, *, force: bool = False) -> Path:
    """Return `out` if the program may write it; OutputRefused (exit 3) with the reason if not."""
    out = Path(out)
    real = _real(out)
    # The database is recognised by path and inode only, before any file is opened: opening and
    # closing a descriptor of a file drops every POSIX lock this process holds on it, SQLite's
    # included (see app.store.db.read_header), so the database itself is never opened here.
    if db_path is not None:
        db_path = Path(db_path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            protected = Path(f"{db_path}{suffix}")
            if real == _real(protected) or _same_file(out, protected):
                raise OutputRefused(Text(
                    f"输出文件 {out} 是数据库文件 {protected}，拒绝写入：那会毁掉数据库；"
                    "请换一个文件名",
                    f"the output {out} is the database file {protected}: writing it would "
                    "destroy the database; choose another file name"))
        photos = _real(media_dir(db_path))
        if _is_inside(real, photos):
            raise OutputRefused(Text(
                f"输出文件 {out} 在照片库 {photos} 中，拒绝写入：照片原件是证据；请换一个位置",
                f"the output {out} is inside the photo store {photos}: the originals are "
                "evidence; choose another place"))
    if out.is_dir():
        raise OutputRefused(Text(f"{out} 是文件夹，请给出文件名",
                                 f"{out} is a folder: give a file name"))
    if out.exists() or out.is_symlink():
        if is_our_database(real):
            raise OutputRefused(Text(
                f"{out} 是街巷巡查的数据库，拒绝覆盖（--force 也不行）；请换一个文件名",
                f"{out} is a Street Audit database: it is never overwritten, not even with "
                "--force; choose another file name"))
        if not force and not is_our_document(real):
            raise OutputRefused(Text(
                f"文件 {out} 已存在，且不是本程序生成的文书；如确需覆盖，请加 --force",
                f"{out} already exists and was not written by this program; "
                "add --force to replace it"))
    return out
