"""`street-audit init`: create this device's database, its device id and the inspector profile."""

from __future__ import annotations

import argparse
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
from app.paths import media_dir
from app.store.checklists import register_shipped_checklists
from app.store.db import CorruptDatabase, NewerSchema, NotOurDatabase, open_database
from app.store.profile import get_profile, initialize_device
from app.sync.devices import make_local_keys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="为本机新建数据库 (create a database for this device)",
        description="新建数据库，生成本机设备编号并保存巡查员信息；签名密钥将在同步功能中加入。 "
        "(Create the database, this device's id and the inspector profile; the signing key "
        "comes with the sync feature.)",
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.add_argument(
        "--role",
        required=True,
        choices=("field", "lead", "office"),
        help="角色：field 巡查员 / lead 组长 / office 街道、区、市 (role)",
    )
    parser.add_argument("--inspector", required=True, metavar="NAME", help="巡查员姓名 (name)")
    parser.add_argument("--badge", default="", metavar="NO", help="执法证号 (badge number)")
    parser.add_argument("--team", default="", help="所在队伍 (team)")
    parser.add_argument(
        "--district",
        default=None,
        metavar="CODE",
        help="所属区代码，如 110105 (district code, e.g. 110105)",
    )
    parser.add_argument(
        "--office",
        default="",
        metavar="NAME",
        help="单位名称，印在报告上 (office name, printed on reports)",
    )
    parser.add_argument(
        "--office-code",
        default="",
        metavar="CODE",
        help="机关代字，用于整改通知书文号，如 东城城管责改（文号：东城城管责改〔2026〕第12号） "
        "(office code of notice numbers, e.g. 东城城管责改)",
    )
    parser.set_defaults(handler=run)  # fmt: skip


def open_db(path: Path, create: bool = False) -> Any:
    """open_database with its refusals mapped to the CLI contract.

    A file refused as input (not SQLite, someone else's, newer) is exit 3; a file that is ours
    but cannot be used now (missing, read-only place, locked, damaged tables) is exit 1, with
    its own message (an AppError: the command line prints it as it is).
    """

    try:
        return open_database(path, create=create)
    except (CorruptDatabase, NotOurDatabase, NewerSchema) as exc:
        raise InputRejected(str(exc)) from exc


def ensure_checklists(db: Any, actor: str = "") -> None:
    """Register the shipped forms/ checklists (first use); a broken one is a failure, named."""
    from app.core.checklist import ChecklistError

    try:
        register_shipped_checklists(db, actor=actor)
    except ChecklistError as exc:
        raise CliError(
            "程序自带的检查表有错误 (a shipped checklist has problems):\n" + "\n".join(exc.problems)
        ) from exc


def run(args: argparse.Namespace) -> int:
    """Create the database and profile; refuses an already initialised one."""

    if args.district and not is_district_code(args.district):
        raise InputRejected(district_refusal(args.district))
    if not args.inspector.strip():
        raise InputRejected("请填写巡查员姓名 (give the inspector's name)")
    from app.store.profile import OfficeCodeRefused, check_office_code

    try:
        office_code = check_office_code(args.office_code)
    except OfficeCodeRefused as exc:
        raise InputRejected(exc.text.both()) from exc
    path = db_path(args)
    db = open_db(path, create=True)
    try:
        existing = get_profile(db)
        if existing is not None:
            raise demo_only_refusal(db, path) or CliError(
                f"数据库已初始化（设备 {existing.device_id}，{existing.inspector_name}）：{path}；"
                f"如需修改设置请在程序的“设置”中进行 (already initialised for device "
                f"{existing.device_id}, {existing.inspector_name}: {path}; change settings in "
                "the program's Settings)"
            )
        try:
            profile = initialize_device(
                db,
                args.role,
                args.inspector.strip(),
                badge_no=args.badge,
                team=args.team,
                district_code=args.district,
                office_name=args.office,
                office_code=office_code,
            )
        except ValueError as exc:  # another `init` got there first, under the write lock
            raise CliError(f"{exc}：{path}") from exc
        ensure_checklists(db, profile.inspector_name)
        keys = make_local_keys(db, profile.inspector_name)  # sync: signing + receiving keys
        from app.store.checklists import current_checklists

        forms = [c.key for c in current_checklists(db)]
    finally:
        db.close()
    emit(
        args,
        f"已创建数据库 {path}\n设备 {profile.device_id}（{profile.role}），巡查员 "
        f"{profile.inspector_name}；检查表：{', '.join(forms)}；密钥指纹 {keys.fingerprint}\n"
        f"(created {path}: device {profile.device_id}, role {profile.role}, "
        f"{len(forms)} checklists)",
        {
            "db": str(path),
            "device_id": profile.device_id,
            "role": profile.role,
            "inspector": profile.inspector_name,
            "badge": profile.badge_no,
            "team": profile.team,
            "district": profile.district_code,
            "office": profile.office_name,
            "office_code": profile.office_code,
            "checklists": forms,
            "public_key": keys.sign_public.hex(),  # Ed25519, raw 32 bytes as hex
            "fingerprint": keys.fingerprint,  # of the device's keys (`devices key` exports them)
        },
    )
    return 0


def demo_only_refusal(db: Any, path: Path) -> CliError | None:
    """`init` on a database that holds only demo data: the error saying how to start clean."""
    from app.demo.identity import holds_only_demo_data

    if not holds_only_demo_data(db):
        return None
    media = media_dir(path)
    return CliError(
        f"{path} 里只有演示数据（由 street-audit demo 生成）。要开始正式使用，请另建一个数据库："
        f"street-audit init --db 新文件.db --role … --inspector 姓名；或者删除 {path} 和照片文件夹 "
        f"{media} 后重新运行 init\n"
        f"({path} holds only demo data, made by `street-audit demo`. To start clean, create "
        f"another database with `street-audit init --db NEW.db --role ... --inspector NAME`, or "
        f"delete {path} and its photos folder {media} and run init again)"
    )
