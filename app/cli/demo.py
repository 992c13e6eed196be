"""`street-audit demo`: fill a database with realistic Beijing demo data."""

from __future__ import annotations

import argparse
import time
from datetime import date

from app.cli.common import InputRejected, add_db_option, add_json_option, db_path, emit
from app.cli.init import ensure_checklists, open_db


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="填入演示数据 (fill the database with demo data)",
        description="在数据库中加入北京各区的演示场所和各种状态的检查记录；数据库不存在时先新建。 "
        "(Add Beijing demo sites and inspections in every state; creates the database first "
        "if needed.)",
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.add_argument(
        "--inspections",
        type=int,
        default=300,
        metavar="N",
        help="检查记录数（含更正版本） (inspection rows, amendments included)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="随机种子：同一种子得到同样的数据 (same seed, same data)",
    )
    parser.add_argument(
        "--photos",
        type=int,
        default=20,
        metavar="N",
        help="为最近的 N 条草稿检查和最近的 N 条已完成检查生成带定位的照片，每个照片项至少达到"
        "建议张数（0 = 不生成） (geotagged photos for the N newest draft and the N newest "
        "completed inspections, each photo item at least its minimum; 0 = none)",
    )
    parser.add_argument(
        "--as-of",
        type=_as_of_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="演示数据截至此日（不含），覆盖此前一年；默认今天（北京时间）。同一种子和日期得到同样"
        "的数据 (the demo covers the year before this date; default: today in Beijing; same "
        "seed and date, same data)",
    )
    parser.set_defaults(handler=run)  # fmt: skip


# The demo covers the year before --as-of: from the campaign's first checklists (2017, the
# earliest date an inspection may carry) to a date whose year of data plus rectification
# deadlines stays far inside Python's calendar (9999-12-31 overflowed before, 0001-01-01 too).
FIRST_AS_OF = date(2018, 1, 1)
LAST_AS_OF = date(2099, 12, 31)
# Far above any demo or benchmark (bench_list uses 100,000); 10**12 would run for days.
MAX_INSPECTIONS = 2_000_000
MAX_PHOTO_INSPECTIONS = 10_000


def _as_of_date(text: str) -> date:
    """--as-of: an ISO date in the range the demo can cover, or a usage error saying what."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为 YYYY-MM-DD，例如 2026-03-31 (a date as YYYY-MM-DD): {text!r}"
        ) from None
    if not FIRST_AS_OF <= day <= LAST_AS_OF:
        raise argparse.ArgumentTypeError(
            f"日期应在 {FIRST_AS_OF} 到 {LAST_AS_OF} 之间 (a date from {FIRST_AS_OF} to "
            f"{LAST_AS_OF}): {text!r}"
        )
    return day


def run(args: argparse.Namespace) -> int:
    """Open or create the database, register the checklists, add the demo rows."""
    from app.demo import make_demo

    for option, value, most in (("--inspections", args.inspections, MAX_INSPECTIONS),
                                ("--photos", args.photos, MAX_PHOTO_INSPECTIONS)):
        if value < 0:
            raise InputRejected(f"{option} 不能为负数 (must not be negative)")
        if value > most:
            raise InputRejected(f"{option} 最多 {most} ({option} is at most {most}): {value}")
    path = db_path(args)
    db = open_db(path, create=True)
    try:
        ensure_checklists(db)
        started = time.perf_counter()
        summary, photos = make_demo(db, path, inspections=args.inspections, seed=args.seed,
                                    photos=args.photos, as_of=args.as_of)
        seconds = time.perf_counter() - started
    finally:
        db.close()
    emit(
        args,
        f"已在 {path} 加入演示数据：场所 {summary.sites} 个，检查 {summary.inspections} 条"
        f"（草稿 {summary.drafts}，已完成 {summary.completed}，"
        f"其中已被更正 {summary.superseded}），"
        f"问题 {summary.findings} 条，"
        + (f"照片 {photos.attached} 张（{photos.inspections} 条检查，"
           f"{photos.warnings} 张带提醒标记），" if photos else "")
        + f"用时 {seconds:.1f} 秒\n"
        f"(added {summary.sites} sites and {summary.inspections} inspections"
        + (f" with {photos.attached} photos" if photos else "")
        + f" to {path} in {seconds:.1f} s)",
        {
            "db": str(path),
            "seed": args.seed,
            "first_day": str(summary.first_day),
            "last_day": str(summary.last_day),
            "sites": summary.sites,
            "inspections": summary.inspections,
            "drafts": summary.drafts,
            "completed": summary.completed,
            "superseded": summary.superseded,
            "findings": summary.findings,
            "photos": photos.attached if photos else 0,
            "photo_inspections": photos.inspections if photos else 0,
            "photo_warnings": photos.warnings if photos else 0,
            "seconds": round(seconds, 2),
        },
    )
    return 0
