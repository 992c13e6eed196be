"""What the store's write commands leave in the database, pinned: the answers JSON text, the
revision counters sync relies on, the findings rows, and the audit entry of each change.
Old databases and bundles keep these forms; a change to them must be a deliberate migration.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import sqlite_utils

from app.core.checklist import Checklist, load_checklist, load_checklist_text
from app.core.clock import beijing_date
from app.core.text import Text
from app.paths import forms_dir
from app.store.checklists import register_checklist
from app.store.inspection_errors import (
    AmendmentInProgress,
    IncompleteInspection,
    InspectionError,
    InspectionNotFound,
    InspectionReadOnly,
    UnknownItem,
)
from app.store.inspection_records import get_inspection
from app.store.inspections import (
    amend_inspection,
    complete_inspection,
    delete_draft,
    set_answer,
    set_answers,
    start_inspection,
)
from app.store.profile import Profile, save_profile
from app.store.sites import Site, SiteDraft, create_site

ACTOR = "王建国"


def row(db: sqlite_utils.Database, inspection_id: str) -> dict[str, Any]:
    cur = db.execute(
        "SELECT answers, rev, base_rev, finding_count, status, completed_at, updated_at "
        "FROM inspections WHERE id = ?", (inspection_id,))
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def audits(db: sqlite_utils.Database, entity_id: str) -> list[tuple[str, str, str]]:
    return db.execute(
        "SELECT actor, action, detail FROM audit WHERE entity = 'inspection' AND entity_id = ? "
        "ORDER BY seq", (entity_id,)
    ).fetchall()


def findings_rows(db: sqlite_utils.Database, inspection_id: str) -> list[tuple[Any, ...]]:
    return db.execute(
        "SELECT item_id, severity, text_zh, text_en, legal_basis_zh, legal_basis_en "
        "FROM findings WHERE inspection_id = ? ORDER BY item_id", (inspection_id,)).fetchall()


@pytest.fixture
def draft_id(db: sqlite_utils.Database, checklist: Checklist, site: Site,
             profile: Profile) -> str:
    return start_inspection(db, checklist.id, site.id, profile).id


def test_a_new_draft_as_stored(db: sqlite_utils.Database, draft_id: str, site: Site,
                               profile: Profile) -> None:
    stored = row(db, draft_id)
    assert stored["answers"] == "{}"
    assert (stored["rev"], stored["base_rev"], stored["finding_count"], stored["status"],
            stored["completed_at"]) == (1, None, 0, "draft", None)
    insp = get_inspection(db, draft_id)
    assert insp.chain_id == draft_id and insp.amendment_no == 0
    assert insp.origin_device == profile.device_id and insp.district_code == "110105"
    assert (insp.inspector_name, insp.badge_no, insp.team) == (ACTOR, "BJ-0105-0042", "朝阳二队")
    (actor, action, detail), = audits(db, draft_id)
    assert (actor, action) == (ACTOR, "inspection.start")
    assert detail == ('{"answers":{},"defaults":[],"form":"test_storefront@1",'
                      f'"site_id":"{site.id}"}}')


def test_answers_are_stored_as_sorted_json_with_chinese_kept(
    db: sqlite_utils.Database, draft_id: str
) -> None:
    set_answers(db, draft_id, {"residential": "yes", "note": "门口 \"堆物\"", "opening": "no"},
                ACTOR)
    assert row(db, draft_id)["answers"] == (
        '{"note": "门口 \\"堆物\\"", "opening": "no", "residential": "yes"}')
    assert json.loads(row(db, draft_id)["answers"])["note"] == '门口 "堆物"'


def test_each_change_bumps_the_revision_once(db: sqlite_utils.Database, draft_id: str) -> None:
    set_answer(db, draft_id, "residential", "yes", ACTOR)
    first = row(db, draft_id)
    assert (first["rev"], first["base_rev"]) == (2, 1)
    set_answers(db, draft_id, {"opening": "yes", "openings": 2}, ACTOR)
    second = row(db, draft_id)
    assert (second["rev"], second["base_rev"]) == (3, 2)
    assert second["updated_at"] >= first["updated_at"]


def test_the_same_answer_again_changes_nothing(db: sqlite_utils.Database, draft_id: str) -> None:
    set_answer(db, draft_id, "residential", "yes", ACTOR)
    before = (row(db, draft_id), audits(db, draft_id))
    ev = set_answer(db, draft_id, "residential", "yes", ACTOR)
    assert ev.visible == ("residential", "opening", "note")
    assert (row(db, draft_id), audits(db, draft_id)) == before
    # Blank for an item never answered is no change either.
    set_answer(db, draft_id, "note", "  ", ACTOR)
    assert (row(db, draft_id), audits(db, draft_id)) == before


def test_the_audit_entry_of_an_answer_names_old_and_new(
    db: sqlite_utils.Database, draft_id: str
) -> None:
    set_answer(db, draft_id, "residential", "yes", ACTOR)
    set_answer(db, draft_id, "residential", "no", "李四")
    set_answer(db, draft_id, "residential", None, "李四")
    entries = audits(db, draft_id)[1:]
    assert entries == [
        (ACTOR, "answer.set", '{"residential":{"new":"yes","old":null}}'),
        ("李四", "answer.set", '{"residential":{"new":"no","old":"yes"}}'),
        ("李四", "answer.set", '{"residential":{"new":null,"old":"no"}}'),
    ]
    assert row(db, draft_id)["answers"] == "{}"


def test_findings_rows_follow_the_answers(db: sqlite_utils.Database, draft_id: str) -> None:
    set_answers(db, draft_id, {"residential": "yes", "opening": "yes"}, ACTOR)
    assert row(db, draft_id)["finding_count"] == 1
    assert findings_rows(db, draft_id) == [
        ("opening", "major", "住宅开墙打洞经营", "Residential wall opened for business",
         "《北京市城乡规划条例》第六十五条", "Planning regulations art. 65"),
    ]
    # An answer that hides the item takes its finding away.
    set_answer(db, draft_id, "residential", "no", ACTOR)
    assert row(db, draft_id)["finding_count"] == 0
    assert findings_rows(db, draft_id) == []


def test_completion_as_stored(db: sqlite_utils.Database, draft_id: str) -> None:
    set_answers(db, draft_id, {"residential": "yes", "opening": "yes", "openings": 20}, ACTOR)
    done = complete_inspection(db, draft_id, ACTOR)
    stored = row(db, draft_id)
    assert (stored["status"], stored["rev"], stored["base_rev"]) == ("completed", 3, 2)
    assert stored["completed_at"] == stored["updated_at"] == done.completed_at
    assert audits(db, draft_id)[-1] == (ACTOR, "inspection.complete",
                                        '{"amends":null,"findings":1}')
    with pytest.raises(InspectionReadOnly):
        set_answer(db, draft_id, "note", "晚了", ACTOR)
    with pytest.raises(InspectionReadOnly):
        complete_inspection(db, draft_id, ACTOR)
    assert row(db, draft_id) == stored


@pytest.mark.parametrize(("openings", "completes"), [(0, True), (20, True), (21, False),
                                                     (-1, False)])
def test_completion_at_the_range_edges(db: sqlite_utils.Database, draft_id: str, openings: int,
                                       completes: bool) -> None:
    set_answers(db, draft_id, {"residential": "yes", "opening": "yes", "openings": openings},
                ACTOR)
    if completes:
        assert complete_inspection(db, draft_id, ACTOR).is_completed
    else:
        with pytest.raises(IncompleteInspection):
            complete_inspection(db, draft_id, ACTOR)
        assert row(db, draft_id)["status"] == "draft"


def test_an_unknown_item_writes_nothing(db: sqlite_utils.Database, draft_id: str) -> None:
    before = (row(db, draft_id), audits(db, draft_id))
    with pytest.raises(UnknownItem):
        set_answers(db, draft_id, {"residential": "yes", "no_such_item": 1}, ACTOR)
    assert (row(db, draft_id), audits(db, draft_id)) == before


def test_the_refusal_names_each_item_and_why(db: sqlite_utils.Database, draft_id: str) -> None:
    set_answers(db, draft_id, {"residential": "yes", "opening": "yes", "openings": 21}, ACTOR)
    with pytest.raises(IncompleteInspection) as refused:
        complete_inspection(db, draft_id, ACTOR)
    assert refused.value.missing == ()
    (bad,) = refused.value.invalid
    assert (bad.item_id, bad.label.en, bad.problems[0].en) == (
        "openings", "Number of openings", "Must be at most 20 openings")
    assert "answers not valid: openings (Number of openings): Must be at most 20 openings" \
        in str(refused.value)
    set_answer(db, draft_id, "openings", None, ACTOR)
    with pytest.raises(IncompleteInspection) as refused:
        complete_inspection(db, draft_id, ACTOR)
    (gap,) = refused.value.missing
    assert (gap.item_id, gap.label.zh, gap.problems) == ("openings", "开口数量",
                                                         (Text("必填", "required"),))
    assert refused.value.invalid == ()
    assert "required answers missing: openings (Number of openings)" in str(refused.value)


def test_an_amendment_as_stored(db: sqlite_utils.Database, draft_id: str,
                                profile: Profile) -> None:
    set_answers(db, draft_id, {"residential": "yes", "opening": "yes", "openings": 2}, ACTOR)
    complete_inspection(db, draft_id, ACTOR)
    with pytest.raises(InspectionError, match="give the reason for the amendment"):
        amend_inspection(db, draft_id, "  ", ACTOR)
    first = amend_inspection(db, draft_id, " 开口数量记错 ", "李四")
    assert (first.status, first.rev, first.base_rev, first.amendment_no, first.amends_id,
            first.amend_reason, first.chain_id) == ("draft", 1, None, 1, draft_id,
                                                    "开口数量记错", draft_id)
    assert row(db, first.id)["answers"] == row(db, draft_id)["answers"]
    assert row(db, first.id)["finding_count"] == 1 and len(findings_rows(db, first.id)) == 1
    assert audits(db, first.id)[0] == (
        "李四", "inspection.amend",
        f'{{"amendment_no":1,"amends":"{draft_id}","reason":"开口数量记错"}}')
    with pytest.raises(AmendmentInProgress) as busy:
        amend_inspection(db, draft_id, "再改", ACTOR)
    assert busy.value.draft_id == first.id
    done = complete_inspection(db, first.id, ACTOR)
    assert get_inspection(db, draft_id).superseded_by == done.id
    assert audits(db, draft_id)[-1] == (
        ACTOR, "inspection.supersede",
        f'{{"reason":"开口数量记错","superseded_by":"{done.id}"}}')
    with pytest.raises(InspectionError, match="amend the latest version"):
        amend_inspection(db, draft_id, "再改", ACTOR)
    second = amend_inspection(db, done.id, "再改", ACTOR)
    assert (second.amendment_no, second.chain_id) == (2, draft_id)
    with pytest.raises(InspectionError, match="only a completed inspection is amended"):
        amend_inspection(db, second.id, "草稿", ACTOR)


def test_deleting_a_draft_keeps_its_answers_in_the_audit(db: sqlite_utils.Database,
                                                         draft_id: str, site: Site) -> None:
    set_answer(db, draft_id, "residential", "no", ACTOR)
    delete_draft(db, draft_id, "李四")
    with pytest.raises(InspectionNotFound):
        get_inspection(db, draft_id)
    assert audits(db, draft_id)[-1] == (
        "李四", "inspection.delete_draft",
        f'{{"answers":{{"residential":"no"}},"site_id":"{site.id}"}}')


def test_a_completed_inspection_cannot_be_deleted(db: sqlite_utils.Database,
                                                  draft_id: str) -> None:
    set_answer(db, draft_id, "residential", "no", ACTOR)
    complete_inspection(db, draft_id, ACTOR)
    with pytest.raises(InspectionReadOnly, match="is completed and read-only"):
        delete_draft(db, draft_id, ACTOR)
    assert get_inspection(db, draft_id).is_completed


# ---- starting on the shipped basement checklist: version, inspector, date defaults --------


def shipped(db: sqlite_utils.Database, version: int) -> Checklist:
    path = forms_dir() / f"underground_group_rental.v{version}.yaml"
    checklist = load_checklist(path)
    register_checklist(db, checklist, path.read_text(encoding="utf-8"), ACTOR)
    return checklist


@pytest.fixture
def rental(db: sqlite_utils.Database) -> Checklist:
    shipped(db, 1)
    return shipped(db, 2)


@pytest.fixture
def basement(db: sqlite_utils.Database) -> Site:
    return create_site(db, SiteDraft(district_code="110105", name="某地下室"), ACTOR)


def answer_audits(db: sqlite_utils.Database, inspection_id: str) -> list[dict[str, object]]:
    return [json.loads(d) for (d,) in db.execute(
        "SELECT detail FROM audit WHERE entity = 'inspection' AND entity_id = ? "
        "AND action = 'answer.set' ORDER BY seq", (inspection_id,))]


def test_the_newest_version_unless_one_is_named(db: sqlite_utils.Database, rental: Checklist,
                                                basement: Site) -> None:
    newest = start_inspection(db, rental.id, basement.id, None)
    assert newest.form_version == 2
    old = start_inspection(db, rental.id, basement.id, None, form_version=1)
    assert old.form_version == 1
    assert "inspected_on" not in old.answers  # v1 has no defaults


def test_without_a_profile_the_inspector_is_blank(db: sqlite_utils.Database,
                                                  rental: Checklist, basement: Site) -> None:
    insp = start_inspection(db, rental.id, basement.id, None)
    assert (insp.inspector_name, insp.badge_no, insp.team) == ("", "", "")
    (actor,) = db.execute("SELECT actor FROM audit WHERE entity = 'inspection' AND "
                          "entity_id = ?", (insp.id,)).fetchone()
    assert actor == ""


def test_the_stored_profile_is_used_when_none_is_given(
    db: sqlite_utils.Database, rental: Checklist, basement: Site, profile: Profile
) -> None:
    insp = start_inspection(db, rental.id, basement.id, None)
    assert (insp.inspector_name, insp.badge_no, insp.team) == (
        profile.inspector_name, profile.badge_no, profile.team)


def test_answers_given_at_the_start_are_checked_and_win(
    db: sqlite_utils.Database, rental: Checklist, basement: Site
) -> None:
    with pytest.raises(UnknownItem):
        start_inspection(db, rental.id, basement.id, None, answers={"no_such_item": 1})
    insp = start_inspection(db, rental.id, basement.id, None,
                            answers={"inspected_on": "2024-09-10", "occupants": 3})
    assert insp.answers == {"inspected_on": "2024-09-10", "occupants": 3}
    detail = json.loads(db.execute(
        "SELECT detail FROM audit WHERE entity = 'inspection' AND entity_id = ? "
        "AND action = 'inspection.start'", (insp.id,)).fetchone()[0])
    assert detail["defaults"] == [] and detail["form"] == "underground_group_rental@2"
    assert detail["answers"] == {"inspected_on": "2024-09-10", "occupants": 3}


def test_the_inspection_date_fills_itself_in(db: sqlite_utils.Database, rental: Checklist,
                                             basement: Site) -> None:
    insp = start_inspection(db, rental.id, basement.id, None)
    today = beijing_date(insp.started_at)
    assert insp.answers == {"inspected_on": today.isoformat()}


def test_the_deadline_fills_itself_in_when_a_notice_shows_it(
    db: sqlite_utils.Database, rental: Checklist, basement: Site
) -> None:
    insp = start_inspection(db, rental.id, basement.id, None)
    day = beijing_date(insp.started_at)
    deadline = (day + timedelta(days=15)).isoformat()
    set_answer(db, insp.id, "action", "notice", ACTOR)
    assert get_inspection(db, insp.id).answers["deadline"] == deadline
    assert answer_audits(db, insp.id)[-1] == {
        "action": {"old": None, "new": "notice"},
        "deadline": {"old": None, "new": deadline, "default": True},
    }
    # Already shown, the inspector cleared it: another answer does not fill it again.
    set_answer(db, insp.id, "deadline", None, ACTOR)
    set_answer(db, insp.id, "action", "clear_out", ACTOR)
    assert "deadline" not in get_inspection(db, insp.id).answers
    assert answer_audits(db, insp.id)[-1] == {"action": {"old": "notice", "new": "clear_out"}}


def test_an_answer_that_shows_nothing_new_fills_nothing(
    db: sqlite_utils.Database, rental: Checklist, basement: Site
) -> None:
    insp = start_inspection(db, rental.id, basement.id, None)
    set_answers(db, insp.id, {"action": "none_needed", "inspected_on": None}, ACTOR)
    assert get_inspection(db, insp.id).answers == {"action": "none_needed"}
    assert answer_audits(db, insp.id)[-1] == {
        "action": {"old": None, "new": "none_needed"},
        "inspected_on": {"old": beijing_date(insp.started_at).isoformat(), "new": None},
    }


# ---- what the refusals say, and who an amendment is by -----------------------------------------


def test_amendment_refusals_say_why(db: sqlite_utils.Database, draft_id: str) -> None:
    with pytest.raises(InspectionError) as refused:
        amend_inspection(db, draft_id, "原因", ACTOR)
    assert refused.value.text == Text(
        "只有已完成的检查才需要更正；草稿可直接修改",
        "only a completed inspection is amended; edit a draft directly")
    set_answer(db, draft_id, "residential", "no", ACTOR)
    complete_inspection(db, draft_id, ACTOR)
    for blank in ("", " ", None):
        with pytest.raises(InspectionError) as refused:
            amend_inspection(db, draft_id, blank, ACTOR)  # type: ignore[arg-type]
        assert refused.value.text == Text("请填写更正原因", "give the reason for the amendment")
    newer = complete_inspection(db, amend_inspection(db, draft_id, "补", ACTOR).id, ACTOR)
    with pytest.raises(InspectionError) as refused:
        amend_inspection(db, draft_id, "再改", ACTOR)
    assert refused.value.text.zh.startswith(f"该检查已被更正版本 {newer.id} 取代")


def test_an_amendment_is_by_the_person_now_at_the_device(
    db: sqlite_utils.Database, draft_id: str, profile: Profile
) -> None:
    set_answer(db, draft_id, "residential", "no", ACTOR)
    complete_inspection(db, draft_id, ACTOR)
    save_profile(db, replace(profile, inspector_name="李四", badge_no="BJ-0105-0077",
                             team="朝阳三队"))
    amendment = amend_inspection(db, draft_id, "补充", "李四")
    assert (amendment.inspector_name, amendment.badge_no, amendment.team) == (
        "李四", "BJ-0105-0077", "朝阳三队")
    original = get_inspection(db, draft_id)
    assert (original.inspector_name, original.team) == (ACTOR, "朝阳二队")


def test_refusals_name_the_inspection_and_the_items(db: sqlite_utils.Database,
                                                    draft_id: str) -> None:
    with pytest.raises(UnknownItem) as unknown:
        set_answers(db, draft_id, {"no_such_item": 1, "other": 2}, ACTOR)
    assert unknown.value.text.en.endswith("has no items no_such_item, other")
    assert unknown.value.text.zh.endswith("没有这些项目：no_such_item、other")
    set_answer(db, draft_id, "residential", "no", ACTOR)
    complete_inspection(db, draft_id, ACTOR)
    with pytest.raises(InspectionReadOnly) as read_only:
        set_answer(db, draft_id, "note", "x", ACTOR)
    assert read_only.value.inspection_id == draft_id
    assert draft_id in read_only.value.text.zh and draft_id in read_only.value.text.en


def test_findings_of_the_start_answers_are_stored(db: sqlite_utils.Database,
                                                  checklist: Checklist, site: Site) -> None:
    insp = start_inspection(db, checklist.id, site.id, None,
                            answers={"residential": "yes", "opening": "yes"})
    assert insp.finding_count == 1
    assert [r[:2] for r in findings_rows(db, insp.id)] == [("opening", "major")]


ONE_ITEM = """\
id: one_note
version: 1
work_item: street_order
title: {zh: 备注检查, en: Note check}
legal_basis:
  - {zh: 测试, en: Test}
rectification_days: 7
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: note
        type: text
        label: {zh: 备注, en: Note}
"""


def test_an_amendment_on_a_device_without_a_profile_keeps_the_inspector(
    db: sqlite_utils.Database, basement: Site
) -> None:
    checklist = load_checklist_text(ONE_ITEM, "one_note.v1.yaml")
    register_checklist(db, checklist, ONE_ITEM, ACTOR)
    first = start_inspection(db, checklist.id, basement.id, None)
    complete_inspection(db, first.id, ACTOR)
    amendment = amend_inspection(db, first.id, "补充备注", ACTOR)
    assert (amendment.inspector_name, amendment.badge_no, amendment.team) == ("", "", "")
    assert amendment.amends_id == first.id
