"""Tasks, notice number blocks and notices in bundles (docs/bundle-format.md, records `task`,
`notice_block`, `notice`): their shape, the checks against the database, the merge, and what
a field bundle takes of them.

Tasks are versioned like the other synced records, with their own table (`task_versions`):
every version is kept; the row holds the winner among the leaves (the versions no other was
made from) by the same rule as app/sync/merge.py — the higher `rev`, then the higher version
id — except that a cancelled version always wins: a cancelled task stays cancelled. The result
depends only on the set of versions, so merging is idempotent and order-independent; a leaf
that does not win stays in `task_versions` (`task_conflicts` lists them).

Notice number blocks and notices are never edited (a notice is only voided, once): a block or a
notice that is already here is skipped, a voided notice voids the one here, and anything that
would give one number twice is refused before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core.ids import new_id
from app.store.profile import get_profile, save_profile
from app.store.tasks import KINDS, STATES, TASK_COLUMNS
from app.sync.bundle import BundleHeader
from app.sync.devices import get_device
from app.sync.errors import BundleRefused, refused
from app.sync.keys import canonical
from app.sync.records import content_hash

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import sqlite_utils

    from app.sync.merge import Version

EXTRA_RECORDS = ("task", "notice_block", "notice")
BLOCK_COLUMNS = ("office_code", "year", "device_id", "first", "last", "granted_at", "granted_by")
NOTICE_COLUMNS = (
    "id", "office_code", "year", "number", "inspection_id", "issue_date", "device_id",
    "issued_at", "issued_by", "voided_at", "voided_by", "voided_reason", "rev", "updated_at",
)
_TASK_FIELDS = {"task_id", "vid", "rev", "base_vid", "device", "content"}
_VID = re.compile(r"\A[0-9A-Za-z-]{8,64}\Z")
_DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_TEXT_TASK = {"id", "kind", "site_id", "form_id", "due_on", "notes", "assigned_to",
              "assigned_by", "state", "created_at", "updated_at"}
_TEXT_NOTICE = {"id", "office_code", "inspection_id", "issue_date", "device_id", "issued_at",
                "issued_by", "updated_at"}


@dataclass(frozen=True)
class TaskVersion:
    """One version of one task, as a bundle carries it."""

    task_id: str
    vid: str
    rev: int
    base_vid: str | None
    device: str
    content: dict[str, Any]

    @property
    def content_sha256(self) -> str:
        return content_hash(self.content)

    def record(self) -> dict[str, Any]:
        return {"t": "task", "task_id": self.task_id, "vid": self.vid, "rev": self.rev,
                "base_vid": self.base_vid, "device": self.device, "content": self.content}


@dataclass
class Extras:
    """A bundle's tasks, notice number blocks and notices (after the shape checks)."""

    tasks: list[TaskVersion] = field(default_factory=list)
    blocks: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)


def _bad(name: str, zh: str, en: str, code: str = "bad_payload") -> BundleRefused:
    return refused(code, f"数据包内容无效：{zh}：{name}",
                   f"the bundle's content is not valid: {en}: {name}")


# ---- reading: the shape of each record ---------------------------------------------------------


def take_extra_record(extras: Extras, kind: str, body: dict[str, Any], number: int,
                      name: str) -> None:
    """Check one `task` / `notice_block` / `notice` record's shape and keep it."""
    if kind == "task":
        problem = _task_problem(body)
        if problem is not None:
            raise _bad(name, f"第 {number} 条（任务）字段错误：{problem}",
                       f"record {number} (a task) is malformed: {problem}")
        extras.tasks.append(TaskVersion(body["task_id"], body["vid"], body["rev"],
                                        body["base_vid"], body["device"], body["content"]))
    elif kind == "notice_block":
        if set(body) != set(BLOCK_COLUMNS) or not _block_ok(body):
            raise _bad(name, f"第 {number} 条（文号号段）字段错误",
                       f"record {number} (a notice number block) is malformed")
        extras.blocks.append(body)
    else:
        if set(body) != set(NOTICE_COLUMNS) or not _notice_ok(body):
            raise _bad(name, f"第 {number} 条（整改通知书）字段错误",
                       f"record {number} (a notice) is malformed")
        extras.notices.append(body)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 53


