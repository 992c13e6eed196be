"""Rectification notices and their 文号 (document numbers): the office sequence, kept here.

A 文号 is 机关代字〔年〕第N号, e.g. 东城城管责改〔2026〕第12号 (the text is made by
`app.reports.notice_rules.notice_number`). N counts per office code and year from 1; a number is
never reused, a voided notice keeps its own. Laptops issue notices offline and sync by USB stick,
so there is no shared counter to ask: numbers are handed out in **blocks per device**
(`notice_number_blocks`, db/003_notices.sql), and blocks of one office and year never overlap,
so merged notices never share a number.

- The office's (or team lead's) database grants a laptop a block (`grant_block`); the block
  travels to the laptop in its assignment bundle and is taken in with `accept_block`.
- A database that has no office above it (standalone, or the office's own) grants itself one
  number at a time from its own office sequence, at the moment it issues: its numbers run
  1, 2, 3 … with nothing held back.
- A notice takes the next unused number of its device's blocks, in order (`issue_notice`). The
  number is taken by inserting the notice's row, inside the one transaction that also writes
  the audit entry: a killed process leaves both or neither, so no number is lost or given twice.
- Printing the same inspection's notice again gives the same number (one live notice per
  inspection); `void_notice` voids one (it keeps its number) so that a new one may be issued.

No Qt, no reportlab: the command line and the window's writer call these.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core.clock import beijing_today, utc_now
from app.core.errors import InputRefused
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.db import write_transaction

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_BLOCK_SIZE = 20  # numbers granted to a laptop at a time
MAX_BLOCK_SIZE = 1000
# Roles whose database grants numbers (to itself and to the laptops it assigns work to).
GRANTING_ROLES = ("lead", "office")


class NoticeNumberError(InputRefused, ValueError):
    """No number can be issued (no block left, bad block, bad request); the message says why."""


@dataclass(frozen=True)
class NumberBlock:
    """Numbers `first`..`last` (both included) of one office and year, for one device."""

    office_code: str
    year: int
    device_id: str
    first: int
    last: int
    granted_at: str
    granted_by: str

    @property
    def size(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class NoticeRecord:
    """One issued notice: its number's parts, the inspection, when and by whom; voided or not."""

    id: str
    office_code: str
    year: int
    number: int
    inspection_id: str
    issue_date: str  # YYYY-MM-DD
    device_id: str
    issued_at: str
    issued_by: str
    voided_at: str | None = None
    voided_by: str | None = None
    voided_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True)
class RegisterLine:
    """One number of an office's year in the register: issued, voided or still held in a block."""

    number: int
    state: str  # "issued" | "voided" | "unused"
    device_id: str
    notice: NoticeRecord | None = None


_NOTICE_COLUMNS = ("id, office_code, year, number, inspection_id, issue_date, device_id, "
                   "issued_at, issued_by, voided_at, voided_by, voided_reason")


def _notice(row: tuple[object, ...] | None) -> NoticeRecord | None:
    if row is None:
        return None
    return NoticeRecord(
        id=str(row[0]), office_code=str(row[1]), year=int(str(row[2])), number=int(str(row[3])),
        inspection_id=str(row[4]), issue_date=str(row[5]), device_id=str(row[6]),
        issued_at=str(row[7]), issued_by=str(row[8]),
        voided_at=None if row[9] is None else str(row[9]),
        voided_by=None if row[10] is None else str(row[10]),
        voided_reason=None if row[11] is None else str(row[11]))


def _block(row: tuple[object, ...]) -> NumberBlock:
    return NumberBlock(str(row[0]), int(str(row[1])), str(row[2]), int(str(row[3])),
                       int(str(row[4])), str(row[5]), str(row[6]))


# ---- reading -------------------------------------------------------------------------------


def notice_for_inspection(db: sqlite_utils.Database, inspection_id: str) -> NoticeRecord | None:
    """The inspection's live (not voided) notice, or None."""
    return _notice(db.execute(
        f"SELECT {_NOTICE_COLUMNS} FROM notices WHERE inspection_id = ? AND voided_at IS NULL",
        (inspection_id,)).fetchone())


def get_notice(db: sqlite_utils.Database, notice_id: str) -> NoticeRecord | None:
    return _notice(db.execute(f"SELECT {_NOTICE_COLUMNS} FROM notices WHERE id = ?",
                              (notice_id,)).fetchone())


def notices_of_inspection(db: sqlite_utils.Database, inspection_id: str) -> list[NoticeRecord]:
    """Every notice issued for the inspection, voided ones included, oldest first."""
    rows = db.execute(f"SELECT {_NOTICE_COLUMNS} FROM notices WHERE inspection_id = ? "
                      "ORDER BY issued_at, number", (inspection_id,)).fetchall()
    return [n for n in map(_notice, rows) if n is not None]


