"""`street-audit sites list`: the sites with their ids, for `inspection new --site ID`;
`sites duplicates` and `sites merge KEEP DROP`: likely duplicate sites and their merge.

Other `sites` subcommands register under the same group here.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import (
    CliError,
    add_db_option,
    add_json_option,
    db_path,
    district_refusal,
    emit,
)
from app.core.divisions import get_division, is_district_code


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sites",
        help="场所 (sites)",
        description="场所相关命令。 (Commands for sites.)",
    )
    sub = parser.add_subparsers(dest="sites_command", required=True)
    listing = sub.add_parser(
        "list",
        help="列出场所及其编号 (list sites with their ids)",
        description="列出场所及其编号（最近修改的在前；有 --search 时按名称排序）。名称、地址或"
        "统一社会信用代码含有 --search 的每个词的场所才列出。 (List sites with their ids, "
        "the most recently changed first, or by name with --search: sites whose name, address "
        "or credit code contain every word of it.)",
    )
    add_db_option(listing)
    add_json_option(listing)
    listing.add_argument("--search", default="", metavar="TEXT",
                         help="名称、地址或信用代码中的文字 (text in name, address or credit code)")
    listing.add_argument("--district", type=district_code, default=None, metavar="CODE",
                         help="区代码，如 110105 (district code)")
    listing.add_argument("--limit", type=positive_limit, default=50, metavar="N",
                         help="最多列出 N 个，默认 50 (at most N sites; default 50)")
    listing.set_defaults(handler=run_list)
    duplicates = sub.add_parser(
        "duplicates", help="可能重复的场所 (likely duplicate sites)",
        description="列出可能是同一处的两个场所及原因：统一社会信用代码相同；规范化后地址相同"
        "（全角/半角、空格、号楼/栋/单元写法、区名前缀）；相距 30 米以内且名称相似。 (List pairs "
        "of sites that are likely one place, with the reason: the same credit code, the same "
        "normalised address, or within 30 m with a similar name.)")
    add_db_option(duplicates)
    add_json_option(duplicates)
    duplicates.add_argument("--district", type=district_code, default=None, metavar="CODE",
                            help="区代码，如 110105 (district code)")
    duplicates.set_defaults(handler=run_duplicates)
    merge = sub.add_parser(
        "merge", help="合并重复场所 (merge a duplicate site into another)",
        description="把 DROP 并入 KEEP：DROP 标记为已并入（随数据包同步），其草稿移到 KEEP，"
        "已完成的检查和案件保留原样并随 KEEP 统计；DROP 与 KEEP 都有的未结同类案件，DROP 的"
        "撤销。 (Merge DROP into KEEP: DROP is marked merged, which travels in bundles; its drafts "
        "move to KEEP; completed inspections and cases stay and count with KEEP; an open case "
        "of DROP whose kind KEEP also has open is cancelled.)")
    add_db_option(merge)
    add_json_option(merge)
    merge.add_argument("keep", metavar="KEEP", help="保留的场所编号 (the site kept)")
    merge.add_argument("drop", metavar="DROP", help="并入的场所编号 (the site merged into it)")
    merge.set_defaults(handler=run_merge)


MAX_LIMIT = 1_000_000


def district_code(text: str) -> str:
    if not is_district_code(text):
        raise argparse.ArgumentTypeError(district_refusal(text))
    return text


def positive_limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(
            f"应为 1 到 {MAX_LIMIT} 的整数，而不是 {text!r} "
            f"(a whole number from 1 to {MAX_LIMIT}, not {text!r})")
    return value


def open_existing(args: argparse.Namespace) -> Any:
    """The database named by --db, which must exist (listing never creates one)."""
    from app.cli.init import open_db

    path = db_path(args)
    if not path.exists():
        raise CliError(f"数据库不存在：{path}；请先运行 street-audit init "
                       f"(no database at {path}; run `street-audit init` first)")
    return open_db(path)


def run_list(args: argparse.Namespace) -> int:
    from app.store.sites import search_sites

    db = open_existing(args)
    try:
        sites = search_sites(db, args.search, args.district, limit=args.limit)
    finally:
        db.close()
    rows = []
    for site in sites:
        district = get_division(site.district_code)
        rows.append({
            "id": site.id,
            "name": site.name,
            "address": site.address,
            "district_code": site.district_code,
            "district": district.name if district else site.district_code,
            "division_code": site.division_code,
            "credit_code": site.credit_code,
            "lat": site.lat,
            "lon": site.lon,
        })
    lines = [f"{r['id']}  {r['district']}  {r['name'] or '（无名称）'}  {r['address']}"
             for r in rows]
    more = "（可能还有更多，用 --limit 或 --search） (there may be more: use --limit or --search)"
    footer = f"共 {len(rows)} 个场所 ({len(rows)} sites)"
    if len(rows) == args.limit:
        footer += " " + more
    emit(args, "\n".join([*lines, footer]), rows)
    return 0


def run_duplicates(args: argparse.Namespace) -> int:
    from app.store.site_duplicates import find_duplicates
    from app.store.sites import get_site

    db = open_existing(args)
    try:
        pairs = find_duplicates(db, args.district)
        sites = {i: get_site(db, i) for p in pairs for i in (p.a, p.b)}
    finally:
        db.close()
    rows, lines = [], []
    for p in pairs:
        a, b = sites[p.a], sites[p.b]
        rows.append({"a": p.a, "b": p.b, "reasons": list(p.reasons),
                     "reason": p.reason_text().zh, "distance_m": p.distance_m,
                     "name_ratio": p.name_ratio,
                     "a_name": a.name, "a_address": a.address,
                     "b_name": b.name, "b_address": b.address})
        distance = f"，相距 {p.distance_m:.0f} 米" if p.distance_m is not None else ""
        lines.append(f"{p.a}  {a.name or '（无名称）'}  {a.address}\n"
                     f"{p.b}  {b.name or '（无名称）'}  {b.address}\n"
                     f"  原因：{p.reason_text().zh}{distance} ({p.reason_text().en})")
    lines.append(f"共 {len(rows)} 对可能重复的场所 ({len(rows)} likely duplicate pairs)"
                 + ("；合并用 street-audit sites merge KEEP DROP" if rows else ""))
    emit(args, "\n".join(lines), rows)
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from app.store.profile import get_profile
    from app.store.site_duplicates import merge_sites

    db = open_existing(args)
    try:
        profile = get_profile(db)
        merged = merge_sites(db, args.keep, args.drop, profile.inspector_name if profile else "")
    finally:
        db.close()
    emit(args, f"已将场所 {merged.drop} 并入 {merged.keep}：移动草稿 "
               f"{len(merged.drafts_moved)} 份，撤销重复案件 {len(merged.cases_cancelled)} 件 "
               f"(merged {merged.drop} into {merged.keep})",
         {"keep": merged.keep, "drop": merged.drop, "also_moved": list(merged.also_moved),
          "drafts_moved": list(merged.drafts_moved),
          "cases_cancelled": list(merged.cases_cancelled)})
    return 0
