"""The case state machine: every legal and illegal transition, the fold, deadlines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.core import cases as r

EVIDENCE: dict[str, dict[str, Any]] = {
    r.ORDER: {"deadline": "2026-01-10", "notice_no": "朝阳城管责改〔2025〕第1号"},
    r.REFER: {"referred_to": "区住建委"},
    r.CANCEL: {"reason": "重复登记"},
    r.REOPEN: {"reason": "复核发现仍未整改"},
}


def event(action: str, at: str = "2026-01-01T00:00:00.000Z", eid: str = "e",
          result: str | None = None) -> r.CaseEvent:
    return r.CaseEvent(eid, action, at, "王建国", result=result, **EVIDENCE.get(action, {}))


def reach(state: str | None, last_result: str | None = None) -> r.CaseState:
    return r.CaseState(state=state, last_result=last_result)


EXPECTED: dict[tuple[str | None, str], str] = {
    (None, r.OPEN): r.FOUND,
    (r.FOUND, r.FILE): r.FILED,
    (r.FILED, r.ORDER): r.ORDERED, (r.REINSPECTED, r.ORDER): r.ORDERED,
    (r.ORDERED, r.START): r.RECTIFYING,
    **{(s, r.REFER): r.REFERRED for s in sorted(r.OPEN_STATES)},
    **{(s, r.CANCEL): r.CANCELLED for s in sorted(r.OPEN_STATES)},
    **{(s, r.REOPEN): r.FILED for s in sorted(r.TERMINAL_STATES)},
}


@pytest.mark.parametrize("state", [None, *r.STATES])
@pytest.mark.parametrize("action", [a for a in r.ACTIONS if a not in (r.REINSPECT, r.CLOSE)])
def test_every_transition(state: str | None, action: str) -> None:
    expected = EXPECTED.get((state, action))
    if expected is None:
        with pytest.raises(r.CaseTransitionError):
            r.apply_event(reach(state), event(action))
    else:
        assert r.apply_event(reach(state), event(action)).state == expected


@pytest.mark.parametrize("state", [None, *r.STATES])
@pytest.mark.parametrize("result", [r.PASS, r.FAIL])
def test_reinspection(state: str | None, result: str) -> None:
    if state not in r.OPEN_STATES:
        with pytest.raises(r.CaseTransitionError):
            r.apply_event(reach(state), event(r.REINSPECT, result=result))
        return
    after = r.apply_event(reach(state), event(r.REINSPECT, result=result))
    if result == r.FAIL and state in (r.FOUND, r.FILED):
        assert after.state == state  # more evidence, no new step
    else:
        assert after.state == r.REINSPECTED
    assert after.last_result == result
    assert after.failed_reinspections == (1 if result == r.FAIL else 0)


@pytest.mark.parametrize("state", [None, *r.STATES])
@pytest.mark.parametrize("last", [None, r.PASS, r.FAIL])
def test_close_only_after_a_passed_reinspection(state: str | None, last: str | None) -> None:
    if state == r.REINSPECTED and last == r.PASS:
        assert r.apply_event(reach(state, last), event(r.CLOSE)).state == r.CLOSED
    else:
        with pytest.raises(r.CaseTransitionError) as err:
            r.apply_event(reach(state, last), event(r.CLOSE))
        assert "不能销号" in err.value.text.zh


@pytest.mark.parametrize("action", [r.ORDER, r.REFER, r.CANCEL, r.REOPEN])
def test_steps_need_their_evidence(action: str) -> None:
    bare = r.CaseEvent("e", action, "2026-01-01T00:00:00.000Z")
    with pytest.raises(r.CaseTransitionError):
        r.check_event(bare)
    with pytest.raises(r.CaseTransitionError):
        r.check_event(r.CaseEvent("e", r.REINSPECT, "2026-01-01T00:00:00.000Z"))
    with pytest.raises(r.CaseTransitionError):
        r.check_event(r.CaseEvent("e", "explode", "2026-01-01T00:00:00.000Z"))


def test_fold_is_a_function_of_the_set() -> None:
    base = [event(r.OPEN, "2026-01-01T01:00:00.000Z", "a"),
            event(r.FILE, "2026-01-01T02:00:00.000Z", "b"),
            event(r.REINSPECT, "2026-01-02T02:00:00.000Z", "c", r.PASS)]
    # Closed on one laptop at 10:00, reopened on another at 11:00: reopened (filed).
    closed = event(r.CLOSE, "2026-01-02T02:00:00.000Z", "d")
    reopened = event(r.REOPEN, "2026-01-02T03:00:00.000Z", "e")
    for events in ([*base, closed, reopened], [reopened, closed, *reversed(base)]):
        state = r.fold_events(events)
        assert state.state == r.FILED and state.closed_at is None and not state.ignored
    # Cancelled on one at 09:00, closed on the other at 10:00: cancelled; the close is ignored.
    cancel = event(r.CANCEL, "2026-01-02T01:00:00.000Z", "f")
    for events in ([*base, cancel, closed], [closed, cancel, *base]):
        state = r.fold_events(events)
        assert state.state == r.CANCELLED and state.ignored == ("c", "d")


def test_same_instant_reinspection_before_close() -> None:
    at = "2026-01-02T02:00:00.000Z"
    events = [event(r.CLOSE, at, "0"), event(r.REINSPECT, at, "z", r.PASS),
              event(r.OPEN, "2026-01-01T00:00:00.000Z", "y")]
    assert r.fold_events(events).state == r.CLOSED


@pytest.mark.parametrize(("issued", "days", "deadline"), [
    (date(2025, 1, 25), 10, date(2025, 2, 4)),     # month end
    (date(2024, 2, 20), 10, date(2024, 3, 1)),     # leap February
    (date(2025, 2, 20), 10, date(2025, 3, 2)),
    (date(2025, 12, 25), 15, date(2026, 1, 9)),    # year end
    (date(2025, 12, 31), 0, date(2025, 12, 31)),   # 立即整改: the same day
    (date(2025, 12, 31), 1, date(2026, 1, 1)),
])
def test_deadline_across_month_and_year_ends(issued: date, days: int, deadline: date) -> None:
    assert r.deadline_for(issued, days) == deadline


def test_deadline_counts_from_the_beijing_date() -> None:
    # 2025-12-31 17:00 UTC is 2026-01-01 01:00 in Beijing: the notice is dated 1 January.
    assert r.deadline_from_stamp("2025-12-31T17:00:00.000Z", 3) == date(2026, 1, 4)
    assert r.deadline_from_stamp("2025-12-31T15:59:59.999Z", 3) == date(2026, 1, 3)
    with pytest.raises(ValueError):
        r.deadline_for(date(2025, 1, 1), -1)


def test_overdue_after_the_deadline_day() -> None:
    state = r.CaseState(state=r.ORDERED, deadline="2026-01-10")
    assert not r.is_overdue(state, date(2026, 1, 10))
    assert r.is_overdue(state, date(2026, 1, 11))
    assert not r.is_overdue(r.CaseState(state=r.CLOSED, deadline="2026-01-10"), date(2026, 2, 1))


def test_ids_are_derived() -> None:
    a = r.case_id_for("s", "f", "i", 0)
    assert a == r.case_id_for("s", "f", "i", 0) != r.case_id_for("s", "f", "i", 1)
    assert a[14] == "8" and a[19] in "89ab"
    assert r.auto_event_id(a, r.OPEN, "x") != r.auto_event_id(a, r.REINSPECT, "x")
