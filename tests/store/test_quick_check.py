"""quick_check runs before a process's first write, and is skipped while the file is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.paths import data_dir
from app.store import quick_check
from app.store.db import forget_damage_checks, open_database, write_transaction
from app.store.sqlite_errors import DamagedDatabase


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    ran: list[str] = []
    real = quick_check._quick_check

    def counted(conn: object) -> str:
        ran.append("quick_check")
        return real(conn)  # type: ignore[arg-type]

    monkeypatch.setattr(quick_check, "_quick_check", counted)
    forget_damage_checks()
    return ran


def _write(path: Path) -> None:
    db = open_database(path)
    try:
        with write_transaction(db):
            db.execute("UPDATE settings SET updated_at = updated_at")
    finally:
        db.close()


def test_runs_once_then_remembered_while_the_file_is_unchanged(tmp_path: Path,
                                                               checks: list[str]) -> None:
    path = tmp_path / "field.db"
    open_database(path, create=True).close()
    (data_dir() / quick_check.CACHE_FILE).unlink()  # as if never checked
    forget_damage_checks()
    checks.clear()
    _write(path)
    assert checks == ["quick_check"]
    forget_damage_checks()  # as a new process would start
    _write(path)
    # Remembered clean, and carried forward over the first write's own checkpoint at close.
    assert checks == ["quick_check"]
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    forget_damage_checks()
    _write(path)
    assert checks == ["quick_check", "quick_check"]  # the file changed: checked again


def test_damage_is_never_remembered_clean(tmp_path: Path, checks: list[str]) -> None:
    path = tmp_path / "field.db"
    db = open_database(path, create=True)
    db.close()
    forget_damage_checks()
    _write(path)
    data = bytearray(path.read_bytes())
    stat = path.stat()
    for page in (3, 4, 5):
        data[page * 4096:(page + 1) * 4096] = os.urandom(4096)
    path.write_bytes(bytes(data))
    forget_damage_checks()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    with pytest.raises(DamagedDatabase):
        _write(path)
