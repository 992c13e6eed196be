"""The team lead's review (issue 12.8) across devices: the laptop's completed inspection reaches
the office, which returns it with comments; the 'return' task goes back in the laptop's next
assignment bundle, is started there as an amendment, and the amendment's approval at the office
closes the task. Review records travel in bundles."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from app.store.inspection_records import get_inspection
from app.store.review import (
    approve_inspection,
    count_pending,
    latest_review,
    return_inspection,
    review_queue,
    review_state,
)
from app.store.tasks import get_task, start_task
from app.sync.assignment import write_assignment
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.sync_edits import complete, new_inspection, new_site
from tests.helpers.task_world import device_id


def _send(src: sqlite_utils.Database, dst: sqlite_utils.Database, out: Path) -> None:
    bundle = export_bundle(src, out)
    result = merge_bundle(dst, bundle.paths[0])
    assert result.status == "merged", result.reason


def test_return_goes_back_as_a_task_and_approval_closes_it(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    insp = new_inspection(laptop, new_site(laptop, "老北京面馆"))
    complete(laptop, insp)
    _send(laptop, office, tmp_path / "b1")
    assert [r.inspection_id for r in review_queue(office)] == [insp]
    assert review_state(office, insp) == "pending" and count_pending(office) == 1

    review = return_inspection(office, insp, "门头照片缺失，请补拍", "李组长")
    assert review_state(office, insp) == "returned" and count_pending(office) == 0
    assert review.task_id is not None
    task = get_task(office, review.task_id)
    assert (task.kind, task.state, task.inspection_id) == ("return", "open", insp)
    assert task.assigned_to == device_id(laptop) and task.notes == "门头照片缺失，请补拍"
    audit = office.execute("SELECT detail FROM audit WHERE action = 'inspection.review'")
    assert "门头照片缺失" in audit.fetchone()[0]

    assignment = write_assignment(office, tmp_path / "a1", device_id(laptop), actor="李组长")
    assert assignment is not None
    assert merge_bundle(laptop, assignment.paths[0]).status == "merged"
    started = start_task(laptop, task.id, actor="王巡查")
    amendment = get_inspection(laptop, started.inspection_id)
    assert amendment.amends_id == insp and "门头照片缺失" in (amendment.amend_reason or "")
    complete(laptop, amendment.id)
    # Completing the amendment does not close a returned task: the reviewer's approval does.
    assert get_task(laptop, task.id).state == "started"

    _send(laptop, office, tmp_path / "b2")
    assert [r.inspection_id for r in review_queue(office)] == [amendment.id]
    approve_inspection(office, amendment.id, "李组长")
    assert get_task(office, task.id).state == "done"
    assert review_state(office, amendment.id) == "approved"

    # The reviews travel: the office's decisions reach another office in a roll-up of versions.
    rows = office.execute("SELECT id, decision, vid FROM reviews ORDER BY reviewed_at").fetchall()
    assert [r[1] for r in rows] == ["returned", "approved"]


def test_reviews_travel_in_field_bundles(tmp_path: Path, office: sqlite_utils.Database,
                                         laptop: sqlite_utils.Database) -> None:
    """A team lead's laptop reviews what it merged; its decisions reach the office."""
    from dataclasses import replace

    from app.store.profile import get_profile, save_profile

    profile = get_profile(laptop)
    assert profile is not None
    save_profile(laptop, replace(profile, role="lead"))
    insp = new_inspection(laptop, new_site(laptop, "好邻居便利店"))
    complete(laptop, insp)
    approve_inspection(laptop, insp, "王组长", "记录完整")
    bundle = export_bundle(laptop, tmp_path / "out")
    assert bundle.counts.get("review") == 1
    assert merge_bundle(office, bundle.paths[0]).status == "merged"
    got = latest_review(office, insp)
    assert got is not None and (got.decision, got.comments) == ("approved", "记录完整")
    assert review_state(office, insp) == "approved" and review_queue(office) == []
    assert merge_bundle(office, bundle.paths[0]).status == "already"
    assert export_bundle(laptop, tmp_path / "out2").counts.get("review", 0) == 0
