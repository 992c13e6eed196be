"""The 台账 page: counted in the background, filtered by district and work item, and every
number drills down to the cases behind it, then to a case's steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.store.db import open_database
from app.ui.ledger.ledger_page import LedgerPage
from tests.helpers.case_pages import AS_OF, PagesWorld, make_pages_world

pytestmark = pytest.mark.gui


@pytest.fixture
def pages(tmp_path: Path) -> PagesWorld:
    return make_pages_world(tmp_path / "ledger.db")


def shown_page(qtbot: Any, pages: PagesWorld) -> LedgerPage:
    page = LedgerPage(pages.path, "en", "王建国", as_of=AS_OF)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitUntil(lambda: page.ledger is not None, timeout=15000)
    return page


def choose(qtbot: Any, page: LedgerPage, combo: Any, data: str) -> None:
    before = page.ledger
    combo.setCurrentIndex(combo.findData(data))
    qtbot.waitUntil(lambda: page.ledger is not before and page.choice is not None
                    and page.note.text().startswith(("1 ", "2 ", "3 ", "0 ")), timeout=15000)


def double_click(qtbot: Any, view: Any, row: int, column: int) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    # A person's double-click: press, release, then the double-click event on the same cell.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_filters_and_drill_down(qtbot: Any, pages: PagesWorld) -> None:
    page = shown_page(qtbot, pages)
    model = page.model
    districts = {model.line(r).district_code for r in range(model.rowCount() - 1)}
    assert districts == {"110105", "110101"}
    choose(qtbot, page, page.period, "campaign")
    choose(qtbot, page, page.district, "110105")
    lines = [model.line(r) for r in range(model.rowCount() - 1)]
    assert {line.district_code for line in lines} == {"110105"}
    total = model.line(model.rowCount() - 1)
    assert model.is_total(model.rowCount() - 1)
    # 兴隆小吃: goods out; 晨光便利店: goods out and no licence = 3 cases, one overdue.
    assert (total.opened, total.overdue) == (3, 1)
    # Double-click the total's overdue number: the one overdue case.
    double_click(qtbot, page.table, model.rowCount() - 1, model.column_of("overdue"))
    qtbot.waitUntil(lambda: page.cases.model.rowCount() == 1 and page.cases.detail is not None,
                    timeout=10000)
    assert page.cases.model.case_row(0).case.id == pages.overdue.id
    steps = [page.cases.events.index(r, 1).data() for r in range(page.cases.events.rowCount())]
    assert steps == ["found", "filed", "ordered to rectify"]
    # A street's line: the cases opened there, each at a site of that street.
    street_row = next(r for r in range(model.rowCount() - 1)
                      if model.line(r).street_code == "110105001000")
    double_click(qtbot, page.table, street_row, model.column_of("opened"))
    qtbot.waitUntil(lambda: page.cases.model.rowCount() == 2, timeout=10000)
    ids = {page.cases.model.case_row(r).case.id for r in range(2)}
    db = open_database(pages.path)
    try:
        expected = {r[0] for r in db.execute(
            "SELECT c.id FROM cases c JOIN sites s ON s.id = c.site_id "
            "WHERE s.division_code = '110105001000'")}
    finally:
        db.close()
    assert ids == expected
    # The work item filter keeps only its lines (the test checklist is street_order).
    choose(qtbot, page, page.work_item, "illegal_construction")
    assert model.rowCount() == 0


def test_people_drill_down_and_closed_cases(qtbot: Any, pages: PagesWorld) -> None:
    page = shown_page(qtbot, pages)
    choose(qtbot, page, page.period, "campaign")
    # 东四杂货's case was closed when the problem was gone: 销号 drills to it.
    row = next(r for r in range(page.model.rowCount() - 1)
               if page.model.line(r).district_code == "110101")
    assert page.model.line(row).rectified == 1
    double_click(qtbot, page.table, row, page.model.column_of("rectified"))
    qtbot.waitUntil(lambda: page.cases.model.rowCount() == 1, timeout=10000)
    assert page.cases.model.case_row(0).case.state == "closed"
    page.views.setCurrentIndex(1)
    people = page.people
    assert people.rowCount() == 1 and people.person(0).opened == 4
    double_click(qtbot, page.people_table, 0, people.LEAD_COLUMNS + 3)  # cases opened
    qtbot.waitUntil(lambda: page.cases.model.rowCount() == 4, timeout=10000)


def test_export_in_the_background(qtbot: Any, pages: PagesWorld, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    page = shown_page(qtbot, pages)
    out = tmp_path / "台账.xlsx"
    page.start_export(out)
    qtbot.waitUntil(lambda: page.last_export == out, timeout=20000)
    book = load_workbook(out)
    assert "street_order" in book.sheetnames and "案件清单" in book.sheetnames
    geo = tmp_path / "open.geojson"
    page.start_export(geo)
    qtbot.waitUntil(lambda: page.last_export == geo, timeout=20000)
    assert '"coordinate_system": "WGS-84"' in geo.read_text(encoding="utf-8")
