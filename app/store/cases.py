"""Cases: storage, the steps inspections make by themselves, and the steps people take.

docs/cases.md says how it fits. In short:

- Completed inspections are queued (`case_queue`, by triggers). `update_cases` drains the
  queue: for each (site, checklist) touched, it walks that site's completed inspections of the
  checklist in completion order and, per finding kind (item), opens a case (发现), records a
  re-inspection (复查: the finding still there, 复查未通过; or gone, then 销号), or opens a new
  case after a closed one (反弹, `rebound_of`). Those steps have ids derived from (case, action,
  inspection), so walking again, here or on another device, adds nothing new.
- People file (立案), order with a notice and its deadline (责令限期整改), mark rectification
  begun (整改中), refer (移送), cancel (撤销) and reopen; each is an event with who, when and
  its evidence, audited.
- A case's state is `app.core.cases.fold_events` over its events; the result is cached in the
  row's derived columns by `refresh_case` (after every change and every merge).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core import cases as rules
from app.core.clock import beijing_today, utc_now
from app.core.errors import InputRefused
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.checklists import get_checklist
from app.store.db import write_transaction
from app.store.inspection_records import evaluate_answers
from app.store.notices import issue_notice

if TYPE_CHECKING:
    import sqlite_utils


class CaseError(InputRefused):
    """A case action refused (no such case, not allowed in its state, missing reason)."""


CASE_SYNCED = (
    "id", "origin_device", "rev", "base_rev", "created_at", "updated_at", "site_id", "form_id",
    "item_id", "work_item", "generation", "rebound_of", "opened_inspection_id",
    "inspector_name", "team",
)
EVENT_SYNCED = (
    "id", "origin_device", "rev", "base_rev", "created_at", "updated_at", "case_id", "action",
    "at", "actor", "inspection_id", "photos", "notice_id", "notice_no", "deadline", "result",
    "referred_to", "reason",
)


@dataclass(frozen=True)
class Case:
    """A case as stored: what it is, and where it stands (derived from its events)."""

    id: str
    site_id: str
    form_id: str
    item_id: str
    work_item: str
    generation: int
    rebound_of: str | None
    opened_inspection_id: str
    inspector_name: str
    team: str
    state: str
    opened_at: str | None
    state_at: str | None
    deadline: str | None
    notice_no: str | None
    last_result: str | None
    failed_reinspections: int
    closed_at: str | None
    referred_to: str | None
    reason: str | None

    @property
    def is_open(self) -> bool:
        return self.state in rules.OPEN_STATES

    def is_overdue(self, as_of: date) -> bool:
        return (self.is_open and self.deadline is not None
                and date.fromisoformat(self.deadline) < as_of)


_CASE_SELECT = ", ".join(
    ["id", "site_id", "form_id", "item_id", "work_item", "generation", "rebound_of",
     "opened_inspection_id", "inspector_name", "team", "state", "opened_at", "state_at",
     "deadline", "notice_no", "last_result", "failed_reinspections", "closed_at",
     "referred_to", "reason"])


def _case(row: Any) -> Case:
    return Case(*row)


def get_case(db: sqlite_utils.Database, case_id: str) -> Case:
    """The case with this id; CaseError when there is none."""
    row = db.execute(f"SELECT {_CASE_SELECT} FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise CaseError(Text(f"找不到案件：{case_id}", f"no such case: {case_id}"))
    return _case(row)


def case_events(db: sqlite_utils.Database, case_id: str) -> list[rules.CaseEvent]:
    """A case's events in the defined order (`app.core.cases.event_order`)."""
    rows = db.execute(
        "SELECT id, action, at, actor, inspection_id, photos, notice_id, notice_no, deadline, "
        "result, referred_to, reason FROM case_events WHERE case_id = ?", (case_id,)).fetchall()
    events = [rules.CaseEvent(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5] or "[]")),
                              r[6], r[7], r[8], r[9], r[10], r[11]) for r in rows]
    return sorted(events, key=rules.event_order)


