"""The `street-audit` command line (DESIGN.md contract).

Each command group lives in its own module with a `register(subparsers)` function; this module
only builds the parser, maps errors to the contract's exit codes and prints.
Exit codes: 0 ok, 1 failure, 2 usage error, 3 input rejected.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from app.cli.common import CliError, db_path
from app.core.errors import AppError
from app.store.db import set_lock_wait_reporter

# Order is the order of `--help`. Module `app.cli.X` registers the command `X`. Running one
# command imports and registers only its module (`street-audit gui` starts the window sooner);
# `--help`, no command or an unknown one builds the whole parser, so help and errors list every
# command. Each module keeps its own heavy imports (Qt, reportlab) inside its handler.
COMMAND_MODULES = (
    "app.cli.gui",
    "app.cli.init",
    "app.cli.demo",
    "app.cli.forms",
    "app.cli.sites",
    "app.cli.inspection",
    "app.cli.photos",
    "app.cli.report",
    "app.cli.verify",
    "app.cli.backup",
    "app.cli.devices",
    "app.cli.export",
    "app.cli.merge",
    "app.cli.conflicts",
    "app.cli.sync",
    "app.cli.assign",
    "app.cli.tasks",
    "app.cli.cases",
    "app.cli.ledger",
)


class _Parser(argparse.ArgumentParser):
    # Set on a parser built for one command: the arguments, to report an error in full.
    full_retry: list[str] | None = None

    def error(self, message: str) -> None:  # type: ignore[override]
        if self.full_retry is not None:  # the same error from the whole parser, as always
            build_parser().parse_args(self.full_retry)
        self.print_usage(sys.stderr)
        print(f"{self.prog}: 用法错误 (usage error): {message}", file=sys.stderr)
        raise SystemExit(2)


def command_name(module: str) -> str:
    """The command a module registers: `app.cli.report` → `report`."""
    return module.rsplit(".", 1)[1]


def build_parser(only: str | None = None) -> _Parser:
    """The command line parser: every command, or with `only` just that one (to run it)."""
    parser = _Parser(
        prog="street-audit",
        description="街巷巡查 Street Audit — 疏解整治促提升 street inspections",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        if only is not None and command_name(name) != only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not written yet
                continue
            raise
        module.register(sub)
    return parser


def _split_leading_options(args_list: list[str]) -> tuple[list[str], list[str]]:
    """`--db X` / `--db=X` / `--json` standing before the command name, and the rest."""
    leading: list[str] = []
    rest = list(args_list)
    while rest and (rest[0] in ("--db", "--json") or rest[0].startswith("--db=")):
        option = rest.pop(0)
        leading.append(option)
        if option == "--db" and rest:
            leading.append(rest.pop(0))
    return leading, rest


def _command_parsers(parser: argparse.ArgumentParser,
                     command: str) -> dict[str, argparse.ArgumentParser]:
    """The parser of `command` under "", and those of its second words (`report inspection`)."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        command_parser = getattr(action, "choices", {}).get(command)
        if command_parser is None:
            continue
        found[""] = command_parser
        for sub_action in command_parser._actions:
            if isinstance(sub_action, argparse._SubParsersAction):
                found.update(sub_action.choices)
    return found


def _place_leading_options(parser: argparse.ArgumentParser, rest: list[str],
                           leading: list[str]) -> list[str]:
    """`street-audit --db X report inspection ID` means `street-audit report inspection --db X
    ID`: the options every command shares go after the command's one or two words. A command
    that uses no database (`forms check`, `photos info`) ignores a leading --db."""
    if not leading:
        return rest
    parsers = _command_parsers(parser, rest[0])
    words = 2 if len(rest) > 1 and rest[1] in parsers else 1
    target = parsers.get(rest[1] if words == 2 else "")
    if target is not None and "--db" not in target._option_string_actions:
        leading = [o for i, o in enumerate(leading)
                   if not (o.startswith("--db") or (i > 0 and leading[i - 1] == "--db"))]
    return [*rest[:words], *leading, *rest[words:]]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    leading, rest = _split_leading_options(args_list)
    if not rest or (rest[0].startswith("-") and rest[0] not in ("-h", "--help")):
        rest = ["gui", *rest]  # `gui` is the default command
    known = {command_name(m) for m in COMMAND_MODULES}
    if rest[0] in known:
        parser = build_parser(only=rest[0])
        args_list = _place_leading_options(parser, rest, leading)
        parser.full_retry = args_list
    else:
        parser = build_parser()  # help, or an unknown command named as it was typed
        args_list = rest
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        build_parser().print_help()  # every command listed
        return 2

    set_lock_wait_reporter(_print_lock_wait)
    try:
        return int(handler(args) or 0)
    except (CliError, AppError) as exc:
        print(f"错误 (error): {exc}", file=sys.stderr)
        return exc.exit_code
    except sqlite3.Error as exc:
        # Not mapped where it happened: sort it here (locked, full, read-only, damaged, bug).
        from app.store.sqlite_errors import DatabaseBug, describe

        error = describe(exc, db_path(args))
        print(f"错误 (error): {error}", file=sys.stderr)
        if isinstance(error, DatabaseBug) and os.environ.get("STREET_AUDIT_DEBUG"):
            traceback.print_exc()
        return error.exit_code
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `street-audit ... | head`: the reader left; not an error worth a traceback.
        sys.stderr.close()
        return 0


def _print_lock_wait(path: Path, waited_s: float) -> None:
    """The progress line while a write waits for another program's lock (every ~5 s)."""
    print(f"等待其他程序释放数据库… 已等待 {waited_s:.0f} 秒 (waiting for another program to "
          f"release the database {path}… {waited_s:.0f} s)", file=sys.stderr, flush=True)


def gui_main() -> int:
    """Entry point for the desktop launcher: always the window."""
    return main(["gui", *sys.argv[1:]])
