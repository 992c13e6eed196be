"""First start without a database: the set-up lands on an empty main window with the chosen
role; "try with demo data" makes a separate demo database, marked in the title bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.paths import DB_FILENAME, data_dir, default_db_path
from app.store.db import open_database
from app.store.inspections import remembered_second_officer
from app.store.profile import get_profile, get_setting
from tests.helpers.driver import click, type_into

pytestmark = pytest.mark.gui


def _first_run(qtbot: Any, db_path: Path | None = None) -> Any:
    from app.ui.app import start_first_run

    first = start_first_run(db_path or default_db_path(), "zh", demo_inspections=8)
    qtbot.addWidget(first.dialog)
    return first


def _window(qtbot: Any, first: Any) -> Any:
    qtbot.waitUntil(lambda: first.desktop is not None, timeout=20000)
    window = first.desktop.window
    qtbot.addWidget(window)
    return window


def _wait_for_demo(qtbot: Any, window: Any) -> None:
    """The demo is written after the first paint, in a worker: wait until it is done."""
    qtbot.waitUntil(lambda: window._demo_task is not None, timeout=20000)
    qtbot.waitUntil(lambda: not window.task_progress.isVisible(), timeout=120000)


def test_set_up_lands_on_the_main_window_with_the_chosen_role_and_no_demo(
    qtbot: Any, tmp_path: Path,
) -> None:
    assert not default_db_path().exists()
    first = _first_run(qtbot)
    dialog = first.dialog
    dialog.role.setCurrentIndex(dialog.role.findData("lead"))
    type_into(qtbot, dialog.name, "李建华", finish=False)
    type_into(qtbot, dialog.badge, "11010012", finish=False)
    type_into(qtbot, dialog.second_name, "张伟", finish=False)
    type_into(qtbot, dialog.second_badge, "11010013", finish=False)
    type_into(qtbot, dialog.office, "东城区城市管理综合行政执法监察局", finish=False)
    type_into(qtbot, dialog.office_code, "东城城管责改", finish=False)
    dialog.district.setCurrentIndex(dialog.district.findData("110101"))
    assert dialog.street.count() > 1
    dialog.street.setCurrentIndex(1)
    street = dialog.street.currentData()
    dialog.resize(1024, 700)
    dialog.grab().save(str(tmp_path / "first-run.png"))
    click(qtbot, dialog.start_button)
    window = _window(qtbot, first)

    path = data_dir() / DB_FILENAME
    assert window.db_path == path and path.is_file()
    assert "演示" not in window.windowTitle()
    db = open_database(path)
    try:
        profile = get_profile(db)
        assert profile is not None
        assert (profile.role, profile.inspector_name, profile.badge_no) == (
            "lead", "李建华", "11010012")
        assert (profile.district_code, profile.office_code) == ("110101", "东城城管责改")
        assert get_setting(db, "profile.street_code") == street
        assert remembered_second_officer(db) == ("张伟", "11010013")
        assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM sites").fetchone()[0] == 0
        assert db.execute("SELECT fingerprint FROM devices WHERE is_local = 1"
                          ).fetchone()[0]  # the device's keys are made
    finally:
        db.close()
    assert not (data_dir() / "demo").exists()


def test_missing_name_is_refused_in_the_dialog(qtbot: Any) -> None:
    first = _first_run(qtbot)
    click(qtbot, first.dialog.start_button)
    assert first.dialog.problems.isVisible()
    assert "请填写巡查员姓名" in first.dialog.problems.text()
    assert first.desktop is None and not default_db_path().exists()


def test_demo_choice_makes_a_separate_marked_database(qtbot: Any) -> None:
    first = _first_run(qtbot)
    click(qtbot, first.dialog.demo_button)
    window = _window(qtbot, first)
    demo = data_dir() / "demo" / "street-audit-demo.db"
    assert window.db_path == demo
    assert "演示数据库" in window.windowTitle()
    _wait_for_demo(qtbot, window)
    db = open_database(demo)
    try:
        assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] > 0
    finally:
        db.close()
    assert not (data_dir() / DB_FILENAME).exists()  # the real one is never made by the demo


def test_a_chosen_data_folder_is_remembered(qtbot: Any, tmp_path: Path) -> None:
    first = _first_run(qtbot)
    dialog = first.dialog
    type_into(qtbot, dialog.name, "王建国", finish=False)
    dialog.folder.setText(str(tmp_path / "elsewhere"))
    click(qtbot, dialog.start_button)
    window = _window(qtbot, first)
    assert window.db_path == tmp_path / "elsewhere" / DB_FILENAME
    assert default_db_path() == (tmp_path / "elsewhere" / DB_FILENAME).resolve()


def test_init_after_the_demo_creates_the_real_database(
    qtbot: Any, capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli import main

    first = _first_run(qtbot)
    click(qtbot, first.dialog.demo_button)
    window = _window(qtbot, first)
    _wait_for_demo(qtbot, window)
    assert main(["init", "--role", "field", "--inspector", "王建国"]) == 0
    assert (data_dir() / DB_FILENAME).is_file()
    demo = str(data_dir() / "demo" / "street-audit-demo.db")
    assert main(["init", "--db", demo, "--role", "field", "--inspector", "王建国"]) == 1
    assert "只有演示数据" in capsys.readouterr().err
