"""Tasks: work an office (or team lead) gives a device — a site to inspect with a checklist by a
due date — and what became of it (db/006_tasks.sql, docs/sync.md "Tasks").

The office creates a task (`create_task`) and may cancel it (`cancel_task`); the laptop starts
it (`start_task`: the inspection is made and linked in one transaction) and completing that
inspection marks the task done (a trigger, so the window and the command line need not know).
Tasks travel in bundles (app.sync.task_records); this module knows nothing of that: a local
change just leaves the row changed for the next bundle. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core.clock import utc_now
from app.core.errors import InputRefused
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.checklists import UnknownForm, known_form_ids
from app.store.db import write_transaction
from app.store.inspection_errors import AmendmentInProgress
from app.store.inspection_records import Inspection
from app.store.inspections import amend_inspection, remembered_second_officer, start_inspection
from app.store.profile import Profile, get_profile
from app.store.sites import get_site

if TYPE_CHECKING:
    import sqlite_utils

KINDS = ("inspect", "reinspect", "return")
STATES = ("open", "started", "done", "cancelled")
OPEN_STATES = ("open", "started")
# Roles whose database gives work to others.
ASSIGNING_ROLES = ("office", "lead")
KIND_TEXT = {"inspect": Text("检查", "inspect"), "reinspect": Text("复查", "re-inspect"),
             "return": Text("退回补正", "returned for correction")}
STATE_TEXT = {"open": Text("待办", "open"), "started": Text("进行中", "started"),
              "done": Text("已完成", "done"), "cancelled": Text("已取消", "cancelled")}

# The columns of `tasks` that make a task (and travel in bundles), in table order.
TASK_COLUMNS = (
    "id", "kind", "case_id", "inspection_id", "site_id", "form_id", "due_on", "notes",
    "assigned_to", "assigned_by", "state", "started_inspection_id", "created_at", "updated_at",
    "rev",
)


class TaskError(InputRefused, ValueError):
    """A task that cannot be made or changed as asked; the message says why."""


class TaskNotFound(TaskError, LookupError):
    def __init__(self, task_id: str) -> None:
        super().__init__(Text(f"找不到任务：{task_id}", f"no such task: {task_id}"))
        self.task_id = task_id


@dataclass(frozen=True)
class Task:
    """One task as its row holds it (the winning version)."""

    id: str
    kind: str
    case_id: str | None
    inspection_id: str | None
    site_id: str
    form_id: str
    due_on: str  # YYYY-MM-DD, Beijing calendar
    notes: str
    assigned_to: str
    assigned_by: str
    state: str
    started_inspection_id: str | None
    created_at: str
    updated_at: str
    rev: int

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


@dataclass(frozen=True)
class TaskRow:
    """A task as a list shows it: with its site, checklist title and where it falls by date."""

    task: Task
    site_name: str
    site_address: str
    form_title_zh: str
    form_title_en: str
    group: str  # "overdue" | "today" | "later"

    def form_title(self, lang: str) -> str:
        return (self.form_title_en if lang == "en" else self.form_title_zh) or self.task.form_id


@dataclass(frozen=True)
class TaskBoard:
    """今日任务: the open tasks due before today, today, and later."""

    today: date
    overdue: tuple[TaskRow, ...]
    due_today: tuple[TaskRow, ...]
    later: tuple[TaskRow, ...]

    def rows(self) -> tuple[TaskRow, ...]:
        """Overdue first, then today's, then later ones (each by due date)."""
        return self.overdue + self.due_today + self.later


@dataclass(frozen=True)
class StartedTask:
    """The outcome of starting a task: the task now, its inspection and whether it is new."""

    task: Task
    inspection_id: str
    new: bool


_SELECT = "SELECT " + ", ".join(f"t.{c}" for c in TASK_COLUMNS) + " FROM tasks t"


def _task(row: tuple[object, ...]) -> Task:
    values = dict(zip(TASK_COLUMNS, row, strict=True))
    values["rev"] = int(str(values["rev"]))
    return Task(**values)  # type: ignore[arg-type]


