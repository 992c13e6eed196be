"""Drafts thrown away or copied (issue 12.7): a discarded draft leaves the lists but its audit
entry keeps its answers, photos and reason, and a tombstone goes out if others may know it; a
duplicate is a new draft of the same site and checklist with the answers, not the photos."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from app.media.importer import attach_files
from app.store.audit import verify_audit_chain
from app.store.checklists import register_shipped_checklists
from app.store.inspection_errors import InspectionNotFound, InspectionReadOnly
from app.store.inspection_list import list_inspections
from app.store.inspection_query import InspectionFilter
from app.store.inspection_records import get_inspection
from app.store.inspections import (
    discard_draft,
    discarded_drafts,
    duplicate_inspection,
    set_answers,
)
from app.store.profile import Profile, get_profile
from tests.helpers.sync_edits import add_photo, complete, jpeg, new_inspection, new_site


@pytest.fixture
def shipped(db: sqlite_utils.Database, profile: Profile) -> sqlite_utils.Database:
    register_shipped_checklists(db, actor=profile.inspector_name)
    return db


def test_discard_keeps_the_answers_and_photos_in_the_audit(shipped: sqlite_utils.Database,
                                                          db_path: Path) -> None:
    db = shipped
    insp = new_inspection(db, new_site(db, "老北京面馆"))
    sha = add_photo(db, insp, 5)
    answers = get_inspection(db, insp).answers
    discard_draft(db, insp, "王建国", "误建：选错了场所")
    with pytest.raises(InspectionNotFound):
        get_inspection(db, insp)
    assert [r.id for r in list_inspections(db, InspectionFilter())] == []
    entry = discarded_drafts(db)[0]
    assert entry["id"] == insp and entry["reason"] == "误建：选错了场所"
    assert entry["answers"] == answers and entry["actor"] == "王建国"
    assert [p["sha256"] for p in entry["photos"]] == [sha]
    # The original photo stays (evidence); the chain still verifies.
    assert db.execute("SELECT 1 FROM photos WHERE sha256 = ?", (sha,)).fetchone() is not None
    assert verify_audit_chain(db) == []


def test_discard_refuses_a_completed_inspection(shipped: sqlite_utils.Database) -> None:
    db = shipped
    insp = new_inspection(db, new_site(db, "好邻居便利店"))
    complete(db, insp)
    with pytest.raises(InspectionReadOnly):
        discard_draft(db, insp, "王建国", "不要了")
    assert get_inspection(db, insp).status == "completed"


def test_a_discarded_draft_that_was_sent_leaves_a_tombstone(
        shipped: sqlite_utils.Database) -> None:
    db = shipped
    insp = new_inspection(db, new_site(db, "烟酒店"))
    db.execute("UPDATE inspections SET vid = 'v-sent' WHERE id = ?", (insp,))  # as if exported
    discard_draft(db, insp, "王建国")
    row = db.execute("SELECT entity, vid FROM sync_tombstones WHERE record_id = ?",
                     (insp,)).fetchone()
    assert row == ("inspection", None)  # goes out with the next bundle


def test_duplicate_copies_answers_not_photos(shipped: sqlite_utils.Database,
                                             db_path: Path) -> None:
    db = shipped
    site = new_site(db, "老北京炸酱面")
    insp = new_inspection(db, site)
    set_answers(db, insp, {"business_name": "老北京炸酱面", "goods_sold": ["cooked_food"]},
                "王建国")
    folder = db_path.parent / "incoming"
    folder.mkdir(exist_ok=True)
    (folder / "p7.jpg").write_bytes(jpeg(7))
    attach_files(db, db_path, insp, [folder / "p7.jpg"], "王建国", item_id="scene_photos",
                 print_copies=False)
    add_photo(db, insp, 8)  # and one for the inspection as a whole
    original = get_inspection(db, insp)
    photo_items = [k for k, v in original.answers.items()
                   if isinstance(v, list) and v and len(str(v[0])) == 64]
    assert photo_items, "the photo is an answer of its slot"
    copy = duplicate_inspection(db, insp, "王建国", get_profile(db))
    assert copy.id != insp and copy.status == "draft"
    assert (copy.site_id, copy.form_id, copy.form_version) == (
        site, original.form_id, original.form_version)
    for item in photo_items:
        assert item not in copy.answers
    assert copy.answers["business_name"] == "老北京炸酱面"
    expected = {k: v for k, v in original.answers.items() if k not in photo_items}
    assert {k: copy.answers[k] for k in expected} == expected
    assert db.execute("SELECT count(*) FROM inspection_photos WHERE inspection_id = ?",
                      (copy.id,)).fetchone()[0] == 0
    action = db.execute("SELECT detail FROM audit WHERE action = 'inspection.duplicate'")
    assert insp in action.fetchone()[0]
