"""The typed settings registry and the background-task helper."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.ui import settings as s
from app.ui.tasks import TaskContext, run_task

pytestmark = pytest.mark.gui


def test_settings_round_trip_and_defaults(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "settings.ini"
    first = s.Settings(path)
    assert first.get(s.LANGUAGE) == "zh"
    assert first.get(s.SORT_COLUMN) == -1
    assert first.get(s.SORT_DESCENDING) is True
    first.set(s.LANGUAGE, "en")
    first.set(s.SORT_COLUMN, 3)
    first.set(s.SORT_DESCENDING, False)
    first.set(s.FILTER_DISTRICT, "110105")
    again = s.Settings(path)  # a new run reads what the last one wrote
    assert again.get(s.LANGUAGE) == "en"
    assert again.get(s.SORT_COLUMN) == 3
    assert again.get(s.SORT_DESCENDING) is False
    assert again.get(s.FILTER_DISTRICT) == "110105"


def test_settings_bad_stored_values_give_defaults(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[ui]\nlanguage=klingon\n[inspections]\nsort_column=abc\n", encoding="utf-8")
    settings = s.Settings(path)
    assert settings.get(s.LANGUAGE) == "zh"
    assert settings.get(s.SORT_COLUMN) == -1


def test_default_settings_file_is_in_the_data_folder(qtbot: QtBot,
                                                     _isolated_home: Path) -> None:
    assert s.Settings().path == _isolated_home / "settings.ini"


def test_task_result_progress_on_gui_thread(qtbot: QtBot) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, Any] = {"progress": [], "threads": set()}

    def job(ctx: TaskContext) -> int:
        seen["worker"] = threading.get_ident()
        for i in range(3):
            ctx.progress(i + 1, 3, "step")
        return 42

    def on_progress(done: int, total: int, _msg: str) -> None:
        seen["threads"].add(threading.get_ident())
        seen["progress"].append((done, total))

    results: list[int] = []
    handle = run_task(job, on_result=results.append, on_progress=on_progress)
    # (Not waitSignal: the job may finish before a late connection would see its signal.)
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert results == [42]
    assert seen["worker"] != gui_thread
    assert seen["progress"] == [(1, 3), (2, 3), (3, 3)]
    assert seen["threads"] == {gui_thread}


def test_task_error_and_cancel(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def failing(_ctx: TaskContext) -> None:
        raise ValueError("bad input")

    handle = run_task(failing, on_error=errors.append)
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert isinstance(errors[0], ValueError)
    assert "bad input" in errors[0].traceback_text  # type: ignore[attr-defined]

    started = threading.Event()
    release = threading.Event()
    cancelled: list[bool] = []
    results: list[Any] = []

    def slow(ctx: TaskContext) -> str:
        started.set()
        release.wait(5)
        ctx.check_cancelled()
        return "not reached"

    handle = run_task(slow, on_result=results.append,
                      on_cancelled=lambda: cancelled.append(True))
    assert started.wait(5)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert cancelled == [True]
    assert results == []
