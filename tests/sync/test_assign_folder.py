"""The sync folder (issue 10.3): two databases meet only in a shared folder — laptop → office
→ laptop — each `sync run` merging what is addressed to it and writing its own; no database is
ever opened there, and folders that would mix bundles with the database are refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from app.store.db import connection_path
from app.store.profile import get_setting
from app.store.tasks import get_task, start_task, task_board
from app.sync.errors import DeviceError
from app.sync.folder import (
    SYNC_FOLDER,
    SyncFolderRefused,
    get_sync_folder,
    set_sync_folder,
    sync_run,
)
from tests.helpers.sync_edits import complete
from tests.helpers.task_world import device_id, give_task, make_laptop, make_office, office_site


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


@pytest.fixture
def stick(tmp_path: Path, office: sqlite_utils.Database,
          laptop: sqlite_utils.Database) -> Path:
    """A USB stick both databases are pointed at."""
    folder = tmp_path / "usb"
    folder.mkdir()
    for db in (office, laptop):
        assert set_sync_folder(db, folder, "王巡查") == folder.resolve()
    return folder


def test_laptop_office_laptop_through_one_folder(
        stick: Path, office: sqlite_utils.Database, laptop: sqlite_utils.Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_connect = sqlite3.connect

    def connect(path: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(str(path))
        return real_connect(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    task = give_task(office, laptop, office_site(office, "老北京面馆"), notes="带上卷尺")

    # The office: nothing to merge yet; the laptop's assignment is written to its outbox.
    first = sync_run(office, "李主任")
    assert (first.merged, first.already, first.others) == ([], 0, 0)
    assert [w.seq for w in first.written] == [1]
    outbox = stick / f"outbox-{device_id(office)}"
    assert first.written[0].paths[0].parent == outbox

    # The laptop: the assignment is merged; it has nothing of its own to send yet.
    second = sync_run(laptop, "王巡查")
    assert [(r.status, r.seq) for r in second.merged] == [("merged", 1)]
    assert second.merged[0].counts["tasks"] == 1 and second.written == []
    board = task_board(laptop, date.fromisoformat(task.due_on), device_id(laptop))
    assert [r.task.id for r in board.due_today] == [task.id]
    assert board.due_today[0].task.notes == "带上卷尺"

    # The laptop works: the task is started and its inspection completed.
    started = start_task(laptop, task.id)
    complete(laptop, started.inspection_id)
    third = sync_run(laptop, "王巡查")
    assert third.merged == [] and third.already == 1  # the assignment is not merged again
    assert [w.seq for w in third.written] == [1]
    assert third.written[0].paths[0].parent == stick / f"outbox-{device_id(laptop)}"

    # The office merges the laptop's bundle: the task is done there, with its inspection.
    fourth = sync_run(office, "李主任")
    assert [(r.status, r.sender) for r in fourth.merged] == [("merged", device_id(laptop))]
    assert fourth.merged[0].counts["tasks"] == 1
    done = get_task(office, task.id)
    assert (done.state, done.started_inspection_id) == ("done", started.inspection_id)
    assert fourth.written == []  # nothing new for the laptop (it still holds 19 numbers)

    # Round trip closed: nothing left to merge or to write on either side.
    for db in (laptop, office):
        last = sync_run(db)
        assert last.merged == [] and last.written == [] and last.already >= 1
    # Only the two databases themselves were ever opened, never anything in the folder.
    assert not [p for p in opened if str(stick.resolve()) in str(Path(p).resolve())]


def test_a_bundle_for_another_device_is_left_alone_and_a_bad_one_reported(
        tmp_path: Path, stick: Path, office: sqlite_utils.Database,
        laptop: sqlite_utils.Database) -> None:
    other = make_laptop(tmp_path / "other" / "street-audit.db", office, "赵巡查")
    try:
        site = office_site(office, "老北京面馆")
        give_task(office, laptop, site)
        give_task(office, other, site)
        assert len(sync_run(office).written) == 2
        # Something that only looks like a bundle, and a database someone left there.
        (stick / "sa-field-x-000001.sabundle").write_bytes(b"SQLite format 3\x00" + bytes(200))
        stray = stick / "street-audit.db"
        stray.write_bytes(b"SQLite format 3\x00" + bytes(100))
        report = sync_run(laptop)
        merged = [r for r in report.merged if r.status == "merged"]
        assert [r.seq for r in merged] == [1] and report.others == 1
        assert [(r.path.name, r.code) for r in report.refused] == [
            ("sa-field-x-000001.sabundle", "broken_zip")]
        assert stray.read_bytes() == b"SQLite format 3\x00" + bytes(100)
        assert {r[0] for r in laptop.execute("SELECT assigned_to FROM tasks")} == {
            device_id(laptop)}
    finally:
        other.close()


def test_folders_that_would_mix_bundles_with_the_database_are_refused(
        tmp_path: Path, laptop: sqlite_utils.Database) -> None:
    db_path = connection_path(laptop.conn)
    photos = db_path.parent / "street-audit-photos" / "inbox"
    photos.mkdir(parents=True)
    keys = db_path.parent / "street-audit-keys"
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for bad in (db_path.parent, photos, photos.parent, keys, a_file, tmp_path / "missing"):
        with pytest.raises(SyncFolderRefused):
            set_sync_folder(laptop, bad)
    assert get_sync_folder(laptop) is None
    with pytest.raises(DeviceError, match="sync folder set"):
        sync_run(laptop)
    # A folder that was fine when set but is gone (the stick pulled out) is said so.
    stick = tmp_path / "usb"
    stick.mkdir()
    set_sync_folder(laptop, stick)
    assert get_setting(laptop, SYNC_FOLDER) == str(stick.resolve())
    stick.rmdir()
    with pytest.raises(DeviceError, match="U 盘"):
        sync_run(laptop)
