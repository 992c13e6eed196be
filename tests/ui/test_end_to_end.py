"""A whole inspection of each checklist through the real main window; the database read back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers.completion import confirm_completion
from tests.helpers.driver import (
    LATER,
    TODAY,
    click,
    click_list_row,
    expected_value,
    fill,
)
from tests.helpers.window import start_inspection_via_dialog

pytestmark = pytest.mark.gui

PLANS: dict[str, dict[str, Any]] = {
    "storefront_opening": {
        "building_type": "ground_floor", "registered_use": "residential",
        "wall_exterior": "yes", "wall_load_bearing": "no", "has_opening": "yes",
        "opening_kinds": ["new_door"], "opening_count": 1, "opening_width_m": "1.2",
        "opening_height_m": "2.1", "load_bearing_opened": "no", "operating": "yes",
        "business_type": "catering", "business_name": "老王面馆", "licence_status": "displayed",
        "credit_code": "91110000600037341L", "licence_address_matches": "yes",
        "actual_use": "shop", "owner_consent": "none", "action": "notice",
        "inspected_on": TODAY, "deadline": LATER,
    },
    "street_order": {
        "business_kind": "shop", "business_name": "好邻居便利店", "goods_sold": ["daily_goods"],
        "licence_status": "displayed", "credit_code": "91110000710926094P",
        "licence_matches": "yes", "permit_status": "held", "beyond_line": "yes",
        "beyond_distance_m": "1.5", "street_items": ["goods"], "blocks_passage": "no",
        "mobile_vendors": 0, "agreement_signed": "yes", "sign_posted": "yes",
        "hygiene_clean": "yes", "appearance_tidy": "yes", "order_kept": "yes",
        "action": "notice", "inspected_on": TODAY, "deadline": LATER,
    },
    "underground_group_rental": {
        "space_kind": "basement", "floor": "b1", "current_use": "residential",
        "owner_name": "北京某物业管理有限公司", "use_approved": "yes", "rental_registered": "yes",
        "written_lease": "yes", "lease_days": 20, "ids_recorded": 12,  # v4: 出租房屋登记
        "occupants": 12, "rooms": 4, "living_area_m2": "40", "family_only": "no",
        "non_living_rooms": ["none"], "partitioned": "no", "let_by_bed": "no", "beds": 12,
        "bunk_beds": 0, "bed_spacing_m": "1.2", "fire_equipment": ["extinguishers", "alarm"],
        "exits": 2, "exits_blocked": "no", "ventilation": "mechanical",
        "flood_protection": "yes", "utilities_ok": "yes", "cooking": "electric",
        "wiring_unsafe": "no", "action": "notice", "inspected_on": TODAY, "deadline": LATER,
    },
}

# The finding each plan must produce (item or computed value that raised it).
EXPECTED_FINDINGS = {
    "storefront_opening": "has_opening",
    "street_order": "beyond_line",
    "underground_group_rental": "area_per_person",  # 40 m² ÷ 12 people = 3.3 m² < 5 m²
}




def stored(db_path: Path, inspection_id: str) -> dict[str, Any]:
    """Read the inspection back with plain sqlite3, not through the program."""
    con = sqlite3.connect(db_path)
    try:
        row = con.execute("SELECT status, answers, completed_at, form_id, site_id, "
                          "inspector_name FROM inspections WHERE id = ?",
                          (inspection_id,)).fetchone()
        findings = [r[0] for r in con.execute(
            "SELECT item_id FROM findings WHERE inspection_id = ?", (inspection_id,))]
        audit = con.execute("SELECT count(*) FROM audit WHERE entity_id = ?",
                            (inspection_id,)).fetchone()[0]
        site = con.execute("SELECT name, credit_code, credit_code_check FROM sites "
                           "WHERE id = ?", (row[4],)).fetchone()
    finally:
        con.close()
    return {"status": row[0], "answers": json.loads(row[1]), "completed_at": row[2],
            "form_id": row[3], "inspector": row[5], "findings": findings, "audit": audit,
            "site": site}


@pytest.mark.parametrize(("form_id", "site_search"), [
    ("storefront_opening", None),       # creates the site in the dialog
    ("street_order", "好邻居"),          # Chinese search for an existing site
    ("underground_group_rental", "中关村"),
])
def test_whole_inspection(qtbot: QtBot, main_window: Any, db_path: Path, form_id: str,
                          site_search: str | None) -> None:
    window = main_window
    editor = start_inspection_via_dialog(qtbot, window, form_id, site_search)
    plan = PLANS[form_id]
    first = editor.checklist.sections[0]

    # Answer the first section only, then try to complete: refused, with the reasons.
    fill(qtbot, editor, plan, sections=[first.id])
    click(qtbot, editor.complete_button)
    assert editor.panel.refusal.isVisible()
    assert editor.panel.blockers.count() > 0
    assert editor.inspection.status == "draft"
    assert stored(db_path, editor.inspection_id)["status"] == "draft"
    # Clicking a blocker jumps to its item.
    target = editor.panel.blockers.item(0).data(Qt.ItemDataRole.UserRole)
    click_list_row(qtbot, editor.panel.blockers, 0)
    section_id = editor.checklist.item(target).section_id
    assert editor.pages.currentWidget() is editor.views[section_id]

    # The rest of the walk; the expected finding appears on the way.
    fill(qtbot, editor, plan)
    finding_items = [f.item_id for f in editor.evaluation.findings]
    assert EXPECTED_FINDINGS[form_id] in finding_items
    assert editor.panel.findings.count() == len(editor.evaluation.findings)
    assert not editor.evaluation.missing_required, editor.evaluation.missing_required
    assert editor.evaluation.can_complete, dict(editor.evaluation.errors)

    confirm_completion(qtbot, editor)  # what the record will say, signed, confirmed
    assert editor.read_only
    assert not editor.complete_button.isVisible()
    assert editor.amend_button.isVisible()

    record = stored(db_path, editor.inspection_id)
    assert record["status"] == "completed"
    assert record["completed_at"]
    assert record["form_id"] == form_id
    assert record["inspector"] == "张伟"
    for item_id, value in plan.items():
        if item_id in editor.evaluation.visible:
            item = editor.checklist.item(item_id)
            assert record["answers"][item_id] == expected_value(item, value), item_id
    assert EXPECTED_FINDINGS[form_id] in record["findings"]
    assert record["audit"] >= len(plan)  # every saved change is in the audit log
    if site_search is None:
        assert record["site"] == ("老王面馆", "91110000600037341N", "check")

    # The list shows it as completed once it is looked at again.
    window.tabs.setCurrentIndex(0)
    ids = [window.model.inspection_id(r) for r in range(window.model.rowCount())]
    assert editor.inspection_id in ids


def test_computed_value_shown(qtbot: QtBot, main_window: Any) -> None:
    editor = start_inspection_via_dialog(qtbot, main_window, "underground_group_rental", "中关村")
    fill(qtbot, editor, PLANS["underground_group_rental"], sections=["premises", "occupancy"])
    label = editor.views["occupancy"].computed["area_per_person"][1]
    assert "3.3" in label.text()
