"""Opening databases: fresh, upgraded step by step, and every refusal leaves the file untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.store.db import (
    APPLICATION_ID,
    CorruptDatabase,
    DatabaseMissing,
    Migration,
    MigrationFailed,
    NewerSchema,
    NotOurDatabase,
    _connect,
    apply_migrations,
    find_migrations,
    latest_version,
    open_database,
    schema_version,
    write_transaction,
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_database(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    db = open_database(path, create=True)
    assert schema_version(db) == latest_version() >= 1
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    tables = set(db.table_names())
    assert {"devices", "profile", "sites", "forms", "inspections", "findings", "audit"} <= tables
    assert db.execute("SELECT count(*) FROM divisions WHERE level = 'district'").fetchone()[0] == 16
    db.close()
    again = open_database(path)
    assert schema_version(again) == latest_version()
    again.close()


def test_migrations_are_numbered_without_gaps() -> None:
    steps = find_migrations()
    assert [m.number for m in steps] == list(range(1, len(steps) + 1))
    assert steps[0].name == "initial"


@pytest.mark.parametrize("k", range(1, latest_version() + 1))
def test_upgrade_from_every_earlier_version(tmp_path: Path, k: int) -> None:
    """A database built with the first k migrations opens and reaches the latest version."""
    path = tmp_path / f"v{k}.db"
    conn = _connect(path)
    assert apply_migrations(conn, find_migrations(), upto=k) == k
    conn.close()
    db = open_database(path)
    assert schema_version(db) == latest_version()
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_failed_migration_rolls_back_that_step(tmp_path: Path) -> None:
    steps = find_migrations()
    bad = tmp_path / "migrations"
    bad.mkdir()
    for step in steps:
        shutil.copy(step.path, bad / step.path.name)
    broken = bad / f"{len(steps) + 1:03d}_broken.sql"
    broken.write_text("CREATE TABLE half_done (x);\nTHIS IS NOT SQL;\n", encoding="utf-8")
    path = tmp_path / "db.db"
    open_database(path, create=True).close()
    with pytest.raises(MigrationFailed) as info:
        open_database(path, migrations=find_migrations(bad))
    assert broken.name in str(info.value)
    db = open_database(path)
    assert schema_version(db) == len(steps)
    assert "half_done" not in db.table_names()
    db.close()


def test_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_database(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(path)
    with pytest.raises(NewerSchema) as info:
        open_database(path)
    assert str(path) in str(info.value) and "更新" in str(info.value) and "newer" in str(info.value)
    assert _digest(path) == before


def test_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.execute("INSERT INTO photos VALUES ('x')")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NotOurDatabase) as info:
        open_database(path, create=True)
    assert str(path) in str(info.value) and "其他程序" in str(info.value)
    assert _digest(path) == before


def test_sqlite_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gpkg.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444487")  # GeoPackage's "GPKG"
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NotOurDatabase):
        open_database(path, create=True)
    assert _digest(path) == before


def test_text_file_named_db_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库\n" * 40, encoding="utf-8")
    before = _digest(path)
    with pytest.raises(CorruptDatabase) as info:
        open_database(path, create=True)
    assert "不是 SQLite" in str(info.value) and "not an SQLite" in str(info.value)
    assert _digest(path) == before


def test_corrupt_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    db = open_database(path, create=True)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Keep the 100-byte header, wreck the rest of page 1 (the schema).
    data[100:page_size] = b"\xff" * (page_size - 100)
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(CorruptDatabase) as info:
        open_database(path)
    assert "损坏" in str(info.value)
    assert _digest(path) == before


def test_truncated_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "short.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    with pytest.raises(CorruptDatabase):
        open_database(path)


def test_missing_file_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "missing.db"
    with pytest.raises(DatabaseMissing) as info:
        open_database(path)
    assert "street-audit init" in str(info.value)
    assert not path.exists() and not path.parent.exists()


def test_empty_file_is_missing_unless_create(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(DatabaseMissing):
        open_database(path)
    assert path.stat().st_size == 0
    db = open_database(path, create=True)
    assert schema_version(db) == latest_version()
    db.close()


def test_write_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db", create=True)
    with pytest.raises(RuntimeError), write_transaction(db):
        db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('a', '1', 'now')")
        raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM settings WHERE key = 'a'").fetchone()[0] == 0
    with write_transaction(db):
        db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('a', '1', 'now')")
        with pytest.raises(RuntimeError), write_transaction(db):  # nested: a savepoint
            db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('b', '1', 'now')")
            raise RuntimeError("inner")
    keys = [r[0] for r in db.execute("SELECT key FROM settings WHERE key IN ('a', 'b')")]
    assert keys == ["a"]
    db.close()


def test_migration_runner_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "001_first.sql").write_text("CREATE TABLE a (x);", encoding="utf-8")
    (tmp_path / "README.sql.txt").write_text("no", encoding="utf-8")
    (tmp_path / "notes.sql").write_text("no", encoding="utf-8")
    assert find_migrations(tmp_path) == [Migration(1, "first", tmp_path / "001_first.sql")]
    (tmp_path / "003_gap.sql").write_text("CREATE TABLE c (x);", encoding="utf-8")
    with pytest.raises(RuntimeError, match="without gaps"):
        find_migrations(tmp_path)
