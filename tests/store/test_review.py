"""Review rules (issue 12.8): who may review, what can be reviewed, a return needs comments;
a shared laptop's return is a task for itself; the queue holds only unreviewed current ones."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlite_utils

from app.core.checklist import Checklist
from app.store.inspections import (
    amend_inspection,
    complete_inspection,
    set_answer,
    start_inspection,
)
from app.store.profile import Profile, save_profile
from app.store.review import (
    ReviewError,
    approve_inspection,
    can_review,
    return_inspection,
    review_queue,
    review_state,
)
from app.store.sites import Site
from app.store.tasks import get_task, start_task


def _completed(db: sqlite_utils.Database, profile: Profile, checklist: Checklist,
               site: Site) -> str:
    insp = start_inspection(db, checklist.id, site.id, profile)
    set_answer(db, insp.id, "residential", "no", profile.inspector_name)
    return complete_inspection(db, insp.id, profile.inspector_name).id


def test_only_a_lead_or_an_office_reviews(db: sqlite_utils.Database, profile: Profile,
                                         checklist: Checklist, site: Site) -> None:
    assert not can_review("field") and can_review("lead") and can_review("office")
    insp = _completed(db, profile, checklist, site)
    with pytest.raises(ReviewError, match="组长"):
        approve_inspection(db, insp, "王建国")
    assert review_state(db, insp) == "pending"


def test_review_rules_on_a_shared_laptop(db: sqlite_utils.Database, profile: Profile,
                                         checklist: Checklist, site: Site) -> None:
    lead = replace(profile, role="lead")
    save_profile(db, lead)
    draft = start_inspection(db, checklist.id, site.id, lead)
    with pytest.raises(ReviewError, match="草稿"):
        approve_inspection(db, draft.id, "王组长")
    insp = _completed(db, lead, checklist, site)
    assert [r.inspection_id for r in review_queue(db)] == [insp]
    with pytest.raises(ReviewError, match="补正"):
        return_inspection(db, insp, "  ", "王组长")

    review = return_inspection(db, insp, "面积填写有误", "王组长")
    assert review_queue(db) == [] and review_state(db, insp) == "returned"
    task = get_task(db, str(review.task_id))
    assert task.assigned_to == profile.device_id and task.kind == "return"
    started = start_task(db, task.id, actor="王建国")
    complete_inspection(db, started.inspection_id, "王建国")
    with pytest.raises(ReviewError, match="取代"):
        approve_inspection(db, insp, "王组长")
    assert [r.inspection_id for r in review_queue(db)] == [started.inspection_id]
    approve_inspection(db, started.inspection_id, "王组长")
    assert get_task(db, task.id).state == "done" and review_queue(db) == []


def test_an_amendment_made_by_hand_also_closes_the_return(
        db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site) -> None:
    save_profile(db, replace(profile, role="office"))
    insp = _completed(db, profile, checklist, site)
    review = return_inspection(db, insp, "请补充开口数量", "李主任")
    amendment = amend_inspection(db, insp, "补充开口数量", "王建国")
    complete_inspection(db, amendment.id, "王建国")
    approve_inspection(db, amendment.id, "李主任")
    assert get_task(db, str(review.task_id)).state == "done"
