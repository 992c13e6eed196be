"""Cases from inspections: opened, joined, re-inspected, closed, rebounds; people's steps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from app.core import cases as r
from app.core.clock import format_utc
from app.store.cases import (
    Case,
    CaseError,
    cancel_case,
    case_events,
    file_case,
    list_cases,
    order_case,
    refer_case,
    reinspections_due,
    reopen_case,
    start_rectification,
    update_cases,
)
from tests.helpers.case_world import CaseWorld, add_shop, beijing, inspect, open_case_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[CaseWorld]:
    w = open_case_world(tmp_path / "cases.db")
    yield w
    w.db.close()


def at(when: str) -> Any:
    return mock.patch("app.store.cases.utc_now", return_value=format_utc(beijing(when)))


def by_kind(world: CaseWorld) -> dict[tuple[str, int], Case]:
    return {(c.item_id, c.generation): c for c in list_cases(world.db)}


def test_a_finding_opens_a_case_and_a_later_one_joins_it(world: CaseWorld) -> None:
    shop = add_shop(world, "张记")
    first = inspect(world, shop, "2025-12-01 10:00", goods_out=True)
    # Completing the inspection opened the case in its own transaction: nothing left queued.
    assert [c.opened_inspection_id for c in list_cases(world.db)] == [first]
    assert world.db.execute("SELECT count(*) FROM case_queue").fetchone()[0] == 0
    assert update_cases(world.db) == 0
    second = inspect(world, shop, "2025-12-03 10:00", goods_out=True)
    update_cases(world.db)
    [case] = list_cases(world.db)
    assert (case.state, case.opened_inspection_id, case.failed_reinspections) == (
        r.FOUND, first, 1)
    events = case_events(world.db, case.id)
    assert [(e.action, e.inspection_id, e.result) for e in events] == [
        (r.OPEN, first, None), (r.REINSPECT, second, r.FAIL)]
    assert events[0].actor == world.profile.inspector_name
    # Nothing is added twice however often it runs, and the queue is empty after.
    assert update_cases(world.db) == 0


def test_order_sets_the_deadline_from_the_finding(world: CaseWorld) -> None:
    shop = add_shop(world, "李家")
    inspect(world, shop, "2025-12-20 10:00", goods_out=True, no_licence=True)
    update_cases(world.db)
    cases = by_kind(world)
    with at("2025-12-29 09:00"):
        goods = order_case(world.db, cases[("goods_out", 0)].id, "朝阳城管责改", "王建国",
                           issue_date=date(2025, 12, 29))
        licence = order_case(world.db, cases[("no_licence", 0)].id, "朝阳城管责改", "王建国",
                             issue_date=date(2025, 12, 29))
    # goods_out: the finding's own 3 days; no_licence: the checklist's 15 days (across the year).
    assert (goods.state, goods.deadline) == (r.ORDERED, "2026-01-01")
    assert (licence.state, licence.deadline) == (r.ORDERED, "2026-01-13")
    assert goods.notice_no == licence.notice_no == "朝阳城管责改〔2025〕第1号"
    actions = [e.action for e in case_events(world.db, goods.id)]
    assert actions == [r.OPEN, r.FILE, r.ORDER]
    assert [c.id for c in list_cases(world.db, overdue_as_of=date(2026, 1, 2))] == [goods.id]
    assert [x.case_id for x in reinspections_due(world.db, date(2026, 1, 1))] == [goods.id]
    assert {x.case_id for x in reinspections_due(world.db, date(2026, 1, 13))} == {
        goods.id, licence.id}


def test_reinspection_closes_and_a_new_finding_rebounds(world: CaseWorld) -> None:
    shop = add_shop(world, "王记")
    inspect(world, shop, "2025-11-01 10:00", goods_out=True)
    update_cases(world.db)
    [case] = list_cases(world.db)
    with at("2025-11-02 10:00"):
        order_case(world.db, case.id, "朝阳城管责改", "王建国", issue_date=date(2025, 11, 2))
    with at("2025-11-03 10:00"):
        start_rectification(world.db, case.id, "王建国")
    inspect(world, shop, "2025-11-06 10:00")  # gone: 复查 → 销号
    update_cases(world.db)
    closed = by_kind(world)[("goods_out", 0)]
    assert closed.state == r.CLOSED and closed.closed_at == format_utc(beijing("2025-11-06 10:00"))
    inspect(world, shop, "2025-12-01 10:00", goods_out=True)  # back: 反弹
    update_cases(world.db)
    rebound = by_kind(world)[("goods_out", 1)]
    assert rebound.rebound_of == closed.id and rebound.state == r.FOUND
    assert by_kind(world)[("goods_out", 0)].state == r.CLOSED


def test_a_cancelled_case_is_not_a_rebound(world: CaseWorld) -> None:
    shop = add_shop(world, "赵家")
    inspect(world, shop, "2025-11-01 10:00", no_licence=True)
    update_cases(world.db)
    [case] = list_cases(world.db)
    with at("2025-11-02 10:00"):
        cancel_case(world.db, case.id, "登记错误", "王建国")
    inspect(world, shop, "2025-11-10 10:00", no_licence=True)
    update_cases(world.db)
    new = by_kind(world)[("no_licence", 1)]
    assert new.rebound_of is None and new.state == r.FOUND


def test_people_steps_are_checked_and_audited(world: CaseWorld) -> None:
    shop = add_shop(world, "钱家")
    inspect(world, shop, "2025-11-01 10:00", no_licence=True)
    update_cases(world.db)
    [case] = list_cases(world.db)
    with pytest.raises(CaseError) as err:
        start_rectification(world.db, case.id, "王建国")
    assert "不能" in err.value.text.zh
    with pytest.raises(CaseError):
        cancel_case(world.db, case.id, "  ", "王建国")
    file_case(world.db, case.id, "王建国")
    referred = refer_case(world.db, case.id, "区市场监管局", "王建国")
    assert (referred.state, referred.referred_to) == (r.REFERRED, "区市场监管局")
    reopened = reopen_case(world.db, case.id, "监管局退回", "王建国")
    assert reopened.state == r.FILED and reopened.referred_to is None
    actions = [a for (a,) in world.db.execute(
        "SELECT action FROM audit WHERE entity = 'case' ORDER BY seq")]
    assert actions == ["cases.derive", "case.file", "case.refer", "case.reopen"]
    with pytest.raises(CaseError):
        file_case(world.db, "no-such-case", "王建国")


def test_backfill_of_inspections_made_before_cases(world: CaseWorld) -> None:
    shop = add_shop(world, "孙家")
    inspect(world, shop, "2025-10-01 10:00", goods_out=True)
    inspect(world, shop, "2025-10-05 10:00")
    # As the migration left a database made before cases: everything completed is queued.
    world.db.execute("DELETE FROM case_queue")
    world.db.execute("INSERT INTO case_queue SELECT id FROM inspections WHERE status = 'completed'")
    update_cases(world.db)
    update_cases(world.db)
    [case] = list_cases(world.db)
    assert case.state == r.CLOSED
    assert len(case_events(world.db, case.id)) == 3


def test_a_patrol_observation_is_never_ordered(world: CaseWorld) -> None:
    shop = add_shop(world, "赵家")
    inspect(world, shop, "2025-12-20 10:00", goods_out=True, vendors_seen=True)
    update_cases(world.db)
    cases = by_kind(world)
    seen = cases[("vendors_seen", 0)]
    with at("2025-12-21 09:00"):
        with pytest.raises(CaseError, match="巡查观察类问题不责令当事人整改"):
            order_case(world.db, seen.id, "朝阳城管责改", "王建国", issue_date=date(2025, 12, 21))
        # The shop's own finding on the same inspection is ordered as before.
        goods = order_case(world.db, cases[("goods_out", 0)].id, "朝阳城管责改", "王建国",
                           issue_date=date(2025, 12, 21))
    assert goods.state == r.ORDERED
    assert [e.action for e in case_events(world.db, seen.id)] == [r.OPEN]  # nothing written
