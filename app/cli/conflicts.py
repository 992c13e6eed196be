"""`street-audit conflicts list|resolve`: the versions a merge kept as losers, and resolving
one (app/sync/conflicts.py; the window's 冲突 page does the same)."""

from __future__ import annotations

import argparse

from app.cli.common import add_db_option, add_json_option, db_path, emit
from app.cli.init import open_db
from app.core.clock import format_beijing
from app.store.profile import get_profile
from app.sync.conflicts import KEEP_CURRENT, KEEP_OTHER, Conflict, list_conflicts, resolve_conflict


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "conflicts", help="同步冲突 (sync conflicts)",
        description="列出合并时保留下来的冲突版本（两个版本不同的字段），并逐个解决：保留当前或"
        "采用对方；解决结果作为新版本随下一个数据包传到其他设备。 (List the versions a merge "
        "kept as conflicts, with the fields that differ, and resolve them: keep the current "
        "version or take the other; the resolution travels in the next bundle.)")
    sub = parser.add_subparsers(dest="conflicts_command", required=True)
    lst = sub.add_parser("list", help="列出未解决的冲突 (list open conflicts)")
    lst.add_argument("--all", action="store_true",
                     help="也列出已解决的 (resolved ones too)")
    resolve = sub.add_parser("resolve", help="解决一个冲突 (resolve a conflict)")
    resolve.add_argument("conflict_id", metavar="ID",
                         help="冲突编号（list 显示的 12 位即可） "
                         "(the id; the 12 characters `list` shows do)")
    resolve.add_argument("--keep", required=True, choices=(KEEP_CURRENT, KEEP_OTHER),
                         help="current：保留当前版本；other：采用对方版本 (keep current or take "
                         "the other)")
    for p in (lst, resolve):
        add_db_option(p)
        add_json_option(p)
    lst.set_defaults(handler=run_list)
    resolve.set_defaults(handler=run_resolve)


def _describe(c: Conflict) -> str:
    head = (f"{c.short_id}  {c.entity_name.zh} {c.title}\n"
            f"  当前 (current): 第 {c.current.rev} 版，{c.current.device_label or '-'}"
            f"{'（已删除）' if c.current.content is None else ''}\n"
            f"  对方 (other):   第 {c.other.rev} 版，{c.other.device_label or '-'}"
            f"{'（已删除）' if c.other.content is None else ''}")
    lines = [head]
    for d in c.differences:
        lines.append(f"    {d.label.zh}: {d.current!r} ↔ {d.other!r}")
    if c.resolution is not None:
        r = c.resolution
        how = {"current": "保留当前", "other": "采用对方"}.get(r.keep, "逐项合并")
        lines.append(f"  已解决 (resolved): {how}，{r.by or '-'}，"
                     f"{format_beijing(r.at) if r.at else ''}")
    return "\n".join(lines)


def run_list(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        conflicts = list_conflicts(db, include_resolved=args.all)
    finally:
        db.close()
    human = ("没有未解决的冲突 (no open conflicts)" if not conflicts
             else "\n".join(_describe(c) for c in conflicts))
    emit(args, human, [c.as_dict() for c in conflicts])
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        done = resolve_conflict(db, args.conflict_id, args.keep, actor)
    finally:
        db.close()
    how = "保留当前 (kept current)" if args.keep == KEEP_CURRENT else "采用对方 (took the other)"
    emit(args, f"已解决 {done.short_id}：{how}；下一个数据包会带上这个结果 "
         "(the next bundle carries it)", done.as_dict())
    return 0
