"""`street-audit sites list`: the sites with their ids, for `inspection new --site ID`;
`sites duplicates` and `sites merge KEEP DROP`: likely duplicate sites and their merge;
`sites edit ID [--name …]`: the window's site page (app.store.sites.update_site).

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
    edit = sub.add_parser(
        "edit", help="修改场所信息 (edit a site)",
        description="修改场所的名称、地址、区/街道/社区、统一社会信用代码、联系人、电话或位置"
        "（WGS-84 纬度、经度）；只改给出的项，空字符串清空该项。改动记入审计日志并随下一个数据包"
        "同步。信用代码校验不符只提示不拒绝；位置不在北京市或不在场所所在区内则拒绝（退出码 3）。 "
        "(Change a site's name, address, district/street/community, credit code, contact, phone "
        "or location (WGS-84 latitude, longitude); only the options given change, an empty "
        "string clears one. Audited, and sent with the next bundle. A credit code failing its "
        "check is a warning; a location outside Beijing or outside the site's district is "
        "refused, exit 3.)")
    add_db_option(edit)
    add_json_option(edit)
    edit.add_argument("site_id", metavar="ID", help="场所编号 (the site's id)")
    edit.add_argument("--name", help="场所名称 (site name)")
    edit.add_argument("--address", help="地址 (address)")
    edit.add_argument("--district", type=district_code, metavar="CODE",
                      help="区代码，如 110105 (district code)")
    edit.add_argument("--division", metavar="CODE",
                      help="街道或社区的统计用区划代码，空字符串清空 "
                      "(street or community statistical code; empty clears it)")
    edit.add_argument("--credit-code", help="统一社会信用代码 (credit code)")
    edit.add_argument("--contact", help="联系人 (contact name)")
    edit.add_argument("--phone", help="联系电话 (contact phone)")
    edit.add_argument("--lat", type=coordinate, metavar="LAT", default=argparse.SUPPRESS,
                      help="纬度，WGS-84，空字符串清空位置 (latitude, WGS-84; empty clears)")
    edit.add_argument("--lon", type=coordinate, metavar="LON", default=argparse.SUPPRESS,
                      help="经度，WGS-84 (longitude, WGS-84)")
    edit.set_defaults(handler=run_edit)


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


def coordinate(text: str) -> float | None:
    """A decimal degree, or None for an empty string (clears the location)."""
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(
            f"应为十进制度数，如 39.9087，而不是 {text!r} "
            f"(decimal degrees, e.g. 39.9087, not {text!r})")
    return value


_EDIT_OPTIONS = {"name": "name", "address": "address", "district": "district_code",
                 "division": "division_code", "credit_code": "credit_code",
                 "contact": "contact_name", "phone": "contact_phone", "lat": "lat", "lon": "lon"}


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


def run_edit(args: argparse.Namespace) -> int:
    from app.cli.common import InputRejected
    from app.store.profile import get_profile
    from app.store.sites import get_site, update_site

    changes: dict[str, Any] = {}
    for option, field in _EDIT_OPTIONS.items():
        if not hasattr(args, option):  # --lat/--lon not given ("" clears the location)
            continue
        value = getattr(args, option)
        if value is not None or option in ("lat", "lon"):
            changes[field] = value.strip() if isinstance(value, str) else value
    if "division_code" in changes and not changes["division_code"]:
        changes["division_code"] = None
    if "credit_code" in changes and not changes["credit_code"]:
        changes["credit_code"] = None
    if not changes:
        raise InputRejected("没有要修改的项：请给出 --name、--address 等 "
                            "(nothing to change: give --name, --address, …)")
    db = open_existing(args)
    try:
        before = get_site(db, args.site_id)
        profile = get_profile(db)
        site = update_site(db, args.site_id, changes, profile.inspector_name if profile else "")
    finally:
        db.close()
    changed = [f for f in changes if getattr(before, f) != getattr(site, f)]
    lines = [f"已修改场所 {site.id}：{site.name or '（无名称）'}  {site.address}  第 {site.rev} 版"
             f" (site {site.id} edited, revision {site.rev})"]
    if not changed:
        lines = [f"场所 {site.id} 没有变化 (site {site.id} unchanged)"]
    warning = site.credit_code_warning
    if warning is not None and "credit_code" in changes:
        lines.append(f"注意：统一社会信用代码 {site.credit_code}：{warning.both()}")
    emit(args, "\n".join(lines), {
        "id": site.id, "rev": site.rev, "changed": changed, "name": site.name,
        "address": site.address, "district_code": site.district_code,
        "division_code": site.division_code, "credit_code": site.credit_code,
        "credit_code_check": site.credit_code_check,
        "credit_code_warning": warning.both() if warning is not None else None,
        "contact_name": site.contact_name, "contact_phone": site.contact_phone,
        "lat": site.lat, "lon": site.lon, "location_source": site.location_source})
    return 0

