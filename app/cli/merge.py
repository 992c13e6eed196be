"""`street-audit merge BUNDLE...`: verify each bundle, then merge it (DESIGN.md).

One result line per bundle; exit code 3 when any bundle was refused (the others are merged).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import EXIT_REJECTED, add_db_option, add_json_option, db_path, emit
from app.cli.init import open_db
from app.store.profile import get_profile
from app.sync.bundle import PART_NAME
from app.sync.inbox import merge_bundle


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "merge", help="合并数据包 (merge bundles)",
        description="逐个校验数据包（签名、发送设备、接收方、哈希、条目名、结构版本），全部通过后"
        "才在一个事务中合并；被拒收的数据包不会写入任何内容。 (Verify each bundle — signature, "
        "sender, receiver, hashes, entry names, schema — and only then merge it in one "
        "transaction; a refused bundle writes nothing.)")
    parser.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run)


def _unique_bundles(paths: list[Path]) -> list[Path]:
    """Parts of one split bundle count once (any part names the whole)."""
    seen: set[str] = set()
    out = []
    for path in paths:
        match = PART_NAME.match(path.name)
        key = str(path.with_name(match["stem"])) if match else str(path)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def run(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    lines, data, refused = [], [], False
    try:
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        for path in _unique_bundles(list(args.bundles)):
            r = merge_bundle(db, path, actor)
            if r.status == "merged":
                c = r.counts
                line = (f"已合并 {path.name}：设备 {r.sender} 第 {r.seq} 号，新增 {c['inserted']}，"
                        f"更新 {c['updated']}，冲突 {c['conflicts']} (merged: {c['inserted']} new, "
                        f"{c['updated']} updated, {c['conflicts']} conflicts)")
                line += "".join(f"\n  {m}" for m in r.missing)
            elif r.status == "already":
                line = f"已合并过，未作改动 {path.name} (merged before: nothing changed)"
            else:
                refused = True
                line = f"拒收 {path.name}：{r.reason.both() if r.reason else ''} (refused)"
            lines.append(line)
            data.append({"file": str(path), "status": r.status, "sender": r.sender or None,
                         "seq": r.seq or None, "counts": r.counts, "code": r.code or None,
                         "reason": r.reason.to_dict() if r.reason else None,
                         "missing": r.missing})
    finally:
        db.close()
    emit(args, "\n".join(lines), data)
    return EXIT_REJECTED if refused else 0