def list_cases(db: sqlite_utils.Database, *, site_id: str | None = None,
               state: str | None = None, overdue_as_of: date | None = None,
               district_code: str | None = None, limit: int | None = None) -> list[Case]:
    """Cases, newest first; a site means the site and every site merged into it."""
    where, args = [], []
    if site_id:
        where.append("c.site_id IN (SELECT id FROM sites WHERE id = ? OR merged_into = ?)")
        args += [site_id, site_id]
    if state:
        if state == "open":
            where.append(f"c.state IN ({', '.join('?' * len(rules.OPEN_STATES))})")
            args += sorted(rules.OPEN_STATES)
        else:
            where.append("c.state = ?")
            args.append(state)
    if overdue_as_of is not None:
        where.append(f"c.state IN ({', '.join('?' * len(rules.OPEN_STATES))}) "
                     "AND c.deadline IS NOT NULL AND c.deadline < ?")
        args += [*sorted(rules.OPEN_STATES), overdue_as_of.isoformat()]
    if district_code:
        where.append("c.site_id IN (SELECT id FROM sites WHERE district_code = ?)")
        args.append(district_code)
    sql = f"SELECT {', '.join('c.' + c for c in _CASE_SELECT.split(', '))} FROM cases c"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY c.opened_at DESC, c.id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_case(r) for r in db.execute(sql, args).fetchall()]


def refresh_case(db: sqlite_utils.Database, case_id: str) -> rules.CaseState:
    """Fold the case's events and cache the result in its derived columns."""
    state = rules.fold_events(case_events(db, case_id))
    db.execute(
        "UPDATE cases SET state = ?, opened_at = ?, state_at = ?, deadline = ?, notice_no = ?, "
        "last_result = ?, failed_reinspections = ?, closed_at = ?, referred_to = ?, reason = ? "
        "WHERE id = ?",
        (state.state or rules.FOUND, state.opened_at, state.state_at, state.deadline,
         state.notice_no, state.last_result, state.failed_reinspections, state.closed_at,
         state.referred_to, state.reason, case_id))
    return state


def refresh_cases(db: sqlite_utils.Database, case_ids: Iterable[str]) -> None:
    """Refresh several cases (after a merge brought their events)."""
    for case_id in sorted(set(case_ids)):
        refresh_case(db, case_id)


# ---- steps the inspections make ---------------------------------------------------------------

@dataclass(frozen=True)
class _Visit:
    id: str
    completed_at: str
    origin_device: str
    inspector_name: str
    team: str
    kinds: frozenset[str]
    photos: tuple[str, ...]


def effective_site(db: sqlite_utils.Database, site_id: str) -> str:
    """The site a site stands for: itself, or the one it was merged into."""
    row = db.execute("SELECT coalesce(merged_into, id) FROM sites WHERE id = ?",
                     (site_id,)).fetchone()
    return str(row[0]) if row else site_id


def update_cases(db: sqlite_utils.Database, actor: str = "") -> int:
    """Turn queued completed inspections into case steps; the number of steps added.

    Idempotent: the queue is emptied in the same transaction, and a step made again has the
    same id (nothing is added twice). Cheap when nothing is queued (one look at the queue)."""
    if db.execute("SELECT 1 FROM case_queue LIMIT 1").fetchone() is None:
        return 0
    with write_transaction(db):
        groups = db.execute(
            "SELECT DISTINCT coalesce(s.merged_into, s.id), i.form_id FROM case_queue q "
            "JOIN inspections i ON i.id = q.inspection_id JOIN sites s ON s.id = i.site_id "
            "ORDER BY 1, 2").fetchall()
        added = 0
        for site_id, form_id in groups:
            added += derive_site_cases(db, str(site_id), str(form_id))
        db.execute("DELETE FROM case_queue")
        if added:
            record_audit(db, actor, "cases.derive", "case", "",
                         {"groups": len(groups), "events": added})
    return added


def derive_site_cases(db: sqlite_utils.Database, site_id: str, form_id: str) -> int:
    """Walk a site's completed inspections of one checklist (the site and those merged into
    it) and add the case steps they make; the number added."""
    visits = _visits(db, site_id, form_id)
    if not visits:
        return 0
    work_item = _work_item(db, form_id)
    existing: dict[str, dict[int, str]] = {}
    for case_id, item_id, generation in db.execute(
            "SELECT id, item_id, generation FROM cases WHERE form_id = ? AND site_id IN "
            "(SELECT id FROM sites WHERE id = ? OR merged_into = ?) ORDER BY id DESC",
            (form_id, site_id, site_id)):
        existing.setdefault(str(item_id), {})[int(generation)] = str(case_id)
    kinds = sorted(set().union(*(v.kinds for v in visits)) | set(existing))
    added = 0
    touched: set[str] = set()
    for kind in kinds:
        added += _walk_kind(db, site_id, form_id, work_item, kind, visits,
                            existing.get(kind, {}), touched)
    for case_id in sorted(touched):
        refresh_case(db, case_id)
    return added


