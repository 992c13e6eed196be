"""`street-audit cases list|show|file|order|start|refer|cancel|reopen` (案件, docs/cases.md).

Every command first turns completed inspections not yet seen into case steps (`update_cases`),
so what it lists or changes is current. A step not allowed in the case's state is refused
(exit 3) naming the state and the steps allowed in it; an unknown case id likewise.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import add_db_option, add_json_option, emit
from app.cli.sites import district_code, positive_limit

STATE_CHOICES = ("open", "found", "filed", "ordered", "rectifying", "reinspected", "closed",
                 "referred", "cancelled")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "cases", help="案件 (cases: list, show, file, order, refer, cancel, reopen)",
        description="案件：从发现到销号。列出、查看案件及其每一步（谁、何时、证据），"
        "或由人进行立案、责令整改、移送、撤销、重新打开。 (Cases from finding to closed: "
        "list them, show one with every step — who, when, evidence —, or take a person's step.)")
    sub = parser.add_subparsers(dest="cases_command", required=True)

    lst = sub.add_parser("list", help="列出案件 (list cases)",
                         description="列出案件，最新发现的在前；--overdue 只列逾期未整改的（整改"
                         "期限已过，仍未销号）。 (List cases, the newest first; --overdue: only "
                         "those whose deadline has passed, still open.)")
    lst.add_argument("--site", default=None, metavar="ID",
                     help="场所编号（含并入它的场所） (a site, with the sites merged into it)")
    lst.add_argument("--state", choices=STATE_CHOICES, default=None,
                     help="状态；open = 所有未结案件 (state; open = every open state)")
    lst.add_argument("--overdue", action="store_true", help="只列逾期的 (overdue only)")
    lst.add_argument("--district", type=district_code, default=None, metavar="CODE",
                     help="区代码，如 110105 (district code)")
    lst.add_argument("--limit", type=positive_limit, default=None, metavar="N",
                     help="最多 N 件 (at most N cases)")

    show = sub.add_parser("show", help="查看案件及其每一步 (a case and its steps)",
                          description="案件的每一步：谁、何时（北京时间）、证据（检查、照片、"
                          "文号、期限）；整治前/整治后照片。 (A case's steps: who, when in "
                          "Beijing time, the evidence; the before and after photos.)")
    show.add_argument("case_id", metavar="ID")

    file_ = sub.add_parser("file", help="立案 (file the case)")
    file_.add_argument("case_id", metavar="ID")
    order = sub.add_parser("order", help="责令限期整改：开具通知书并定期限 (order rectification: "
                           "the notice and its deadline)")
    order.add_argument("case_id", metavar="ID")
    start = sub.add_parser("start", help="整改中 (rectification begun)")
    start.add_argument("case_id", metavar="ID")
    refer = sub.add_parser("refer", help="移送 (refer to another authority)")
    refer.add_argument("case_id", metavar="ID")
    refer.add_argument("--to", required=True, metavar="ORG", help="移送单位 (the authority)")
    cancel = sub.add_parser("cancel", help="撤销 (cancel, with the reason)")
    cancel.add_argument("case_id", metavar="ID")
    cancel.add_argument("--reason", required=True, metavar="TEXT", help="理由 (reason)")
    reopen = sub.add_parser("reopen", help="重新打开 (reopen, with the reason)")
    reopen.add_argument("case_id", metavar="ID")
    reopen.add_argument("--reason", required=True, metavar="TEXT", help="理由 (reason)")

    for p in (lst, show, file_, order, start, refer, cancel, reopen):
        add_db_option(p)
        add_json_option(p)
    lst.set_defaults(handler=run_list)
    show.set_defaults(handler=run_show)
    for p, action in ((file_, "file"), (order, "order"), (start, "start"), (refer, "refer"),
                      (cancel, "cancel"), (reopen, "reopen")):
        p.set_defaults(handler=run_step, action=action)


def _open(args: argparse.Namespace) -> Any:
    """The database, with completed inspections turned into case steps first."""
    from app.cli.sites import open_existing
    from app.store.cases import update_cases
    from app.store.profile import get_profile

    db = open_existing(args)
    profile = get_profile(db)
    update_cases(db, profile.inspector_name if profile else "")
    return db


def case_dict(case: Any, as_of: Any) -> dict[str, Any]:
    from app.core.cases import STATE_TITLES

    return {"id": case.id, "site_id": case.site_id, "form_id": case.form_id,
            "item_id": case.item_id, "work_item": case.work_item, "generation": case.generation,
            "rebound_of": case.rebound_of, "state": case.state,
            "state_zh": STATE_TITLES[case.state].zh, "opened_at": case.opened_at,
            "state_at": case.state_at, "deadline": case.deadline, "notice_no": case.notice_no,
            "last_result": case.last_result, "failed_reinspections": case.failed_reinspections,
            "closed_at": case.closed_at, "referred_to": case.referred_to, "reason": case.reason,
            "opened_inspection_id": case.opened_inspection_id,
            "inspector_name": case.inspector_name, "team": case.team,
            "overdue": case.is_overdue(as_of)}


def _case_line(case: dict[str, Any], site_name: str) -> str:
    from app.core.clock import beijing_text

    deadline = f"  期限 {case['deadline']}" if case["deadline"] else ""
    overdue = "  【逾期】" if case["overdue"] else ""
    rebound = "  反弹" if case["rebound_of"] else ""
    return (f"  {case['id']}  {case['state_zh']}{overdue}  {site_name}  "
            f"{case['form_id']}/{case['item_id']}  发现 {beijing_text(case['opened_at'])}"
            f"{deadline}{rebound}")


def run_list(args: argparse.Namespace) -> int:
    from app.core.clock import beijing_today
    from app.store.cases import list_cases

    today = beijing_today()
    db = _open(args)
    try:
        cases = list_cases(db, site_id=args.site, state=args.state,
                           overdue_as_of=today if args.overdue else None,
                           district_code=args.district, limit=args.limit)
        names = _site_names(db, {c.site_id for c in cases})
    finally:
        db.close()
    rows = [case_dict(c, today) for c in cases]
    if args.overdue:  # the most overdue first
        rows.sort(key=lambda r: (r["deadline"] or "", r["id"]))
    for row in rows:
        row["site_name"] = names.get(row["site_id"], "")
    lines = [_case_line(r, r["site_name"]) for r in rows]
    lines.append(f"共 {len(rows)} 件案件 ({len(rows)} cases)")
    emit(args, "\n".join(lines), {"as_of": today.isoformat(), "cases": rows})
    return 0


def _site_names(db: Any, site_ids: set[str]) -> dict[str, str]:
    from app.store.sites import get_site

    names = {}
    for site_id in site_ids:
        site = get_site(db, site_id)
        names[site_id] = site.name or site.address
    return names


def event_dict(event: Any, ignored: set[str]) -> dict[str, Any]:
    from app.core.cases import ACTION_TITLES

    return {"id": event.id, "action": event.action,
            "action_zh": (ACTION_TITLES[event.action].zh if event.action in ACTION_TITLES
                          else event.action),
            "at": event.at, "actor": event.actor, "inspection_id": event.inspection_id,
            "photos": list(event.photos), "notice_id": event.notice_id,
            "notice_no": event.notice_no, "deadline": event.deadline, "result": event.result,
            "referred_to": event.referred_to, "reason": event.reason,
            "ignored": event.id in ignored}


def _event_line(e: dict[str, Any]) -> str:
    from app.core.clock import beijing_text

    evidence = []
    if e["inspection_id"]:
        evidence.append(f"检查 {e['inspection_id']}")
    if e["photos"]:
        evidence.append(f"照片 {len(e['photos'])} 张")
    if e["notice_no"]:
        evidence.append(f"文号 {e['notice_no']}")
    if e["deadline"]:
        evidence.append(f"期限 {e['deadline']}")
    if e["result"]:
        evidence.append("通过" if e["result"] == "pass" else "未通过")
    if e["referred_to"]:
        evidence.append(f"移送 {e['referred_to']}")
    if e["reason"]:
        evidence.append(f"理由 {e['reason']}")
    ignored = "  （未生效：与更早的步骤冲突）" if e["ignored"] else ""
    return (f"  {beijing_text(e['at'])}  {e['action_zh']}  {e['actor'] or '—'}  "
            f"{'；'.join(evidence)}{ignored}")


def run_show(args: argparse.Namespace) -> int:
    from app.core import cases as rules
    from app.core.clock import beijing_today
    from app.store.cases import allowed_steps, case_events, case_photos, get_case
    from app.store.sites import get_site

    today = beijing_today()
    db = _open(args)
    try:
        case = get_case(db, args.case_id)
        events = case_events(db, case.id)
        ignored = set(rules.fold_events(events).ignored)
        photos = case_photos(db, case.id)
        site = get_site(db, case.site_id)
        data = case_dict(case, today)
        data["site_name"] = site.name
        data["site_address"] = site.address
        data["events"] = [event_dict(e, ignored) for e in events]
        data["allowed_steps"] = allowed_steps(case.state, case.last_result)
        data["photos"] = {"before": list(photos.before), "after": list(photos.after),
                          "before_inspection_id": photos.before_inspection_id,
                          "after_inspection_id": photos.after_inspection_id}
    finally:
        db.close()
    steps = "、".join(rules.ACTION_TITLES[a].zh for a in data["allowed_steps"]) or "无"
    lines = [
        f"案件 {case.id} (case)",
        f"  场所：{site.name or '（无名称）'}  {site.address}",
        f"  问题：{case.form_id}/{case.item_id}  工作内容：{case.work_item}",
        f"  状态：{data['state_zh']}{'（逾期）' if data['overdue'] else ''}"
        + (f"  整改期限：{case.deadline}" if case.deadline else "")
        + (f"  文号：{case.notice_no}" if case.notice_no else ""),
    ]
    if case.rebound_of:
        lines.append(f"  反弹自：{case.rebound_of}")
    lines.append("步骤 (steps)：")
    lines.extend(_event_line(e) for e in data["events"])
    lines.append(f"整治前照片 {len(photos.before)} 张，整治后照片 {len(photos.after)} 张 "
                 f"(before/after photos)")
    lines.append(f"此状态下可以 (allowed steps)：{steps}")
    emit(args, "\n".join(lines), data)
    return 0


def run_step(args: argparse.Namespace) -> int:
    from app.core.cases import ACTION_TITLES, STATE_TITLES
    from app.core.clock import beijing_today
    from app.store import cases as store

    db = _open(args)
    try:
        from app.store.profile import get_profile

        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        action = args.action
        if action == "file":
            case = store.file_case(db, args.case_id, actor)
        elif action == "order":
            case = store.order_case(db, args.case_id, profile.office_code if profile else "",
                                    actor)
        elif action == "start":
            case = store.start_rectification(db, args.case_id, actor)
        elif action == "refer":
            case = store.refer_case(db, args.case_id, args.to, actor)
        elif action == "cancel":
            case = store.cancel_case(db, args.case_id, args.reason, actor)
        else:
            case = store.reopen_case(db, args.case_id, args.reason, actor)
    finally:
        db.close()
    title = ACTION_TITLES[action]
    deadline = f"，整改期限 {case.deadline}" if action == "order" and case.deadline else ""
    emit(args, f"已{title.zh}：案件 {case.id} 现为“{STATE_TITLES[case.state].zh}”{deadline}\n"
               f"({title.en}: case {case.id} is now {case.state})",
         case_dict(case, beijing_today()))
    return 0
