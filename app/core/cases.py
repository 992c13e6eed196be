"""The case state machine (docs/cases.md): pure rules, no SQL.

A finding opens a case (发现); a person files it (立案) and orders it rectified by a deadline
with a notice (责令限期整改); the party rectifies (整改中); a later inspection re-inspects it
(复查) and, the finding gone, it is closed (销号). A case may instead be referred to another
authority (移送) or cancelled with a reason (撤销); a closed, cancelled or referred case may be
reopened (重新打开) with a reason.

A case's state is never stored as the truth: it is derived from its events, which are a union
across devices. `fold_events` sorts them by (at, id) and applies each in turn; an event that is
not allowed in the state reached so far is *ignored* (kept, listed, not applied). So the state
depends only on the set of events, whatever order the bundles came in: a case closed on one
laptop at 10:00 and reopened on another at 11:00 ends reopened; one cancelled at 09:00 on one
laptop and closed at 10:00 on another ends cancelled (the close came after, from a state it
could not leave).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from app.core.clock import beijing_date
from app.core.text import Text

# States
FOUND = "found"              # 发现
FILED = "filed"              # 立案
ORDERED = "ordered"          # 责令限期整改
RECTIFYING = "rectifying"    # 整改中
REINSPECTED = "reinspected"  # 复查
CLOSED = "closed"            # 销号
REFERRED = "referred"        # 移送
CANCELLED = "cancelled"      # 撤销

STATES = (FOUND, FILED, ORDERED, RECTIFYING, REINSPECTED, CLOSED, REFERRED, CANCELLED)
OPEN_STATES = frozenset({FOUND, FILED, ORDERED, RECTIFYING, REINSPECTED})
TERMINAL_STATES = frozenset({CLOSED, REFERRED, CANCELLED})

STATE_TITLES: dict[str, Text] = {
    FOUND: Text("发现", "found"),
    FILED: Text("立案", "filed"),
    ORDERED: Text("责令限期整改", "ordered to rectify"),
    RECTIFYING: Text("整改中", "rectifying"),
    REINSPECTED: Text("复查", "re-inspected"),
    CLOSED: Text("销号", "closed"),
    REFERRED: Text("移送", "referred"),
    CANCELLED: Text("撤销", "cancelled"),
}

# Actions (the `action` of a case event)
OPEN = "open"                # 发现: the first finding
FILE = "file"                # 立案
ORDER = "order"              # 责令限期整改: a notice with a deadline
START = "start"              # 整改中: the party has begun
REINSPECT = "reinspect"      # 复查: result pass / fail
CLOSE = "close"              # 销号: only after a passed re-inspection
REFER = "refer"              # 移送: to whom
CANCEL = "cancel"            # 撤销: why
REOPEN = "reopen"            # 重新打开: why

ACTIONS = (OPEN, FILE, ORDER, START, REINSPECT, CLOSE, REFER, CANCEL, REOPEN)

ACTION_TITLES: dict[str, Text] = {
    OPEN: Text("发现", "found"),
    FILE: Text("立案", "filed"),
    ORDER: Text("责令限期整改", "ordered to rectify"),
    START: Text("开始整改", "rectification begun"),
    REINSPECT: Text("复查", "re-inspected"),
    CLOSE: Text("销号", "closed"),
    REFER: Text("移送", "referred"),
    CANCEL: Text("撤销", "cancelled"),
    REOPEN: Text("重新打开", "reopened"),
}

PASS = "pass"
FAIL = "fail"

# action → {state before (None: no case yet) → state after}. A re-inspection's result decides
# only whether a close may follow (a failed one in FOUND/FILED is more evidence, no new step).
TRANSITIONS: dict[str, dict[str | None, str]] = {
    OPEN: {None: FOUND},
    FILE: {FOUND: FILED},
    ORDER: {FILED: ORDERED, REINSPECTED: ORDERED},
    START: {ORDERED: RECTIFYING},
    REINSPECT: {FOUND: REINSPECTED, FILED: REINSPECTED, ORDERED: REINSPECTED,
                RECTIFYING: REINSPECTED, REINSPECTED: REINSPECTED},
    CLOSE: {REINSPECTED: CLOSED},
    REFER: {FOUND: REFERRED, FILED: REFERRED, ORDERED: REFERRED, RECTIFYING: REFERRED,
            REINSPECTED: REFERRED},
    CANCEL: {FOUND: CANCELLED, FILED: CANCELLED, ORDERED: CANCELLED, RECTIFYING: CANCELLED,
             REINSPECTED: CANCELLED},
    REOPEN: {CLOSED: FILED, CANCELLED: FILED, REFERRED: FILED},
}


class CaseTransitionError(ValueError):
    """An action not allowed in a case's state; `.text` says which, in zh and en."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.both())
        self.text = text


