"""`assign`, `tasks` and `sync` on the command line, as an office and an inspector use them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core.clock import beijing_today
from app.store.db import connection_path
from tests.helpers.task_world import device_id, make_laptop, make_office, office_site


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_assign_merge_list_start_cancel(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    office = make_office(tmp_path / "office" / "street-audit.db")
    laptop = make_laptop(tmp_path / "laptop" / "street-audit.db", office)
    site = office_site(office, "老北京面馆")
    lap_id = device_id(laptop)
    o, lap = str(connection_path(office.conn)), str(connection_path(laptop.conn))
    office.close()
    laptop.close()
    today = beijing_today().isoformat()

    made = _json(capsys, "assign", "--db", o, "--to", lap_id, "--site", site, "--form",
                 "street_order", "--due", today, "--notes", "复查门前三包")
    task_id = made["task"]["id"]
    assert made["task"]["state"] == "open" and "bundle" not in made
    written = _json(capsys, "assign", "--db", o, "--device", lap_id, "--out",
                    str(tmp_path / "out"))
    bundle = written["bundle"]
    assert bundle["seq"] == 1 and bundle["counts"]["task"] == 1
    assert bundle["granted"]["first"] == 1
    assert main(["merge", "--db", lap, bundle["files"][0]]) == 0

    board = _json(capsys, "tasks", "list", "--db", lap)
    assert [t["id"] for t in board["due_today"]] == [task_id]
    assert board["due_today"][0]["notes"] == "复查门前三包"
    assert board["overdue"] == [] and board["later"] == []
    capsys.readouterr()
    assert main(["tasks", "list", "--db", lap]) == 0
    human = capsys.readouterr().out
    assert "今日任务" in human and "老北京面馆" in human and "逾期" in human

    started = _json(capsys, "tasks", "start", "--db", lap, task_id)
    assert started["new"] and started["state"] == "started"
    again = _json(capsys, "tasks", "start", "--db", lap, task_id)
    assert again["inspection_id"] == started["inspection_id"] and not again["new"]

    cancelled = _json(capsys, "tasks", "cancel", "--db", o, task_id, "--reason", "已拆除")
    assert cancelled["state"] == "cancelled"
    everything = _json(capsys, "tasks", "list", "--db", o, "--all")
    assert [(t["id"], t["state"]) for t in everything["tasks"]] == [(task_id, "cancelled")]
    # An unknown task is input refused (exit 3); a field database gives no tasks.
    assert main(["tasks", "start", "--db", lap, "no-such-task"]) == 3
    assert main(["assign", "--db", lap, "--to", lap_id, "--site", site, "--form",
                 "street_order", "--due", today]) == 3


@pytest.mark.parametrize("argv", [
    ["--to", "X"],  # neither a task nor --out
    ["--to", "X", "--site", "S", "--form", "street_order"],  # no --due
    ["--to", "X", "--site", "S", "--form", "F", "--due", "2026-13-01"],
    ["--to", "X", "--site", "S", "--form", "F", "--due", "2026-01-01", "--again", "1"],
    ["--site", "S", "--out", "d"],  # no device
])
def test_assign_usage_errors(argv: list[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["assign", "--db", str(tmp_path / "x.db"), *argv])
    assert exited.value.code == 2


def test_sync_folder_and_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = make_office(tmp_path / "office" / "street-audit.db")
    laptop = make_laptop(tmp_path / "laptop" / "street-audit.db", office)
    o, lap = str(connection_path(office.conn)), str(connection_path(laptop.conn))
    office.close()
    laptop.close()
    stick = tmp_path / "usb"
    stick.mkdir()
    assert _json(capsys, "sync", "folder", "--db", lap) == {"folder": None}
    for db in (o, lap):
        assert _json(capsys, "sync", "folder", "set", str(stick), "--db", db)["folder"] == str(
            stick.resolve())
    assert _json(capsys, "sync", "folder", "--db", lap)["folder"] == str(stick.resolve())
    ran = _json(capsys, "sync", "run", "--db", o)
    assert [w["kind"] for w in ran["written"]] == ["assignment"]  # forms, sites, numbers
    ran = _json(capsys, "sync", "run", "--db", lap)
    assert [m["status"] for m in ran["merged"]] == ["merged"] and ran["written"] == []
    capsys.readouterr()
    assert main(["sync", "run", "--db", lap]) == 0
    assert "早已合并 1" in capsys.readouterr().out
    # The database's own folder is refused (exit 3); a bad bundle makes the run exit 3.
    assert main(["sync", "folder", "set", str(Path(lap).parent), "--db", lap]) == 3
    (stick / "sa-field-bad-000001.sabundle").write_bytes(b"not a zip")
    assert main(["sync", "run", "--db", lap]) == 3
    assert "拒收 sa-field-bad-000001.sabundle" in capsys.readouterr().out
    assert main(["sync", "folder", "clear", "--db", lap]) == 0
    with pytest.raises(SystemExit) as exited:
        main(["sync", "folder", "put", str(stick), "--db", lap])
    assert exited.value.code == 2
