"""`street-audit verify`: check the database's integrity and its audit chain."""

from __future__ import annotations

import argparse

from app.cli.common import EXIT_FAILURE, add_db_option, add_json_option, db_path, emit


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="检查数据库完整性和审计链 (check database integrity and the audit chain)",
        description="运行 SQLite 完整性检查、外键检查、派生数据检查和审计日志哈希链校验；"
        "发现问题时逐条列出并以退出码 1 结束。 (Runs SQLite's integrity and foreign-key checks, "
        "checks derived data and the audit hash chain; lists each problem, exit code 1.)",
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Every check runs; all problems are printed, not only the first."""
    from app.cli.init import open_db
    from app.store.audit import verify_audit_chain
    from app.store.db import schema_version

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
        problems.extend(verify_audit_chain(db))
        counts = {
            name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("sites", "inspections", "findings", "audit")
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
            f"{counts['inspections']}，审计 {counts['audit']} 条，哈希链完整 (ok: schema "
            f"{version}, audit chain intact)"
        )
    emit(
        args,
        human,
        {"db": str(path), "ok": not problems, "problems": problems, "schema": version, **counts},
    )
    return EXIT_FAILURE if problems else 0
