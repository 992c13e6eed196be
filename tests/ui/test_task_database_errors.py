"""A background job's SQLite error reaches the window as its mapped message, in its language."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from app.store.sqlite_errors import DatabaseLocked, DiskFull
from app.ui.tasks import TaskContext, run_task


def _locked(_ctx: TaskContext) -> None:
    exc = sqlite3.OperationalError("database is locked")
    exc.sqlite_errorcode = 5  # type: ignore[attr-defined]
    raise exc


def _full(_ctx: TaskContext) -> None:
    raise sqlite3.OperationalError("database or disk is full")


@pytest.fixture
def locale_back() -> object:
    before = QLocale()
    yield None
    QLocale.setDefault(before)


@pytest.mark.parametrize(("locale", "job", "kind", "words"), [
    ("zh_CN", _locked, DatabaseLocked, "其他程序"),
    ("en_US", _locked, DatabaseLocked, "another program"),
    ("zh_CN", _full, DiskFull, "磁盘已满"),
    ("en_US", _full, DiskFull, "disk is full"),
])
def test_sqlite_error_is_shown_mapped(qtbot: QtBot, tmp_path: Path, locale_back: object,
                                      locale: str, job: object, kind: type,
                                      words: str) -> None:
    QLocale.setDefault(QLocale(locale))
    errors: list[BaseException] = []
    db = tmp_path / "field.db"
    handle = run_task(job, db_path=db, on_error=errors.append)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    shown = str(errors[0])
    assert isinstance(errors[0], kind)
    assert words in shown and str(db) in shown
    other = "database" if locale.startswith("zh") else "数据库"
    assert other not in shown  # one language: the window's
    assert "sqlite3.OperationalError" in errors[0].traceback_text  # type: ignore[attr-defined]