def _walk_kind(db: sqlite_utils.Database, site_id: str, form_id: str, work_item: str,
               kind: str, visits: list[_Visit], generations: dict[int, str],
               touched: set[str]) -> int:
    added = 0
    current: str | None = None
    generation = -1
    for visit in visits:
        state = (rules.fold_events(e for e in case_events(db, current)
                                   if e.at <= visit.completed_at) if current else None)
        present = kind in visit.kinds
        if present and (state is None or not state.is_open):
            rebound_of = current if state is not None and state.state == rules.CLOSED else None
            generation += 1
            current = generations.get(generation) or rules.case_id_for(
                site_id, form_id, kind, generation)
            _insert_case(db, current, site_id, form_id, kind, work_item, generation,
                         rebound_of, visit)
            added += _auto_event(db, current, rules.OPEN, visit)
            touched.add(current)
        elif present and state is not None and current is not None:
            added += _auto_event(db, current, rules.REINSPECT, visit, rules.FAIL)
            touched.add(current)
        elif not present and state is not None and state.is_open and current is not None:
            added += _auto_event(db, current, rules.REINSPECT, visit, rules.PASS)
            added += _auto_event(db, current, rules.CLOSE, visit)
            touched.add(current)
    return added


def _visits(db: sqlite_utils.Database, site_id: str, form_id: str) -> list[_Visit]:
    rows = db.execute(
        "SELECT i.id, i.completed_at, i.origin_device, i.inspector_name, i.team FROM inspections i "
        "WHERE i.site_id IN (SELECT id FROM sites WHERE id = ? OR merged_into = ?) "
        "AND i.form_id = ? AND i.status = 'completed' AND i.superseded_by IS NULL "
        "ORDER BY i.completed_at, i.id", (site_id, site_id, form_id)).fetchall()
    visits = []
    for iid, completed_at, device, inspector, team in rows:
        kinds = frozenset(str(k) for (k,) in db.execute(
            "SELECT item_id FROM findings WHERE inspection_id = ?", (iid,)))
        photos = tuple(sorted({str(p) for (p,) in db.execute(
            "SELECT sha256 FROM inspection_photos WHERE inspection_id = ?", (iid,))}))
        visits.append(_Visit(str(iid), str(completed_at), str(device), str(inspector),
                             str(team), kinds, photos))
    return visits


def _work_item(db: sqlite_utils.Database, form_id: str) -> str:
    row = db.execute("SELECT work_item FROM forms WHERE form_id = ? ORDER BY version DESC "
                     "LIMIT 1", (form_id,)).fetchone()
    return str(row[0]) if row else ""


def _insert_case(db: sqlite_utils.Database, case_id: str, site_id: str, form_id: str,
                 kind: str, work_item: str, generation: int, rebound_of: str | None,
                 visit: _Visit) -> None:
    # Every synced column follows from the inspection that opened it: two devices deriving
    # the same case write the same content.
    db.execute(
        "INSERT INTO cases (id, origin_device, rev, base_rev, created_at, updated_at, site_id, "
        "form_id, item_id, work_item, generation, rebound_of, opened_inspection_id, "
        "inspector_name, team, opened_at, state_at) "
        "VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING",
        (case_id, visit.origin_device, visit.completed_at, visit.completed_at, site_id, form_id,
         kind, work_item, generation, rebound_of, visit.id, visit.inspector_name, visit.team,
         visit.completed_at, visit.completed_at))


def _auto_event(db: sqlite_utils.Database, case_id: str, action: str, visit: _Visit,
                result: str | None = None) -> int:
    cur = db.execute(
        "INSERT INTO case_events (id, origin_device, rev, base_rev, created_at, updated_at, "
        "case_id, action, at, actor, inspection_id, photos, result) "
        "VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        (rules.auto_event_id(case_id, action, visit.id), visit.origin_device, visit.completed_at,
         visit.completed_at, case_id, action, visit.completed_at, visit.inspector_name, visit.id,
         json.dumps(list(visit.photos)), result))
    return max(cur.rowcount, 0)


# ---- steps people take ------------------------------------------------------------------------