def _task_problem(body: dict[str, Any]) -> str | None:
    if set(body) != _TASK_FIELDS:
        return "fields"
    if not isinstance(body["vid"], str) or not _VID.match(body["vid"]):
        return "vid"
    if body["base_vid"] is not None and (not isinstance(body["base_vid"], str)
                                         or not _VID.match(body["base_vid"])):
        return "base_vid"
    if not _count(body["rev"]) or body["rev"] < 1:
        return "rev"
    if not isinstance(body["device"], str) or not body["device"]:
        return "device"
    c = body["content"]
    if not isinstance(c, dict) or set(c) != set(TASK_COLUMNS):
        return "content columns"
    for key, value in c.items():
        if key in _TEXT_TASK and not isinstance(value, str):
            return f"{key}: not text"
        if (value is not None and not isinstance(value, str | int)) or isinstance(value, bool):
            return f"{key}: not a plain value"
        if isinstance(value, str) and len(value) > 64 * 1024:
            return f"{key}: too long"
    if c["id"] != body["task_id"] or c["rev"] != body["rev"]:
        return "task_id/rev differ from the content's"
    if c["kind"] not in KINDS or c["state"] not in STATES:
        return "kind/state"
    if not _DAY.match(c["due_on"]) or not _is_date(c["due_on"]):
        return "due_on"
    if c["state"] == "started" and not c["started_inspection_id"]:
        return "started without an inspection"
    return None


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _block_ok(b: dict[str, Any]) -> bool:
    return (all(isinstance(b[k], str) and b[k] for k in ("office_code", "device_id",
                                                          "granted_at", "granted_by"))
            and _count(b["year"]) and 1900 <= b["year"] <= 2199
            and _count(b["first"]) and _count(b["last"]) and 1 <= b["first"] <= b["last"])


def _notice_ok(n: dict[str, Any]) -> bool:
    return (all(isinstance(n[k], str) and n[k] for k in _TEXT_NOTICE - {"issued_by"})
            and isinstance(n["issued_by"], str)
            and _count(n["year"]) and _count(n["number"]) and n["number"] >= 1
            and _count(n["rev"]) and n["rev"] >= 1
            and all(n[k] is None or isinstance(n[k], str)
                    for k in ("voided_at", "voided_by", "voided_reason"))
            and (n["voided_at"] is None) == (n["voided_reason"] is None)
            and bool(_DAY.match(n["issue_date"])))


# ---- reading: the checks against this database -------------------------------------------------


def check_extras(db: sqlite_utils.Database, header: BundleHeader, extras: Extras,
                 versions: list[Version], forms: list[dict[str, Any]], name: str) -> None:
    """What a bundle's tasks, blocks and notices must be here, checked before any write.

    An assignment comes only from an office or a team lead and brings only this device's
    tasks and blocks; a field bundle brings only its sender's tasks, blocks and notices."""
    sender = get_device(db, header.sender)
    if header.kind == "assignment" and (sender is None or sender.role not in ("office", "lead")):
        raise refused("not_an_office",
                      f"任务包只能来自单位或组长的设备，{header.sender} 不是：{name}",
                      f"an assignment comes only from an office's or a team lead's device; "
                      f"{header.sender} is neither: {name}")
    if header.kind == "assignment":
        mine, theirs = header.receiver, header.sender
    else:
        mine, theirs = header.sender, None
    for task in extras.tasks:
        c = task.content
        if c["assigned_to"] != mine or (theirs is not None and c["assigned_by"] != theirs):
            raise _bad(name, f"任务 {task.task_id} 不是派给 {mine} 的",
                       f"task {task.task_id} is not {mine}'s", "task_not_yours")
    for block in extras.blocks:
        if block["device_id"] != mine:
            raise _bad(name, f"文号号段 {block['first']}–{block['last']} 不属于设备 {mine}",
                       f"notice number block {block['first']}-{block['last']} is not {mine}'s",
                       "block_not_yours")
    for notice in extras.notices:
        if notice["device_id"] != header.sender:
            raise _bad(name, f"通知书 {notice['id']} 不是发送设备签发的",
                       f"notice {notice['id']} was not issued by the sender", "notice_clash")
    _check_task_versions(db, extras.tasks, versions, forms, name)
    _check_blocks(db, extras.blocks, name)
    _check_notices(db, extras, versions, name)


