"""Starting an inspection writes the checklist's date defaults (检查日期 = the Beijing day of the
start, 整改期限 = that day plus the rectification period) as answers; a given answer wins."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlite_utils

from app.core import clock
from app.core.checklist import evaluate
from app.store.audit import verify_audit_chain
from app.store.checklists import get_checklist, register_shipped_checklists
from app.store.inspection_records import get_inspection
from app.store.inspections import complete_inspection, set_answer, start_inspection
from app.store.profile import Profile
from app.store.sites import Site


@pytest.fixture
def shipped(db: sqlite_utils.Database, profile: Profile) -> None:
    register_shipped_checklists(db, actor=profile.inspector_name)


def _start_at(monkeypatch: pytest.MonkeyPatch, stamp: str) -> None:
    """The store's clock says `stamp` (UTC) when the inspection starts."""
    monkeypatch.setattr("app.store.inspections.utc_now", lambda: stamp)


def _start_audit(db: sqlite_utils.Database, inspection_id: str) -> dict[str, object]:
    row = db.execute(
        "SELECT detail FROM audit WHERE entity_id = ? AND action = 'inspection.start'",
        (inspection_id,),
    ).fetchone()
    detail: dict[str, object] = json.loads(row[0])
    return detail


@pytest.mark.usefixtures("shipped")
def test_start_fills_in_the_inspection_date(
    db: sqlite_utils.Database, profile: Profile, site: Site
) -> None:
    insp = start_inspection(db, "street_order", site.id, profile)
    assert insp.form_version == 3  # the newest shipped version
    # Only what is shown at the start: the deadline waits for a notice (show_if).
    assert insp.answers == {"inspected_on": clock.beijing_date(insp.started_at).isoformat()}
    assert insp.rev == 1
    ev = evaluate(get_checklist(db, "street_order"), insp.answers)
    assert ev.errors == {} and "inspected_on" not in ev.missing_required
    assert _start_audit(db, insp.id)["defaults"] == ["inspected_on"]


