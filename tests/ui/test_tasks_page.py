"""今日任务 in the window: a laptop that merged an assignment shows its tasks (overdue, today,
later); double-clicking one starts its inspection through an Operation and opens the editor,
the task linked to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.store.db import connection_path, open_database
from app.store.tasks import get_task
from app.sync.assignment import write_assignment
from app.sync.inbox import merge_bundle
from app.ui.tasks_page import TaskBoardModel
from tests.helpers.ops import settle
from tests.helpers.task_world import device_id, give_task, make_laptop, make_office, office_site


@pytest.fixture
def laptop_path(tmp_path: Path) -> dict[str, Any]:
    """A laptop database that merged an assignment of three tasks (overdue, today, later)."""
    office = make_office(tmp_path / "office" / "street-audit.db")
    laptop = make_laptop(tmp_path / "laptop" / "street-audit.db", office)
    try:
        tasks = {
            "overdue": give_task(office, laptop, office_site(office, "好邻居便利店"), days=-1),
            "today": give_task(office, laptop, office_site(office, "老北京面馆"),
                               notes="群众举报占道"),
            "later": give_task(office, laptop, office_site(office, "小肥羊火锅"), days=2),
        }
        result = write_assignment(office, tmp_path / "out", device_id(laptop))
        assert result is not None
        assert merge_bundle(laptop, result.paths[0]).status == "merged"
        return {"path": connection_path(laptop.conn), "tasks": tasks}
    finally:
        laptop.close()
        office.close()


@pytest.fixture
def window(qtbot: QtBot, laptop_path: dict[str, Any], tmp_path: Path) -> Any:
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    db = open_database(laptop_path["path"])
    app = create_application()
    install_translations(app, "zh")
    win = MainWindow(db, laptop_path["path"], Settings(tmp_path / "settings.ini"), "zh")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    db.close()


def test_the_laptop_shows_its_tasks_and_starts_one(qtbot: QtBot, window: Any,
                                                  laptop_path: dict[str, Any]) -> None:
    panel = window.tasks_panel
    assert panel.windowTitle() == "今日任务"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=5000)
    model = panel.model
    sites = [model.data(model.index(r, 1)) for r in range(3)]
    assert sites == ["好邻居便利店", "老北京面馆", "小肥羊火锅"]  # overdue, today, later
    assert model.data(model.index(0, 0)).startswith("逾期")
    assert model.data(model.index(1, 0)) == "今日"
    assert model.data(model.index(1, 5)) == "群众举报占道"
    assert model.data(model.index(1, 4)) == "待办"
    assert panel.summary.text() == "逾期 1 · 今日到期 1 · 以后 1"

    # Double-click today's task: the inspection starts and opens, linked to the task.
    view = panel.table
    rect = view.visualRect(model.index(1, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.start_button.isEnabled()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot)
    editor = window.tabs.currentWidget()
    assert editor.objectName() == "inspection-editor"
    task = get_task(window.db, laptop_path["tasks"]["today"].id)
    assert task.state == "started" and task.started_inspection_id == editor.inspection_id
    # The list shows it started; starting it again opens the same inspection, not a new one.
    qtbot.waitUntil(lambda: model.data(model.index(1, 4)) == "进行中", timeout=5000)
    window.tabs.setCurrentIndex(0)
    view.selectRow(1)
    panel.start_button.click()
    settle(qtbot)
    assert window.tabs.currentWidget().inspection_id == editor.inspection_id
    assert len(window.editors()) == 1


def test_the_board_model(qtmodeltester: Any, laptop_path: dict[str, Any]) -> None:
    db = open_database(laptop_path["path"])
    try:
        model = TaskBoardModel(db, "en")
        model.refresh()
        assert model.rowCount() == 3 and model.counts == (1, 1, 1)
        qtmodeltester.check(model)
    finally:
        db.close()


def test_a_laptop_without_tasks_shows_one_line(qtbot: QtBot, main_window: Any) -> None:
    panel = main_window.tasks_panel
    qtbot.waitUntil(lambda: panel.summary.text() == "没有待办任务", timeout=5000)
    assert not panel.table.isVisible() and not panel.start_button.isVisible()
