"""`street-audit gui`: open the desktop program (the default command)."""

from __future__ import annotations

import argparse
import importlib

from app.cli.common import CliError, add_db_option, db_path
from app.store.db import DatabaseError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gui",
        help="打开桌面程序 (open the desktop program)",
        description="打开桌面程序；还没有数据库时先显示首次设置（或用单独的演示数据库试用）。 "
        "(Open the desktop program; without a database, the first-run set-up comes first, or a "
        "separate demo database to try it.)",
    )
    add_db_option(parser)
    parser.add_argument("--lang", choices=("zh", "en"), default=None,
                        help="界面语言 (window language; remembered)")
    parser.add_argument("--demo-inspections", type=_demo_count, default=300, metavar="N",
                        help="新演示数据库的检查数 (demo inspections for a new demo database)")
    parser.add_argument("--self-test", action="store_true",
                        help="检查本机安装是否可用（临时数据库、检查表、窗口、中文 PDF），"
                        "通过时退出码为 0 (check this installation: scratch database, "
                        "checklists, window, a Chinese PDF; exit 0 when it works)")
    parser.set_defaults(handler=run)


def _demo_count(text: str) -> int:
    """1 to 100,000: a larger demo would take the first start many minutes."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(
            f"应为 1 到 100000 的整数，而不是 {text!r} (a whole number from 1 to 100000, "
            f"not {text!r})")
    return value


def run(args: argparse.Namespace) -> int:
    """Start the window; Qt is imported only here."""
    if args.self_test:
        from app.self_test import run_self_test

        return run_self_test()
    # The store modules the window opens with, imported before Qt on purpose: once PySide6 is
    # loaded, its import hook reads the source of every module imported after it (looking
    # for "PySide6"), which makes each later import slower.
    for module in ("app.store.inspections", "app.store.profile", "app.store.sites"):
        importlib.import_module(module)

    path = db_path(args)
    try:
        from app.ui.app import run_gui

        return run_gui(path, lang=args.lang, demo_inspections=args.demo_inspections)
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc
    except ImportError as exc:
        raise CliError(
            f"无法加载 Qt 界面：{exc}。请运行 README 中的安装命令。 (The Qt window could not be "
            f"loaded: {exc}. Run the set-up command from the README.)") from exc
