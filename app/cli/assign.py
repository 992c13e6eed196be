"""`street-audit assign`: give a device a task, and write its assignment bundle (DESIGN.md).

    assign --to DEVICE --site ID --form ID --due DATE [--notes TEXT] [--kind KIND]
    assign --to DEVICE --out DIR [--district CODE] [--numbers N] [--again N]

The first form makes a task at this office; the second writes the device's next assignment
bundle (its new tasks, new checklist versions, the sites of its district, notice number blocks).
Both may be given at once: the task is made, then the bundle that carries it is written.
`--device` is the same as `--to`.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import add_db_option, add_json_option, emit

KINDS = ("inspect", "reinspect", "return")


def due_date(text: str) -> date:
    """YYYY-MM-DD (a Beijing calendar date)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"应为日期 YYYY-MM-DD，而不是 {text!r} (a date YYYY-MM-DD, not {text!r})") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"应为不小于 0 的整数，而不是 {text!r} "
                                         f"(a whole number, 0 or more, not {text!r})")
    return value


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text!r} (a positive whole number)")
    return value


def part_size(text: str) -> int:
    """A size in bytes, k/m/g allowed, at least 1024 (as `export --part-size`)."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    try:
        value = float(text[:-1]) * units[text[-1].lower()] if text[-1:].lower() in units else \
            float(text)
    except (ValueError, IndexError):
        value = 0
    if value < 1024:
        raise argparse.ArgumentTypeError(f"应为不小于 1024 的字节数，可带 k/m/g，而不是 {text!r} "
                                         f"(a size of at least 1024 bytes, not {text!r})")
    return int(value)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "assign", help="派发任务、写出任务包 (give a device tasks; write its assignment bundle)",
        description="单位（或组长）给一台巡查电脑派发任务（场所、检查表、到期日、备注），并写出"
        "该设备的任务包：新任务、新版本检查表、其所在区的场所名录、整改通知书文号号段，签名并加密给"
        "该设备。 (An office or team lead gives a laptop tasks — site, checklist, due date, "
        "notes — and writes that device's assignment bundle: its new tasks, new checklist "
        "versions, the site registry of its district and notice number blocks, signed and "
        "encrypted to it.)")
    parser.add_argument("--to", "--device", dest="to", required=True, metavar="DEVICE",
                        help="接收任务的设备编号 (the device the work is for)")
    task = parser.add_argument_group("派发一项任务 (give one task)")
    task.add_argument("--site", metavar="ID", help="场所编号 (site id)")
    task.add_argument("--form", metavar="ID", help="检查表编号 (checklist id)")
    task.add_argument("--due", type=due_date, metavar="DATE",
                      help="到期日 YYYY-MM-DD（北京时间） (due date, Beijing calendar)")
    task.add_argument("--notes", default="", metavar="TEXT", help="备注 (notes)")
    task.add_argument("--kind", choices=KINDS, default="inspect",
                      help="inspect 检查 / reinspect 复查 / return 退回补正 (default inspect)")
    out = parser.add_argument_group("写出任务包 (write the assignment bundle)")
    out.add_argument("--out", type=Path, metavar="DIR", help="写到此文件夹 (folder to write to)")
    out.add_argument("--district", metavar="CODE",
                     help="随包发送哪个区的场所名录（默认本单位所在区） (whose sites go as the "
                     "registry; default this office's district)")
    out.add_argument("--numbers", type=_count, default=None, metavar="N",
                     help="同时分配 N 个整改通知书文号（0：不分配；默认：该设备今年已无可用文号时"
                     "分配 20 个） (grant a block of N notice numbers; 0: none; default: 20 when "
                     "the device has none left this year as far as this office knows)")
    out.add_argument("--again", type=_positive, default=None, metavar="N",
                     help="重新写出给该设备的第 N 号任务包（丢失时） (write this device's "
                     "assignment N again, if it was lost)")
    out.add_argument("--part-size", type=part_size, default=None, metavar="SIZE",
                     help="超过此大小时分卷写出（默认 3.5g） (split above this size)")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.store.profile import get_profile
    from app.store.sites import get_site
    from app.store.tasks import create_task
    from app.sync.assignment import write_assignment, write_assignment_again
    from app.sync.bundle import DEFAULT_PART_LIMIT

    task_args = (args.site, args.form, args.due)
    if any(a is not None for a in task_args) and not all(a is not None for a in task_args):
        args.parser.error("派发任务须同时给出 --site、--form 和 --due "
                          "(a task needs --site, --form and --due)")
    if args.site is None and args.out is None:
        args.parser.error("请给出 --site/--form/--due（派发任务）或 --out（写出任务包） "
                          "(give --site/--form/--due to make a task, or --out to write the bundle)")
    if args.again is not None and (args.out is None or args.site is not None):
        args.parser.error("--again 只与 --out 合用 (--again goes with --out only)")
    lines: list[str] = []
    data: dict[str, Any] = {}
    db = open_existing(args)
    try:
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        if args.site is not None:
            made = create_task(db, site_id=args.site, form_id=args.form, due_on=args.due,
                               assigned_to=args.to, notes=args.notes, kind=args.kind,
                               actor=actor)
            site = get_site(db, made.site_id)
            lines.append(f"已派发任务 {made.id}：{site.name or site.address}，{made.form_id}，"
                         f"到期 {made.due_on}，设备 {made.assigned_to}\n(task {made.id} given to "
                         f"{made.assigned_to}, due {made.due_on})")
            data["task"] = {"id": made.id, "kind": made.kind, "site_id": made.site_id,
                            "form_id": made.form_id, "due_on": made.due_on, "notes": made.notes,
                            "assigned_to": made.assigned_to, "state": made.state}
        if args.out is not None:
            limit = args.part_size or DEFAULT_PART_LIMIT
            if args.again is not None:
                result = write_assignment_again(db, args.to, args.again, args.out,
                                                part_limit=limit, actor=actor)
            else:
                written = write_assignment(db, args.out, args.to, district_code=args.district,
                                           numbers=args.numbers, part_limit=limit, actor=actor)
                assert written is not None
                result = written
    finally:
        db.close()
    if args.out is not None:
        c = result.counts
        files = "\n".join(f"  {p}" for p in result.paths)
        granted = ""
        if result.granted is not None:
            b = result.granted
            granted = (f"\n分配文号 {b.office_code}〔{b.year}〕第{b.first}–{b.last}号 "
                       f"(granted notice numbers {b.first}-{b.last} of {b.year})")
        lines.append(
            f"{'已重新写出' if result.again else '已写出'}给设备 {result.receiver} 的第 "
            f"{result.seq} 号任务包：任务 {c.get('task', 0)}，场所 {c.get('site', 0)}，检查表 "
            f"{c.get('forms', 0)}，文号号段 {c.get('notice_block', 0)}{granted}\n{files}\n"
            f"(wrote assignment {result.seq} for {result.receiver}: {c.get('task', 0)} tasks, "
            f"{c.get('site', 0)} sites, {c.get('forms', 0)} checklists, "
            f"{c.get('notice_block', 0)} number blocks)")
        data["bundle"] = {
            "receiver": result.receiver, "seq": result.seq, "bundle_id": result.bundle_id,
            "files": [str(p) for p in result.paths], "counts": c, "again": result.again,
            "granted": None if result.granted is None else {
                "office_code": result.granted.office_code, "year": result.granted.year,
                "first": result.granted.first, "last": result.granted.last}}
    emit(args, "\n".join(lines), data)
    return 0
