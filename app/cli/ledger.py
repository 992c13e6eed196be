"""`street-audit ledger [--out FILE.xlsx|.csv|.geojson]` and `ledger compare DISTRICT.xlsx`
(台账 and 市区比对, docs/ledger.md)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import CliError, InputRejected, add_db_option, add_json_option, emit
from app.cli.sites import district_code

PERIODS = ("week", "month", "campaign")
SUFFIXES = (".xlsx", ".csv", ".geojson")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为 YYYY-MM-DD，而不是 {text!r} (a date is YYYY-MM-DD, not {text!r})"
        ) from None


def _out_file(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in SUFFIXES:
        raise argparse.ArgumentTypeError(
            f"输出文件应以 {'、'.join(SUFFIXES)} 结尾，而不是 {text!r} "
            f"(the output file ends in {', '.join(SUFFIXES)}, not {text!r})")
    return path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ledger", help="台账：导出 xlsx/csv/geojson，或与区报台账比对 (ledger: export, or "
        "cross-check a district's)",
        description="按工作内容 × 区 × 街道 × 期间统计：检查场所数、检查次数、发现问题数、立案数、"
        "销号数、整改率、逾期未整改、反弹数、待复查、复查未通过。没有 --out 时打印。 "
        "(The ledger per work item × district × street × period; printed without --out.)")
    _filters(parser)
    parser.add_argument("--out", type=_out_file, default=None, metavar="FILE",
                        help="写入 .xlsx（每个工作内容一张表，另附案件清单）、.csv 或 .geojson "
                        "(有未结案件的场所) (write .xlsx — a sheet per work item and the case "
                        "list —, .csv, or .geojson of the sites with open cases)")
    parser.add_argument("--gcj02", action="store_true",
                        help="geojson 坐标用 GCJ-02（文件中注明） (GCJ-02 coordinates in the "
                        "geojson, said in the file)")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run_ledger)
    sub = parser.add_subparsers(dest="ledger_command")
    compare = sub.add_parser(
        "compare", help="市区比对 (cross-check a district's ledger file)",
        description="读入区报的台账（本程序导出的 xlsx 格式），与本库合并后的记录比对，列出"
        "每一处不同：各工作内容、各期间的数字，只在一方的案件，一方已销号另一方未结的案件。"
        "相同退出码 0，不同退出码 1。 (Read a district's ledger in this program's xlsx layout "
        "and list every difference from the merged records here; exit 0 when equal, 1 when "
        "different.)")
    compare.add_argument("file", type=Path, metavar="DISTRICT.xlsx")
    compare.add_argument("--period", choices=PERIODS, default=None,
                         help="期间（默认取文件标题中的） (the period; default: the file's)")
    add_db_option(compare)
    add_json_option(compare)
    compare.set_defaults(handler=run_compare)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", choices=PERIODS, default="month",
                        help="按周、按月或整个行动累计，默认按月 (week, month or the campaign; "
                        "default month)")
    parser.add_argument("--from", dest="date_from", type=_day, default=None, metavar="DATE",
                        help="起始日期（北京时间，含） (first day, Beijing)")
    parser.add_argument("--to", dest="date_to", type=_day, default=None, metavar="DATE",
                        help="截止日期（北京时间，含） (last day, Beijing)")
    parser.add_argument("--district", type=district_code, default=None, metavar="CODE",
                        help="区代码，如 110105 (district code)")


def _actor(db: Any) -> str:
    from app.store.profile import get_profile

    profile = get_profile(db)
    return profile.inspector_name if profile else ""


def run_ledger(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.ledger.build import COLUMNS, build_ledger, work_item_title
    from app.store.ledger_query import LedgerFilter

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise InputRejected(f"起始日期 {args.date_from} 晚于截止日期 {args.date_to} "
                            f"(--from {args.date_from} is after --to {args.date_to})")
    if args.gcj02 and (args.out is None or args.out.suffix.lower() != ".geojson"):
        raise InputRejected("--gcj02 只用于 .geojson 输出 (--gcj02 is for a .geojson output)")
    flt = LedgerFilter(args.period, args.date_from, args.date_to, args.district)
    db = open_existing(args)
    try:
        ledger = build_ledger(db, flt, _actor(db))
        written = _write(db, ledger, args) if args.out is not None else None
    finally:
        db.close()
    names = [f for f, _zh, _en in COLUMNS]
    rows = [{"work_item": r.work_item, **{f: (r.rate if f == "rate" else getattr(r, f))
                                          for f in names}} for r in ledger.rows]
    data: dict[str, Any] = {"period": flt.period, "from": flt.date_from, "to": flt.date_to,
                            "district": flt.district_code, "as_of": flt.as_of,
                            "rows": rows}
    if written is not None:
        data.update(written)
        human = (f"已写入 {args.out}：{written['lines']} 行"
                 + (f"，{written['sites']} 个场所" if "sites" in written else "")
                 + f" (written {args.out})")
    else:
        lines = ["  ".join(zh for _f, zh, _en in COLUMNS)]
        for r in ledger.rows:
            rate = "—" if r.rate is None else f"{r.rate:.1%}"
            lines.append(f"{work_item_title(r.work_item).zh}  " + "  ".join(
                rate if f == "rate" else str(getattr(r, f)) for f in names))
        lines.append(f"共 {len(ledger.rows)} 行 ({len(ledger.rows)} lines)")
        human = "\n".join(lines)
    emit(args, human, data)
    return 0


def _write(db: Any, ledger: Any, args: argparse.Namespace) -> dict[str, Any]:
    from app.ledger.files import case_list, write_csv, write_geojson, write_xlsx

    out: Path = args.out
    if not out.parent.is_dir():
        raise CliError(f"目录不存在：{out.parent} (no such folder: {out.parent})")
    suffix = out.suffix.lower()
    result: dict[str, Any] = {"out": str(out), "lines": len(ledger.rows)}
    try:
        if suffix == ".xlsx":
            cases = case_list(db, args.district)
            write_xlsx(ledger, out, cases)
            result["cases"] = len(cases)
        elif suffix == ".csv":
            write_csv(ledger, out)
        else:
            result["sites"] = write_geojson(db, out, gcj02=args.gcj02,
                                            district_code=args.district)
    except OSError as exc:
        raise CliError(f"无法写入 {out}：{exc.strerror} (cannot write {out}: {exc})") from exc
    return result


def run_compare(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.ledger.compare import compare_ledger

    if not args.file.is_file():
        if args.file.exists():  # a folder, a pipe or a device (openpyxl would wait on a pipe)
            raise InputRejected(f"{args.file} 不是普通文件，请给出 .xlsx 台账文件 "
                                f"({args.file} is not a regular file: give an .xlsx ledger)")
        raise InputRejected(f"文件不存在：{args.file} (no such file: {args.file})")
    db = open_existing(args)
    try:
        result = compare_ledger(db, args.file, args.period, _actor(db))
    finally:
        db.close()
    f = result.filter
    span = f"{f.date_from or '开始'} 至 {f.date_to or f.as_of}，截至 {f.as_of}"
    districts = "、".join(result.districts) or "全部"
    head = (f"市区比对 {args.file.name}（{f.period}，{span}，区 {districts}）"
            f"：比对 {result.lines_compared} 行"
            + (f"、{result.cases_compared} 件案件" if result.cases_compared is not None
               else "（文件无案件清单）"))
    if result.equal:
        tail = "一致 (no differences)"
    else:
        tail = f"共 {len(result.differences)} 处不同 ({len(result.differences)} differences)"
    lines = [head, *(f"  {d.text().both()}" for d in result.differences), tail]
    emit(args, "\n".join(lines), {
        "file": str(args.file), "period": f.period, "from": f.date_from, "to": f.date_to,
        "as_of": f.as_of, "districts": list(result.districts),
        "lines_compared": result.lines_compared, "cases_compared": result.cases_compared,
        "equal": result.equal, "differences": [d.as_dict() for d in result.differences]})
    return 0 if result.equal else 1
