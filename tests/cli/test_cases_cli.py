"""`cases list|show|file|order|refer|cancel|reopen`: current cases, steps with who/when/evidence,
refusals naming the state and the steps allowed (exit 3)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest

from app.cli import main
from app.core.clock import beijing_today, format_utc
from app.store.cases import case_photos, list_cases
from tests.helpers.case_world import CaseWorld, add_shop, beijing, inspect, open_case_world


@pytest.fixture
def world(tmp_path: Path) -> CaseWorld:
    w = open_case_world(tmp_path / "cases.db")
    return w


def run(capsys: pytest.CaptureFixture[str], world: CaseWorld, *args: str) -> tuple[int, str, str]:
    code = main(["cases", *args, "--db", str(world.path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_and_show_after_completing(world: CaseWorld,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    shop = add_shop(world, "张记")
    found = inspect(world, shop, "2025-12-01 10:00", goods_out=True)
    code, out, _err = run(capsys, world, "list", "--json")
    assert code == 0
    [case] = json.loads(out)["cases"]
    assert (case["site_id"], case["item_id"], case["state"]) == (shop, "goods_out", "found")
    assert case["site_name"] == "张记"
    code, out, _err = run(capsys, world, "show", case["id"], "--json")
    shown = json.loads(out)
    [event] = shown["events"]
    assert (event["action"], event["actor"], event["inspection_id"]) == (
        "open", world.profile.inspector_name, found)
    assert event["at"] == format_utc(beijing("2025-12-01 10:00"))
    assert shown["allowed_steps"] == ["file", "order", "refer", "cancel"]
    code, out, _err = run(capsys, world, "show", case["id"])
    assert "发现" in out and "2025-12-01 10:00" in out and world.profile.inspector_name in out
    # By site and by state; an unknown id is refused.
    assert json.loads(run(capsys, world, "list", "--site", shop, "--json")[1])["cases"]
    assert json.loads(run(capsys, world, "list", "--state", "closed", "--json")[1])["cases"] \
        == []
    code, _out, err = run(capsys, world, "show", "nope")
    assert code == 3 and "找不到案件" in err


def test_steps_and_refusals(world: CaseWorld, capsys: pytest.CaptureFixture[str]) -> None:
    shop = add_shop(world, "李家")
    inspect(world, shop, "2025-12-01 10:00", no_licence=True)
    [case] = list_cases(world.db)
    code, out, err = run(capsys, world, "reopen", case.id, "--reason", "再查")
    assert code == 3
    assert "发现" in err and "可以：立案、责令限期整改、移送、撤销" in err, err
    assert "allowed in this state: file" in err
    code, out, _err = run(capsys, world, "order", case.id, "--json")
    assert code == 0, _err
    ordered = json.loads(out)
    assert ordered["state"] == "ordered" and ordered["deadline"] and ordered["notice_no"]
    code, _out, _err = run(capsys, world, "refer", case.id, "--to", "市场监管所")
    assert code == 0
    code, _out, err = run(capsys, world, "cancel", case.id, "--reason", "重复")
    assert code == 3 and "移送" in err and "重新打开" in err
    assert run(capsys, world, "reopen", case.id, "--reason", "未移交")[0] == 0
    assert run(capsys, world, "cancel", case.id, "--reason", "重复登记")[0] == 0
    shown = json.loads(run(capsys, world, "show", case.id, "--json")[1])
    assert [e["action"] for e in shown["events"]] == [
        "open", "file", "order", "refer", "reopen", "cancel"]
    assert shown["events"][3]["referred_to"] == "市场监管所"
    assert shown["events"][5]["reason"] == "重复登记"
    # Usage errors: a missing reason.
    with pytest.raises(SystemExit) as exited:
        main(["cases", "cancel", case.id, "--db", str(world.path)])
    assert exited.value.code == 2


def test_overdue_lists_only_passed_deadlines(world: CaseWorld,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    late, fresh = add_shop(world, "甲"), add_shop(world, "乙")
    inspect(world, late, "2025-12-01 10:00", goods_out=True)
    inspect(world, fresh, "2025-12-01 11:00", goods_out=True)
    by_site = {c.site_id: c for c in list_cases(world.db)}
    stamp = format_utc(beijing("2025-12-02 09:00"))
    with mock.patch("app.store.cases.utc_now", return_value=stamp):
        assert main(["cases", "order", by_site[late].id, "--db", str(world.path)]) == 0
    capsys.readouterr()
    # The notice is dated today: a month on, its 3-day deadline has passed.
    later = beijing_today() + timedelta(days=30)
    with mock.patch("app.core.clock.beijing_today", return_value=later):
        code, out, _err = run(capsys, world, "list", "--overdue", "--json")
    assert code == 0
    assert [c["site_id"] for c in json.loads(out)["cases"]] == [late]


def test_case_photos_before_and_after(world: CaseWorld) -> None:
    shop = add_shop(world, "丙")
    inspect(world, shop, "2025-12-01 10:00", goods_out=True)
    [case] = list_cases(world.db)
    assert case_photos(world.db, case.id).after == ()
    closing = inspect(world, shop, "2025-12-09 10:00")
    [case] = list_cases(world.db)
    photos = case_photos(world.db, case.id)
    assert case.state == "closed"
    assert (photos.before_inspection_id, photos.after_inspection_id) == (
        case.opened_inspection_id, closing)
