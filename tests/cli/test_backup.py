"""`street-audit backup`: a consistent copy through SQLite's backup API, even mid-write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import open_database, write_transaction


@pytest.fixture
def field_db(tmp_path: Path) -> Path:
    path = tmp_path / "field.db"
    assert main(["init", "--db", str(path), "--role", "field", "--inspector", "王建国"]) == 0
    assert main(["demo", "--db", str(path), "--inspections", "6", "--photos", "1"]) == 0
    return path


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_copies_database_keys_and_photos(field_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "copies" / "backup.db"
    out.parent.mkdir()
    assert main(["--db", str(field_db), "backup", "--out", str(out)]) == 0
    assert _count(out, "inspections") == _count(field_db, "inspections") > 0
    assert not Path(f"{out}-wal").exists()  # one self-contained file
    assert (out.parent / "backup-keys" / "device-keys.json").is_file()
    originals = sorted(p.name for p in (out.parent / "backup-photos").rglob("*") if p.is_file())
    assert originals == sorted(
        p.name for p in (field_db.parent / "field-photos" / "originals").rglob("*")
        if p.is_file())
    assert main(["--db", str(out), "verify"]) == 0  # a working database, keys and photos


def test_backup_while_another_connection_holds_uncommitted_writes(
    field_db: Path, tmp_path: Path,
) -> None:
    """The copy is the last committed state; the writer's open transaction is not in it."""
    writer = open_database(field_db)
    before = _count(field_db, "sites")
    try:
        with write_transaction(writer):
            writer.execute("UPDATE sites SET notes = 'half-written'")
            out = tmp_path / "mid.db"
            assert main(["--db", str(field_db), "backup", "--out", str(out),
                         "--no-photos"]) == 0
    finally:
        writer.close()
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("SELECT count(*) FROM sites WHERE notes = 'half-written'"
                            ).fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _count(out, "sites") == before
    assert not (tmp_path / "mid-photos").exists()


def test_backup_never_writes_over_a_database(field_db: Path, tmp_path: Path) -> None:
    assert main(["--db", str(field_db), "backup", "--out", str(field_db)]) == 3
    other = tmp_path / "other.db"
    assert main(["--db", str(field_db), "backup", "--out", str(other)]) == 0
    assert main(["--db", str(field_db), "backup", "--out", str(other)]) == 3
    assert not list(tmp_path.glob(".*.part"))