def _check_task_versions(db: sqlite_utils.Database, tasks: list[TaskVersion],
                         versions: list[Version], forms: list[dict[str, Any]], name: str) -> None:
    seen: dict[str, TaskVersion] = {}
    sites = {v.record_id for v in versions if v.entity == "site" and not v.deleted}
    form_ids = {f["form_id"] for f in forms}
    for t in tasks:
        twin = seen.get(t.vid)
        if twin is not None and twin != t:
            raise _bad(name, f"同一任务版本 {t.vid} 出现两次且内容不同",
                       f"the task version {t.vid} appears twice with different content",
                       "version_clash")
        seen[t.vid] = t
        row = db.execute("SELECT task_id, rev, base_vid, content_sha256 FROM task_versions "
                         "WHERE vid = ?", (t.vid,)).fetchone()
        if row is not None and tuple(row) != (t.task_id, t.rev, t.base_vid, t.content_sha256):
            raise _bad(name, f"任务 {t.task_id} 的版本 {t.vid} 与已合并的同一版本内容不同",
                       f"version {t.vid} of task {t.task_id} differs from the same version "
                       "merged before", "version_clash")
        c = t.content
        missing = None
        if c["site_id"] not in sites and db.execute(
                "SELECT 1 FROM sites WHERE id = ?", (c["site_id"],)).fetchone() is None:
            missing = f"site {c['site_id']}"
        elif c["form_id"] not in form_ids and db.execute(
                "SELECT 1 FROM forms WHERE form_id = ?", (c["form_id"],)).fetchone() is None:
            missing = f"checklist {c['form_id']}"
        if missing:
            raise _bad(name, f"任务 {t.task_id} 引用的 {missing} 不存在",
                       f"task {t.task_id} refers to {missing}, which is missing",
                       "missing_reference")


def _same_block(db: sqlite_utils.Database, b: dict[str, Any]) -> bool | None:
    """True: this very block is here; False: it overlaps another; None: it is new and free."""
    rows = db.execute(
        f"SELECT {', '.join(BLOCK_COLUMNS)} FROM notice_number_blocks WHERE office_code = ? "
        "AND year = ? AND first <= ? AND ? <= last",
        (b["office_code"], b["year"], b["last"], b["first"])).fetchall()
    if not rows:
        return None
    return len(rows) == 1 and dict(zip(BLOCK_COLUMNS, rows[0], strict=True)) == b


def _check_blocks(db: sqlite_utils.Database, blocks: list[dict[str, Any]], name: str) -> None:
    ordered = sorted(blocks, key=lambda b: (b["office_code"], b["year"], b["first"]))
    for i, b in enumerate(ordered):
        clash = _same_block(db, b) is False
        if i and not clash:
            prev = ordered[i - 1]
            clash = (prev["office_code"], prev["year"]) == (b["office_code"], b["year"]) and (
                prev["last"] >= b["first"]) and prev != b
        if clash:
            raise _bad(name,
                       f"文号号段 {b['first']}–{b['last']}（{b['office_code']}〔{b['year']}〕）与"
                       "本机已有的号段重叠：两台设备可能编了同一文号，请联系单位核对号段",
                       f"notice number block {b['first']}-{b['last']} of {b['office_code']} "
                       f"{b['year']} overlaps a block held here: two devices may have used one "
                       "number; check the blocks with the office", "block_overlap")