@pytest.mark.usefixtures("shipped")
def test_the_date_is_beijings_not_utcs(
    db: sqlite_utils.Database, profile: Profile, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 17:30 UTC on 19 November is 01:30 on 20 November in Beijing.
    _start_at(monkeypatch, "2026-11-19T17:30:00.000Z")
    insp = start_inspection(db, "underground_group_rental", site.id, profile)
    assert insp.started_at == "2026-11-19T17:30:00.000Z"
    assert insp.answers["inspected_on"] == "2026-11-20"


@pytest.mark.usefixtures("shipped")
def test_deadline_counts_the_rectification_period_when_shown(
    db: sqlite_utils.Database, profile: Profile, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _start_at(monkeypatch, "2026-11-20T02:00:00.000Z")
    insp = start_inspection(db, "street_order", site.id, profile, answers={"action": "notice"})
    days = get_checklist(db, "street_order").rectification_days
    assert days == 3
    assert insp.answers == {
        "action": "notice",
        "inspected_on": "2026-11-20",
        "deadline": (date(2026, 11, 20) + timedelta(days=days)).isoformat(),
    }
    assert _start_audit(db, insp.id)["defaults"] == ["deadline", "inspected_on"]


@pytest.mark.usefixtures("shipped")
def test_a_given_answer_wins(
    db: sqlite_utils.Database, profile: Profile, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _start_at(monkeypatch, "2026-11-20T02:00:00.000Z")
    given = {"action": "notice", "inspected_on": "2026-11-18", "deadline": "2026-11-30"}
    insp = start_inspection(db, "street_order", site.id, profile, answers=given)
    assert insp.answers == given
    assert _start_audit(db, insp.id)["defaults"] == []
    # A blank given answer is no answer: the default fills it.
    insp = start_inspection(db, "street_order", site.id, profile, answers={"inspected_on": ""})
    assert insp.answers == {"inspected_on": "2026-11-20"}


@pytest.mark.usefixtures("shipped")
def test_the_default_is_an_ordinary_answer(
    db: sqlite_utils.Database, profile: Profile, site: Site
) -> None:
    insp = start_inspection(db, "storefront_opening", site.id, profile)
    set_answer(db, insp.id, "inspected_on", "2026-10-01", profile.inspector_name)
    assert get_inspection(db, insp.id).answers["inspected_on"] == "2026-10-01"
    set_answer(db, insp.id, "inspected_on", None, profile.inspector_name)  # cleared: stays empty
    assert "inspected_on" not in get_inspection(db, insp.id).answers
    assert verify_audit_chain(db) == []


@pytest.mark.usefixtures("shipped")
def test_an_inspection_on_the_old_version_gets_no_defaults(
    db: sqlite_utils.Database, profile: Profile, site: Site
) -> None:
    insp = start_inspection(db, "street_order", site.id, profile, form_version=1)
    assert insp.form_version == 1 and insp.answers == {}


@pytest.mark.usefixtures("shipped")
def test_completing_needs_no_date_picked_by_hand(
    db: sqlite_utils.Database, profile: Profile, site: Site
) -> None:
    """A clean street-order visit answered without touching 检查日期 completes."""
    answers = {
        "business_kind": "shop", "business_name": "好邻居便利店", "goods_sold": ["daily_goods"],
        "licence_status": "displayed", "credit_code": "91110000710926094P",
        "licence_matches": "yes", "permit_status": "held", "beyond_line": "no",
        "street_items": ["none"], "blocks_passage": "no", "mobile_vendors": 0,
        "agreement_signed": "yes", "sign_posted": "yes", "hygiene_clean": "yes",
        "appearance_tidy": "yes", "order_kept": "yes", "action": "none_needed",
    }  # fmt: skip
    insp = start_inspection(db, "street_order", site.id, profile, answers=answers)
    done = complete_inspection(db, insp.id, profile.inspector_name)
    assert done.is_completed
    assert done.answers["inspected_on"] == clock.beijing_date(insp.started_at).isoformat()


def test_demo_dates_fit_each_inspection(db: sqlite_utils.Database) -> None:
    """Demo records: 检查日期 is the Beijing day the inspection was started (an amendment's,
    the visit it corrects), the deadline the rectification period later, an opening's date
    before the visit."""
    from app.demo.generate import fill_demo

    fill_demo(db, inspections=240, seed=4, as_of=date(2026, 11, 28))
    rows = db.execute(
        "SELECT i.form_id, i.form_version, i.started_at, i.answers, o.started_at "
        "FROM inspections i JOIN inspections o ON o.id = i.chain_id"
    ).fetchall()
    assert len(rows) == 240
    deadlines = openings = 0
    for form_id, version, started, answers_json, visit_started in rows:
        answers = json.loads(answers_json)
        checklist = get_checklist(db, form_id, version)
        visit = clock.beijing_date(visit_started)
        assert date(2025, 11, 28) <= visit <= date(2026, 11, 28)
        assert clock.beijing_date(started) >= visit
        assert answers["inspected_on"] == visit.isoformat(), (started, answers)
        if "deadline" in answers:
            deadlines += 1
            due = visit + timedelta(days=checklist.rectification_days)
            assert answers["deadline"] == due.isoformat()
        if "opened_since" in answers:
            openings += 1
            assert visit - timedelta(days=3 * 365) <= date.fromisoformat(
                answers["opened_since"]) <= visit  # fmt: skip
    assert deadlines > 10 and openings > 5



@pytest.mark.usefixtures("shipped")
def test_a_default_fills_an_item_when_an_answer_shows_it(
    db: sqlite_utils.Database, profile: Profile, site: Site
) -> None:
    """Choosing "notice served" brings 整改期限 into view, filled with start + period; clearing
    it afterwards sticks (the item was already shown, so it is not filled again)."""
    insp = start_inspection(db, "street_order", site.id, profile)
    start = clock.beijing_date(insp.started_at)
    set_answer(db, insp.id, "action", "notice", "张伟")
    answers = get_inspection(db, insp.id).answers
    assert answers["deadline"] == (start + timedelta(days=3)).isoformat()
    set_answer(db, insp.id, "deadline", None, "张伟")
    set_answer(db, insp.id, "remarks", "复查", "张伟")
    assert "deadline" not in get_inspection(db, insp.id).answers
    assert verify_audit_chain(db) == []