def device_blocks(db: sqlite_utils.Database, office_code: str, year: int,
                  device_id: str | None = None) -> list[NumberBlock]:
    """The blocks of an office's year (of one device if given), in number order."""
    sql = ("SELECT office_code, year, device_id, first, last, granted_at, granted_by "
           "FROM notice_number_blocks WHERE office_code = ? AND year = ?")
    args: list[object] = [office_code, year]
    if device_id is not None:
        sql += " AND device_id = ?"
        args.append(device_id)
    return [_block(r) for r in db.execute(sql + " ORDER BY first", args).fetchall()]


def notice_register(db: sqlite_utils.Database, office_code: str, year: int) -> list[RegisterLine]:
    """Every number of the office's year that any block holds, 1 to the highest, with its state.

    This is what makes the sequence gap-free at the office: every number is either issued,
    voided (kept, never reused) or still unused in a named device's block; a number in no block
    at all would be a gap, and `grant_block` never leaves one."""
    notices = {n.number: n for n in (_notice(r) for r in db.execute(
        f"SELECT {_NOTICE_COLUMNS} FROM notices WHERE office_code = ? AND year = ?",
        (office_code, year)).fetchall()) if n is not None}
    lines: list[RegisterLine] = []
    for block in device_blocks(db, office_code, year):
        for number in range(block.first, block.last + 1):
            notice = notices.get(number)
            state = "unused" if notice is None else ("voided" if notice.voided else "issued")
            lines.append(RegisterLine(number, state, block.device_id, notice))
    return lines


# ---- granting blocks -----------------------------------------------------------------------


def may_grant_itself(db: sqlite_utils.Database) -> bool:
    """Whether this database hands out its own numbers: it is an office's or a team lead's, or
    no office is enrolled on it (a standalone laptop). A laptop enrolled to an office waits
    for a block from it, so two databases never number from the same sequence."""
    row = db.execute("SELECT role FROM profile WHERE id = 1").fetchone()
    if row is not None and row[0] in GRANTING_ROLES:
        return True
    upstream = db.execute(
        "SELECT 1 FROM devices WHERE is_local = 0 AND role IN ('lead', 'office') LIMIT 1"
    ).fetchone()
    return upstream is None


def _next_free(db: sqlite_utils.Database, office_code: str, year: int) -> int:
    row = db.execute("SELECT max(last) FROM notice_number_blocks WHERE office_code = ? "
                     "AND year = ?", (office_code, year)).fetchone()
    return int(row[0] or 0) + 1


def grant_block(db: sqlite_utils.Database, office_code: str, year: int, device_id: str,
                size: int = DEFAULT_BLOCK_SIZE, actor: str = "") -> NumberBlock:
    """Grant `device_id` the next `size` numbers of the office's year (audited).

    Run on the database that keeps the office's sequence (the office's or the lead's): the
    block starts right after the highest block it knows, so blocks never overlap and the
    sequence has no hole. The block then goes to the laptop (assignment bundle, `accept_block`).
    """
    if not office_code:
        raise NoticeNumberError(Text("未设置机关代字，不能分配文号号段",
                                     "no office code is set: no numbers can be granted"))
    if not 1 <= size <= MAX_BLOCK_SIZE:
        raise NoticeNumberError(Text(f"号段大小应为 1 到 {MAX_BLOCK_SIZE}",
                                     f"a block holds 1 to {MAX_BLOCK_SIZE} numbers"))
    with write_transaction(db):
        first = _next_free(db, office_code, year)
        block = NumberBlock(office_code, year, device_id, first, first + size - 1, utc_now(),
                            local_device_id(db))
        _insert_block(db, block)
        record_audit(db, actor, "notice_block.grant", "notice_number_block",
                     f"{office_code}/{year}/{first}",
                     {"device_id": device_id, "first": block.first, "last": block.last})
    return block


def accept_block(db: sqlite_utils.Database, block: NumberBlock, actor: str = "") -> bool:
    """Take in a block granted elsewhere (from an assignment bundle); True if it is new.

    The same block again changes nothing; a block overlapping another is refused."""
    with write_transaction(db):
        same = db.execute(
            "SELECT office_code, year, device_id, first, last, granted_at, granted_by "
            "FROM notice_number_blocks WHERE office_code = ? AND year = ? AND first = ?",
            (block.office_code, block.year, block.first)).fetchone()
        if same is not None and _block(same) == block:
            return False
        _insert_block(db, block)
        record_audit(db, actor, "notice_block.accept", "notice_number_block",
                     f"{block.office_code}/{block.year}/{block.first}",
                     {"device_id": block.device_id, "first": block.first, "last": block.last,
                      "granted_by": block.granted_by})
    return True