def _check_notices(db: sqlite_utils.Database, extras: Extras, versions: list[Version],
                   name: str) -> None:
    inspections = {v.record_id for v in versions if v.entity == "inspection" and not v.deleted}
    for n in extras.notices:
        taken = db.execute("SELECT id FROM notices WHERE office_code = ? AND year = ? "
                           "AND number = ?", (n["office_code"], n["year"], n["number"])).fetchone()
        same = db.execute(f"SELECT {', '.join(NOTICE_COLUMNS[:9])} FROM notices WHERE id = ?",
                          (n["id"],)).fetchone()
        problem = None
        if taken is not None and taken[0] != n["id"]:
            problem = ("另一份通知书已用此文号", "another notice has this number")
        elif same is not None and tuple(same) != tuple(n[c] for c in NOTICE_COLUMNS[:9]):
            problem = ("同一通知书的文号或内容与本机的不同", "the same notice differs from this "
                       "database's")
        elif same is None and n["voided_at"] is None and db.execute(
                "SELECT 1 FROM notices WHERE inspection_id = ? AND voided_at IS NULL",
                (n["inspection_id"],)).fetchone() is not None:
            problem = ("此检查已有另一份有效的通知书：请先作废其中一份",
                       "the inspection has another live notice here: void one of them first")
        elif not _number_in_block(db, extras.blocks, n):
            problem = ("文号不在签发设备的号段内", "the number lies in no block of its device")
        elif n["inspection_id"] not in inspections and db.execute(
                "SELECT 1 FROM inspections WHERE id = ?", (n["inspection_id"],)).fetchone() is None:
            problem = (f"所属检查 {n['inspection_id']} 不存在",
                       f"its inspection {n['inspection_id']} is missing")
        if problem is not None:
            raise _bad(name, f"整改通知书 {n['office_code']}〔{n['year']}〕第{n['number']}号："
                       f"{problem[0]}", f"notice {n['office_code']} {n['year']} no. "
                       f"{n['number']}: {problem[1]}", "notice_clash")


def _number_in_block(db: sqlite_utils.Database, blocks: list[dict[str, Any]],
                     n: dict[str, Any]) -> bool:
    for b in blocks:
        if (b["office_code"], b["year"], b["device_id"]) == (
                n["office_code"], n["year"], n["device_id"]) and b["first"] <= n["number"] <= b[
                "last"]:
            return True
    return db.execute(
        "SELECT 1 FROM notice_number_blocks WHERE office_code = ? AND year = ? AND device_id = ? "
        "AND ? BETWEEN first AND last",
        (n["office_code"], n["year"], n["device_id"], n["number"])).fetchone() is not None


# ---- merging ------------------------------------------------------------------------------------


