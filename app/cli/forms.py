"""`street-audit forms check [PATH...]`: validate checklist files (format in forms/README.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import InputRejected, add_json_option, emit
from app.paths import forms_dir


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "forms",
        help="检查表文件 (checklist files)",
        description="检查表（forms/*.yaml）相关命令。 (Commands for checklist files.)",
    )
    sub = parser.add_subparsers(dest="forms_command", required=True)
    check = sub.add_parser(
        "check",
        help="校验检查表文件 (validate checklist files)",
        description="校验检查表文件，逐条列出每个问题（文件:题目: 问题）；有问题时退出码为 3。 "
        "(Validate checklist files and list every problem as file:item: problem; "
        "exit code 3 when any file has problems.)",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="检查表文件或文件夹（默认：程序的 forms/ 文件夹） (files or folders; default: forms/)",
    )
    add_json_option(check)
    check.set_defaults(handler=run_check)


def _files(paths: list[Path]) -> list[Path]:
    from app.core.checklist import checklist_files

    result: list[Path] = []
    for path in paths or [forms_dir()]:
        if path.is_dir():
            result.extend(checklist_files(path))
        else:
            result.append(path)  # a missing file is reported by the loader, by name
    return result


def run_check(args: argparse.Namespace) -> int:
    """Load every file, print `ok …` or each problem; InputRejected (exit 3) if any failed.

    A good file's warnings (a finding without a legal basis) follow its `ok` line; they never
    change the exit code. A version superseded by a higher one checked in the same run is not
    warned about: a used version is never edited (forms/README.md, Versions), its successor is.
    """
    from app.core.checklist import Checklist, ChecklistError, load_checklist

    files = _files(list(args.paths))
    if not files:
        raise InputRejected(
            "没有找到检查表文件（*.yaml）；请给出文件或文件夹 "
            "(no checklist files (*.yaml) found; name a file or folder)"
        )
    results: list[dict[str, Any]] = []
    lines: list[str] = []
    seen: dict[tuple[str, int], str] = {}
    loaded: list[tuple[Checklist, dict[str, Any], int]] = []  # with its result and `ok` line
    for path in files:
        try:
            checklist = load_checklist(path)
        except ChecklistError as exc:
            results.append({"file": str(path), "ok": False, "problems": exc.problems})
            lines.extend(exc.problems)
            continue
        key = (checklist.id, checklist.version)
        if key in seen:
            problem = (
                f"{path}:id: 清单 {checklist.id} 版本 {checklist.version} 与 {seen[key]} 重复 "
                f"(checklist {checklist.id} version {checklist.version} duplicates {seen[key]})"
            )
            results.append({"file": str(path), "ok": False, "problems": [problem]})
            lines.append(problem)
            continue
        seen[key] = str(path)
        n_items = sum(1 for _ in checklist.items())
        results.append(
            {
                "file": str(path),
                "ok": True,
                "id": checklist.id,
                "version": checklist.version,
                "items": n_items,
                "sha256": checklist.source_sha256,
                "problems": [],
            }
        )
        lines.append(f"ok {path} ({checklist.id} v{checklist.version}, {n_items} items)")
        loaded.append((checklist, results[-1], len(lines) - 1))
    newest: dict[str, int] = {}
    for checklist, _, _ in loaded:
        newest[checklist.id] = max(newest.get(checklist.id, 0), checklist.version)
    # Warnings go under their file's `ok` line: insert from the last file backwards.
    for checklist, result, at in reversed(loaded):
        superseded = checklist.version < newest[checklist.id]
        warnings = [] if superseded else list(checklist.warnings)
        result["warnings"] = warnings
        result["superseded"] = superseded
        lines[at + 1 : at + 1] = warnings
    emit(args, "\n".join(lines), {"files": results})
    failed = [r["file"] for r in results if not r["ok"]]
    if failed:
        raise InputRejected(
            f"{len(failed)} 个检查表文件有问题，见上（共 {len(results)} 个） "
            f"({len(failed)} of {len(results)} checklist files have problems, listed above)"
        )
    return 0