def _add_event(db: sqlite_utils.Database, case_id: str, event: rules.CaseEvent) -> None:
    """Check the step against the case's state, write it, refresh, audit."""
    state = rules.fold_events(case_events(db, case_id))
    try:
        rules.apply_event(state, event)
    except rules.CaseTransitionError as exc:
        raise CaseError(_with_allowed(exc.text, state)) from exc
    db.execute(
        "INSERT INTO case_events (id, origin_device, rev, base_rev, created_at, updated_at, "
        "case_id, action, at, actor, inspection_id, photos, notice_id, notice_no, deadline, "
        "result, referred_to, reason) VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        (event.id, local_device_id(db), event.at, event.at, case_id, event.action, event.at,
         event.actor, event.inspection_id, json.dumps(list(event.photos)), event.notice_id,
         event.notice_no, event.deadline, event.result, event.referred_to, event.reason))
    if event.id in refresh_case(db, case_id).ignored:  # a later step already stands in its way
        raise CaseError(Text("案件已有更晚的记录，此操作不能生效",
                             "the case has later steps: this one cannot take effect"))
    detail = {k: v for k, v in (("action", event.action), ("notice_no", event.notice_no),
                                ("deadline", event.deadline), ("referred_to", event.referred_to),
                                ("reason", event.reason)) if v}
    record_audit(db, event.actor, f"case.{event.action}", "case", case_id, detail)


# The steps a person takes (the others are made by inspections), in the workflow's order.
PERSON_ACTIONS = (rules.FILE, rules.ORDER, rules.START, rules.REFER, rules.CANCEL, rules.REOPEN)


def allowed_steps(state: str | None, last_result: str | None = None) -> list[str]:
    """The steps a person may take on a case in this state (an order also files a found case:
    `order_case`)."""
    steps = [a for a in PERSON_ACTIONS if rules.allowed(state, a, None, last_result)]
    if state == rules.FOUND and rules.ORDER not in steps:
        steps.insert(steps.index(rules.FILE) + 1, rules.ORDER)
    return steps


def _with_allowed(text: Text, state: rules.CaseState) -> Text:
    """A refusal that also names the steps allowed in the case's state."""
    steps = allowed_steps(state.state, state.last_result)
    zh = "、".join(rules.ACTION_TITLES[a].zh for a in steps) or "无"
    en = ", ".join(f"{a} ({rules.ACTION_TITLES[a].en})" for a in steps) or "none"
    return Text(f"{text.zh}；此状态下可以：{zh}", f"{text.en}; allowed in this state: {en}")


def _step(db: sqlite_utils.Database, case_id: str, action: str, actor: str,
          **evidence: Any) -> Case:
    with write_transaction(db):
        get_case(db, case_id)
        _add_event(db, case_id, rules.CaseEvent(new_id(), action, utc_now(), actor, **evidence))
    return get_case(db, case_id)


def file_case(db: sqlite_utils.Database, case_id: str, actor: str) -> Case:
    """立案: the finding verified, the case opened."""
    return _step(db, case_id, rules.FILE, actor)


def start_rectification(db: sqlite_utils.Database, case_id: str, actor: str) -> Case:
    """整改中: the party has begun to rectify."""
    return _step(db, case_id, rules.START, actor)


def refer_case(db: sqlite_utils.Database, case_id: str, to: str, actor: str) -> Case:
    """移送: referred to another authority (named)."""
    return _step(db, case_id, rules.REFER, actor, referred_to=to.strip())


def cancel_case(db: sqlite_utils.Database, case_id: str, reason: str, actor: str) -> Case:
    """撤销: withdrawn, with the reason."""
    return _step(db, case_id, rules.CANCEL, actor, reason=reason.strip())


def reopen_case(db: sqlite_utils.Database, case_id: str, reason: str, actor: str) -> Case:
    """重新打开: a closed, cancelled or referred case taken up again, with the reason."""
    return _step(db, case_id, rules.REOPEN, actor, reason=reason.strip())


def _case_findings(db: sqlite_utils.Database, case: Case, inspection_id: str
                   ) -> tuple[Any, list[Any]]:
    row = db.execute("SELECT form_id, form_version, answers FROM inspections WHERE id = ?",
                     (inspection_id,)).fetchone()
    checklist = get_checklist(db, str(row[0]), int(row[1]))
    return checklist, [f for f in evaluate_answers(checklist, json.loads(row[2])).findings
                       if f.item_id == case.item_id]


def rectification_days(db: sqlite_utils.Database, case: Case, inspection_id: str) -> int:
    """Days to rectify the case's finding as that inspection found it: the finding's own period,
    else the checklist's (the shortest, if the item has several findings)."""
    checklist, findings = _case_findings(db, case, inspection_id)
    if not findings:
        return checklist.rectification_days
    return min(checklist.days_for(f) for f in findings)


