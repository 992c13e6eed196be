"""`street-audit inspection new`: record an inspection without the window; `inspection list`;
`inspection complete`: complete a draft as the window's completion dialog does (issue 12.1).

Everything is checked before anything is written: the answers file, the checklist, the site,
every item id and every answer; a rejected input (exit 3) leaves the database unchanged.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import inspection_review
from app.cli.answers_file import read_answers
from app.cli.common import CliError, InputRejected, add_db_option, add_json_option, db_path, emit
from app.cli.init import ensure_checklists, open_db
from app.core.clock import beijing_today
from app.store.checklists import UnknownForm, get_checklist
from app.store.completion import complete_with_record, completion_preview
from app.store.db import write_transaction
from app.store.inspections import (
    incomplete_error,
    remembered_second_officer,
    start_inspection,
)
from app.store.profile import get_profile
from app.store.signatures import ROLES, SignatureInput
from app.store.sites import SiteNotFound, get_site


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "inspection",
        help="检查记录 (inspections)",
        description="检查记录相关命令。 (Commands for inspections.)",
    )
    sub = parser.add_subparsers(dest="inspection_command", required=True)
    new = sub.add_parser(
        "new",
        help="不经窗口录入一条检查 (record an inspection without the window)",
        description="按检查表和场所录入一条检查，答案来自 JSON 文件（题目编号 → 答案）；"
        "--complete 同时完成。输入有误时退出码为 3，数据库不作任何改动。 (Record an inspection "
        "from a JSON file of item id → answer; --complete also completes it. Bad input: exit 3, "
        "nothing written.)",
    )
    add_db_option(new)
    add_json_option(new)
    new.add_argument("--form", required=True, metavar="ID", help="检查表编号 (checklist id)")
    new.add_argument("--site", required=True, metavar="ID", help="场所编号 (site id)")
    new.add_argument(
        "--answers", required=True, type=Path, metavar="FILE.json", help="答案文件 (answers file)"
    )
    new.add_argument("--complete", action="store_true", help="同时完成检查 (also complete it)")
    new.add_argument(
        "--second-inspector", default=None, metavar="NAME",
        help="第二名检查人员姓名（行政处罚法第四十二条：执法检查不少于两人）；"
        "不给时沿用本机上次填写的 (the second officer's name; default: the one named last on "
        "this device)")
    new.add_argument("--second-badge", default=None, metavar="NO",
                     help="第二名检查人员的执法证号 (the second officer's badge number)")
    _add_photo_reason(new)
    new.set_defaults(handler=run_new)  # fmt: skip
    _register_list(sub)
    _register_complete(sub)
    inspection_review.register(sub)  # discard, discarded, duplicate, review, review-queue


def _add_photo_reason(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--photo-reason", default=None, metavar="TEXT",
        help="照片少于检查项要求的张数时，写明原因（打印在检查记录上）；没有原因则拒绝完成 "
        "(why photo slots hold fewer photos than asked: printed on the record; without it such "
        "an inspection is not completed)")


def _register_complete(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    complete = sub.add_parser(
        "complete",
        help="完成一条检查草稿 (complete a draft inspection)",
        description="完成检查草稿：先列出记录将写明的内容（按程度的问题、照片提醒、照片不足的"
        "检查项）；照片不足时须用 --photo-reason 写明原因。可附签字图片（PNG）或当事人拒签的"
        "见证人。 (Complete a draft: lists what the record will say — findings by severity, "
        "photo warnings, photo slots below their minimum; short photos need --photo-reason. "
        "Signatures as PNG files, or the witness of the party's refusal.)",
    )
    add_db_option(complete)
    add_json_option(complete)
    complete.add_argument("inspection_id", metavar="ID", help="检查编号 (inspection id)")
    _add_photo_reason(complete)
    complete.add_argument(
        "--signature", action="append", default=[], metavar="ROLE=FILE.png",
        help="签字图片，ROLE 为 inspector / second_officer / party / witness，可多次给出 "
        "(a signature image; ROLE is inspector, second_officer, party or witness; repeatable)")
    complete.add_argument(
        "--party-refused", default=None, metavar="WITNESS",
        help="当事人拒签，写明见证人姓名 (the party refused to sign: the witness's name)")
    complete.add_argument(
        "--preview", action="store_true",
        help="只列出记录将写明的内容，不完成 (only show what the record would say)")
    complete.set_defaults(handler=run_complete)


def _signature_inputs(args: argparse.Namespace) -> list[SignatureInput]:
    """The --signature ROLE=FILE and --party-refused options as signatures to store."""
    found: list[SignatureInput] = []
    for spec in args.signature:
        role, sep, file = str(spec).partition("=")
        if not sep or role not in ROLES:
            raise InputRejected(
                f"签字应写成 ROLE=FILE.png，ROLE 为 {'/'.join(ROLES)}：{spec} "
                f"(a signature is ROLE=FILE.png with ROLE one of {', '.join(ROLES)})")
        try:
            png = Path(file).read_bytes()
        except OSError as exc:
            raise InputRejected(f"无法读取签字图片 {file}：{exc.strerror} "
                                f"(cannot read the signature image {file})") from None
        found.append(SignatureInput(role, png))
    if args.party_refused is not None:
        found.append(SignatureInput.party_refused(args.party_refused))
    return found


def run_complete(args: argparse.Namespace) -> int:
    """Show what the record will say; complete unless --preview (refusals: exit 3)."""
    signatures = _signature_inputs(args)
    db = open_db(db_path(args))
    try:
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        preview = completion_preview(db, args.inspection_id)
        completed = None
        if not args.preview:
            completed = complete_with_record(db, args.inspection_id, actor,
                                             short_photo_reason=args.photo_reason,
                                             signatures=signatures)
    finally:
        db.close()
    lines = [f"检查 {preview.inspection_id} (inspection)"]
    for severity, found in preview.findings_by_severity().items():
        label = {"critical": "严重", "major": "较重", "minor": "一般"}[severity]
        lines += [f"  问题（{label}）: {f.text.zh} ({f.text.en})" for f in found]
    if not preview.findings:
        lines.append("  未发现问题 (no findings)")
    lines += [f"  照片提醒 (photo warning): {w.text.zh} ({w.text.en}) {w.sha256[:12]}"
              for w in preview.photo_warnings]
    lines += [f"  照片不足 (too few photos): {s.label.zh} {s.count}/{s.minimum}"
              for s in preview.short_slots]
    if completed is not None:
        lines.append(f"已完成 (completed): {completed.completed_at}")
    emit(args, "\n".join(lines), {
        "id": preview.inspection_id,
        "status": completed.status if completed is not None else preview.status,
        "findings": [{"item_id": f.item_id, "severity": f.severity, "text": f.text.to_dict()}
                     for f in preview.findings],
        "photo_warnings": [{"sha256": w.sha256, "code": w.code, "text": w.text.to_dict()}
                           for w in preview.photo_warnings],
        "short_photo_slots": [{"item_id": s.item_id, "count": s.count, "min": s.minimum}
                              for s in preview.short_slots],
        "signatures": [s.role for s in signatures] if completed is not None else [],
    })
    return 0


STATUSES = ("draft", "completed", "superseded")


def _register_list(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from app.cli.sites import district_code, positive_limit

    listing = sub.add_parser(
        "list",
        help="列出检查及其编号 (list inspections with their ids)",
        description="列出检查及其编号，最近开始的在前；默认不列出已被更正取代的版本。 "
        "(List inspections with their ids, the most recently started first; versions replaced "
        "by an amendment only with --status superseded.)",
    )
    add_db_option(listing)
    add_json_option(listing)
    listing.add_argument("--status", choices=STATUSES, default=None,
                         help="状态：draft 草稿 / completed 已完成 / superseded 已被更正取代 "
                         "(status)")
    listing.add_argument("--site", default=None, metavar="ID", help="场所编号 (site id)")
    listing.add_argument("--search", default=None, metavar="TEXT",
                         help="场所名称、地址或信用代码中的文字 (text in the site's name, "
                         "address or credit code)")
    listing.add_argument("--form", default=None, metavar="ID", help="检查表编号 (checklist id)")
    listing.add_argument("--district", type=district_code, default=None, metavar="CODE",
                         help="区代码，如 110105 (district code)")
    listing.add_argument("--limit", type=positive_limit, default=50, metavar="N",
                         help="最多列出 N 条，默认 50 (at most N inspections; default 50)")
    listing.set_defaults(handler=run_list)


STATUS_ZH = {"draft": "草稿", "completed": "已完成", "superseded": "已被更正取代"}


def run_list(args: argparse.Namespace) -> int:
    """One page of the inspections list (app.store.inspection_list), newest first."""
    from app.cli.sites import open_existing
    from app.store.inspection_list import list_inspections
    from app.store.inspection_query import InspectionFilter

    db = open_existing(args)
    try:
        if args.site:
            get_site(db, args.site)  # SiteNotFound: exit 3, as everywhere
        flt = InspectionFilter(status=args.status, form_id=args.form,
                               district_code=args.district, site_text=args.search,
                               site_id=args.site)
        found = list_inspections(db, flt, limit=args.limit)
    finally:
        db.close()
    rows: list[dict[str, Any]] = [{
        "id": r.id,
        "status": r.status,
        "form": r.form_id,
        "form_version": r.form_version,
        "form_title": r.form_title.zh,
        "site_id": r.site_id,
        "site_name": r.site_name,
        "site_address": r.site_address,
        "district_code": r.district_code,
        "district": r.district_name,
        "inspector": r.inspector_name,
        "started_at": r.started_at,
        "completed_at": r.completed_at,
        "findings": r.finding_count,
        "amendment_no": r.amendment_no,
        "amends_id": r.amends_id,
    } for r in found]
    lines = [f"{r['id']}  {STATUS_ZH[r['status']]}  {r['started_at'][:10]}  {r['form']}  "
             f"{r['district']}  {r['site_name'] or r['site_address']}  问题 {r['findings']}"
             for r in rows]
    footer = f"共 {len(rows)} 条检查 ({len(rows)} inspections)"
    if len(rows) == args.limit:
        footer += (" （可能还有更多，用 --limit 或筛选条件） "
                   "(there may be more: use --limit or a filter)")
    emit(args, "\n".join([*lines, footer]), rows)
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Validate everything, then start (and complete) the inspection in one transaction."""
    from app.core.checklist import default_answers, evaluate

    answers = read_answers(args.answers)
    path = db_path(args)
    db = open_db(path)
    try:
        profile = get_profile(db)
        if profile is None:
            raise CliError(
                f"数据库尚未初始化：{path}；请先运行 street-audit init "
                f"(the database is not initialised: {path}; run `street-audit init` first)"
            )
        ensure_checklists(db, profile.inspector_name)
        try:
            checklist = get_checklist(db, args.form)
        except UnknownForm as exc:
            raise InputRejected(str(exc)) from None
        try:
            site = get_site(db, args.site)
        except SiteNotFound as exc:
            raise InputRejected(
                f"{exc}；请用场所列表中的编号 (use an id from the sites list)"
            ) from None
        problems = _problems(checklist, answers)
        if not problems:
            # What start_inspection will add itself (检查日期 = today, …) counts as answered.
            answers = {**answers, **default_answers(checklist, beijing_today(), answers)}
        ev = evaluate(checklist, answers) if not problems else None
        if ev is not None:
            for item_id, texts in ev.errors.items():
                problems.extend(f"{item_id}: {t.zh} ({t.en})" for t in texts)
            if args.complete and not problems and not ev.can_complete:
                problems.extend(
                    f"{p.item_id}: 必填，未回答 (required, not answered) — {p.label.zh}"
                    for p in incomplete_error(checklist, ev).missing
                )
        if problems:
            raise InputRejected(
                f"答案不符合检查表 {checklist.key}，未保存任何内容 "
                f"(answers rejected by {checklist.key}, nothing saved):\n" + "\n".join(problems)
            )
        second = remembered_second_officer(db)
        if args.second_inspector is not None or args.second_badge is not None:
            second = (args.second_inspector or "", args.second_badge or "")
        with write_transaction(db):
            inspection = start_inspection(db, checklist.id, site.id, profile, answers=answers,
                                          second_officer=second)
            if args.complete:
                inspection = complete_with_record(db, inspection.id, profile.inspector_name,
                                                  short_photo_reason=args.photo_reason)
        assert ev is not None
        warnings = [
            f"{item_id}: {t.zh} ({t.en})" for item_id, texts in ev.warnings.items() for t in texts
        ]
    finally:
        db.close()
    status_zh = "已完成" if inspection.is_completed else "草稿"
    human = (
        f"已保存检查 {inspection.id}（{status_zh}）：{checklist.title.zh}，"
        f"{site.name or site.address}，"
        f"发现问题 {len(ev.findings)} 条 (saved inspection {inspection.id}, {inspection.status}, "
        f"{len(ev.findings)} findings)"
    )
    if warnings:
        human += "\n提醒 (warnings):\n" + "\n".join(warnings)
    emit(
        args,
        human,
        {
            "id": inspection.id,
            "status": inspection.status,
            "form": checklist.key,
            "site_id": site.id,
            "findings": [
                {"item_id": f.item_id, "severity": f.severity, "text": f.text.to_dict()}
                for f in ev.findings
            ],
            "missing_required": list(ev.missing_required),
            "warnings": warnings,
        },
    )
    return 0


def _problems(checklist: Any, answers: dict[str, Any]) -> list[str]:
    """Unknown item ids and answers of the wrong kind, one line each.

    The kind is checked for every item, shown or hidden: a hidden item's answer is kept (it
    counts again if the item comes back into view), so a list of lists or a NaN stored there
    would be stored for good.
    """
    from app.core.checklist import check_answer

    problems = []
    for item_id, raw in answers.items():
        try:
            item = checklist.item(item_id)
        except KeyError:
            problems.append(
                f"{item_id}: 检查表 {checklist.key} 没有这个题目 (no such item in {checklist.key})"
            )
            continue
        value, errors = check_answer(item, raw)
        if value is None and errors:
            problems.extend(f"{item_id}: {t.zh} ({t.en})" for t in errors)
    return problems
