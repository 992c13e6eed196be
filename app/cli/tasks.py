"""`street-audit tasks list|start|cancel`: 今日任务 — the work due today, overdue and later;
start a task's inspection (as the window's task list does); cancel a task (an office)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import add_db_option, add_json_option, emit

GROUPS = (("overdue", "逾期", "overdue"), ("due_today", "今日到期", "due today"),
          ("later", "以后", "later"))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tasks", help="今日任务 (tasks: due today, overdue, later)",
        description="列出单位派发的任务（逾期、今日到期、以后），从任务开始检查，"
        "或（单位）取消任务。 "
        "(List the tasks an office gave — overdue, due today, later —, start a task's "
        "inspection, or, at the office, cancel a task.)")
    sub = parser.add_subparsers(dest="tasks_command", required=True)
    lst = sub.add_parser("list", help="今日任务 (what is due today, overdue and later)",
                         description="巡查电脑列出派给本机的任务；单位和组长列出所有设备的任务。"
                         " (A laptop lists its own tasks; an office or a team lead every "
                         "device's.)")
    lst.add_argument("--all", action="store_true",
                     help="连同已完成和已取消的任务 (done and cancelled tasks too)")
    start = sub.add_parser("start", help="从任务开始检查 (start the task's inspection)",
                           description="新建该任务的检查并与任务关联；已开始的任务给出原来的检查。"
                           " (Start the task's inspection, linked to it; a task started before "
                           "gives its inspection again.)")
    start.add_argument("task_id", metavar="ID")
    cancel = sub.add_parser("cancel", help="取消任务（单位） (cancel a task: an office)",
                            description="取消后，任务在所有设备上都保持已取消。 (A cancelled "
                            "task stays cancelled on every device.)")
    cancel.add_argument("task_id", metavar="ID")
    cancel.add_argument("--reason", default="", metavar="TEXT", help="理由 (reason)")
    for p in (lst, start, cancel):
        add_db_option(p)
        add_json_option(p)
    lst.set_defaults(handler=run_list)
    start.set_defaults(handler=run_start)
    cancel.set_defaults(handler=run_cancel)


def _row(r: Any) -> dict[str, Any]:
    t = r.task
    return {"id": t.id, "kind": t.kind, "state": t.state, "due_on": t.due_on,
            "site_id": t.site_id, "site_name": r.site_name, "site_address": r.site_address,
            "form_id": t.form_id, "form_title": r.form_title("zh"), "notes": t.notes,
            "assigned_to": t.assigned_to, "assigned_by": t.assigned_by,
            "started_inspection_id": t.started_inspection_id, "case_id": t.case_id,
            "inspection_id": t.inspection_id, "group": r.group}


def _line(r: Any) -> str:
    from app.store.tasks import KIND_TEXT, STATE_TEXT

    t = r.task
    notes = f"  备注：{t.notes}" if t.notes else ""
    return (f"  {t.id}  {t.due_on}  {KIND_TEXT[t.kind].zh}  {STATE_TEXT[t.state].zh}  "
            f"{r.site_name or r.site_address}  {r.form_title('zh')}{notes}")


def run_list(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.core.clock import beijing_today
    from app.store.tasks import STATES, board_device, list_tasks, task_board

    today = beijing_today()
    db = open_existing(args)
    try:
        device = board_device(db)
        if args.all:
            rows = list_tasks(db, today, assigned_to=device, states=STATES)
        else:
            board = task_board(db, today, assigned_to=device)
    finally:
        db.close()
    if args.all:
        emit(args, "\n".join([*(_line(r) for r in rows),
                              f"共 {len(rows)} 项任务 ({len(rows)} tasks)"]),
             {"today": today.isoformat(), "device": device, "tasks": [_row(r) for r in rows]})
        return 0
    groups = {"overdue": board.overdue, "due_today": board.due_today, "later": board.later}
    lines = [f"今日任务 {today.isoformat()} (tasks for today)"]
    for key, zh, en in GROUPS:
        lines.append(f"{zh} ({en})：{len(groups[key])}")
        lines.extend(_line(r) for r in groups[key])
    data: dict[str, Any] = {"today": today.isoformat(), "device": device}
    data.update({key: [_row(r) for r in rows] for key, rows in groups.items()})
    emit(args, "\n".join(lines), data)
    return 0


def run_start(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.store.profile import get_profile
    from app.store.tasks import start_task

    db = open_existing(args)
    try:
        profile = get_profile(db)
        started = start_task(db, args.task_id, profile,
                             profile.inspector_name if profile else "")
    finally:
        db.close()
    verb = "已开始检查" if started.new else "任务已开始，其检查为"
    emit(args, f"{verb} {started.inspection_id}（任务 {started.task.id}）\n"
               f"({'started' if started.new else 'already started:'} inspection "
               f"{started.inspection_id} of task {started.task.id})",
         {"task_id": started.task.id, "inspection_id": started.inspection_id,
          "new": started.new, "state": started.task.state})
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.store.profile import get_profile
    from app.store.tasks import cancel_task

    db = open_existing(args)
    try:
        profile = get_profile(db)
        task = cancel_task(db, args.task_id, args.reason,
                           profile.inspector_name if profile else "")
    finally:
        db.close()
    emit(args, f"已取消任务 {task.id}（随下一个任务包发给设备 {task.assigned_to}）\n"
               f"(cancelled task {task.id}; it goes to {task.assigned_to} with the next "
               "assignment)", {"task_id": task.id, "state": task.state})
    return 0
