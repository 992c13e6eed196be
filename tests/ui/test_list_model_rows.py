"""What a row of the inspections list shows is worked out once per fetched page, and is right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui import inspection_list_model as list_model
from app.ui.inspection_list_model import PAGE_SIZE, InspectionListModel

pytestmark = pytest.mark.gui

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.demo.generate import fill_demo
    from app.store.db import open_database

    path = tmp_path_factory.mktemp("rows") / "demo.db"
    db = open_database(path, create=True)
    fill_demo(db, inspections=2 * PAGE_SIZE + 30, seed=3)
    db.close()
    return path


@pytest.fixture
def model(demo_path: Path) -> Any:
    from app.store.db import open_database

    db = open_database(demo_path)
    yield InspectionListModel(db, "zh")
    db.close()


def test_each_row_is_worked_out_once_while_its_page_is_cached(
        qtbot: QtBot, model: InspectionListModel, monkeypatch: pytest.MonkeyPatch) -> None:
    worked_out: list[str] = []
    work_out = model._work_out

    def counting(record: Any) -> Any:
        worked_out.append(record.id)
        return work_out(record)

    monkeypatch.setattr(model, "_work_out", counting)
    for _paint in range(3):  # a view asks again on every paint
        for row in range(30):
            for column in range(model.columnCount()):
                for role in ROLES:
                    model.data(model.index(row, column), role)
    assert len(worked_out) == len(set(worked_out)) == 30  # the rows seen, each once
    assert model.pages_fetched == 1
    # A page dropped from the cache is fetched and worked out again.
    monkeypatch.setattr(list_model, "CACHED_PAGES", 1)
    model.data(model.index(PAGE_SIZE, 0))  # page 1 pushes page 0 out
    model.data(model.index(0, 0))
    assert model.pages_fetched == 3 and len(model._pages) == 1
    assert worked_out[30:] == [model._row(PAGE_SIZE).id, model._row(0).id]


def test_values_follow_the_records(qtbot: QtBot, model: InspectionListModel) -> None:
    from app.core.clock import format_beijing

    for row in (0, PAGE_SIZE - 1, PAGE_SIZE, model.rowCount() - 1):
        record = model._row(row)

        def value(column: int, role: Any = Qt.ItemDataRole.DisplayRole, row: int = row) -> Any:
            return model.data(model.index(row, column), role)

        name = record.site_name or record.site_address
        assert value(0) == format_beijing(record.started_at)
        assert value(1) == name
        assert value(1, Qt.ItemDataRole.ToolTipRole) == f"{name}\n{record.site_address}"
        assert value(2) == record.district_name
        assert value(3).startswith(record.form_title.get("zh"))
        # a completed row also says its review state: 已完成 · 待审核 (issue 12.8)
        assert value(4).startswith(model._status_text[record.status])
        assert value(5) == record.finding_count
        assert value(6) == record.inspector_name
        assert value(7) == format_beijing(record.completed_at)
        colour = value(5, Qt.ItemDataRole.ForegroundRole)
        assert (colour is not None) == bool(record.finding_count)
        status_colour = value(4, Qt.ItemDataRole.ForegroundRole)
        assert (status_colour is not None) == (record.status in ("draft", "superseded"))
        assert value(5, Qt.ItemDataRole.TextAlignmentRole) == int(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        assert value(0, Qt.ItemDataRole.TextAlignmentRole) is None
        assert value(0, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(model.rowCount(), 0)) is None  # past the end