def order_case(db: sqlite_utils.Database, case_id: str, office_code: str, actor: str,
               issue_date: date | None = None) -> Case:
    """责令限期整改: the notice of the case's latest finding (issued now, or the one already
    issued), the deadline its issue date plus the finding's days. A case still only found is
    filed (立案) first."""
    with write_transaction(db):
        case = get_case(db, case_id)
        inspection_id = _latest_finding_inspection(db, case_id) or case.opened_inspection_id
        _checklist, findings = _case_findings(db, case, inspection_id)
        if findings and not any(f.ordered for f in findings):
            # A patrol observation (e.g. vendors seen on the stretch) is recorded, never ordered
            # on the party inspected: no notice lists it (issue 9).
            raise CaseError(Text(
                "巡查观察类问题不责令当事人整改，不能出具整改通知；可移送或撤销",
                "a patrol observation is never ordered on the party inspected: refer or cancel "
                "the case instead"))
        if case.state == rules.FOUND:
            _add_event(db, case_id, rules.CaseEvent(new_id(), rules.FILE, utc_now(), actor))
        notice = issue_notice(db, inspection_id, office_code, issue_date, actor)
        days = rectification_days(db, case, inspection_id)
        deadline = rules.deadline_for(date.fromisoformat(notice.issue_date), days)
        _add_event(db, case_id, rules.CaseEvent(
            new_id(), rules.ORDER, utc_now(), actor, inspection_id=inspection_id,
            notice_id=notice.id, notice_no=notice_number_text(notice.office_code, notice.year,
                                                              notice.number),
            deadline=deadline.isoformat()))
    return get_case(db, case_id)


def notice_number_text(office_code: str, year: int, number: int) -> str:
    """A 文号 as printed (the same form as app.reports.notice_rules.notice_number)."""
    return f"{office_code}〔{year}〕第{number}号"


def _latest_finding_inspection(db: sqlite_utils.Database, case_id: str) -> str | None:
    row = db.execute(
        "SELECT inspection_id FROM case_events WHERE case_id = ? AND inspection_id IS NOT NULL "
        "AND (action = 'open' OR (action = 'reinspect' AND result = 'fail')) "
        "ORDER BY at DESC, id DESC LIMIT 1", (case_id,)).fetchone()
    return str(row[0]) if row else None


@dataclass(frozen=True)
class Reinspection:
    """A re-inspection to make: the case, its site and the day it is due (the deadline)."""

    case_id: str
    site_id: str
    form_id: str
    item_id: str
    due: str


def reinspections_due(db: sqlite_utils.Database, as_of: date | None = None) -> list[Reinspection]:
    """Ordered cases not yet re-inspected since the order whose deadline is on or before
    `as_of` (default today in Beijing): the re-inspection tasks to send out."""
    as_of = as_of or beijing_today()
    rows = db.execute(
        "SELECT id, coalesce((SELECT merged_into FROM sites WHERE id = site_id), site_id), "
        "form_id, item_id, deadline FROM cases WHERE state IN ('ordered', 'rectifying') "
        "AND deadline IS NOT NULL AND deadline <= ? ORDER BY deadline, id",
        (as_of.isoformat(),)).fetchall()
    return [Reinspection(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]


@dataclass(frozen=True)
class CasePhotos:
    """整治前/整治后: the photos of the inspection that found the case and of the one that
    found it gone (empty until the case is closed), by SHA-256."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    before_inspection_id: str | None
    after_inspection_id: str | None


def case_photos(db: sqlite_utils.Database, case_id: str) -> CasePhotos:
    """The before and after photos of a case: the open step's inspection and the inspection of
    the close that stands (the latest passed re-inspection if the case is not closed)."""
    case = get_case(db, case_id)
    events = case_events(db, case_id)
    applied = set(rules.fold_events(events).applied)
    opened = next((e for e in events if e.action == rules.OPEN and e.id in applied), None)
    ends = [e for e in events if e.id in applied and e.inspection_id and (
        e.action == rules.CLOSE if case.state == rules.CLOSED
        else e.action == rules.REINSPECT and e.result == rules.PASS)]
    after = ends[-1] if ends and (case.state == rules.CLOSED or case.last_result == rules.PASS) \
        else None
    return CasePhotos(opened.photos if opened else (), after.photos if after else (),
                      opened.inspection_id if opened else None,
                      after.inspection_id if after else None)
