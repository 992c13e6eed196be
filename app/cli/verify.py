"""`street-audit verify`: check the database's integrity and its audit chain."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_FAILURE, add_db_option, add_json_option, db_path, emit
from app.cli.init import open_db
from app.media.filestore import MediaStore
from app.media.integrity import check_originals
from app.store.audit import verify_audit_chain
from app.store.damage import find_damage
from app.store.db import IncompleteDatabase, schema_version
from app.store.inspection_counts import period_count_problems
from app.sync.chains import verify_device_chains


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="检查数据库完整性和审计链 (check database integrity and the audit chain)",
        description="运行 SQLite 完整性检查、外键检查、派生数据（问题数、列表计数、按日期的"
        "列表计数）检查、审计日志哈希链校验和照片原件检查（文件在、大小对、重新计算哈希）；发现问题时逐条列出"
        "并以退出码 1 结束；照片库中多余的文件只作提示。 (Runs SQLite's integrity and "
        "foreign-key checks, checks derived data (finding counts, list counts, list counts by "
        "date), the audit hash chain and the photo originals (present, right size, re-hashed); "
        "lists each "
        "problem, exit code 1; stray files in the photo store are notes, not problems.)",
    )
    add_db_option(parser)
    add_json_option(parser)
    photos = parser.add_mutually_exclusive_group()
    photos.add_argument(
        "--photos-changed", action="store_const", dest="photos_mode", const="changed",
        help="只重新计算自上次全面检查以来改动过的照片原件的哈希（其余只核对存在和大小） "
        "(re-hash only the originals changed since the last full check; the others are "
        "checked for presence and size)")
    photos.add_argument(
        "--photos-sample", type=_positive, default=None, metavar="N",
        help="随机抽取 N 个照片原件重新计算哈希 (re-hash a random sample of N originals)")
    parser.add_argument(
        "--document", metavar="PDF_OR_QR_TEXT", default=None,
        help="核对一份打印的检查记录：给出 PDF 文件，或扫描其二维码得到的文字（SA-REC:…）；"
        "一致时退出码 0，不一致或本库无此记录时为 1 (check a printed inspection record against "
        "the database: a PDF file, or the text its QR code holds (SA-REC:…); exit 0 when it "
        "matches, 1 when it does not or the record is unknown here)")
    parser.set_defaults(handler=run, photos_mode="full")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"应为正整数，而不是 {text!r} (a positive whole number, not {text!r})")
    return value


def run(args: argparse.Namespace) -> int:
    """Every check runs; all problems are printed, not only the first."""

    path = db_path(args)
    if args.document is not None:
        return _check_document(args, path)
    damage = file_problems(path)
    if damage:
        return _report_damage(args, path, damage)
    try:
        db = open_db(path)
    except IncompleteDatabase as exc:  # our mark, tables missing: a finding like damage
        return _report_damage(args, path, [f"数据库结构 (schema): {exc}"])
    try:
        problems: list[str] = []
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
        # The audit chains other devices sent in their bundles (issue 10): each checked whole.
        chain_problems, chain_notes = verify_device_chains(db)
        problems.extend(chain_problems)
        mode = "sample" if args.photos_sample is not None else args.photos_mode
        photo_problems, notes, originals = photo_store_problems(
            db, path, mode, args.photos_sample or 0, progress=_ProgressLine())
        problems.extend(photo_problems)
        notes = chain_notes + notes
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
            f"哈希链完整，照片原件完好 (ok: schema {version}, audit chain intact, "
            "photo originals intact)"
        )
    human += f"\n{originals['summary']}"
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
            "photo_originals": originals,
            "schema": version,
            **counts,
        },
    )
    return EXIT_FAILURE if problems else 0


def _check_document(args: argparse.Namespace, path: Path) -> int:
    """verify --document: does the paper match the record? (app.reports.document_check)"""
    from app.reports.document_check import check_document

    db = open_db(path)
    try:
        result = check_document(db, args.document)
    finally:
        db.close()
    emit(args, result.message.both(), {
        "db": str(path), "ok": result.matches, "outcome": result.outcome,
        "record_id": result.record_id, "printed": result.printed, "current": result.current,
        "superseded_by": result.superseded_by or None,
        "message": {"zh": result.message.zh, "en": result.message.en},
    })
    return 0 if result.matches else EXIT_FAILURE


def file_problems(path: Path) -> list[str]:
    """Damage to the file's pages, found before anything else reads it.

    Runs integrity_check read-only: a damaged file is a finding, not a crash of the checks
    below, and nothing is written to it. Empty when the file is sound (or, missing or not
    SQLite, for open_db to refuse with its own message).
    """

    damage = find_damage(path) if path.is_file() else None
    return damage.findings() if damage is not None else []


def _report_damage(args: argparse.Namespace, path: Path, problems: list[str]) -> int:
    """The file is damaged: say so, which objects, what to do; the other checks cannot run."""
    human = (
        f"数据库 {path} 已损坏，其余检查无法进行 (the database is damaged; the other checks "
        f"cannot run):\n" + "\n".join(problems)
    )
    emit(args, human, {"db": str(path), "ok": False, "damaged": True, "problems": problems,
                       "notes": []})
    return EXIT_FAILURE


def photo_store_problems(db: Any, db_path: Path, mode: str = "full", sample: int = 100,
                         progress: Any = None
                         ) -> tuple[list[str], list[str], dict[str, Any]]:
    """Photo-store problems (an original missing, of the wrong size, or whose bytes no longer
    hash to its name), notes (stray files) and what the originals check covered.

    Files that no photos row names, and unfinished `.incoming-*` writes, are notes: harmless,
    never evidence, not failures. `mode`: full / changed / sample (app.media.integrity).
    """

    store = MediaStore.for_database(db_path)
    report = check_originals(db, store, mode=mode, sample=sample, progress=progress)
    problems: list[str] = []
    for sha in report.missing:
        target = store.original_path(sha)
        problems.append(
            f"照片原件缺失 (photo original missing): {sha} 应在 {target}；请从备份恢复 "
            f"(expected at {target}; restore it from a backup)"
        )
    for sha, size, actual in report.wrong_size:
        target = store.original_path(sha)
        problems.append(
            f"照片原件大小不符 (photo original has the wrong size): {target} 记为 {size} "
            f"字节，实为 {actual} 字节；请从备份恢复，或重新导入原始照片文件 "
            f"(recorded {size} bytes, found {actual}; restore it from a backup, or import the "
            "genuine photo file again)"
        )
    for sha in report.changed:
        target = store.original_path(sha)
        problems.append(
            f"照片原件已被改动 (photo original was changed): {target} 的内容与其哈希不符，不能再"
            "作为证据；请从备份恢复，或重新导入原始照片文件（导入时自动恢复） (its bytes no longer "
            "match its SHA-256: not evidence any more; restore it from a backup, or import the "
            "genuine photo file again, which restores it)"
        )
    notes: list[str] = []
    originals = store.root / "originals"
    if originals.is_dir():
        known = {sha for (sha,) in db.execute("SELECT sha256 FROM photos")}
        for file in sorted(originals.glob("*/*")):
            if file.name.startswith(".incoming-"):
                notes.append(f"未完成的写入 (unfinished write, safe to delete): {file}")
            elif file.is_file() and file.name not in known:
                notes.append(
                    f"照片库中多余的文件，没有记录引用 (file in the photo store that no record "
                    f"names): {file}"
                )
    covered = {"mode": report.mode, "photos": report.photos, "hashed": report.hashed,
               "hashed_bytes": report.hashed_bytes, "seconds": round(report.seconds, 3),
               "last_full_check": report.last_full_check, "summary": _originals_note(report)}
    return problems, notes, covered


def _originals_note(report: Any) -> str:
    """What the originals check covered, so nobody mistakes a sample for a full check."""
    rate = report.gb_per_second()
    speed = f", {rate:.2f} GB/s" if rate else ""
    mb = report.hashed_bytes / 1e6
    if report.mode == "full":
        zh = (f"照片原件：全部 {report.photos} 个已重新计算哈希"
              f"（{mb:,.1f} MB，{report.seconds:.1f} 秒{speed.replace(', ', '，')}）")
        en = (f"photo originals: all {report.photos} re-hashed "
              f"({mb:,.1f} MB, {report.seconds:.1f} s{speed})")
    elif report.mode == "sample":
        zh = (f"照片原件：{report.photos} 个均已核对存在和大小，"
              f"随机抽取 {report.hashed} 个重新计算哈希（{mb:,.1f} MB）")
        en = (f"photo originals: all {report.photos} present and sized, a random sample of "
              f"{report.hashed} re-hashed ({mb:,.1f} MB)")
    else:
        zh = (f"照片原件：{report.photos} 个均已核对存在和大小，"
              f"自上次全面检查（{report.last_full_check}）以来改动过的 {report.hashed} 个"
              f"已重新计算哈希（{mb:,.1f} MB）")
        en = (f"photo originals: all {report.photos} present and sized, the {report.hashed} "
              f"changed since the last full check ({report.last_full_check}) re-hashed "
              f"({mb:,.1f} MB)")
    return f"{zh} ({en})"


class _ProgressLine:
    """Progress of a long re-hash on stderr: a rewritten line on a terminal, a line every
    ten seconds otherwise (a log), nothing for a check that ends within a second."""

    def __init__(self) -> None:
        self._stream = sys.stderr
        self._tty = sys.stderr.isatty()
        self._clock = time.monotonic
        self._start = self._clock()
        self._last = self._start
        self._shown = False

    def __call__(self, done: int, total: int, done_bytes: int, total_bytes: int) -> None:
        now = self._clock()
        waited = now - self._start < 1.0 or now - self._last < (0.5 if self._tty else 10.0)
        if waited and (done != total or not self._shown):
            return
        self._last = now
        self._shown = True
        line = (f"照片原件校验 (re-hashing originals) {done}/{total}  "
                f"{done_bytes / 1e9:.2f}/{total_bytes / 1e9:.2f} GB")
        if self._tty:
            end = "\n" if done == total else ""
            self._stream.write(f"\r{line}{end}")
        else:
            self._stream.write(line + "\n")
        self._stream.flush()
