"""The `street-audit` command line (DESIGN.md contract).

Each command group lives in its own module with a `register(subparsers)` function; this module
only builds the parser, maps errors to the contract's exit codes and prints.
Exit codes: 0 ok, 1 failure, 2 usage error, 3 input rejected.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app.cli.common import CliError

# Order is the order of `--help`. Modules are imported when the parser is built; each keeps its
# own heavy imports (Qt, reportlab) inside its handler so that `street-audit verify` stays fast.
COMMAND_MODULES = (
    "app.cli.gui",
    "app.cli.init",
    "app.cli.demo",
    "app.cli.forms",
    "app.cli.inspection",
    "app.cli.photos",
    "app.cli.report",
    "app.cli.verify",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: 用法错误 (usage error): {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="street-audit",
        description="街巷巡查 Street Audit — 疏解整治促提升 street inspections",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not written yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
        args_list = ["gui", *args_list]  # `gui` is the default command
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except CliError as exc:
        print(f"错误 (error): {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return 1


def gui_main() -> int:
    """Entry point for the desktop launcher: always the window."""
    return main(["gui", *sys.argv[1:]])
