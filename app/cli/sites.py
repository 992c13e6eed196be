"""`street-audit sites list`: the sites with their ids, for `inspection new --site ID`.

Other `sites` subcommands (e.g. merging duplicates) register under the same group here.
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