def merge_extras(db: sqlite_utils.Database, header: BundleHeader, extras: Extras,
                 local_device: str, actor: str = "") -> dict[str, int]:
    """Blocks, then tasks, then notices (a notice's number must lie in a block already here),
    inside the caller's transaction; what changed, by kind."""
    counts = {"tasks": 0, "notice_blocks": 0, "notices": 0}
    for b in sorted(extras.blocks, key=lambda b: (b["office_code"], b["year"], b["first"])):
        if _same_block(db, b) is None:
            db.execute(f"INSERT INTO notice_number_blocks ({', '.join(BLOCK_COLUMNS)}) "
                       f"VALUES ({', '.join('?' * len(BLOCK_COLUMNS))})",
                       [b[c] for c in BLOCK_COLUMNS])
            counts["notice_blocks"] += 1
    if header.kind == "assignment" and extras.blocks:
        _take_office_code(db, extras.blocks, actor)
    for t in extras.tasks:
        db.execute(
            "INSERT INTO task_versions (vid, task_id, rev, base_vid, device_id, content, "
            "content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (vid) DO NOTHING",
            (t.vid, t.task_id, t.rev, t.base_vid, t.device, canonical(t.content).decode(),
             t.content_sha256))
    for task_id in sorted({t.task_id for t in extras.tasks}):
        counts["tasks"] += settle_task(db, task_id, local_device)
    for n in sorted(extras.notices, key=lambda n: (n["office_code"], n["year"], n["number"])):
        here = db.execute("SELECT voided_at FROM notices WHERE id = ?", (n["id"],)).fetchone()
        if here is None:
            db.execute(f"INSERT INTO notices ({', '.join(NOTICE_COLUMNS)}) "
                       f"VALUES ({', '.join('?' * len(NOTICE_COLUMNS))})",
                       [n[c] for c in NOTICE_COLUMNS])
            counts["notices"] += 1
        elif here[0] is None and n["voided_at"] is not None:
            db.execute("UPDATE notices SET voided_at = ?, voided_by = ?, voided_reason = ?, "
                       "rev = ?, updated_at = ? WHERE id = ?",
                       (n["voided_at"], n["voided_by"], n["voided_reason"], n["rev"],
                        n["updated_at"], n["id"]))
            counts["notices"] += 1
    return counts


def _take_office_code(db: sqlite_utils.Database, blocks: list[dict[str, Any]],
                      actor: str) -> None:
    """A laptop without a 机关代字 takes its office's from the blocks granted to it, so its
    notices are numbered from them (one set elsewhere is left as it is)."""
    profile = get_profile(db)
    if profile is not None and not profile.office_code:
        save_profile(db, replace(profile, office_code=blocks[0]["office_code"]), actor)


def _rank(state: str, rev: int, vid: str) -> tuple[int, int, str]:
    return (1 if state == "cancelled" else 0, rev, vid)


def _versions_of(db: sqlite_utils.Database, task_id: str) -> list[TaskVersion]:
    return [TaskVersion(task_id, str(vid), int(rev), base, str(dev), json.loads(content))
            for vid, rev, base, dev, content in db.execute(
                "SELECT vid, rev, base_vid, device_id, content FROM task_versions "
                "WHERE task_id = ?", (task_id,))]


def winner_and_losers(versions: list[TaskVersion]) -> tuple[TaskVersion, list[TaskVersion]]:
    """The version the row holds, and the other leaves (kept, listed by `task_conflicts`)."""
    bases = {v.base_vid for v in versions if v.base_vid is not None}
    candidates = [v for v in versions
                  if v.vid not in bases or v.content["state"] == "cancelled"]
    if not candidates:  # a cycle of versions: only a forged history makes one
        raise ValueError(f"task {versions[0].task_id}: no current version")
    candidates.sort(key=lambda v: _rank(v.content["state"], v.rev, v.vid), reverse=True)
    return candidates[0], [v for v in candidates[1:] if v.vid not in bases]


def settle_task(db: sqlite_utils.Database, task_id: str, local_device: str) -> int:
    """Make the task's row its winning version; 1 if the row changed."""
    _snapshot_local(db, task_id, local_device)
    winner, _losers = winner_and_losers(_versions_of(db, task_id))
    current = db.execute("SELECT vid FROM tasks WHERE id = ?", (task_id,)).fetchone()
    values = [winner.content[c] for c in TASK_COLUMNS]
    if current is None:
        db.execute(f"INSERT INTO tasks ({', '.join(TASK_COLUMNS)}, vid, base_vid) "
                   f"VALUES ({', '.join('?' * (len(TASK_COLUMNS) + 2))})",
                   [*values, winner.vid, winner.base_vid])
        return 1
    if current[0] == winner.vid:
        return 0
    sets = ", ".join(f"{c} = ?" for c in TASK_COLUMNS if c != "id")
    db.execute(f"UPDATE tasks SET {sets}, vid = ?, base_vid = ? WHERE id = ?",
               [*values[1:], winner.vid, winner.base_vid, task_id])
    return 1


