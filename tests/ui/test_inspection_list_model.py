"""The paged inspections list model: Qt's model checks, paging, filters and sorting."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from app.ui.inspection_filter_bar import FilterChoice
from app.ui.inspection_list_model import CACHED_PAGES, PAGE_SIZE, InspectionListModel

pytestmark = pytest.mark.gui

DEMO_ROWS = 260


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (the store's generator) shared by the read-only tests of this module."""
    from app.demo.generate import fill_demo
    from app.store.db import open_database

    path = tmp_path_factory.mktemp("list") / "demo.db"
    db = open_database(path, create=True)
    fill_demo(db, inspections=DEMO_ROWS, seed=7)
    db.close()
    return path


@pytest.fixture
def demo_db(demo_path: Path) -> Any:
    from app.store.db import open_database

    db = open_database(demo_path)
    yield db
    db.close()


def sql_count(path: Path, where: str = "1", args: tuple[Any, ...] = ()) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(
            f"SELECT count(*) FROM inspections WHERE superseded_by IS NULL AND {where}",
            args).fetchone()[0])
    finally:
        con.close()


def column_values(model: InspectionListModel, column: int) -> list[Any]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_qt_model_checks(qtbot: QtBot, qtmodeltester: Any, demo_db: Any) -> None:
    model = InspectionListModel(demo_db, "zh")
    qtmodeltester.check(model)
    model.set_choice(FilterChoice(status="draft"))
    qtmodeltester.check(model)


def test_rows_are_fetched_a_page_at_a_time(qtbot: QtBot, demo_db: Any, demo_path: Path) -> None:
    model = InspectionListModel(demo_db, "zh")
    assert model.rowCount() == sql_count(demo_path)
    assert model.pages_fetched == 0  # counting fetches no rows
    model.data(model.index(0, 1))
    model.data(model.index(PAGE_SIZE - 1, 1))
    assert model.pages_fetched == 1
    model.data(model.index(PAGE_SIZE + 5, 1))
    assert model.pages_fetched == 2
    model.data(model.index(3, 0))  # still cached
    assert model.pages_fetched == 2
    assert len(model._pages) <= CACHED_PAGES


def test_every_row_has_an_inspection_id(qtbot: QtBot, demo_db: Any, demo_path: Path) -> None:
    model = InspectionListModel(demo_db, "en")
    ids = [model.inspection_id(r) for r in range(model.rowCount())]
    assert None not in ids
    assert len(set(ids)) == len(ids) == sql_count(demo_path)
    assert model.inspection_id(model.rowCount()) is None
    assert model.index(0, 0, model.index(0, 0)) == QModelIndex()


@pytest.mark.parametrize(("choice", "where", "args"), [
    (FilterChoice(status="draft"), "status = 'draft'", ()),
    (FilterChoice(status="completed"), "status = 'completed'", ()),
    (FilterChoice(form_id="underground_group_rental"), "form_id = ?",
     ("underground_group_rental",)),
    (FilterChoice(district_code="110105"), "district_code = ?", ("110105",)),
])
def test_filters_match_sql(qtbot: QtBot, demo_db: Any, demo_path: Path, choice: FilterChoice,
                           where: str, args: tuple[Any, ...]) -> None:
    model = InspectionListModel(demo_db, "zh")
    model.set_choice(choice)
    expected = sql_count(demo_path, where, args)
    assert expected > 0, "the demo data should have rows for every filter"
    assert model.rowCount() == expected


def test_date_and_site_filters(qtbot: QtBot, demo_db: Any, demo_path: Path) -> None:
    model = InspectionListModel(demo_db, "zh")
    all_rows = model.rowCount()
    days = sorted({str(model.data(model.index(r, 0)))[:10] for r in range(all_rows)})
    middle = days[len(days) // 2]
    model.set_choice(FilterChoice(date_from=middle))
    later = model.rowCount()
    assert 0 < later < all_rows
    model.set_choice(FilterChoice(date_to=middle))
    earlier = model.rowCount()
    assert 0 < earlier < all_rows
    # The two ranges overlap by exactly the middle day (dates are inclusive, in Beijing time).
    model.set_choice(FilterChoice(date_from=middle, date_to=middle))
    assert later + earlier - model.rowCount() == all_rows

    con = sqlite3.connect(demo_path)
    site_name = con.execute("SELECT name FROM sites WHERE name != '' LIMIT 1").fetchone()[0]
    con.close()
    model.set_choice(FilterChoice(site_text=site_name))
    assert model.rowCount() >= 1
    assert all(site_name in str(v) for v in column_values(model, 1))


@pytest.mark.parametrize("column", [0, 2, 3, 4, 5, 6])
def test_sort_orders_rows(qtbot: QtBot, demo_db: Any, column: int) -> None:
    model = InspectionListModel(demo_db, "en")
    key = {0: "started_at", 2: "district_code", 3: "form_id", 4: "status",
           5: "finding_count", 6: "inspector_name"}[column]
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(column, order)
        rows = [model._row(r) for r in range(model.rowCount())]
        values = [getattr(r, key) for r in rows]
        assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder), key


def test_header_click_sorts_in_the_window(qtbot: QtBot, main_window: Any) -> None:
    header = main_window.table.horizontalHeader()
    findings_column = 5
    x = header.sectionViewportPosition(findings_column) + header.sectionSize(findings_column) // 2
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    assert main_window.model.sort_spec().key == "finding_count"
    # The site column has no index to sort by: the indicator goes back.
    site_x = header.sectionViewportPosition(1) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(site_x, header.height() // 2))
    assert header.sortIndicatorSection() == findings_column
    assert main_window.model.sort_spec().key == "finding_count"


def test_filter_bar_drives_the_model_and_is_remembered(qtbot: QtBot, main_window: Any,
                                                       tmp_path: Path) -> None:
    from app.ui import settings as s

    bar = main_window.filter_bar
    bar.status.setFocus()
    qtbot.keyClick(bar.status, Qt.Key.Key_Down)  # → Draft
    assert main_window.model.filter().status == "draft"
    assert main_window.settings.get(s.FILTER_STATUS) == "draft"
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert main_window.model.filter().status is None
