"""Does a printed inspection record still match the database? (`verify --document`)

The record carries `SA-REC:1:<record id>:<digest>` (app.core.record_digest) in its QR code, in
its PDF metadata and, as 记录编号 and 核验码, in its text. Given a PDF or the text a phone read
from the QR code, this finds the mark, recomputes the record's digest from the database and says
what the paper is: the record as stored, a record changed since it was printed (a draft edited
later, or a forged paper), a record since replaced by an amendment, or one this database does
not hold. No reportlab; pypdf only to read a PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from app.core.errors import InputRefused
from app.core.record_digest import (
    KNOWN_VERSIONS,
    PRINTED_HEX,
    PrintedMark,
    find_mark,
    grouped,
)
from app.core.text import Text
from app.store.inspection_digest import inspection_digest
from app.store.inspection_errors import InspectionNotFound
from app.store.inspection_records import get_inspection

if TYPE_CHECKING:
    import sqlite_utils

Outcome = Literal["match", "changed", "unknown"]


class NoRecordMark(InputRefused, ValueError):
    """The file or text carries no record mark: not a Street Audit record (or unreadable)."""


@dataclass(frozen=True)
class DocumentCheck:
    record_id: str
    printed: str  # the digest prefix on the paper
    current: str  # the same prefix computed now ("" when the record is unknown)
    outcome: Outcome
    superseded_by: str  # the record was replaced by this amendment ("" if not)
    message: Text

    @property
    def matches(self) -> bool:
        return self.outcome == "match"


# The record's own printed words, for a PDF whose metadata another program dropped.
_PRINTED = re.compile(r"记录编号：\s*([0-9A-Za-z-]{8,64})\s*核验码：\s*((?:[0-9a-f]{4}\s*){8})")


def read_mark(source: str) -> PrintedMark:
    """The mark in `source`: a PDF file's path, or the text a QR code holds."""
    path = Path(source)
    looks_like_file = ("\n" not in source and len(source) < 4096 and "://" not in source
                       and not source.startswith("SA-REC:"))
    if looks_like_file and path.is_file():
        return _mark_in_pdf(path)
    if looks_like_file and path.exists():
        # A folder, a pipe or a device: reading it could hang or mean nothing.
        raise NoRecordMark(
            f"{source} 不是普通文件，请给出 PDF 文件 (not a regular file: give a PDF)")
    mark = find_mark(source)
    if mark is None:
        if looks_like_file and (path.suffix.lower() == ".pdf" or "/" in source):
            raise NoRecordMark(f"找不到文件 {source} (no such file)")
        raise NoRecordMark(
            "这段文字不是检查记录的二维码内容（应以 SA-REC: 开头） "
            "(this text is not a record's QR code: it should start with SA-REC:)")
    return mark


def _mark_in_pdf(path: Path) -> PrintedMark:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise NoRecordMark(f"无法读取 {path}：{exc} (cannot read the file)") from exc
    if b"%PDF-" not in head:
        raise NoRecordMark(f"{path} 不是 PDF 文件 (not a PDF file)")
    # pypdf logs what it repairs in a damaged file; the user gets one clear message instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        info: Any = reader.metadata or {}
        keywords = str(info.get("/Keywords", "") or "")
        mark = find_mark(keywords)
        if mark is None and reader.pages:
            text = reader.pages[0].extract_text() or ""
            found = _PRINTED.search(text)
            if found:
                # The printed words do not say the digest's version: 0 = try each known one.
                mark = PrintedMark(found.group(1), re.sub(r"\s", "", found.group(2)), 0)
    except (PdfReadError, OSError, ValueError, KeyError, IndexError) as exc:
        raise NoRecordMark(
            f"{path} 不是可读取的 PDF 文件：{exc} (not a readable PDF file)") from exc
    if mark is None:
        raise NoRecordMark(
            f"{path} 中没有检查记录的核验码：它不是本程序打印的检查记录，或已被其他程序改写 "
            "(no record mark in this PDF: it is not a record this program printed, or another "
            "program rewrote it)")
    return mark


def check_document(db: sqlite_utils.Database, source: str) -> DocumentCheck:
    """Compare the paper (a PDF path or QR text) with the record in `db`."""
    mark = read_mark(source)
    if mark.version not in (0, *KNOWN_VERSIONS):
        raise NoRecordMark(
            f"该纸件的核验码版本 {mark.version} 比本程序新，请升级本程序后再核对 "
            f"(the paper's check-code version {mark.version} is newer than this program: "
            "update it)")
    try:
        inspection = get_inspection(db, mark.record_id)
    except InspectionNotFound:
        return DocumentCheck(mark.record_id, mark.digest_prefix, "", "unknown", "", Text(
            f"本数据库中没有检查记录 {mark.record_id}："
            "该纸件可能来自其他单位，或记录尚未同步到本机",
            f"this database holds no record {mark.record_id}: the paper may come from another "
            "office, or the record has not been merged here yet"))
    versions = KNOWN_VERSIONS if mark.version == 0 else (mark.version,)
    digests = [inspection_digest(db, mark.record_id, v)[:PRINTED_HEX] for v in versions]
    current = digests[-1]
    later = inspection.superseded_by or ""
    if mark.digest_prefix in digests:
        current = mark.digest_prefix
        zh = f"纸件与数据库中的检查记录 {mark.record_id} 一致（核验码 {grouped(current)}）"
        en = f"the paper matches record {mark.record_id} in the database"
        if later:
            zh += f"；但该记录已被更正记录 {later} 取代，应以更正后的记录为准"
            en += f"; but the record was since replaced by amendment {later}, which is the " \
                  "valid one"
        return DocumentCheck(mark.record_id, mark.digest_prefix, current, "match", later,
                             Text(zh, en))
    why_zh = ("该记录仍是草稿，打印后又被修改过" if inspection.status == "draft"
              else "纸件内容与已完成的记录不同，可能被篡改")
    why_en = ("the record is still a draft and was edited after it was printed"
              if inspection.status == "draft"
              else "the paper differs from the completed record: it may have been altered")
    return DocumentCheck(mark.record_id, mark.digest_prefix, current, "changed", later, Text(
        f"纸件与数据库中的检查记录 {mark.record_id} 不一致：纸件核验码 "
        f"{grouped(mark.digest_prefix)}，数据库为 {grouped(current)}；{why_zh}",
        f"the paper does not match record {mark.record_id}: printed "
        f"{mark.digest_prefix}, database {current}; {why_en}"))
