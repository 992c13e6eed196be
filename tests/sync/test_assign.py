"""Assignments (issue 10.5, 10.7): the office sends a laptop its tasks, new checklist versions,
its district's sites and notice number blocks; the laptop merges them (verified first, one
transaction, idempotent), works, and the task's state and its notices come back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from app.core.clock import beijing_today
from app.core.ids import new_id
from app.store.checklists import current_checklists
from app.store.db import open_database, schema_version
from app.store.inspection_records import get_inspection
from app.store.notices import issue_notice, notice_register
from app.store.profile import get_profile, save_profile
from app.store.tasks import TaskError, cancel_task, get_task, start_task, task_board
from app.sync.assignment import write_assignment, write_assignment_again
from app.sync.devices import local_device, local_keys
from app.sync.errors import DeviceError
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from app.sync.task_records import TaskVersion, task_conflicts, task_record, winner_and_losers
from tests.helpers.sync_edits import complete
from tests.helpers.sync_hostile import forge
from tests.helpers.sync_world import enrol_both, make_device
from tests.helpers.task_world import (
    FORM,
    OFFICE_CODE,
    device_id,
    dump,
    give_task,
    make_laptop,
    make_office,
    new_checklist_version,
    office_site,
)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    db = make_office(tmp_path / "office" / "street-audit.db")
    yield db
    db.close()


@pytest.fixture
def laptop(tmp_path: Path, office: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    db = make_laptop(tmp_path / "laptop" / "street-audit.db", office)
    yield db
    db.close()


def _assign(office: sqlite_utils.Database, laptop: sqlite_utils.Database, out: Path,
            **kwargs: object) -> Path:
    result = write_assignment(office, out, device_id(laptop), actor="李主任", **kwargs)  # type: ignore[arg-type]
    assert result is not None
    return result.paths[0]


def test_an_assignment_brings_tasks_checklists_sites_and_numbers(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    version = new_checklist_version(office)
    noodles = office_site(office, "老北京面馆")
    office_site(office, "好邻居便利店")
    haidian = office_site(office, "中关村地下旅馆", district="110108")
    today = give_task(office, laptop, noodles, notes="群众举报占道")
    overdue = give_task(office, laptop, haidian, days=-2)
    later = give_task(office, laptop, noodles, days=3)
    path = _assign(office, laptop, tmp_path / "out")
    assert path.name == (f"sa-assignment-{device_id(office)}-to-{device_id(laptop)}"
                         "-000001.sabundle")

    result = merge_bundle(laptop, path)
    assert result.status == "merged", result.reason
    assert result.counts["tasks"] == 3 and result.counts["notice_blocks"] == 1
    board = task_board(laptop, beijing_today(), device_id(laptop))
    assert [r.task.id for r in board.overdue] == [overdue.id]
    assert [r.task.id for r in board.due_today] == [today.id]
    assert [r.task.id for r in board.later] == [later.id]
    assert board.due_today[0].site_name == "老北京面馆"
    assert board.due_today[0].task.notes == "群众举报占道"
    # The district's sites, and the other district's one a task names; nothing else.
    names = {r[0] for r in laptop.execute("SELECT name FROM sites")}
    assert names == {"老北京面馆", "好邻居便利店", "中关村地下旅馆"}
    # The new checklist version is the laptop's newest: the task's inspection uses it.
    assert {c.version for c in current_checklists(laptop) if c.id == FORM} == {version}
    started = start_task(laptop, today.id)
    assert get_inspection(laptop, started.inspection_id).form_version == version
    # The numbers: granted to this laptop, and the laptop takes the office's 机关代字.
    assert get_profile(laptop).office_code == OFFICE_CODE  # type: ignore[union-attr]
    block = laptop.execute("SELECT first, last, device_id FROM notice_number_blocks").fetchall()
    assert block == [(1, 20, device_id(laptop))]


def test_merging_an_assignment_twice_changes_nothing(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    give_task(office, laptop, office_site(office, "老北京面馆"))
    path = _assign(office, laptop, tmp_path / "out")
    assert merge_bundle(laptop, path).status == "merged"
    after = dump(laptop)
    assert merge_bundle(laptop, path).status == "already"
    again = write_assignment_again(office, device_id(laptop), 1, tmp_path / "again")
    assert again.bundle_id == laptop.execute(
        "SELECT bundle_id FROM sync_log WHERE direction = 'in'").fetchone()[0]
    assert merge_bundle(laptop, again.paths[0]).status == "already"
    assert dump(laptop) == after
    # Nothing new: the next assignment is empty (or not written at all when asked so).
    assert write_assignment(office, tmp_path / "out", device_id(laptop),
                            skip_empty=True) is None
    empty = write_assignment(office, tmp_path / "out", device_id(laptop))
    assert empty is not None and empty.seq == 2 and not any(empty.counts.values())
    assert merge_bundle(laptop, empty.paths[0]).status == "merged"
    assert dump(laptop) == after


def test_assignments_are_numbered_per_device(tmp_path: Path, office: sqlite_utils.Database,
                                             laptop: sqlite_utils.Database) -> None:
    other = make_laptop(tmp_path / "other" / "street-audit.db", office, "赵巡查")
    try:
        site = office_site(office, "老北京面馆")
        for _ in range(2):
            give_task(office, laptop, site)
            give_task(office, other, site)
            assert merge_bundle(laptop, _assign(office, laptop, tmp_path / "a")).status == "merged"
            assert merge_bundle(other, _assign(office, other, tmp_path / "b")).status == "merged"
        for db in (laptop, other):
            seqs = [r[0] for r in db.execute("SELECT seq FROM sync_log WHERE direction = 'in' "
                                             "ORDER BY seq")]
            assert seqs == [1, 2]  # no gap where the office wrote to the other laptop
        # Each laptop has its own tasks only.
        assert {r[0] for r in other.execute("SELECT assigned_to FROM tasks")} == {
            device_id(other)}
    finally:
        other.close()


def test_an_assignment_from_an_unknown_office_is_refused(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    stranger = make_office(tmp_path / "stranger" / "street-audit.db", "海淀区城管执法局")
    try:
        # The stranger knows the laptop's keys, but the laptop never enrolled the stranger.
        from app.sync.devices import enrol_device
        from app.sync.keys import parse_public_key, public_key_text

        me = local_device(laptop)
        enrol_device(stranger, parse_public_key(
            public_key_text(local_keys(laptop), me.label, me.role).encode(), "key.json"))
        give_task(stranger, laptop, office_site(stranger, "冒名场所"))
        before = dump(laptop)
        result = merge_bundle(laptop, _assign(stranger, laptop, tmp_path / "out"))
        assert (result.status, result.code) == ("refused", "unknown_sender")
        assert "未登记" in result.reason.zh  # type: ignore[union-attr]
        assert dump(laptop) == before
    finally:
        stranger.close()


def test_an_assignment_from_a_field_device_is_refused(
        tmp_path: Path, laptop: sqlite_utils.Database) -> None:
    """Only an office's or a team lead's device gives work: a laptop enrolled as a field device
    that calls itself an office is refused, with nothing written."""
    rogue = make_device(tmp_path / "rogue" / "street-audit.db", "field", "冒充者")
    try:
        enrol_both(rogue, laptop)  # the laptop knows it as a field device
        save_profile(rogue, replace(get_profile(rogue), role="office"))  # type: ignore[type-var]
        site = office_site(rogue, "冒名场所")
        give_task(rogue, laptop, site)
        before = dump(laptop)
        result = merge_bundle(laptop, _assign(rogue, laptop, tmp_path / "out"))
        assert (result.status, result.code) == ("refused", "not_an_office")
        assert dump(laptop) == before
    finally:
        rogue.close()


def test_a_field_database_writes_no_assignment(tmp_path: Path, office: sqlite_utils.Database,
                                               laptop: sqlite_utils.Database) -> None:
    with pytest.raises(DeviceError):
        write_assignment(laptop, tmp_path / "out", device_id(office))
    with pytest.raises(TaskError):
        give_task(laptop, office, office_site(laptop, "自己派的"))


def test_the_task_state_comes_back_to_the_office(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    task = give_task(office, laptop, office_site(office, "老北京面馆"))
    assert merge_bundle(laptop, _assign(office, laptop, tmp_path / "out")).status == "merged"
    started = start_task(laptop, task.id)
    assert started.new and get_task(laptop, task.id).state == "started"
    # Starting it again gives the same inspection (the window's "continue").
    assert start_task(laptop, task.id).inspection_id == started.inspection_id
    first = export_bundle(laptop, tmp_path / "up")
    assert first.counts["task"] == 1
    assert merge_bundle(office, first.paths[0]).status == "merged"
    at_office = get_task(office, task.id)
    assert (at_office.state, at_office.started_inspection_id) == ("started",
                                                                  started.inspection_id)
    complete(laptop, started.inspection_id)  # the window or the CLI: the task is done
    assert get_task(laptop, task.id).state == "done"
    second = export_bundle(laptop, tmp_path / "up")
    assert second.counts["task"] == 1
    assert merge_bundle(office, second.paths[0]).status == "merged"
    done = get_task(office, task.id)
    assert done.state == "done" and done.rev == get_task(laptop, task.id).rev
    assert task_board(office, beijing_today()).rows() == ()
    # Nothing of it goes back to the laptop: the office holds what the laptop sent.
    assert write_assignment(office, tmp_path / "out", device_id(laptop), skip_empty=True,
                            numbers=0) is None


def test_bundles_merged_in_either_order_give_the_same_task(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    task = give_task(office, laptop, office_site(office, "老北京面馆"))
    assert merge_bundle(laptop, _assign(office, laptop, tmp_path / "out")).status == "merged"
    started = start_task(laptop, task.id)
    first = export_bundle(laptop, tmp_path / "up").paths[0]
    complete(laptop, started.inspection_id)
    second = export_bundle(laptop, tmp_path / "up").paths[0]
    # The same office twice (a copy, keys and all), the bundles merged in the two orders.
    twin_path = tmp_path / "twin" / "street-audit.db"
    twin_path.parent.mkdir()
    office.execute("VACUUM INTO ?", (str(twin_path),))
    shutil.copytree(tmp_path / "office" / "street-audit-keys",
                    twin_path.parent / "street-audit-keys")
    twin = open_database(twin_path)
    try:
        for db, order in ((office, (first, second)), (twin, (second, first))):
            for path in order:
                assert merge_bundle(db, path).status == "merged"
            assert merge_bundle(db, order[0]).status == "already"
        assert dump(office)["tasks"] == dump(twin)["tasks"]
        assert dump(office)["task_versions"] == dump(twin)["task_versions"]
        assert get_task(twin, task.id).state == "done"
    finally:
        twin.close()


def test_a_cancelled_task_stays_cancelled(tmp_path: Path, office: sqlite_utils.Database,
                                          laptop: sqlite_utils.Database) -> None:
    task = give_task(office, laptop, office_site(office, "老北京面馆"))
    assert merge_bundle(laptop, _assign(office, laptop, tmp_path / "out")).status == "merged"
    # Meanwhile: the office cancels it, and the laptop (not knowing) does it.
    cancel_task(office, task.id, "场所已拆除", "李主任")
    started = start_task(laptop, task.id)
    complete(laptop, started.inspection_id)
    assert get_task(laptop, task.id).rev > get_task(office, task.id).rev  # done is "later"
    field = export_bundle(laptop, tmp_path / "up").paths[0]
    cancel = _assign(office, laptop, tmp_path / "out", numbers=0)
    assert merge_bundle(office, field).status == "merged"
    assert merge_bundle(laptop, cancel).status == "merged"
    for db in (office, laptop):
        assert get_task(db, task.id).state == "cancelled"
    # The laptop's "done" is not lost: it is the losing version, kept and listed.
    lost = task_conflicts(office, task.id)
    assert [v.content["state"] for v in lost] == ["done"]
    assert lost[0].content["started_inspection_id"] == started.inspection_id
    with pytest.raises(TaskError):
        start_task(laptop, task.id)
    # Cancelling again changes nothing; a done task cannot be cancelled.
    assert cancel_task(office, task.id).rev == get_task(office, task.id).rev
    done = give_task(office, laptop, task.site_id)
    assert merge_bundle(laptop, _assign(office, laptop, tmp_path / "out")).status == "merged"
    complete(laptop, start_task(laptop, done.id).inspection_id)
    with pytest.raises(TaskError):
        cancel_task(laptop, done.id)


def _version(vid: str, rev: int, state: str, base: str | None = None) -> TaskVersion:
    return TaskVersion("t", vid, rev, base, "d", {"state": state})


def test_the_winner_is_the_highest_leaf_and_cancelled_wins() -> None:
    one = _version("01-a", 1, "open")
    started = _version("02-b", 2, "started", "01-a")
    edited = _version("03-c", 2, "open", "01-a")  # the same base, a higher version id
    winner, losers = winner_and_losers([one, started, edited])
    assert (winner.vid, [v.vid for v in losers]) == ("03-c", ["02-b"])
    done = _version("04-d", 3, "done", "02-b")
    winner, losers = winner_and_losers([one, started, edited, done])
    assert (winner.vid, [v.vid for v in losers]) == ("04-d", ["03-c"])
    cancelled = _version("00-e", 2, "cancelled", "01-a")
    winner, losers = winner_and_losers([done, one, cancelled, edited, started])
    assert (winner.vid, sorted(v.vid for v in losers)) == ("00-e", ["03-c", "04-d"])


def test_blocks_arrive_and_number_the_laptops_notices(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    other = make_laptop(tmp_path / "other" / "street-audit.db", office, "赵巡查")
    try:
        inspections = {}
        for db in (laptop, other):
            task = give_task(office, db, office_site(office, f"场所{device_id(db)[-4:]}"))
            assert merge_bundle(db, _assign(office, db, tmp_path / "out")).status == "merged"
            inspections[device_id(db)] = start_task(db, task.id).inspection_id
            complete(db, inspections[device_id(db)])
        # Without a block a laptop enrolled to an office may not number on its own...
        # ...with one, its notices take the block's numbers, in order.
        first = issue_notice(laptop, inspections[device_id(laptop)], OFFICE_CODE)
        second = issue_notice(other, inspections[device_id(other)], OFFICE_CODE)
        assert (first.number, second.number) == (1, 21)
        assert (first.device_id, second.device_id) == (device_id(laptop), device_id(other))
        year = first.year
        # The notices go back with the next field bundles; the office's register then shows
        # every number issued or still unused under its device: gap-free.
        for db in (laptop, other):
            up = export_bundle(db, tmp_path / "up")
            assert up.counts["notice"] == 1 and up.counts["notice_block"] == 1
            result = merge_bundle(office, up.paths[0])
            assert result.status == "merged", result.reason
            assert result.counts["notices"] == 1
        register = notice_register(office, OFFICE_CODE, year)
        assert [line.number for line in register] == list(range(1, 41))
        states = {line.number: (line.state, line.device_id) for line in register}
        assert states[1] == ("issued", device_id(laptop))
        assert states[21] == ("issued", device_id(other))
        assert states[2] == ("unused", device_id(laptop))
        # A voided notice comes back voided; the number stays used.
        from app.store.notices import void_notice

        void_notice(laptop, first.id, "当事人名称写错", "王巡查")
        up = export_bundle(laptop, tmp_path / "up")
        assert up.counts["notice"] == 1
        assert merge_bundle(office, up.paths[0]).status == "merged"
        assert notice_register(office, OFFICE_CODE, year)[0].state == "voided"
        # The office knows the laptop still holds unused numbers: no block is granted.
        nothing = write_assignment(office, tmp_path / "out", device_id(laptop))
        assert nothing is not None and nothing.granted is None
        assert nothing.counts["notice_block"] == 0
    finally:
        other.close()


def test_a_block_overlapping_one_held_is_refused(tmp_path: Path,
                                                office: sqlite_utils.Database) -> None:
    """A laptop that numbered its own notices while standalone, enrolled afterwards at an
    office that had granted the same numbers: refused loudly, never a duplicate number."""
    standalone = make_device(tmp_path / "alone" / "street-audit.db", "field", "孙巡查")
    try:
        from app.store.sites import SiteDraft, create_site

        site = create_site(standalone, SiteDraft("110105", name="独立场所"), "孙巡查").id
        from app.store.inspections import start_inspection

        inspection = start_inspection(standalone, FORM, site, get_profile(standalone)).id
        complete(standalone, inspection)
        assert issue_notice(standalone, inspection, OFFICE_CODE).number == 1
        enrol_both(standalone, office)
        laptop2 = make_laptop(tmp_path / "l2" / "street-audit.db", office, "赵巡查")
        try:
            give_task(office, laptop2, office_site(office, "老北京面馆"))
            _assign(office, laptop2, tmp_path / "out")  # grants numbers 1-20 to laptop2
        finally:
            laptop2.close()
        before = dump(office)
        result = merge_bundle(office, export_bundle(standalone, tmp_path / "up").paths[0])
        assert (result.status, result.code) == ("refused", "block_overlap")
        assert dump(office) == before
    finally:
        standalone.close()


def test_a_task_that_is_not_the_senders_is_refused(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    """A laptop may send only its own tasks: one naming another device, signed and encrypted
    properly, is refused before anything is written."""
    other = make_laptop(tmp_path / "other" / "street-audit.db", office, "赵巡查")
    try:
        task = give_task(office, other, office_site(office, "老北京面馆"))
        assert merge_bundle(other, _assign(office, other, tmp_path / "o")).status == "merged"
        record = task_record(other, str(other.execute("SELECT vid FROM tasks").fetchone()[0]))
        assert record is not None
        content = {**record["content"], "notes": "改了别人的任务", "rev": 2}
        forged = {**record, "vid": new_id(), "rev": 2, "base_vid": record["vid"],
                  "device": device_id(laptop), "content": content}
        office_device = local_device(office)
        before = dump(office)
        path = forge(tmp_path / "forged", local_keys(laptop), office_device.enc_public,
                     office_device.id, 1, [forged], schema_version=schema_version(office))
        result = merge_bundle(office, path)
        assert (result.status, result.code) == ("refused", "task_not_yours")
        assert dump(office) == before and get_task(office, task.id).notes == ""
        # A task record of the wrong shape is refused too.
        broken = {**forged, "content": {**content, "state": "finished"}}
        path = forge(tmp_path / "forged2", local_keys(laptop), office_device.enc_public,
                     office_device.id, 1, [broken], schema_version=schema_version(office))
        result = merge_bundle(office, path)
        assert (result.status, result.code) == ("refused", "bad_payload")
    finally:
        other.close()


def test_the_site_registry_goes_once_then_only_what_changed(
        tmp_path: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database) -> None:
    from tests.helpers.sync_edits import rename_site

    noodles = office_site(office, "老北京面馆")
    shop = office_site(office, "好邻居便利店")
    office_site(office, "中关村地下旅馆", district="110108")
    first = write_assignment(office, tmp_path / "out", device_id(laptop), numbers=0)
    assert first is not None and first.counts["site"] == 2
    assert merge_bundle(laptop, first.paths[0]).status == "merged"
    # The office renames one site: only that one goes next time.
    rename_site(office, noodles, "老北京炸酱面馆")
    second = write_assignment(office, tmp_path / "out", device_id(laptop), numbers=0)
    assert second is not None and second.counts == {"task": 0, "site": 1, "forms": 0,
                                                    "notice_block": 0}
    assert merge_bundle(laptop, second.paths[0]).status == "merged"
    assert laptop.execute("SELECT name FROM sites WHERE id = ?", (noodles,)).fetchone()[0] == (
        "老北京炸酱面馆")
    # The laptop renames the other: the office takes it and does not send it back.
    rename_site(laptop, shop, "好邻居便利店（三里屯店）")
    assert merge_bundle(office, export_bundle(laptop, tmp_path / "up").paths[0]).status == (
        "merged")
    assert write_assignment(office, tmp_path / "out", device_id(laptop), numbers=0,
                            skip_empty=True) is None
