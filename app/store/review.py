"""The team lead's review of completed inspections (issue 12.8, db/010_review.sql).

A completed, current inspection with no review is *pending*. A team lead (profile role `lead`)
or an office approves it, or returns it with comments: a return makes a task of kind `return`
for the device that made the inspection (it goes out in that device's next assignment bundle;
on a shared laptop it is this device's own), which is started there as an amendment
(app.store.tasks.start_task). Approving the amendment closes the task. Every decision is a new
row of `reviews` (never changed; the newest counts), audited, and travels in bundles (entity
`review`). No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from app.core.clock import beijing_today, utc_now
from app.core.errors import InputRefused
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.db import write_transaction
from app.store.inspection_records import get_inspection
from app.store.profile import get_profile
from app.store.tasks import TASK_COLUMNS, Task

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlite_utils

Decision = Literal["approved", "returned"]
ReviewState = Literal["pending", "approved", "returned"]
REVIEWING_ROLES = ("lead", "office")
RETURN_DAYS = 3  # a returned inspection is due back this many days later
STATE_TEXT: dict[str, Text] = {
    "pending": Text("待审核", "to review"),
    "approved": Text("已审核", "approved"),
    "returned": Text("已退回", "returned"),
}


class ReviewError(InputRefused, ValueError):
    """A review that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class Review:
    """One decision on one completed inspection version."""

    id: str
    inspection_id: str
    decision: Decision
    comments: str
    reviewer_name: str
    reviewer_role: str
    reviewed_at: str
    task_id: str | None


@dataclass(frozen=True)
class QueueRow:
    """A completed inspection waiting for review, as the queue shows it."""

    inspection_id: str
    site_name: str
    site_address: str
    form_title: Text
    inspector_name: str
    completed_at: str
    finding_count: int
    amendment_no: int


_REVIEW_COLUMNS = ("id", "inspection_id", "decision", "comments", "reviewer_name",
                   "reviewer_role", "reviewed_at", "task_id")


def can_review(role: str | None) -> bool:
    """Whether a profile of this role reviews (and so sees the review queue)."""
    return role in REVIEWING_ROLES


def latest_review(db: sqlite_utils.Database, inspection_id: str) -> Review | None:
    """The newest decision on this inspection version, if any."""
    row = db.execute(
        f"SELECT {', '.join(_REVIEW_COLUMNS)} FROM reviews WHERE inspection_id = ? "
        "ORDER BY reviewed_at DESC, id DESC LIMIT 1", (inspection_id,)).fetchone()
    return Review(*row) if row else None


def review_states(db: sqlite_utils.Database, ids: Iterable[str]) -> dict[str, ReviewState]:
    """The review state of each completed inspection among `ids` (drafts are left out)."""
    ids = list(ids)
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        "SELECT i.id, (SELECT r.decision FROM reviews r WHERE r.inspection_id = i.id "
        "ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1) FROM inspections i "
        f"WHERE i.id IN ({marks}) AND i.status = 'completed'", ids).fetchall()
    return {str(r[0]): (r[1] or "pending") for r in rows}


def review_state(db: sqlite_utils.Database, inspection_id: str) -> ReviewState | None:
    """pending / approved / returned for a completed inspection; None for a draft."""
    return review_states(db, [inspection_id]).get(inspection_id)


_PENDING = ("FROM inspections i WHERE i.status = 'completed' AND i.superseded_by IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.inspection_id = i.id)")


def count_pending(db: sqlite_utils.Database) -> int:
    """How many current completed inspections wait for review."""
    return int(db.execute(f"SELECT count(*) {_PENDING}").fetchone()[0])


def review_queue(db: sqlite_utils.Database, limit: int = 500) -> list[QueueRow]:
    """The current completed inspections not reviewed yet, oldest completion first."""
    rows = db.execute(
        "SELECT i.id, coalesce(s.name, ''), coalesce(s.address, ''), coalesce(f.title_zh, ''), "
        "coalesce(f.title_en, ''), i.inspector_name, i.completed_at, i.finding_count, "
        "i.amendment_no FROM (SELECT i.id " + _PENDING + " ORDER BY i.completed_at, i.id "
        "LIMIT ?) q JOIN inspections i ON i.id = q.id LEFT JOIN sites s ON s.id = i.site_id "
        "LEFT JOIN forms f ON f.form_id = i.form_id AND f.version = i.form_version "
        "ORDER BY i.completed_at, i.id", (limit,)).fetchall()
    return [QueueRow(str(r[0]), str(r[1]), str(r[2]), Text(str(r[3]) or str(r[4]),
                                                           str(r[4]) or str(r[3])),
                     str(r[5] or ""), str(r[6] or ""), int(r[7] or 0), int(r[8] or 0))
            for r in rows]


