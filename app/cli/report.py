"""`street-audit report inspection|notice|summary ... --out FILE.pdf`: write a PDF document."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import (
    CliError,
    InputRejected,
    add_db_option,
    add_json_option,
    db_path,
    district_refusal,
    emit,
)
from app.core.divisions import is_district_code
from app.core.errors import AppError
from app.fonts import FontNotFound
from app.output_guard import check_output
from app.store.db import DatabaseError, DatabaseMissing, open_database

DOCUMENT_NAMES = {"inspection": "检查记录", "notice": "整改通知书", "summary": "巡查汇总"}


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为 YYYY-MM-DD，而不是 {text!r} (dates are YYYY-MM-DD)"
        ) from None
    # 0001-01-01 and 9999-12-31 overflowed Beijing-day → UTC conversions (a traceback).
    if not date(1900, 1, 1) <= day <= date(2199, 12, 31):
        raise argparse.ArgumentTypeError(
            f"日期应在 1900-01-01 到 2199-12-31 之间，而不是 {text!r} "
            "(dates from 1900-01-01 to 2199-12-31)")
    return day


def _district(text: str) -> str:
    if not is_district_code(text):
        raise argparse.ArgumentTypeError(district_refusal(text))
    return text


def _street(text: str) -> str:
    if not (text.isdigit() and len(text) in (9, 12) and text.startswith("11")):
        raise argparse.ArgumentTypeError(
            f"{text!r} 不是街道/乡镇代码（9 或 12 位，如 110101001） "
            "(not a street/township code: 9 or 12 digits, e.g. 110101001)"
        )
    return text


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                        help="输出的 PDF 文件 (the PDF file to write)")
    parser.add_argument("--force", action="store_true",
                        help="覆盖已存在的、非本程序生成的文件 (replace an existing file that this "
                        "program did not write)")
    add_db_option(parser)
    add_json_option(parser)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="生成 PDF 文书 (write a PDF document)",
        description="生成检查记录、整改通知书或巡查汇总 PDF。 "
        "(Write an inspection report, a rectification notice or a summary as PDF.)",
    )
    sub = parser.add_subparsers(dest="report_command", required=True)

    inspection = sub.add_parser("inspection", help="检查记录 (inspection report)",
                                description="一次检查的检查记录。 (The report of one inspection.)")
    inspection.add_argument("inspection_id", metavar="ID", help="检查记录编号 (inspection id)")
    _common(inspection)
    inspection.set_defaults(handler=run_inspection)

    notice = sub.add_parser(
        "notice", help="整改通知书 (rectification notice)",
        description="已完成且发现问题的检查的整改通知书（含送达回执）。首次出具时按本单位文号"
        "顺序取号（机关代字〔年〕第N号，记入数据库并留审计记录）；再次打印同一检查的通知书，"
        "文号和签发日期不变。 "
        "(The notice, with its service receipt, for a completed inspection with findings. The "
        "first time, it takes the next number of the office's sequence (recorded and audited); "
        "printing it again keeps its number and date.)")
    notice.add_argument("inspection_id", metavar="ID", help="检查记录编号 (inspection id)")
    notice.add_argument("--issue-date", type=_day, default=None, metavar="DATE",
                        help="签发日期，默认今天；已签发的通知书沿用原日期 (date of issue; default "
                        "today; an issued notice keeps its own)")
    notice.add_argument("--void", default=None, metavar="REASON",
                        help="作废此检查已签发的通知书（文号保留、不再使用），须写明理由；"
                        "不生成 PDF "
                        "(void the inspection's issued notice, giving the reason; its number is "
                        "kept and never reused; no PDF is written)")
    _common(notice)
    notice.set_defaults(handler=run_notice)

    summary = sub.add_parser(
        "summary", help="巡查汇总 (summary for a team lead)",
        description="按时段、区、街道、检查表汇总。 (Summary by dates, district, street, form.)")
    summary.add_argument("--from", dest="date_from", type=_day, default=None, metavar="DATE",
                         help="开始日期（含） (first day, inclusive)")
    summary.add_argument("--to", dest="date_to", type=_day, default=None, metavar="DATE",
                         help="结束日期（含） (last day, inclusive)")
    summary.add_argument("--district", type=_district, default=None, metavar="CODE",
                         help="区代码，如 110101 (district code)")
    summary.add_argument("--street", type=_street, default=None, metavar="CODE",
                         help="街道/乡镇代码，如 110101001 (street/township code)")
    summary.add_argument("--form", default=None, metavar="ID", help="检查表 (checklist id)")
    summary.add_argument("--as-of", type=_day, default=None, metavar="DATE",
                         help="逾期计算截至日期，默认今天 (count overdue days to; default today)")
    summary.add_argument("--photos", action="store_true",
                         help="附现场照片 (append the inspections' photos)")
    _common(summary)
    summary.set_defaults(handler=run_summary)


def _open(args: argparse.Namespace) -> Any:
    path = db_path(args)
    try:
        return open_database(path)
    except DatabaseMissing as exc:
        raise CliError(str(exc)) from exc
    except DatabaseError as exc:
        # Someone else's file, a newer schema: input refused (3); damage, locks, a full or
        # read-only disk: a failure (1), as every other command says.
        error = InputRejected if exc.exit_code == InputRejected.exit_code else CliError
        raise error(str(exc)) from exc


def _write(args: argparse.Namespace, kind: str, make: Any, extra: dict[str, Any]) -> int:
    """Run `make()` (which writes the PDF) and report; font and output problems are errors."""
    from app.reports.output import ReportError

    try:
        check_output(args.out, db_path(args), force=args.force)
        written = make()
    except AppError as exc:
        error = InputRejected if exc.exit_code == InputRejected.exit_code else CliError
        raise error(exc.text.both()) from exc
    except (FontNotFound, ReportError) as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"无法写入 {args.out}：{exc} (cannot write {args.out})") from exc
    name = DOCUMENT_NAMES[kind]
    emit(args, f"已生成{name} (wrote {kind}): {written.path}  {written.pages} 页 (pages), "
         f"{written.size_bytes / 1024:.0f} KB",
         {"document": kind, "path": str(written.path), "pages": written.pages,
          "bytes": written.size_bytes, **extra})
    return 0


def run_inspection(args: argparse.Namespace) -> int:
    """Write the inspection report of one inspection."""
    from app.reports import write_inspection_report
    from app.reports.gather import InspectionMissing, inspection_report_data, print_cache_dir

    db = _open(args)
    try:
        data = inspection_report_data(db, args.inspection_id)
    except InspectionMissing as exc:
        raise InputRejected(str(exc)) from exc
    cache = print_cache_dir(db)
    return _write(args, "inspection", lambda: write_inspection_report(data, args.out, cache),
                  {"record_id": data.record_id, "photos": len(data.photos),
                   "findings": len(data.findings)})


def run_notice(args: argparse.Namespace) -> int:
    """Issue (or reprint) the rectification notice of one completed inspection with findings.

    The number is issued before the PDF is written, in its own transaction with its audit
    entry: if writing the file then fails, running the command again prints the same number."""
    from app.reports import write_notice
    from app.reports.gather import InspectionMissing, NoticeNotPossible
    from app.reports.notice_gather import issue_notice_data

    if args.void is not None:
        return _void_notice(args)
    check_output(args.out, db_path(args), force=args.force)  # before a number is taken
    db = _open(args)
    try:
        data = issue_notice_data(db, args.inspection_id, issue_date=args.issue_date)
    except (InspectionMissing, NoticeNotPossible) as exc:
        raise InputRejected(str(exc)) from exc
    except AppError as exc:
        error = InputRejected if exc.exit_code == InputRejected.exit_code else CliError
        raise error(exc.text.both()) from exc
    deadlines = sorted({f.deadline for f in data.findings})
    return _write(args, "notice", lambda: write_notice(data, args.out),
                  {"record_id": data.record_id, "notice_number": data.notice_number,
                   "issue_date": data.issue_date, "deadline": deadlines[-1] if deadlines else "",
                   "findings": len(data.findings)})


def _void_notice(args: argparse.Namespace) -> int:
    from app.store.notices import notice_for_inspection, void_notice
    from app.store.profile import get_profile

    db = _open(args)
    live = notice_for_inspection(db, args.inspection_id)
    if live is None:
        raise InputRejected(f"检查 {args.inspection_id} 没有已签发、未作废的整改通知书 "
                            f"(inspection {args.inspection_id} has no live notice)")
    profile = get_profile(db)
    try:
        voided = void_notice(db, live.id, args.void, profile.inspector_name if profile else "")
    except AppError as exc:
        raise InputRejected(exc.text.both()) from exc
    from app.reports.notice_rules import notice_number

    number = notice_number(voided.office_code, voided.year, voided.number)
    emit(args, f"已作废整改通知书 {number}（文号保留，不再使用） (voided notice {number})",
         {"voided": number, "notice_id": voided.id, "reason": voided.voided_reason})
    return 0


def run_summary(args: argparse.Namespace) -> int:
    """Write the summary for the filters given."""
    from app.reports import write_summary
    from app.reports.gather import print_cache_dir
    from app.reports.summary_gather import SummaryFilter, summary_data

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise InputRejected(
            f"开始日期 {args.date_from} 晚于结束日期 {args.date_to} "
            f"(--from {args.date_from} is after --to {args.date_to})"
        )
    if args.street and args.district and not args.street.startswith(args.district):
        raise InputRejected(
            f"街道 {args.street} 不在区 {args.district} 内 "
            f"(street {args.street} is not in district {args.district})"
        )
    db = _open(args)
    if args.form:
        from app.store.checklists import known_form_ids

        known = known_form_ids(db)
        if args.form not in known:
            raise InputRejected(
                f"没有检查表 {args.form!r}；已有：{'、'.join(known) or '无'} "
                f"(no checklist {args.form!r}; known: {', '.join(known) or 'none'})"
            )
    flt = SummaryFilter(date_from=args.date_from, date_to=args.date_to,
                        district_code=args.district, street_code=args.street,
                        form_id=args.form)
    data = summary_data(db, flt, as_of=args.as_of, include_photos=args.photos)
    return _write(args, "summary", lambda: write_summary(data, args.out, print_cache_dir(db)),
                  {"inspections": data.total_inspections, "open_items": len(data.open_items),
                   "overdue": data.overdue_count})