def _snapshot_local(db: sqlite_utils.Database, task_id: str, local_device: str) -> None:
    """A task changed here and not yet sent gets its version now (sent with the next bundle)."""
    row = db.execute(f"SELECT {', '.join(TASK_COLUMNS)}, base_vid FROM tasks "
                     "WHERE id = ? AND vid IS NULL", (task_id,)).fetchone()
    if row is not None:
        vid = _add_version(db, row, local_device)
        db.execute("INSERT INTO task_unsent (vid) VALUES (?) ON CONFLICT (vid) DO NOTHING", (vid,))


def _add_version(db: sqlite_utils.Database, row: tuple[Any, ...], device: str) -> str:
    """Number a changed task row's content as a new version of this device; its vid."""
    content = dict(zip(TASK_COLUMNS, row[:len(TASK_COLUMNS)], strict=True))
    vid = new_id()
    db.execute("INSERT INTO task_versions (vid, task_id, rev, base_vid, device_id, content, "
               "content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (vid, content["id"], int(content["rev"]), row[-1], device,
                canonical(content).decode(), content_hash(content)))
    db.execute("UPDATE tasks SET vid = ? WHERE id = ?", (vid, content["id"]))
    return vid


def task_conflicts(db: sqlite_utils.Database, task_id: str) -> list[TaskVersion]:
    """The task's versions that lost to the row's (made from the same base elsewhere)."""
    versions = _versions_of(db, task_id)
    return winner_and_losers(versions)[1] if versions else []


# ---- writing: what a bundle takes ---------------------------------------------------------------


def take_task_versions(db: sqlite_utils.Database, device_id: str,
                       assigned_to: str) -> list[str]:
    """Version every task of `assigned_to` changed here, with those versioned by a merge (in
    `task_unsent`); the vids, which the caller records as sent."""
    rows = db.execute(f"SELECT {', '.join(TASK_COLUMNS)}, base_vid FROM tasks "
                      "WHERE vid IS NULL AND assigned_to = ?", (assigned_to,)).fetchall()
    vids = [_add_version(db, row, device_id) for row in rows]
    unsent = [str(v) for (v,) in db.execute(
        "SELECT u.vid FROM task_unsent u JOIN task_versions v ON v.vid = u.vid "
        "JOIN tasks t ON t.id = v.task_id WHERE t.assigned_to = ?", (assigned_to,))]
    db.conn.executemany("DELETE FROM task_unsent WHERE vid = ?", [(v,) for v in unsent])
    return sorted({*vids, *unsent})


def task_record(db: sqlite_utils.Database, vid: str) -> dict[str, Any] | None:
    row = db.execute("SELECT task_id, rev, base_vid, device_id, content FROM task_versions "
                     "WHERE vid = ?", (vid,)).fetchone()
    if row is None:
        return None
    return TaskVersion(str(row[0]), vid, int(row[1]), row[2], str(row[3]),
                       json.loads(row[4])).record()


def block_key(office_code: str, year: int, first: int) -> str:
    return f"{office_code}/{year}/{first}"


