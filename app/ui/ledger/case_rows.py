"""What a list of cases shows: each case with its site, its kind's label and the days it is
overdue. Read in a worker (run_task) through the store's services; no Qt here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core.cases import ACTION_TITLES, STATE_TITLES
from app.core.clock import format_beijing
from app.core.errors import AppError
from app.core.text import Text
from app.ledger.build import work_item_title
from app.store.cases import Case, CasePhotos, allowed_steps, case_events, case_photos, get_case
from app.store.checklists import get_checklist
from app.store.sites import get_site

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class CaseRow:
    """One case as a list shows it."""

    case: Case
    site_name: str
    site_address: str
    kind: Text  # the checklist item's label
    work_item: Text
    overdue_days: int | None  # None: not overdue

    @property
    def state(self) -> Text:
        return STATE_TITLES.get(self.case.state, Text(self.case.state, self.case.state))


def overdue_days(case: Case, as_of: date) -> int | None:
    """Days past the deadline of an open case (None when it is not overdue)."""
    if not case.is_overdue(as_of) or case.deadline is None:
        return None
    return (as_of - date.fromisoformat(case.deadline)).days


class _Labels:
    """Site and kind labels, each looked up once per job."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.sites: dict[str, tuple[str, str]] = {}
        self.kinds: dict[tuple[str, str], Text] = {}

    def site(self, site_id: str) -> tuple[str, str]:
        if site_id not in self.sites:
            try:
                site = get_site(self.db, site_id)
                self.sites[site_id] = (site.name or site.address, site.address)
            except AppError:
                self.sites[site_id] = (site_id, "")
        return self.sites[site_id]

    def kind(self, form_id: str, item_id: str) -> Text:
        key = (form_id, item_id)
        if key not in self.kinds:
            try:
                self.kinds[key] = get_checklist(self.db, form_id).item(item_id).label
            except (AppError, KeyError):
                self.kinds[key] = Text(item_id, item_id)
        return self.kinds[key]


def case_rows(db: sqlite_utils.Database, cases: Iterable[Case], as_of: date) -> list[CaseRow]:
    """The cases with their labels, in the order given."""
    labels = _Labels(db)
    rows = []
    for case in cases:
        name, address = labels.site(case.site_id)
        rows.append(CaseRow(case, name, address, labels.kind(case.form_id, case.item_id),
                            work_item_title(case.work_item), overdue_days(case, as_of)))
    return rows


def most_overdue_first(rows: list[CaseRow]) -> list[CaseRow]:
    """Overdue cases, the longest overdue on top."""
    return sorted((r for r in rows if r.overdue_days is not None),
                  key=lambda r: (-(r.overdue_days or 0), r.case.deadline or "", r.case.id))


@dataclass(frozen=True)
class EventLine:
    """One step of a case as the panel lists it."""

    when: str  # Beijing time
    action: Text
    actor: str
    evidence: Text


@dataclass(frozen=True)
class CaseDetail:
    """A case opened: its row, its steps, the steps allowed now, its before/after photos."""

    row: CaseRow
    events: tuple[EventLine, ...]
    allowed: tuple[str, ...]
    photos: CasePhotos


def _evidence(event: object) -> Text:
    parts_zh, parts_en = [], []
    notice_no = getattr(event, "notice_no", None)
    if notice_no:
        parts_zh.append(f"文号 {notice_no}")
        parts_en.append(f"notice {notice_no}")
    deadline = getattr(event, "deadline", None)
    if deadline:
        parts_zh.append(f"期限 {deadline}")
        parts_en.append(f"deadline {deadline}")
    result = getattr(event, "result", None)
    if result:
        parts_zh.append("通过" if result == "pass" else "未通过")
        parts_en.append("passed" if result == "pass" else "not passed")
    to = getattr(event, "referred_to", None)
    if to:
        parts_zh.append(f"移送至 {to}")
        parts_en.append(f"to {to}")
    reason = getattr(event, "reason", None)
    if reason:
        parts_zh.append(f"原因：{reason}")
        parts_en.append(f"reason: {reason}")
    photos = getattr(event, "photos", ())
    if photos:
        parts_zh.append(f"照片 {len(photos)} 张")
        parts_en.append(f"{len(photos)} photo(s)")
    return Text("；".join(parts_zh), "; ".join(parts_en))


def case_detail(db: sqlite_utils.Database, case_id: str, as_of: date) -> CaseDetail:
    """Everything the case panel shows of one case."""
    case = get_case(db, case_id)
    (row,) = case_rows(db, [case], as_of)
    events = tuple(EventLine(format_beijing(e.at), ACTION_TITLES.get(e.action, Text(
        e.action, e.action)), e.actor, _evidence(e)) for e in case_events(db, case_id))
    return CaseDetail(row, events, tuple(allowed_steps(case.state, case.last_result)),
                      case_photos(db, case_id))
