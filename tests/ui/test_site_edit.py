"""A site viewed and edited in the window (issue 12.3): opened from the sites tab, its name
changed with Chinese input, saved by an Operation, the list shows it; the page lists the site's
inspections and a double-click opens one; a point outside the district is refused, saying why."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar

from app.store.inspections import start_inspection
from app.store.sites import get_site, search_sites
from tests.helpers.driver import click, type_into
from tests.helpers.ops import settle


def click_tab(qtbot: Any, tabs: Any, index: int) -> None:
    bar: QTabBar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def open_site(qtbot: Any, main_window: Any, name: str) -> Any:
    click_tab(qtbot, main_window.tabs, 1)
    page = main_window.sites_page
    row = next(r for r in range(page.model.rowCount()) if page.model.site(r).name == name)
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, page.open_button)
    site_page = page.site_page
    assert site_page is not None and site_page.isVisible()
    qtbot.waitExposed(site_page)
    return site_page


def test_open_a_site_edit_its_name_in_chinese_and_the_list_shows_it(
        qtbot: Any, main_window: Any, ui_db: Any) -> None:
    site_page = open_site(qtbot, main_window, "好邻居便利店")
    assert site_page.windowTitle() == "场所：好邻居便利店"
    assert site_page.credit_code.text() == "91110000710926094P"
    assert site_page.district.currentData() == "110105"
    assert not site_page.save_button.isEnabled()  # nothing changed yet

    type_into(qtbot, site_page.name, "好邻居便利店（工体北路店）")  # Enter saves (revision 2)
    assert get_site(ui_db, site_page.site.id).rev == 2
    type_into(qtbot, site_page.contact_name, "李秀英", finish=False)
    assert site_page.save_button.isEnabled()
    click(qtbot, site_page.save_button)  # revision 3
    settle(qtbot)

    site = search_sites(ui_db, "工体北路店")[0]
    assert (site.name, site.contact_name, site.rev) == ("好邻居便利店（工体北路店）", "李秀英", 3)
    assert "已保存" in site_page.status.text()
    page = main_window.sites_page
    names = [page.model.site(r).name for r in range(page.model.rowCount())]
    assert "好邻居便利店（工体北路店）" in names
    detail = json.loads(ui_db.execute(
        "SELECT detail FROM audit WHERE action = 'site.update' AND entity_id = ? ORDER BY seq",
        (site.id,)).fetchone()[0])
    assert detail["name"]["old"] == "好邻居便利店"
    assert detail["name"]["new"] == "好邻居便利店（工体北路店）"


def test_the_credit_code_is_upper_cased_and_a_failing_check_warns_but_saves(
        qtbot: Any, main_window: Any, ui_db: Any) -> None:
    site_page = open_site(qtbot, main_window, "好邻居便利店")
    type_into(qtbot, site_page.credit_code, "91110000600037341n", finish=False)
    assert site_page.credit_code.text() == "91110000600037341N"
    assert site_page.credit_warning.isVisible() and "校验位" in site_page.credit_warning.text()
    assert site_page.save_button.isEnabled()
    click(qtbot, site_page.save_button)
    settle(qtbot)
    site = get_site(ui_db, site_page.site.id)
    assert (site.credit_code, site.credit_code_check) == ("91110000600037341N", "check")
    assert "请核对营业执照" in site_page.status.text()


def test_a_location_outside_the_district_is_refused_with_the_reason(
        qtbot: Any, main_window: Any, ui_db: Any) -> None:
    site_page = open_site(qtbot, main_window, "好邻居便利店")  # in Chaoyang
    type_into(qtbot, site_page.lat, "39.91", finish=False)
    type_into(qtbot, site_page.lon, "116.4289", finish=False)  # just inside Dongcheng
    assert "东城区" in site_page.location_note.text()
    click(qtbot, site_page.save_button)
    settle(qtbot)
    assert site_page.error.isVisible()
    assert "不在所选的朝阳区" in site_page.error.text()
    assert get_site(ui_db, site_page.site.id).lat is None  # nothing saved
    assert site_page.lon.text() == "116.4289"  # what was typed stays
    type_into(qtbot, site_page.lon, "116.4293", finish=False)  # just inside Chaoyang
    assert "✓" in site_page.location_note.text()
    click(qtbot, site_page.save_button)
    settle(qtbot)
    site = get_site(ui_db, site_page.site.id)
    assert (site.lat, site.lon, site.location_source) == (39.91, 116.4293, "manual")


def test_the_history_lists_the_sites_inspections_and_opens_one(
        qtbot: Any, main_window: Any, ui_db: Any) -> None:
    site = search_sites(ui_db, "好邻居便利店")[0]
    first = start_inspection(ui_db, "street_order", site.id, None)
    second = start_inspection(ui_db, "storefront_opening", site.id, None)
    other = search_sites(ui_db, "中关村地下旅馆")[0]
    start_inspection(ui_db, "street_order", other.id, None)

    site_page = open_site(qtbot, main_window, "好邻居便利店")
    history = site_page.history
    ids = {history.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(history.rowCount())}
    assert ids == {first.id, second.id}
    assert "（2）" in site_page.history_box.title() or "(2)" in site_page.history_box.title()
    row = next(r for r in range(history.rowCount())
               if history.item(r, 0).data(Qt.ItemDataRole.UserRole) == second.id)
    rect = history.visualRect(history.model().index(row, 1))
    qtbot.mouseClick(history.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(history.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: second.id in main_window.open_inspection_ids(), timeout=5000)
    assert main_window.tabs.currentWidget().inspection_id == second.id
