"""A background job's SQLite error reaches the window as its mapped message, in its language."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QThreadPool
from pytestqt.qtbot import QtBot

from app.store.sqlite_errors import DatabaseLocked, DiskFull
from app.ui.tasks import TaskContext, current_lang, error_for_user, run_task


def _locked() -> sqlite3.Error:
    exc = sqlite3.OperationalError("database is locked")
    exc.sqlite_errorcode = 5  # type: ignore[attr-defined]
    return exc


def _full() -> sqlite3.Error:
    return sqlite3.OperationalError("database or disk is full")


@pytest.fixture
def locale_back() -> Iterator[None]:
    before = QLocale()
    yield None
    QLocale.setDefault(before)


@pytest.mark.parametrize(("lang", "make", "kind", "words"), [
    ("zh", _locked, DatabaseLocked, "其他程序"),
    ("en", _locked, DatabaseLocked, "another program"),
    ("zh", _full, DiskFull, "磁盘已满"),
    ("en", _full, DiskFull, "disk is full"),
])
def test_sqlite_error_is_mapped_to_one_language(tmp_path: Path, lang: str, make: object,
                                                 kind: type, words: str) -> None:
    db = tmp_path / "field.db"
    shown = error_for_user(make(), db, lang)  # type: ignore[operator]
    assert isinstance(shown, kind)
    assert words in str(shown) and str(db) in str(shown)
    assert ("database" if lang == "zh" else "数据库") not in str(shown)


def test_a_failed_job_delivers_the_mapped_error(qtbot: QtBot, tmp_path: Path,
                                                locale_back: None) -> None:
    QLocale.setDefault(QLocale("en_US"))
    assert current_lang() == "en"
    errors: list[BaseException] = []

    def job(_ctx: TaskContext) -> None:
        raise _locked()

    pool = QThreadPool()  # its own: the global pool may be busy with other tests' jobs
    handle = run_task(job, db_path=tmp_path / "field.db", on_error=errors.append, pool=pool)
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    assert isinstance(errors[0], DatabaseLocked)
    assert "another program" in str(errors[0]) and "数据库" not in str(errors[0])
    assert "sqlite3.OperationalError" in errors[0].traceback_text  # type: ignore[attr-defined]