@dataclass(frozen=True)
class CaseEvent:
    """One step of a case: what, when (UTC stamp), who, and the evidence it rests on."""

    id: str
    action: str
    at: str
    actor: str = ""
    inspection_id: str | None = None
    photos: tuple[str, ...] = ()
    notice_id: str | None = None
    notice_no: str | None = None
    deadline: str | None = None      # YYYY-MM-DD (Beijing), for ORDER
    result: str | None = None        # PASS / FAIL, for REINSPECT
    referred_to: str | None = None   # for REFER
    reason: str | None = None        # for CANCEL / REOPEN


@dataclass(frozen=True)
class CaseState:
    """Where a case stands after its events (derived, never the truth itself)."""

    state: str | None = None
    deadline: str | None = None          # the deadline of the latest order
    notice_no: str | None = None
    last_result: str | None = None       # the latest re-inspection's result
    failed_reinspections: int = 0        # 复查未通过
    opened_at: str | None = None
    closed_at: str | None = None         # when it was closed (销号); None unless CLOSED
    state_at: str | None = None          # when the current state was reached
    referred_to: str | None = None
    reason: str | None = None            # of the latest cancel / reopen
    applied: tuple[str, ...] = ()        # event ids applied, in order
    ignored: tuple[str, ...] = field(default=())  # event ids not allowed where they fell

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def allowed(state: str | None, action: str, result: str | None = None,
            last_result: str | None = None) -> bool:
    """Whether `action` may follow `state` (a close needs the latest re-inspection passed)."""
    if state not in TRANSITIONS.get(action, {}):
        return False
    if action == CLOSE and last_result != PASS:
        return False
    return not (action == REINSPECT and result not in (PASS, FAIL))


def check_event(event: CaseEvent) -> None:
    """Refuse an event lacking what its action needs (a deadline, a result, to whom, why)."""
    need = {
        ORDER: (event.deadline, Text("责令限期整改须有整改期限", "an order needs a deadline")),
        REINSPECT: (event.result in (PASS, FAIL) or None,
                    Text("复查须有结论（通过/未通过）", "a re-inspection needs a result")),
        REFER: ((event.referred_to or "").strip(),
                Text("移送须写明移送单位", "a referral needs the authority referred to")),
        CANCEL: ((event.reason or "").strip(),
                 Text("撤销须写明理由", "a cancellation needs a reason")),
        REOPEN: ((event.reason or "").strip(),
                 Text("重新打开须写明理由", "a reopening needs a reason")),
    }
    if event.action not in ACTIONS:
        raise CaseTransitionError(Text(f"未知的案件操作：{event.action}",
                                       f"unknown case action: {event.action}"))
    if event.action in need and not need[event.action][0]:
        raise CaseTransitionError(need[event.action][1])


