"""`street-audit verify`: check the database's integrity and its audit chain."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_FAILURE, add_db_option, add_json_option, db_path, emit


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="检查数据库完整性和审计链 (check database integrity and the audit chain)",
        description="运行 SQLite 完整性检查、外键检查、派生数据（问题数、列表计数、按日期的"
        "列表计数）检查、审计日志哈希链校验和照片原件检查（文件在、大小对）；发现问题时逐条列出"
        "并以退出码 1 结束；照片库中多余的文件只作提示。 (Runs SQLite's integrity and "
        "foreign-key checks, checks derived data (finding counts, list counts, list counts by "
        "date), the audit hash chain and the photo originals (present, right size); lists each "
        "problem, exit code 1; stray files in the photo store are notes, not problems.)",
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Every check runs; all problems are printed, not only the first."""
    from app.cli.init import open_db
    from app.store.audit import verify_audit_chain
    from app.store.db import schema_version
    from app.store.inspections import period_count_problems

    path = db_path(args)
    db = open_db(path)
    try:
        problems: list[str] = []
        for (line,) in db.execute("PRAGMA integrity_check"):
            if line != "ok":
                problems.append(f"完整性 (integrity): {line}")
        for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check"):
            problems.append(
                f"外键 (foreign key): {table} 行 {rowid} 引用的 {parent} 不存在 "
                f"(row {rowid} of {table} points to a missing {parent})"
            )
        for inspection_id, stored, actual in db.execute(
            "SELECT i.id, i.finding_count, count(f.id) FROM inspections i "
            "LEFT JOIN findings f ON f.inspection_id = i.id GROUP BY i.id "
            "HAVING i.finding_count != count(f.id)"
        ):
            problems.append(
                f"问题数不符 (finding count): 检查 {inspection_id} 记为 {stored}，实有 {actual} "
                f"(inspection {inspection_id} says {stored}, has {actual})"
            )
        for key, stored, actual in db.execute(
            "WITH actual AS (SELECT superseded_by IS NULL AS is_current, status, form_id, "
            "district_code, count(*) AS n FROM inspections GROUP BY 1, 2, 3, 4) "
            "SELECT coalesce(a.is_current, c.is_current) || ' ' || coalesce(a.status, c.status) "
            "|| ' ' || coalesce(a.form_id, c.form_id) || ' ' || "
            "coalesce(a.district_code, c.district_code), coalesce(c.n, 0), coalesce(a.n, 0) "
            "FROM actual a FULL OUTER JOIN inspection_counts c USING (is_current, status, "
            "form_id, district_code) WHERE coalesce(c.n, 0) != coalesce(a.n, 0)"
        ):
            problems.append(
                f"列表计数不符 (list count): {key} 记为 {stored}，实有 {actual} "
                f"(stored {stored}, actual {actual})"
            )
        problems.extend(period_count_problems(db))
        problems.extend(verify_audit_chain(db))
        photo_problems, notes = photo_store_problems(db, path)
        problems.extend(photo_problems)
        counts = {
            name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("sites", "inspections", "findings", "audit", "photos")
        }
        version = schema_version(db)
    finally:
        db.close()
    if problems:
        human = (
            f"数据库 {path} 有 {len(problems)} 个问题 ({len(problems)} problems):\n"
            + "\n".join(problems)
        )
    else:
        human = (
            f"数据库 {path} 完好：结构版本 {version}，场所 {counts['sites']}，检查 "
            f"{counts['inspections']}，照片 {counts['photos']}，审计 {counts['audit']} 条，"
            f"哈希链完整 (ok: schema {version}, audit chain intact, photo files present)"
        )
    if notes:
        human += f"\n提示 {len(notes)} 条，不算问题 ({len(notes)} notes, not problems):\n"
        human += "\n".join(notes)
    emit(
        args,
        human,
        {
            "db": str(path),
            "ok": not problems,
            "problems": problems,
            "notes": notes,
            "schema": version,
            **counts,
        },
    )
    return EXIT_FAILURE if problems else 0


def photo_store_problems(db: Any, db_path: Path) -> tuple[list[str], list[str]]:
    """Photo-store problems (an original missing or of the wrong size) and notes (stray files).

    Files that no photos row names, and unfinished `.incoming-*` writes, are notes: harmless,
    never evidence, not failures. Sizes only, no hashing: cheap at any size (a stat per
    photo); re-hashing every original is `MediaStore.verify_original`'s job, when asked for.
    """
    from app.media.filestore import MediaStore

    store = MediaStore.for_database(db_path)
    problems: list[str] = []
    known: set[str] = set()
    for sha, size in db.execute("SELECT sha256, size FROM photos ORDER BY sha256"):
        known.add(sha)
        target = store.original_path(sha)
        try:
            actual = target.stat().st_size
        except FileNotFoundError:
            problems.append(
                f"照片原件缺失 (photo original missing): {sha} 应在 {target}；请从备份恢复 "
                f"(expected at {target}; restore it from a backup)"
            )
            continue
        if actual != size:
            problems.append(
                f"照片原件大小不符 (photo original has the wrong size): {target} 记为 {size} "
                f"字节，实为 {actual} 字节；请从备份恢复 (recorded {size} bytes, found {actual}; "
                "restore it from a backup)"
            )
    notes: list[str] = []
    originals = store.root / "originals"
    if originals.is_dir():
        for file in sorted(originals.glob("*/*")):
            if file.name.startswith(".incoming-"):
                notes.append(f"未完成的写入 (unfinished write, safe to delete): {file}")
            elif file.is_file() and file.name not in known:
                notes.append(
                    f"照片库中多余的文件，没有记录引用 (file in the photo store that no record "
                    f"names): {file}"
                )
    return problems, notes
