"""`street-audit export --out DIR [--again N] [--to ID] [--rollup]`: write this device's next
bundle, or (an office) its next roll-up for the next tier (DESIGN.md, docs/sync.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import add_db_option, add_json_option, db_path, emit
from app.cli.init import open_db
from app.store.profile import get_profile
from app.sync.bundle import DEFAULT_PART_LIMIT
from app.sync.export import export_again, export_bundle
from app.sync.rollup import export_rollup, export_rollup_again


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    try:
        value = float(text[:-1]) * units[text[-1].lower()] if text[-1].lower() in units else \
            float(text)
    except (ValueError, IndexError):
        value = 0
    if value < 1024:
        raise argparse.ArgumentTypeError(
            f"应为不小于 1024 的字节数，可带 k/m/g，而不是 {text!r} "
            f"(a size of at least 1024 bytes, "
            f"k/m/g allowed, not {text!r})")
    return int(value)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text!r} (a positive whole number)")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export", help="导出数据包 (write the next bundle)",
        description="把本机自上一个数据包以来的改动（场所、检查及其各版本、未发送的照片、审计记录）"
        "写成下一个编号的数据包，签名并加密给接收单位。 (Write this device's changes since its "
        "last bundle — sites, inspections with their versions, photos not yet sent, audit "
        "entries — as the next numbered bundle, signed and encrypted to the receiving office.)")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="写到此文件夹 (folder to write to)")
    parser.add_argument("--again", type=_positive, default=None, metavar="N",
                        help="重新写出第 N 号数据包（丢失时） "
                        "(write bundle N again, if it was lost)")
    parser.add_argument("--to", default=None, metavar="ID",
                        help="接收设备（登记了多个单位时；与 --again 合用：把同一数据包"
                        "加密给另一单位） "
                        "(the receiving device, when several offices are enrolled; with --again: "
                        "the same bundle sealed for another office)")
    parser.add_argument("--rollup", action="store_true",
                        help="写汇总数据包：本单位合并的全部记录（保留来源设备）及各设备的审计链，"
                        "发给上级单位 (write a roll-up: everything this office merged, each record "
                        "keeping its origin device, with every device's audit chain, for the "
                        "next tier up)")
    parser.add_argument("--part-size", type=_size, default=DEFAULT_PART_LIMIT, metavar="SIZE",
                        help="超过此大小时分卷写出（默认 3.5g） (split into numbered parts above "
                        "this size; default 3.5g)")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        if args.rollup and args.again is not None:
            result = export_rollup_again(db, args.again, args.out, part_limit=args.part_size,
                                         actor=actor)
        elif args.rollup:
            result = export_rollup(db, args.out, receiver_id=args.to,
                                   part_limit=args.part_size, actor=actor)
        elif args.again is not None:
            result = export_again(db, args.again, args.out, part_limit=args.part_size,
                                  actor=actor, receiver_id=args.to)
        else:
            result = export_bundle(db, args.out, receiver_id=args.to,
                                   part_limit=args.part_size, actor=actor)
    finally:
        db.close()
    c = result.counts
    files = "\n".join(f"  {p}" for p in result.paths)
    kind = "汇总数据包" if args.rollup else "数据包"
    emit(args,
         f"{'已重新写出' if result.again else '已写出'}第 {result.seq} 号{kind}（接收方 "
         f"{result.receiver}）：场所 {c.get('site', 0)}，检查 {c.get('inspection', 0)}，照片使用 "
         f"{c.get('inspection_photo', 0)}，照片文件 {c.get('photo_files', 0)}，审计 "
         f"{c.get('audit', 0)}\n{files}\n(wrote bundle {result.seq} for {result.receiver}: "
         f"{c.get('site', 0)} sites, {c.get('inspection', 0)} inspections, "
         f"{c.get('photo_files', 0)} photo files)",
         {"seq": result.seq, "bundle_id": result.bundle_id, "receiver": result.receiver,
          "files": [str(p) for p in result.paths], "counts": c, "again": result.again,
          "kind": "rollup" if args.rollup else "field"})
    return 0
