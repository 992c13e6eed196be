"""Shared pieces of the command line: errors with exit codes, --db and --json, output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.paths import default_db_path

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3


class CliError(Exception):
    """A failure the user can act on; the message says what and what to do."""

    exit_code = EXIT_FAILURE


class InputRejected(CliError):
    """Bad input: a bad bundle, file, form or answers. Nothing was written."""

    exit_code = EXIT_REJECTED


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="数据库文件 (database file; default: the per-user data folder or $STREET_AUDIT_DB)",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="输出 JSON (print JSON)")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def emit(args: argparse.Namespace, human: str, data: Any) -> None:
    """Print the human summary, or the JSON form with --json."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(human)


def district_codes_text() -> str:
    """The 16 valid district codes with their names, for a message refusing another one."""
    from app.core.divisions import districts

    return "，".join(f"{d.code[:6]} {d.name}" for d in districts())


def district_refusal(text: str) -> str:
    """'text is not a district code' naming the value and the valid ones (zh, then en)."""
    return (f"{text!r} 不是北京市的区代码；可选：{district_codes_text()} "
            f"(not a Beijing district code; valid: the 16 codes listed)")
