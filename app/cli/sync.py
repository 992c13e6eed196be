"""`street-audit sync folder [set PATH | clear]` and `sync run`: the sync folder (issue 10.3).

`sync run` merges every bundle in the folder addressed to this device and not merged yet (one
result line each), then writes this device's own into `<folder>/outbox-<device id>/`. Exit 3
when a bundle was refused (the others are merged).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_REJECTED, add_db_option, add_json_option, emit


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync", help="同步文件夹 (the sync folder: USB stick or shared folder)",
        description="设置同步文件夹（U 盘或共享文件夹），并一次完成同步：合并其中发给本机的数据包，"
        "再把本机的数据包写进 outbox-<本机编号>/。不会在该文件夹中打开任何数据库。 (Name the sync "
        "folder — a USB stick or a shared folder — and sync in one go: merge the bundles there "
        "addressed to this device, then write this device's own into outbox-<device id>/. No "
        "database is ever opened in that folder.)")
    sub = parser.add_subparsers(dest="sync_command", required=True)
    folder = sub.add_parser("folder", help="查看或设置同步文件夹 (show or set the sync folder)",
                            description="sync folder：显示；sync folder set PATH：设置；"
                            "sync folder clear：清除。 (Show; `set PATH`: set; `clear`: clear.)")
    folder.add_argument("words", nargs="*", metavar="set PATH | clear")
    run = sub.add_parser("run", help="同步：合并发给本机的数据包，写出本机的数据包 "
                         "(merge what is addressed to this device, write this device's bundles)")
    for p in (folder, run):
        add_db_option(p)
        add_json_option(p)
    folder.set_defaults(handler=run_folder, parser=folder)
    run.set_defaults(handler=run_sync)


def run_folder(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.store.profile import get_profile
    from app.sync.folder import clear_sync_folder, get_sync_folder, set_sync_folder

    words = list(args.words)
    if not (words == [] or words == ["clear"] or (len(words) == 2 and words[0] == "set")):
        args.parser.error("用法：sync folder [set PATH | clear] (usage: sync folder [set PATH | "
                          "clear])")
    db = open_existing(args)
    try:
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        if words[:1] == ["set"]:
            folder: Path | None = set_sync_folder(db, Path(words[1]), actor)
            human = f"同步文件夹已设为 {folder}\n(the sync folder is now {folder})"
        elif words == ["clear"]:
            clear_sync_folder(db, actor)
            folder = None
            human = "已清除同步文件夹 (the sync folder is cleared)"
        else:
            folder = get_sync_folder(db)
            human = (f"同步文件夹：{folder}\n(sync folder: {folder})" if folder else
                     "还没有设置同步文件夹 (no sync folder is set)")
    finally:
        db.close()
    emit(args, human, {"folder": str(folder) if folder else None})
    return 0


def _merge_line(r: Any) -> str:
    name = r.path.name
    if r.status == "merged":
        c = r.counts
        line = (f"已合并 {name}：设备 {r.sender} 第 {r.seq} 号，新增 {c.get('inserted', 0)}，更新 "
                f"{c.get('updated', 0)}，冲突 {c.get('conflicts', 0)}，任务 {c.get('tasks', 0)}，"
                f"文号号段 {c.get('notice_blocks', 0)}，通知书 {c.get('notices', 0)} (merged)")
        return line + "".join(f"\n  {m}" for m in r.missing)
    return f"拒收 {name}：{r.reason.both() if r.reason else ''} (refused)"


def _written_line(w: Any) -> str:
    c = w.counts
    files = "".join(f"\n  {p}" for p in w.paths)
    if hasattr(w, "granted"):  # an assignment
        return (f"已写出给设备 {w.receiver} 的第 {w.seq} 号任务包：任务 {c.get('task', 0)}，场所 "
                f"{c.get('site', 0)}，检查表 {c.get('forms', 0)}，文号号段 "
                f"{c.get('notice_block', 0)} (wrote assignment {w.seq}){files}")
    return (f"已写出第 {w.seq} 号数据包：场所 {c.get('site', 0)}，检查 {c.get('inspection', 0)}，"
            f"照片文件 {c.get('photo_files', 0)}，任务 {c.get('task', 0)}，通知书 "
            f"{c.get('notice', 0)} (wrote bundle {w.seq}){files}")


def run_sync(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.store.profile import get_profile
    from app.sync.folder import sync_run

    db = open_existing(args)
    try:
        profile = get_profile(db)
        report = sync_run(db, profile.inspector_name if profile else "")
    finally:
        db.close()
    lines = [f"同步文件夹 {report.folder} (sync folder)"]
    lines.extend(_merge_line(r) for r in report.merged)
    lines.extend(_written_line(w) for w in report.written)
    lines.append(f"合并 {sum(r.status == 'merged' for r in report.merged)}，拒收 "
                 f"{len(report.refused)}，早已合并 {report.already}，发给其他设备 {report.others}，"
                 f"写出 {len(report.written)} (merged, refused, merged before, for other devices, "
                 "written)")
    data = {
        "folder": str(report.folder),
        "merged": [{"file": str(r.path), "status": r.status, "sender": r.sender or None,
                    "seq": r.seq or None, "counts": r.counts, "code": r.code or None,
                    "reason": r.reason.to_dict() if r.reason else None, "missing": r.missing}
                   for r in report.merged],
        "already": report.already, "others": report.others,
        "written": [{"kind": "assignment" if hasattr(w, "granted") else "field",
                     "receiver": w.receiver, "seq": w.seq, "bundle_id": w.bundle_id,
                     "files": [str(p) for p in w.paths], "counts": w.counts}
                    for w in report.written],
    }
    emit(args, "\n".join(lines), data)
    return EXIT_REJECTED if report.refused else 0