def apply_event(current: CaseState, event: CaseEvent) -> CaseState:
    """The state after one event; CaseTransitionError when the event is not allowed here."""
    check_event(event)
    if not allowed(current.state, event.action, event.result, current.last_result):
        before = STATE_TITLES[current.state] if current.state else Text("无", "none")
        act = ACTION_TITLES[event.action]
        extra = Text("", "")
        if event.action == CLOSE and current.state == REINSPECTED:
            extra = Text("（复查未通过）", " (the re-inspection did not pass)")
        raise CaseTransitionError(Text(
            f"案件处于“{before.zh}”{extra.zh}，不能{act.zh}",
            f"a case that is {before.en}{extra.en} cannot be {act.en}"))
    after = TRANSITIONS[event.action][current.state]
    new = replace(current, state=after, state_at=event.at,
                  applied=(*current.applied, event.id))
    if event.action == OPEN:
        new = replace(new, opened_at=event.at)
    elif event.action == ORDER:
        new = replace(new, deadline=event.deadline, notice_no=event.notice_no, last_result=None)
    elif event.action == REINSPECT:
        new = replace(new, last_result=event.result,
                      failed_reinspections=current.failed_reinspections
                      + (1 if event.result == FAIL else 0))
        if event.result == FAIL and current.state in (FOUND, FILED):
            new = replace(new, state=current.state, state_at=current.state_at)
    elif event.action == CLOSE:
        new = replace(new, closed_at=event.at)
    elif event.action == REFER:
        new = replace(new, referred_to=event.referred_to)
    elif event.action in (CANCEL, REOPEN):
        new = replace(new, reason=event.reason)
    if event.action == REOPEN:
        new = replace(new, closed_at=None, referred_to=None, last_result=None)
    return new


def event_order(event: CaseEvent) -> tuple[str, int, str]:
    """The defined order of a case's events: time, then (same instant) the workflow's own
    order (a re-inspection before the close it allows), then id."""
    return (event.at, ACTIONS.index(event.action) if event.action in ACTIONS else 99, event.id)


def fold_events(events: Iterable[CaseEvent]) -> CaseState:
    """A case's state from its events, a union across devices: sorted by `event_order`, each
    applied where allowed, the others ignored (kept in `.ignored`)."""
    state = CaseState()
    ignored: list[str] = []
    for event in sorted(events, key=event_order):
        try:
            state = apply_event(state, event)
        except CaseTransitionError:
            ignored.append(event.id)
    return replace(state, ignored=tuple(ignored))


def deadline_for(issue_date: date, days: int) -> date:
    """The last day to rectify: the notice's Beijing issue date plus the days given (0: the same
    day, 立即整改)."""
    if days < 0:
        raise ValueError("rectification days cannot be negative")
    return issue_date + timedelta(days=days)


def deadline_from_stamp(issued_at: str, days: int) -> date:
    """The deadline of a notice issued at a UTC stamp: counted from its Beijing date."""
    return deadline_for(beijing_date(issued_at), days)


def is_overdue(state: CaseState, as_of: date) -> bool:
    """Open, ordered, and the deadline's day is over (the deadline itself still counts)."""
    return (state.is_open and state.deadline is not None
            and date.fromisoformat(state.deadline) < as_of)


def _derived_id(*parts: str) -> str:
    # UUIDv8 (RFC 9562: custom): the version and variant bits set by hand (Python 3.11's
    # uuid module does not know version 8).
    value = int.from_bytes(hashlib.sha256("\n".join(parts).encode("utf-8")).digest()[:16])
    value = (value & ~(0xF << 76)) | (0x8 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return str(uuid.UUID(int=value))


def case_id_for(site_id: str, form_id: str, item_id: str, generation: int) -> str:
    """A case's id, derived from what it is: two devices that open the case of one site, kind
    and generation give it the same id, so their events meet in one case when merged."""
    return _derived_id("case", site_id, form_id, item_id, str(generation))


def auto_event_id(case_id: str, action: str, inspection_id: str) -> str:
    """The id of an event an inspection makes by itself (found, re-inspected, closed): the
    same on every device that derives it, so deriving again adds nothing."""
    return _derived_id("case-event", case_id, action, inspection_id)
