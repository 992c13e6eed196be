"""Inspections: answers saved with findings and audit, completion rules, amendments, the list."""

from __future__ import annotations

from datetime import date

import pytest
import sqlite_utils

from app.core.checklist import Checklist
from app.store.audit import verify_audit_chain
from app.store.checklists import UnknownForm, get_checklist, register_checklist
from app.store.inspection_counts import count_inspections
from app.store.inspection_errors import (
    AmendmentInProgress,
    IncompleteInspection,
    InspectionError,
    InspectionReadOnly,
    UnknownItem,
)
from app.store.inspection_list import list_inspections
from app.store.inspection_query import InspectionFilter, InspectionSort
from app.store.inspection_records import get_findings, get_inspection, inspection_history
from app.store.inspections import (
    amend_inspection,
    complete_inspection,
    delete_draft,
    set_answer,
    start_inspection,
)
from app.store.profile import Profile
from app.store.sites import Site, SiteDraft, create_site
from tests.helpers.checklists import mini_checklist


def _audit_actions(db: sqlite_utils.Database, entity_id: str) -> list[str]:
    rows = db.execute("SELECT action FROM audit WHERE entity_id = ? ORDER BY seq", (entity_id,))
    return [r[0] for r in rows]


def test_start_and_answer(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> None:
    insp = start_inspection(db, checklist.id, site.id, profile)
    assert insp.status == "draft" and insp.answers == {} and insp.rev == 1
    assert insp.form_version == 1 and insp.district_code == "110105"
    assert insp.inspector_name == "王建国" and insp.badge_no == "BJ-0105-0042"
    assert insp.chain_id == insp.id and insp.origin_device == profile.device_id

    ev = set_answer(db, insp.id, "residential", "yes", "王建国")
    assert "opening" in ev.visible and ev.missing_required == ("opening",)
    ev = set_answer(db, insp.id, "opening", "yes", "王建国")
    assert [f.item_id for f in ev.findings] == ["opening"]
    stored = get_inspection(db, insp.id)
    assert stored.answers == {"residential": "yes", "opening": "yes"}
    assert stored.rev == 3 and stored.base_rev == 2 and stored.finding_count == 1
    findings = get_findings(db, insp.id)
    assert findings[0].text.zh == "住宅开墙打洞经营"
    assert findings[0].legal_basis is not None and "第六十五条" in findings[0].legal_basis.zh

    set_answer(db, insp.id, "opening", "no", "王建国")  # findings are rewritten, not appended
    assert get_findings(db, insp.id) == [] and get_inspection(db, insp.id).finding_count == 0
    set_answer(db, insp.id, "note", "负责人不在场", "王建国")
    set_answer(db, insp.id, "note", "  ", "王建国")  # blank text removes the answer
    assert "note" not in get_inspection(db, insp.id).answers
    before = get_inspection(db, insp.id)
    set_answer(db, insp.id, "opening", "no", "王建国")  # unchanged: no new revision
    assert get_inspection(db, insp.id) == before
    assert _audit_actions(db, insp.id) == ["inspection.start"] + ["answer.set"] * 5
    assert verify_audit_chain(db) == []


def test_unknown_item_and_form(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> None:
    insp = start_inspection(db, checklist.id, site.id, profile)
    with pytest.raises(UnknownItem):
        set_answer(db, insp.id, "no_such_item", "yes", "王建国")
    with pytest.raises(UnknownForm) as info:
        start_inspection(db, "no_such_form", site.id, profile)
    assert info.value.known == [checklist.id] and checklist.id in str(info.value)


def test_complete_is_refused_with_reasons_then_read_only(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> None:
    insp = start_inspection(db, checklist.id, site.id, profile)
    with pytest.raises(IncompleteInspection) as info:
        complete_inspection(db, insp.id, "王建国")
    assert [p.item_id for p in info.value.missing] == ["residential"]
    assert "是否为住宅" in str(info.value) and "Is it residential" in str(info.value)
    set_answer(db, insp.id, "residential", "yes", "王建国")
    set_answer(db, insp.id, "opening", "yes", "王建国")
    set_answer(db, insp.id, "openings", 30, "王建国")  # breaks max: saved, but blocks completion
    with pytest.raises(IncompleteInspection) as info:
        complete_inspection(db, insp.id, "王建国")
    assert [p.item_id for p in info.value.invalid] == ["openings"]
    assert info.value.missing == ()
    assert "20" in str(info.value)
    assert get_inspection(db, insp.id).status == "draft"

    set_answer(db, insp.id, "openings", 2, "王建国")
    done = complete_inspection(db, insp.id, "王建国")
    assert done.status == "completed" and done.completed_at is not None
    with pytest.raises(InspectionReadOnly):
        set_answer(db, insp.id, "openings", 3, "王建国")
    with pytest.raises(InspectionReadOnly):
        complete_inspection(db, insp.id, "王建国")
    with pytest.raises(InspectionReadOnly):
        delete_draft(db, insp.id, "王建国")
    # The database itself refuses too (a trigger), whoever writes.
    with pytest.raises(Exception, match="read-only"):
        db.execute("UPDATE inspections SET answers = '{}' WHERE id = ?", (insp.id,))
    assert get_inspection(db, insp.id).answers["openings"] == 2


def _completed(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> str:
    insp = start_inspection(db, checklist.id, site.id, profile)
    set_answer(db, insp.id, "residential", "yes", profile.inspector_name)
    set_answer(db, insp.id, "opening", "yes", profile.inspector_name)
    set_answer(db, insp.id, "openings", 2, profile.inspector_name)
    return complete_inspection(db, insp.id, profile.inspector_name).id


def test_amendment_lifecycle(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> None:
    original_id = _completed(db, profile, checklist, site)
    original = get_inspection(db, original_id)
    with pytest.raises(InspectionError):
        amend_inspection(db, original_id, "   ", "王建国")
    draft = amend_inspection(db, original_id, "开口数量点错，应为3个", "王建国")
    assert draft.status == "draft" and draft.amends_id == original_id
    assert draft.amend_reason == "开口数量点错，应为3个"
    assert draft.answers == original.answers and draft.chain_id == original_id
    assert draft.amendment_no == 1 and draft.id != original_id
    with pytest.raises(AmendmentInProgress) as info:
        amend_inspection(db, original_id, "again", "王建国")
    assert info.value.draft_id == draft.id
    # Until the amendment is completed, the original stays current and unchanged.
    assert get_inspection(db, original_id) == original
    assert count_inspections(db) == 2

    set_answer(db, draft.id, "openings", 3, "王建国")
    assert get_inspection(db, original_id).answers["openings"] == 2
    complete_inspection(db, draft.id, "王建国")
    old = get_inspection(db, original_id)
    assert old.superseded_by == draft.id and old.display_status == "superseded"
    assert old.answers == original.answers and old.rev == original.rev + 1
    with pytest.raises(InspectionError):
        amend_inspection(db, original_id, "amend the old one", "王建国")
    second = amend_inspection(db, draft.id, "补充备注", "王建国")
    assert second.amendment_no == 2
    assert [i.id for i in inspection_history(db, original_id)] == [original_id, draft.id, second.id]

    assert count_inspections(db) == 2  # the draft amendment and the completed amendment
    assert count_inspections(db, InspectionFilter(status="superseded")) == 1
    assert count_inspections(db, InspectionFilter(current_only=False)) == 3
    assert "inspection.supersede" in _audit_actions(db, original_id)
    assert verify_audit_chain(db) == []


def test_old_checklist_version_still_renders(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> None:
    insp = start_inspection(db, checklist.id, site.id, profile)
    v2, text2 = mini_checklist(version=2, extra_label="（新）")
    register_checklist(db, v2, text2)
    newer = start_inspection(db, checklist.id, site.id, profile)
    assert newer.form_version == 2
    assert get_checklist(db, checklist.id, insp.form_version).item("note").label.zh == "备注"
    assert get_checklist(db, checklist.id, 2).item("note").label.zh == "备注（新）"


def test_delete_draft(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> None:
    insp = start_inspection(db, checklist.id, site.id, profile)
    set_answer(db, insp.id, "residential", "yes", "王建国")
    delete_draft(db, insp.id, "王建国")
    assert count_inspections(db) == 0
    assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == 0
    assert verify_audit_chain(db) == []


def test_list_filters_and_sorts(
    db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site
) -> None:
    other = create_site(
        db,
        SiteDraft(district_code="110101", name="便民超市", address="东城区东四北大街123号"),
        "王建国",
    )
    done_id = _completed(db, profile, checklist, site)
    draft = start_inspection(db, checklist.id, other.id, profile)
    rows = list_inspections(db)
    assert [r.id for r in rows] == [draft.id, done_id]  # newest first
    top = rows[0]
    assert top.site_name == "便民超市" and top.site_address == "东城区东四北大街123号"
    assert top.district_name == "东城区" and top.form_title.zh == "开墙打洞检查（测试）"
    assert rows[1].finding_count == 1 and rows[1].status == "completed"

    def ids(**kw: object) -> list[str]:
        return [r.id for r in list_inspections(db, InspectionFilter(**kw))]  # type: ignore[arg-type]

    assert ids(status="draft") == [draft.id]
    assert ids(status="completed") == [done_id]
    assert ids(district_code="110105") == [done_id]
    assert ids(form_id=checklist.id) == [draft.id, done_id]
    assert ids(form_id="other") == []
    assert ids(site_text="炸酱面") == [done_id]
    assert ids(site_text="东四") == [draft.id]
    today = date.fromisoformat(draft.started_at[:10])
    assert (
        len(
            ids(
                date_from=today.replace(year=today.year - 1),
                date_to=today.replace(year=today.year + 1),
            )
        )
        == 2
    )
    assert ids(date_to=today.replace(year=today.year - 1)) == []
    asc = list_inspections(db, sort=InspectionSort("started_at", descending=False))
    assert [r.id for r in asc] == [done_id, draft.id]
    by_findings = list_inspections(db, sort=InspectionSort("finding_count"))
    assert by_findings[0].id == done_id
    assert [r.id for r in list_inspections(db, offset=1, limit=1)] == [done_id]
    assert count_inspections(db, InspectionFilter(status="draft")) == 1
    with pytest.raises(ValueError):
        list_inspections(db, sort=InspectionSort("answers"))