def get_task(db: sqlite_utils.Database, task_id: str) -> Task:
    """The task; TaskNotFound if there is none."""
    row = db.execute(f"{_SELECT} WHERE t.id = ?", (task_id,)).fetchone()
    if row is None:
        raise TaskNotFound(task_id)
    return _task(row)


def task_for_inspection(db: sqlite_utils.Database, inspection_id: str) -> Task | None:
    """The task an inspection was started from, if any."""
    row = db.execute(f"{_SELECT} WHERE t.started_inspection_id = ?",
                     (inspection_id,)).fetchone()
    return _task(row) if row else None


# ---- the office: giving and cancelling work ---------------------------------------------------


def create_task(db: sqlite_utils.Database, *, site_id: str, form_id: str, due_on: date,
                assigned_to: str, notes: str = "", kind: str = "inspect",
                case_id: str | None = None, inspection_id: str | None = None,
                actor: str = "") -> Task:
    """Give `assigned_to` a task (audited); it goes out in that device's next assignment bundle.

    Only an office's or team lead's database gives work; the site must be here, the checklist
    registered, the device enrolled (and not revoked)."""
    if kind not in KINDS:
        raise TaskError(Text(f"任务类型应为 {'、'.join(KINDS)}", f"a task's kind is one of "
                             f"{', '.join(KINDS)}, not {kind!r}"))
    with write_transaction(db):
        profile = get_profile(db)
        if profile is None or profile.role not in ASSIGNING_ROLES:
            raise TaskError(Text("只有单位或组长的数据库可以派发任务",
                                 "only an office's or a team lead's database gives tasks"))
        site = get_site(db, site_id)  # SiteNotFound names the id
        known = known_form_ids(db)
        if form_id not in known:
            raise UnknownForm(form_id, None, known)
        device = db.execute("SELECT is_local, revoked_at FROM devices WHERE id = ?",
                            (assigned_to,)).fetchone()
        if device is None or device[0]:
            raise TaskError(Text(f"设备 {assigned_to} 未登记：请先 devices enrol 它的密钥文件",
                                 f"device {assigned_to} is not enrolled here: `devices enrol` "
                                 "its key file first"))
        if device[1] is not None:
            raise TaskError(Text(f"设备 {assigned_to} 已被吊销，不能派发任务",
                                 f"device {assigned_to} is revoked: no tasks for it"))
        now = utc_now()
        task = Task(new_id(), kind, case_id, inspection_id, site.id, form_id, due_on.isoformat(),
                    notes.strip(), assigned_to, local_device_id(db), "open", None, now, now, 1)
        db.execute(f"INSERT INTO tasks ({', '.join(TASK_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(TASK_COLUMNS))})",
                   [getattr(task, c) for c in TASK_COLUMNS])
        record_audit(db, actor, "task.create", "task", task.id,
                     {"kind": kind, "site_id": site.id, "form_id": form_id,
                      "due_on": task.due_on, "assigned_to": assigned_to, "notes": task.notes,
                      **({"case_id": case_id} if case_id else {}),
                      **({"inspection_id": inspection_id} if inspection_id else {})})
    return task


def cancel_task(db: sqlite_utils.Database, task_id: str, reason: str = "",
                actor: str = "") -> Task:
    """Cancel a task that is not done (audited). Final: a cancelled task stays cancelled, on
    every device, whatever else its versions say (docs/sync.md)."""
    with write_transaction(db):
        task = get_task(db, task_id)
        if task.state == "cancelled":
            return task
        if task.state == "done":
            raise TaskError(Text("任务已完成，不能取消",
                                 "the task is done: it cannot be cancelled"))
        db.execute("UPDATE tasks SET state = 'cancelled', rev = rev + 1, updated_at = ? "
                   "WHERE id = ?", (utc_now(), task_id))
        record_audit(db, actor, "task.cancel", "task", task_id,
                     {"reason": reason.strip(), "was": task.state})
        return get_task(db, task_id)


@dataclass(frozen=True)
class ReinspectionTasks:
    """What `ensure_reinspection_tasks` did: the tasks made, and the cases left without one
    (case id → why: no enrolled device to send it to)."""

    created: tuple[Task, ...]
    skipped: dict[str, Text]