def block_record(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    office_code, year, first = key.rsplit("/", 2)
    row = db.execute(f"SELECT {', '.join(BLOCK_COLUMNS)} FROM notice_number_blocks "
                     "WHERE office_code = ? AND year = ? AND first = ?",
                     (office_code, int(year), int(first))).fetchone()
    return {"t": "notice_block", **dict(zip(BLOCK_COLUMNS, row, strict=True))} if row else None


@dataclass(frozen=True)
class FieldItems:
    """What a field bundle takes beyond the records of app/sync/export.py."""

    refs: set[str]  # current versions of the inspections they name (sent with them)
    counts: dict[str, int]


def take_field_items(db: sqlite_utils.Database, seq: int, device_id: str) -> FieldItems:
    """Inside the export's transaction: this device's changed tasks, the notices it issued or
    voided since the last bundle, and the blocks those notices are numbered from."""
    tasks = take_task_versions(db, device_id, device_id)
    notices = db.execute(
        f"SELECT {', '.join(NOTICE_COLUMNS)} FROM notices n WHERE n.device_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM field_out_items f WHERE f.item = 'notice' AND f.key = n.id "
        "AND f.rev = n.rev) ORDER BY n.office_code, n.year, n.number", (device_id,)).fetchall()
    blocks: set[str] = set()
    inspections: set[str] = set()
    rows: list[tuple[str, str, int, str | None]] = [("task", vid, 0, None) for vid in tasks]
    for row in notices:
        n = dict(zip(NOTICE_COLUMNS, row, strict=True))
        found = db.execute("SELECT first FROM notice_number_blocks WHERE office_code = ? "
                           "AND year = ? AND device_id = ? AND ? BETWEEN first AND last",
                           (n["office_code"], n["year"], n["device_id"], n["number"])).fetchone()
        if found is not None:
            blocks.add(block_key(n["office_code"], n["year"], int(found[0])))
        inspections.add(n["inspection_id"])
        rows.append(("notice", n["id"], int(n["rev"]),
                     canonical({"t": "notice", **n}).decode()))
    rows.extend(("notice_block", key, 0, None) for key in sorted(blocks))
    for task_vid in tasks:
        started = db.execute("SELECT t.started_inspection_id FROM task_versions v JOIN tasks t "
                             "ON t.id = v.task_id WHERE v.vid = ?", (task_vid,)).fetchone()
        if started is not None and started[0]:
            inspections.add(str(started[0]))
    db.conn.executemany("INSERT INTO field_out_items (seq, item, key, rev, content) "
                        "VALUES (?, ?, ?, ?, ?)", [(seq, *r) for r in rows])
    refs = {str(v) for i in sorted(inspections) for (v,) in db.execute(
        "SELECT vid FROM inspections WHERE id = ? AND vid IS NOT NULL", (i,))}
    return FieldItems(refs, {"task": len(tasks), "notice_block": len(blocks),
                             "notice": len(notices)})


def field_records(db: sqlite_utils.Database, seq: int) -> Iterator[dict[str, Any]]:
    """The tasks, blocks and notices field bundle `seq` holds, in the file's order."""
    items = db.execute("SELECT item, key, content FROM field_out_items WHERE seq = ? "
                       "ORDER BY item, key", (seq,)).fetchall()
    by_item: dict[str, list[tuple[str, str | None]]] = {}
    for item, key, content in items:
        by_item.setdefault(str(item), []).append((str(key), content))
    yield from _present(task_record(db, key) for key, _ in by_item.get("task", []))
    yield from _present(block_record(db, key) for key, _ in by_item.get("notice_block", []))
    yield from (json.loads(content) for _key, content in by_item.get("notice", []) if content)


def _present(records: Iterable[dict[str, Any] | None]) -> Iterator[dict[str, Any]]:
    return (r for r in records if r is not None)


def has_unsent_field_items(db: sqlite_utils.Database, device_id: str) -> bool:
    """Whether this device has a changed task or a notice not yet sent in a field bundle."""
    return db.execute(
        "SELECT 1 FROM tasks WHERE vid IS NULL AND assigned_to = ? "
        "UNION ALL SELECT 1 FROM task_unsent "
        "UNION ALL SELECT 1 FROM notices n WHERE n.device_id = ? AND NOT EXISTS ("
        "SELECT 1 FROM field_out_items f WHERE f.item = 'notice' AND f.key = n.id "
        "AND f.rev = n.rev) LIMIT 1", (device_id, device_id)).fetchone() is not None