def _insert_block(db: sqlite_utils.Database, block: NumberBlock) -> None:
    try:
        db.execute(
            "INSERT INTO notice_number_blocks (office_code, year, device_id, first, last, "
            "granted_at, granted_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (block.office_code, block.year, block.device_id, block.first, block.last,
             block.granted_at, block.granted_by))
    except sqlite3.IntegrityError as exc:
        raise NoticeNumberError(Text(
            f"文号号段 {block.first}–{block.last}（{block.office_code}〔{block.year}〕）与已有"
            "号段重叠，未接收",
            f"notice number block {block.first}-{block.last} of {block.office_code} "
            f"{block.year} overlaps a block already held: refused")) from exc


# ---- issuing -------------------------------------------------------------------------------


def _take_number(db: sqlite_utils.Database, office_code: str, year: int,
                 device_id: str) -> int | None:
    """The next unused number of the device's blocks, in order; None when they are used up."""
    for block in device_blocks(db, office_code, year, device_id):
        row = db.execute("SELECT max(number) FROM notices WHERE office_code = ? AND year = ? "
                         "AND number BETWEEN ? AND ?",
                         (office_code, year, block.first, block.last)).fetchone()
        used = int(row[0]) if row[0] is not None else block.first - 1
        if used < block.last:
            return used + 1
    return None


def issue_notice(db: sqlite_utils.Database, inspection_id: str, office_code: str,
                 issue_date: date | None = None, actor: str = "") -> NoticeRecord:
    """The inspection's notice number: the one already issued (reprint), else the next one.

    One transaction: the number is taken, the notice row written and the audit entry appended
    together. A reprint writes nothing; asking for another issue date than the notice already
    has is refused (void it first: a 文号 stands for one dated document). `issue_date` None:
    the issued notice's date, or today (Beijing) for a new one.
    """
    if not office_code:
        raise NoticeNumberError(Text("未设置机关代字，不能编文号",
                                     "no office code is set: a notice cannot be numbered"))
    with write_transaction(db):
        live = notice_for_inspection(db, inspection_id)
        if live is not None:
            if issue_date is not None and live.issue_date != issue_date.isoformat():
                raise NoticeNumberError(Text(
                    f"此检查的整改通知书已于 {live.issue_date} 签发（文号第 {live.number} 号），"
                    "重印时签发日期不变；如需改签，请先作废原通知书",
                    f"this inspection's notice was issued on {live.issue_date} (number "
                    f"{live.number}); a reprint keeps its date: void it first to issue anew"))
            return live
        issue_date = issue_date or beijing_today()
        device = local_device_id(db)
        year = issue_date.year
        number = _take_number(db, office_code, year, device)
        if number is None:
            if not may_grant_itself(db):
                raise NoticeNumberError(Text(
                    f"本机 {year} 年的整改通知书文号已用完（或尚未分配）：请向单位申请号段，"
                    "随任务包一并下发",
                    f"this device has no notice numbers left for {year}: ask the office for "
                    "a block (it comes with the next assignment bundle)"))
            number = _next_free(db, office_code, year)
            _insert_block(db, NumberBlock(office_code, year, device, number, number, utc_now(),
                                          device))
        now = utc_now()
        record = NoticeRecord(new_id(), office_code, year, number, inspection_id,
                              issue_date.isoformat(), device, now, actor)
        db.execute(
            "INSERT INTO notices (id, office_code, year, number, inspection_id, issue_date, "
            "device_id, issued_at, issued_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, office_code, year, number, inspection_id, record.issue_date, device,
             now, actor, now))
        record_audit(db, actor, "notice.issue", "notice", record.id,
                     {"inspection_id": inspection_id, "office_code": office_code, "year": year,
                      "number": number, "issue_date": record.issue_date})
    return record


def void_notice(db: sqlite_utils.Database, notice_id: str, reason: str,
                actor: str = "") -> NoticeRecord:
    """Void an issued notice (audited); it keeps its number, which is never issued again."""
    reason = reason.strip()
    if not reason:
        raise NoticeNumberError(Text("作废通知书须写明理由", "give the reason for voiding"))
    with write_transaction(db):
        notice = get_notice(db, notice_id)
        if notice is None:
            raise NoticeNumberError(Text(f"没有通知书 {notice_id}", f"no notice {notice_id}"))
        if notice.voided:
            raise NoticeNumberError(Text(f"通知书第 {notice.number} 号已于 {notice.voided_at} 作废",
                                         f"notice {notice.number} is already void"))
        now = utc_now()
        db.execute("UPDATE notices SET voided_at = ?, voided_by = ?, voided_reason = ?, "
                   "rev = rev + 1, updated_at = ? WHERE id = ?",
                   (now, actor, reason, now, notice_id))
        record_audit(db, actor, "notice.void", "notice", notice_id,
                     {"number": notice.number, "year": notice.year,
                      "office_code": notice.office_code, "reason": reason})
    voided = get_notice(db, notice_id)
    assert voided is not None
    return voided