def ensure_reinspection_tasks(db: sqlite_utils.Database, actor: str = "") -> ReinspectionTasks:
    """A 复查 task for every case ordered to rectify by a deadline (ordered or rectifying), due
    on that deadline, once per case and deadline (a task cancelled stays the case's answer; a
    new order with a new deadline makes a new task). It goes to the device whose inspection last
    found the case (else the one that opened it), so it travels in that device's next assignment
    bundle. Only an office's or team lead's database gives work: elsewhere nothing is made."""
    profile = get_profile(db)
    if profile is None or profile.role not in ASSIGNING_ROLES:
        return ReinspectionTasks((), {})
    created: list[Task] = []
    skipped: dict[str, Text] = {}
    with write_transaction(db):
        rows = db.execute(
            "SELECT c.id, coalesce(s.merged_into, s.id), c.form_id, c.item_id, c.deadline, "
            "c.notice_no, c.origin_device, (SELECT i.origin_device || ' ' || i.id "
            "FROM case_events e JOIN inspections i ON i.id = e.inspection_id "
            "WHERE e.case_id = c.id AND (e.action = 'open' OR (e.action = 'reinspect' "
            "AND e.result = 'fail')) ORDER BY e.at DESC, e.id DESC LIMIT 1) "
            "FROM cases c JOIN sites s ON s.id = c.site_id "
            "WHERE c.state IN ('ordered', 'rectifying') AND c.deadline IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.kind = 'reinspect' "
            "AND t.case_id = c.id AND t.due_on = c.deadline) ORDER BY c.deadline, c.id"
        ).fetchall()
        for case_id, site_id, form_id, item_id, deadline, notice_no, opener, latest in rows:
            device, inspection_id = (str(latest).split(" ", 1) if latest
                                     else (str(opener), None))
            usable = db.execute("SELECT 1 FROM devices WHERE id = ? AND NOT is_local "
                                "AND revoked_at IS NULL", (device,)).fetchone()
            if usable is None:
                skipped[str(case_id)] = Text(
                    f"发现该问题的设备 {device} 不是本单位登记的外勤设备，复查任务请人工派发",
                    f"the device that found it ({device}) is not an enrolled field device "
                    "here: give the re-inspection by hand")
                continue
            notes = f"复查 {item_id}，整改期限 {deadline}" + (f"，{notice_no}" if notice_no
                                                             else "")
            created.append(create_task(
                db, site_id=str(site_id), form_id=str(form_id),
                due_on=date.fromisoformat(str(deadline)), assigned_to=device, notes=notes,
                kind="reinspect", case_id=str(case_id), inspection_id=inspection_id,
                actor=actor))
    return ReinspectionTasks(tuple(created), skipped)


# ---- the laptop: doing the work ---------------------------------------------------------------


def start_task(db: sqlite_utils.Database, task_id: str, profile: Profile | None = None,
               actor: str = "") -> StartedTask:
    """Start the task's inspection and link them, in one transaction (audited).

    A task started before whose inspection is still here gives that inspection again (the
    window's "continue"); one whose draft was thrown away starts a new one. The second officer
    is the one named last on this device, as the new-inspection dialog proposes."""
    with write_transaction(db):
        task = get_task(db, task_id)
        me = local_device_id(db)
        if task.assigned_to != me:
            raise TaskError(Text("此任务派给了另一台设备，本机不能开始",
                                 "this task is another device's: it cannot be started here"))
        if task.state in ("done", "cancelled"):
            raise TaskError(Text(f"任务{STATE_TEXT[task.state].zh}，不能再开始",
                                 f"the task is {task.state}: it cannot be started"))
        if task.state == "started" and task.started_inspection_id is not None:
            linked = db.execute("SELECT 1 FROM inspections WHERE id = ?",
                                (task.started_inspection_id,)).fetchone()
            if linked is not None:
                return StartedTask(task, task.started_inspection_id, False)
        profile = profile or get_profile(db)
        if task.kind == "return" and task.inspection_id:
            # Returned by the reviewer (app.store.review): corrected as an amendment of it.
            return _start_return(db, task, actor or (profile.inspector_name if profile else ""))
        second = remembered_second_officer(db)
        inspection: Inspection = start_inspection(
            db, task.form_id, task.site_id, profile,
            second_officer=second if any(second) else None)
        db.execute("UPDATE tasks SET state = 'started', started_inspection_id = ?, "
                   "rev = rev + 1, updated_at = ? WHERE id = ?",
                   (inspection.id, utc_now(), task_id))
        record_audit(db, actor or (profile.inspector_name if profile else ""), "task.start",
                     "task", task_id, {"inspection_id": inspection.id})
        return StartedTask(get_task(db, task_id), inspection.id, True)