def approve_inspection(db: sqlite_utils.Database, inspection_id: str, actor: str,
                       comments: str = "") -> Review:
    """Approve a completed inspection (audited); closes the 'return' tasks it answers."""
    return _decide(db, inspection_id, "approved", comments, actor)


def return_inspection(db: sqlite_utils.Database, inspection_id: str, comments: str,
                      actor: str, due_days: int = RETURN_DAYS) -> Review:
    """Return a completed inspection to its inspector with comments (required, audited): a
    task of kind 'return' for the device that made it, due in `due_days`."""
    return _decide(db, inspection_id, "returned", comments, actor, due_days)


def _decide(db: sqlite_utils.Database, inspection_id: str, decision: Decision, comments: str,
            actor: str, due_days: int = RETURN_DAYS) -> Review:
    comments = (comments or "").strip()
    if decision == "returned" and not comments:
        raise ReviewError(Text("退回时请写明需要补正的内容", "say what to correct when returning"))
    with write_transaction(db):
        profile = get_profile(db)
        if profile is None or not can_review(profile.role):
            raise ReviewError(Text("只有组长或单位可以审核检查记录",
                                   "only a team lead or an office reviews inspections"))
        inspection = get_inspection(db, inspection_id)  # InspectionNotFound names the id
        if not inspection.is_completed:
            raise ReviewError(Text("草稿不能审核：请等检查完成",
                                   "a draft is not reviewed: wait until it is completed"))
        if inspection.superseded_by:
            raise ReviewError(Text(
                f"该检查已被更正版本 {inspection.superseded_by} 取代，请审核最新版本",
                f"superseded by {inspection.superseded_by}: review the latest version"))
        now = utc_now()
        task_id = None
        if decision == "returned":
            task_id = _return_task(db, inspection_id, comments, actor, due_days, now)
        review = Review(new_id(), inspection_id, decision, comments,
                        profile.inspector_name or actor, profile.role, now, task_id)
        me = local_device_id(db)
        db.execute(
            "INSERT INTO reviews (id, origin_device, rev, base_rev, created_at, updated_at, "
            "inspection_id, decision, comments, reviewer_name, reviewer_role, reviewed_at, "
            "task_id) VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (review.id, me, now, now, inspection_id, decision, comments, review.reviewer_name,
             review.reviewer_role, now, task_id))
        closed: list[str] = []
        if decision == "approved":
            closed = _close_return_tasks(db, inspection.chain_id, inspection.amendment_no, now)
        record_audit(db, actor, "inspection.review", "inspection", inspection_id,
                     {"decision": decision, "comments": comments, "review_id": review.id,
                      **({"task_id": task_id} if task_id else {}),
                      **({"closed_tasks": closed} if closed else {})})
    return review


def _return_task(db: sqlite_utils.Database, inspection_id: str, comments: str, actor: str,
                 due_days: int, now: str) -> str:
    """The 'return' task: to the device that made the inspection (this one on a shared laptop)."""
    inspection = get_inspection(db, inspection_id)
    me = local_device_id(db)
    device = inspection.origin_device
    if device != me:
        known = db.execute("SELECT revoked_at FROM devices WHERE id = ?", (device,)).fetchone()
        if known is None or known[0] is not None:
            raise ReviewError(Text(
                f"该检查来自设备 {device}，它未在本机登记或已被吊销：无法退回",
                f"the inspection came from device {device}, which is not enrolled here or is "
                "revoked: it cannot be returned"))
    due = (beijing_today() + timedelta(days=due_days)).isoformat()
    task = Task(new_id(), "return", None, inspection_id, inspection.site_id, inspection.form_id,
                due, comments, device, me, "open", None, now, now, 1)
    db.execute(f"INSERT INTO tasks ({', '.join(TASK_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(TASK_COLUMNS))})",
               [getattr(task, c) for c in TASK_COLUMNS])
    record_audit(db, actor, "task.create", "task", task.id,
                 {"kind": "return", "site_id": task.site_id, "form_id": task.form_id,
                  "due_on": due, "assigned_to": device, "notes": comments,
                  "inspection_id": inspection_id})
    return task.id


def _close_return_tasks(db: sqlite_utils.Database, chain_id: str, amendment_no: int,
                        now: str) -> list[str]:
    """Approving an amendment closes the open 'return' tasks of the versions it amends."""
    ids = [str(r[0]) for r in db.execute(
        "SELECT t.id FROM tasks t JOIN inspections i ON i.id = t.inspection_id "
        "WHERE t.kind = 'return' AND t.state IN ('open', 'started') AND i.chain_id = ? "
        "AND i.amendment_no < ? ORDER BY t.id", (chain_id, amendment_no))]
    for task_id in ids:
        db.execute("UPDATE tasks SET state = 'done', rev = rev + 1, updated_at = ? WHERE id = ?",
                   (now, task_id))
    return ids
