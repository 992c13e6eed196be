"""SQLite's errors sorted by who can act: each names the file and says what to do, zh + en."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.errors import AppError
from app.store import sqlite_errors as se
from app.store.db import DatabaseError, DatabaseMissing, open_database, write_transaction


def _error(code: int, message: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(("code", "message", "kind", "zh", "en"), [
    (5, "database is locked", se.DatabaseLocked, "其他程序", "another program"),
    (13, "database or disk is full", se.DiskFull, "磁盘已满", "disk is full"),
    (8, "attempt to write a readonly database", se.ReadOnlyDatabase, "只读", "read-only"),
    (10, "disk I/O error", se.DiskIOError, "磁盘错误", "disk error"),
    (11, "database disk image is malformed", se.DamagedDatabase, "已损坏", "damaged"),
    (19, "UNIQUE constraint failed: audit.seq", se.DatabaseBug, "内部错误", "bug"),
])
def test_each_error_has_its_own_message(code: int, message: str, kind: type, zh: str,
                                         en: str) -> None:
    error = se.describe(_error(code, message), Path("/data/field.db"))
    assert type(error) is kind and isinstance(error, AppError)
    assert zh in error.text.zh and en in error.text.en
    assert "/data/field.db" in error.text.zh and "/data/field.db" in error.text.en
    assert error.exit_code == 1


def test_read_only_never_advises_restoring_a_backup() -> None:
    error = se.describe(_error(8, "attempt to write a readonly database"), Path("x.db"))
    assert "损坏" not in error.text.zh.split("；")[0] and "不要用备份覆盖" in error.text.zh


def test_open_errors_are_app_errors_with_their_old_message(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing) as info:
        open_database(tmp_path / "none.db")
    assert isinstance(info.value, AppError) and isinstance(info.value, DatabaseError)
    assert "找不到数据库文件" in str(info.value) and "\n(no database file" in str(info.value)
    assert "no database file" in info.value.text.en


def test_read_only_file_system_opens_for_reading_and_refuses_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "field.db"
    open_database(path, create=True).close()
    import os

    real = os.statvfs

    class _ReadOnly:
        def __init__(self, inner: os.statvfs_result) -> None:
            self.f_flag = inner.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda p: _ReadOnly(real(p)))
    db = open_database(path)
    try:
        assert db.execute("SELECT count(*) FROM divisions").fetchone()[0] > 0
        with pytest.raises(se.ReadOnlyDatabase, match="file system") as info, \
                write_transaction(db):
            pass
        assert "文件系统是只读的" in info.value.text.zh and "已损坏" not in info.value.zh
    finally:
        db.close()


def test_a_full_disk_inside_a_write_comes_out_mapped_and_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    db = open_database(path, create=True)
    try:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own "disk is full"
        with pytest.raises(se.DiskFull) as info, write_transaction(db):
            db.execute("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
                       ("big", "x" * 100_000, "2026-01-01T00:00:00.000Z"))
        # Code that handled a failed write as sqlite3.Error still does, with our sentence.
        assert isinstance(info.value, sqlite3.OperationalError)
        assert "磁盘已满" in str(info.value) and str(path) in str(info.value)
        assert db.execute("SELECT count(*) FROM settings WHERE key = 'big'").fetchone()[0] == 0
    finally:
        db.close()


def test_a_bug_keeps_sqlites_own_error(tmp_path: Path) -> None:
    db = open_database(tmp_path / "field.db", create=True)
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such table") as info, \
                write_transaction(db):
            db.execute("INSERT INTO no_such_table VALUES (1)")
        assert not isinstance(info.value, AppError)
    finally:
        db.close()
