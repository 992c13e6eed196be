"""Likely duplicate sites in the window (issue 11.7): the sites tab's 疑似重复（N） lists two
planted sites with the same credit code side by side with the reason; a person picks the one to
keep, confirms, and the merge (an Operation calling merge_sites) is audited, the pair leaves the
list and the count; the dropped site's inspection counts with the kept one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar

from app.store.inspections import start_inspection
from app.store.sites import SiteDraft, create_site
from tests.helpers.driver import click
from tests.helpers.ops import settle
from tests.helpers.window import INSPECTOR

ROOT = Path(__file__).resolve().parents[2]
CODE = "91110105MA01ABCD1X"


def plant(ui_db: Any) -> tuple[Any, Any]:
    first = create_site(ui_db, SiteDraft(district_code="110105", address="朝阳区三里屯路19号",
                                         name="三里屯烤串店", credit_code=CODE), INSPECTOR)
    second = create_site(ui_db, SiteDraft(district_code="110105",
                                          address="朝阳区三里屯路十九号院一层",
                                          name="老王烧烤（三里屯店）", credit_code=CODE),
                         INSPECTOR)
    return first, second


def open_duplicates(qtbot: Any, main_window: Any) -> Any:
    bar: QTabBar = main_window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    page = main_window.sites_page
    qtbot.waitExposed(page)
    # Counted in the background: the window never waits for it.
    qtbot.waitUntil(lambda: page.duplicates_button.text() == "疑似重复（1）", timeout=10000)
    click(qtbot, page.duplicates_button)
    dialog = page.duplicates_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_planted_duplicates_are_listed_and_merging_keeps_the_chosen_site(
        qtbot: Any, main_window: Any, ui_db: Any, no_modal: Any) -> None:
    first, second = plant(ui_db)
    later = start_inspection(ui_db, "street_order", first.id, None)  # at the site dropped
    dialog = open_duplicates(qtbot, main_window)

    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "同一信用代码"
    assert dialog.first.labels["name"].text() == "三里屯烤串店"
    assert dialog.second.labels["name"].text() == "老王烧烤（三里屯店）"
    assert dialog.first.labels["credit_code"].text() == CODE
    assert dialog.first.labels["inspections"].text() == "1"
    assert dialog.second.labels["inspections"].text() == "0"
    assert not dialog.merge_button.isEnabled()  # nothing chosen for the person

    click(qtbot, dialog.second.keep)  # keep the later one, the name on the licence
    assert dialog.merge_button.isEnabled()
    no_modal.question_answer = None  # the confirmation answers Yes
    click(qtbot, dialog.merge_button)
    settle(qtbot)

    kind, text = no_modal.messages[-1]
    assert kind == "question"
    assert "合并后，被合并场所的检查和案件归入保留的场所；此操作会同步到其他设备" in text
    assert ui_db.execute("SELECT merged_into FROM sites WHERE id = ?",
                         (first.id,)).fetchone()[0] == second.id
    assert ui_db.execute("SELECT merged_into FROM sites WHERE id = ?",
                         (second.id,)).fetchone()[0] is None
    audit = ui_db.execute("SELECT actor, entity_id, detail FROM audit WHERE action = "
                          "'site.merge'").fetchall()
    assert len(audit) == 1
    assert audit[0][0] == INSPECTOR and audit[0][1] == first.id
    assert json.loads(audit[0][2])["keep"] == second.id
    assert dialog.table.rowCount() == 0  # the pair left the list
    assert "没有疑似重复的场所" in dialog.intro.text()
    assert "已将" in dialog.status.text()
    qtbot.waitUntil(lambda: main_window.sites_page.duplicates_button.text() == "疑似重复（0）",
                    timeout=10000)
    assert later.site_id == first.id  # the completed record stays as made


def test_cancelling_the_confirmation_merges_nothing(
        qtbot: Any, main_window: Any, ui_db: Any, no_modal: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    plant(ui_db)
    dialog = open_duplicates(qtbot, main_window)
    click(qtbot, dialog.first.keep)
    no_modal.question_answer = QMessageBox.StandardButton.Cancel
    click(qtbot, dialog.merge_button)
    settle(qtbot)
    assert ui_db.execute("SELECT count(*) FROM sites WHERE merged_into IS NOT NULL"
                         ).fetchone()[0] == 0
    assert dialog.table.rowCount() == 1


def test_a_merged_site_is_no_longer_offered(ui_db: Any) -> None:
    from app.store.site_duplicates import merge_sites
    from app.store.sites import search_sites

    first, second = plant(ui_db)
    merge_sites(ui_db, second.id, first.id, INSPECTOR)
    found = {s.id for s in search_sites(ui_db, "三里屯")}
    assert second.id in found and first.id not in found
    assert first.id in {s.id for s in search_sites(ui_db, "三里屯", include_merged=True)}
