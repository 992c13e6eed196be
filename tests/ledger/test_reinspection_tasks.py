"""复查 tasks: a case ordered with a deadline gets one reinspect task (case id set, due on the
deadline, to the laptop that found it), once, and it goes out in the next assignment bundle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.store.cases import list_cases, order_case
from app.store.tasks import ensure_reinspection_tasks, list_tasks
from app.sync.assignment import write_assignment
from app.sync.devices import local_device, make_local_keys
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.case_world import CaseWorld, add_shop, inspect, open_case_world
from tests.helpers.sync_world import enrol_both


def _world(path: Path, role: str, name: str) -> CaseWorld:
    world = open_case_world(path, role=role, name=name)
    make_local_keys(world.db, name)
    return world


def test_one_reinspection_task_per_deadline_sent_with_the_next_assignment(
        tmp_path: Path) -> None:
    office = _world(tmp_path / "office.db", "office", "李主任")
    laptop = _world(tmp_path / "laptop.db", "field", "王巡查")
    enrol_both(office.db, laptop.db)
    shop = add_shop(laptop, "张记")
    found = inspect(laptop, shop, "2025-12-01 10:00", goods_out=True)
    inspect(laptop, add_shop(laptop, "无事"), "2025-12-01 11:00")
    bundle = export_bundle(laptop.db, tmp_path / "up",
                           receiver_id=local_device(office.db).id).paths[0]
    assert merge_bundle(office.db, bundle).status == "merged"
    [case] = list_cases(office.db, state="open")
    # A laptop gives no work; the office, before any order, has nothing to re-inspect.
    assert ensure_reinspection_tasks(laptop.db).created == ()
    assert ensure_reinspection_tasks(office.db).created == ()
    case = order_case(office.db, case.id, "朝阳城管责改", "李主任")
    made = ensure_reinspection_tasks(office.db, "李主任")
    [task] = made.created
    assert (task.kind, task.case_id, task.due_on, task.site_id, task.inspection_id) == (
        "reinspect", case.id, case.deadline, shop, found)
    assert task.assigned_to == local_device(laptop.db).id
    assert ensure_reinspection_tasks(office.db).created == ()  # once
    out = write_assignment(office.db, tmp_path / "down", local_device(laptop.db).id,
                           actor="李主任")
    assert out is not None and out.counts["task"] == 1
    assert merge_bundle(laptop.db, out.paths[0]).status == "merged"
    [row] = list_tasks(laptop.db, date(2025, 12, 1))
    assert (row.task.id, row.task.kind, row.task.case_id) == (task.id, "reinspect", case.id)


def test_a_case_found_here_is_left_to_a_person(tmp_path: Path) -> None:
    office = _world(tmp_path / "office.db", "office", "李主任")
    inspect(office, add_shop(office, "本所"), "2025-12-01 10:00", no_licence=True)
    [case] = list_cases(office.db)
    order_case(office.db, case.id, "朝阳城管责改", "李主任")
    made = ensure_reinspection_tasks(office.db)
    assert made.created == () and list(made.skipped) == [case.id]
    assert "人工派发" in made.skipped[case.id].zh
