"""Starting an inspection on the shipped basement checklist: which version, who, and the dates
that fill themselves in (检查日期 at the start, 整改期限 = start + 15 days once an answer shows it),
as stored and audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlite_utils

from app.core.checklist import Checklist, load_checklist
from app.core.clock import beijing_date
from app.paths import forms_dir
from app.store.checklists import register_checklist
from app.store.inspections import (
    UnknownItem,
    get_inspection,
    set_answer,
    set_answers,
    start_inspection,
)
from app.store.profile import Profile
from app.store.sites import Site, SiteDraft, create_site

ACTOR = "王建国"


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