def _start_return(db: sqlite_utils.Database, task: Task, actor: str) -> StartedTask:
    """A returned inspection's task starts its amendment (or continues the open one)."""
    reason = f"退回补正：{task.notes}" if task.notes else "退回补正"
    try:
        amendment_id = amend_inspection(db, str(task.inspection_id), reason, actor).id
    except AmendmentInProgress as exc:
        amendment_id = exc.draft_id
    db.execute("UPDATE tasks SET state = 'started', started_inspection_id = ?, "
               "rev = rev + 1, updated_at = ? WHERE id = ?", (amendment_id, utc_now(), task.id))
    record_audit(db, actor, "task.start", "task", task.id, {"inspection_id": amendment_id})
    return StartedTask(get_task(db, task.id), amendment_id, True)


# ---- lists -------------------------------------------------------------------------------------

_ROW_SELECT = (
    "SELECT " + ", ".join(f"t.{c}" for c in TASK_COLUMNS)
    + ", coalesce(s.name, ''), coalesce(s.address, ''), "
    "coalesce(f.title_zh, ''), coalesce(f.title_en, '') FROM tasks t "
    "LEFT JOIN sites s ON s.id = t.site_id "
    "LEFT JOIN forms f ON f.form_id = t.form_id AND f.version = "
    "(SELECT max(version) FROM forms WHERE form_id = t.form_id)"
)


def _group(due_on: str, today: date) -> str:
    day = today.isoformat()
    return "overdue" if due_on < day else "today" if due_on == day else "later"


def list_tasks(db: sqlite_utils.Database, today: date, *, assigned_to: str | None = None,
               states: tuple[str, ...] = OPEN_STATES, limit: int = 1000) -> list[TaskRow]:
    """Tasks in these states (of one device if given), by due date then creation."""
    marks = ", ".join("?" * len(states))
    sql = f"{_ROW_SELECT} WHERE t.state IN ({marks})"
    args: list[object] = list(states)
    if assigned_to is not None:
        sql += " AND t.assigned_to = ?"
        args.append(assigned_to)
    sql += " ORDER BY t.due_on, t.created_at, t.id LIMIT ?"
    args.append(limit)
    rows = []
    for row in db.execute(sql, args).fetchall():
        task = _task(row[:len(TASK_COLUMNS)])
        rest = [str(v) for v in row[len(TASK_COLUMNS):]]
        rows.append(TaskRow(task, rest[0], rest[1], rest[2], rest[3], _group(task.due_on, today)))
    return rows


def task_board(db: sqlite_utils.Database, today: date,
               assigned_to: str | None = None) -> TaskBoard:
    """今日任务: the open and started tasks (of one device if given) overdue, due today, later."""
    rows = list_tasks(db, today, assigned_to=assigned_to)
    return TaskBoard(today, tuple(r for r in rows if r.group == "overdue"),
                     tuple(r for r in rows if r.group == "today"),
                     tuple(r for r in rows if r.group == "later"))


def board_device(db: sqlite_utils.Database) -> str | None:
    """Whose tasks this database's 今日任务 shows: a laptop its own; an office or a team lead
    every device's (None), to follow the work up."""
    profile = get_profile(db)
    if profile is not None and profile.role in ASSIGNING_ROLES:
        return None
    return local_device_id(db)
