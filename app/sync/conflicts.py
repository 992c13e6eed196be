"""Conflicts a person resolves: list them with both versions readable, and resolve one.

A merge keeps the losing version of a record in `conflicts` (app/sync/merge.py). Resolving
writes two versions, in one transaction, that travel in the next bundle like any change:

- the chosen content as a NEW version of the record, made from the current winner, with a
  revision above every version of the record, so it is the row on every device;
- a *resolution* version made from the loser (deleted, content {"resolution": {...}}), which
  closes the losing branch: the loser is no longer a leaf, so no device lists it again.

The conflict row keeps `resolved_by` = the resolution version's id; who, when and how are in
that version's content (and in the audit log). Merging the same bundles again changes nothing
(the versions are known), and the resolution bundle resolves the conflict wherever it is
merged, in any order (docs/sync.md, "Conflicts").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.errors import AppError, InputRefused
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import record_audit
from app.store.checklists import get_checklist
from app.store.db import write_transaction
from app.sync.devices import get_device, local_device
from app.sync.keys import canonical
from app.sync.merge import MergeCounts, settle_record
from app.sync.records import ENTITIES, content_hash, row_content

if TYPE_CHECKING:
    import sqlite_utils

KEEP_CURRENT = "current"
KEEP_OTHER = "other"

# Bookkeeping columns: they differ between any two versions and say nothing to a person.
_IGNORED = {"id", "origin_device", "rev", "base_rev", "created_at", "updated_at"}

_FIELD_LABELS: dict[str, Text] = {
    "name": Text("名称", "Name"),
    "address": Text("地址", "Address"),
    "district_code": Text("区", "District"),
    "division_code": Text("街道/社区代码", "Division code"),
    "credit_code": Text("统一社会信用代码", "Credit code"),
    "credit_code_check": Text("信用代码校验", "Credit code check"),
    "lat": Text("纬度", "Latitude"),
    "lon": Text("经度", "Longitude"),
    "location_source": Text("位置来源", "Location source"),
    "contact_name": Text("联系人", "Contact"),
    "contact_phone": Text("联系电话", "Phone"),
    "notes": Text("备注", "Notes"),
    "status": Text("状态", "Status"),
    "inspector_name": Text("检查人", "Inspector"),
    "badge_no": Text("执法证号", "Badge no."),
    "team": Text("队组", "Team"),
    "started_at": Text("开始时间", "Started"),
    "completed_at": Text("完成时间", "Completed"),
    "second_inspector_name": Text("第二检查人", "Second officer"),
    "second_badge_no": Text("第二执法证号", "Second badge no."),
    "amend_reason": Text("更正理由", "Amendment reason"),
    "superseded_by": Text("被更正为", "Superseded by"),
    "site_id": Text("检查对象", "Site"),
    "form_id": Text("检查表", "Checklist"),
    "form_version": Text("检查表版本", "Checklist version"),
    "caption": Text("照片说明", "Caption"),
    "position": Text("照片顺序", "Position"),
    "item_id": Text("所属检查项", "Checklist item"),
    "sha256": Text("照片", "Photo"),
}
_ENTITY_NAMES = {
    "site": Text("检查对象", "site"),
    "inspection": Text("检查记录", "inspection"),
    "inspection_photo": Text("照片使用", "photo use"),
}
# Columns a completed inspection never changes (db/001, db/005 triggers).
_COMPLETED_FIXED = ("status", "answers", "form_id", "form_version", "site_id", "started_at",
                    "completed_at", "inspector_name", "second_inspector_name", "second_badge_no")


class ConflictRefused(InputRefused):
    """A conflict that cannot be resolved as asked (unknown, already resolved, evidence)."""


@dataclass(frozen=True)
class FieldDifference:
    """One field (or one checklist answer, key "answers.<item>") the two versions disagree on."""

    key: str
    label: Text
    current: str
    other: str


@dataclass(frozen=True)
class Side:
    """One of the two versions: who made it, its revision, its content (None: deleted)."""

    vid: str
    rev: int
    device_id: str
    device_label: str
    content: dict[str, Any] | None


@dataclass(frozen=True)
class Resolution:
    """How a conflict was resolved: the closing version, the new record version, who, when."""

    closing_vid: str
    into_vid: str
    keep: str  # current / other / merged
    by: str
    at: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """An open (or resolved) conflict with both versions readable."""

    id: str  # the losing version's id (unique)
    entity: str
    record_id: str
    title: str
    current: Side
    other: Side
    differences: tuple[FieldDifference, ...]
    resolution: Resolution | None

    @property
    def short_id(self) -> str:
        """The id's random end: enough for a person to name it (`conflicts resolve`)."""
        return self.id[-12:]

    @property
    def entity_name(self) -> Text:
        return _ENTITY_NAMES.get(self.entity, Text(self.entity, self.entity))

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (`conflicts list --json`)."""
        def side(s: Side) -> dict[str, Any]:
            return {"vid": s.vid, "rev": s.rev, "device": s.device_id,
                    "device_label": s.device_label, "deleted": s.content is None}

        return {
            "id": self.id, "short_id": self.short_id, "entity": self.entity,
            "record_id": self.record_id,
            "title": self.title, "current": side(self.current), "other": side(self.other),
            "differences": [{"key": d.key, "label": d.label.to_dict(), "current": d.current,
                             "other": d.other} for d in self.differences],
            "resolved": None if self.resolution is None else {
                "by": self.resolution.by, "at": self.resolution.at,
                "keep": self.resolution.keep, "version": self.resolution.into_vid},
        }


# --- reading ---------------------------------------------------------------------------------

_CONFLICT_COLS = ("entity, record_id, loser_vid, winner_vid, loser_rev, loser_device, "
                  "loser_content, resolved_by")


def count_open_conflicts(db: sqlite_utils.Database) -> int:
    """How many conflicts wait for a person."""
    return int(db.execute("SELECT count(*) FROM conflicts WHERE resolved_by IS NULL")
               .fetchone()[0])


def list_conflicts(db: sqlite_utils.Database, *, include_resolved: bool = False
                   ) -> list[Conflict]:
    """Open conflicts (and resolved ones if asked), oldest record first."""
    where = "" if include_resolved else " WHERE resolved_by IS NULL"
    rows = db.execute(f"SELECT {_CONFLICT_COLS} FROM conflicts{where} "
                      "ORDER BY resolved_by IS NOT NULL, entity, record_id, loser_vid").fetchall()
    return [_conflict(db, row) for row in rows]


def get_conflict(db: sqlite_utils.Database, conflict_id: str) -> Conflict:
    """One conflict by its id, or an unambiguous beginning or end of it (8+ characters; the
    end is the random part of the id, `short_id`)."""
    key = conflict_id.strip().lower()
    rows = []
    if len(key) >= 8:
        rows = db.execute(f"SELECT {_CONFLICT_COLS} FROM conflicts WHERE loser_vid = ?",
                          (key,)).fetchall() or db.execute(
            f"SELECT {_CONFLICT_COLS} FROM conflicts WHERE substr(loser_vid, 1, ?) = ? "
            "OR substr(loser_vid, -?) = ?", (len(key), key, len(key), key)).fetchall()
    if len(rows) > 1:
        raise ConflictRefused(Text(f"冲突编号 {key} 不唯一，请写得更长一些",
                                   f"the conflict id {key} is ambiguous: give more of it"))
    if not rows:
        raise ConflictRefused(Text(f"没有编号为 {key} 的冲突（conflicts list 列出全部）",
                                   f"no conflict {key} (conflicts list shows them)"))
    return _conflict(db, rows[0])


def _conflict(db: sqlite_utils.Database, row: tuple[Any, ...]) -> Conflict:
    entity, record_id, loser_vid, winner_vid, loser_rev, loser_device, loser_content, \
        resolved_by = row
    current = _current_side(db, str(entity), str(record_id), str(winner_vid))
    loser = json.loads(loser_content)
    other = Side(str(loser_vid), int(loser_rev), str(loser_device),
                 _label(db, str(loser_device)), loser if _is_live(entity, loser) else None)
    resolution = _resolution(db, str(resolved_by)) if resolved_by else None
    return Conflict(str(loser_vid), str(entity), str(record_id),
                    _title(db, str(entity), current.content or other.content or {}),
                    current, other, differences(db, str(entity), current.content,
                                                other.content), resolution)


def _is_live(entity: str, content: dict[str, Any]) -> bool:
    """A version's content is a record (a tombstone's is not)."""
    return bool(content) and ENTITIES[entity][1] in content


def _current_side(db: sqlite_utils.Database, entity: str, record_id: str,
                  winner_vid: str) -> Side:
    """The record as it is here now (its row, with any local edits), else the winner."""
    table, key, columns = ENTITIES[entity]
    row = db.execute(f"SELECT {', '.join(columns)}, vid FROM {table} WHERE {key} = ?",
                     (record_id,)).fetchone()
    version = db.execute("SELECT vid, rev, device_id, deleted, content FROM sync_versions "
                         "WHERE vid = ?", (winner_vid,)).fetchone()
    device = str(version[2]) if version else ""
    if row is not None:
        content = row_content(entity, tuple(row[:-1]))
        return Side(str(row[-1] or winner_vid), int(content["rev"]), device,
                    _label(db, device), content)
    rev = int(version[1]) if version else 0
    stored = json.loads(version[4]) if version and not version[3] else None
    return Side(winner_vid, rev, device, _label(db, device), stored)


def _label(db: sqlite_utils.Database, device_id: str) -> str:
    device = get_device(db, device_id) if device_id else None
    return device.label if device is not None and device.label else device_id


def _resolution(db: sqlite_utils.Database, closing_vid: str) -> Resolution | None:
    row = db.execute("SELECT content FROM sync_versions WHERE vid = ?",
                     (closing_vid,)).fetchone()
    if row is None:
        return None
    info = json.loads(row[0]).get("resolution", {})
    return Resolution(closing_vid, str(info.get("into", "")), str(info.get("keep", "")),
                      str(info.get("by", "")), str(info.get("at", "")),
                      tuple(info.get("fields", ())))


def _title(db: sqlite_utils.Database, entity: str, content: dict[str, Any]) -> str:
    """What a person calls the record: the site's name; the inspection's site and checklist."""
    if entity == "site":
        return str(content.get("name") or content.get("id") or "")
    if entity == "inspection":
        site = db.execute("SELECT name FROM sites WHERE id = ?",
                          (content.get("site_id"),)).fetchone()
        form = db.execute("SELECT title_zh FROM forms WHERE form_id = ? AND version = ?",
                          (content.get("form_id"), content.get("form_version"))).fetchone()
        started = str(content.get("started_at") or "")[:10]
        parts = [str(site[0]) if site else "", str(form[0]) if form else "", started]
        return " · ".join(p for p in parts if p)
    return str(content.get("caption") or str(content.get("sha256", ""))[:12])


def _answers(content: dict[str, Any] | None) -> dict[str, Any]:
    if content is None:
        return {}
    answers = content.get("answers") or {}
    if isinstance(answers, str):
        answers = json.loads(answers) if answers else {}
    return dict(answers)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(_shown(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class FieldRow:
    """One field of the two versions side by side; `differs` marks the ones to look at."""

    key: str
    label: Text
    current: str
    other: str
    differs: bool


def side_by_side(db: sqlite_utils.Database, conflict: Conflict) -> tuple[FieldRow, ...]:
    """Every field a person reads (for an inspection also every answer) of both versions;
    fields empty in both left out."""
    return tuple(r for r in _field_rows(db, conflict.entity, conflict.current.content,
                                        conflict.other.content) if r.differs or r.current)


def differences(db: sqlite_utils.Database, entity: str, current: dict[str, Any] | None,
                other: dict[str, Any] | None) -> tuple[FieldDifference, ...]:
    """The fields (for an inspection also each answer) in which the two versions differ."""
    return tuple(FieldDifference(r.key, r.label, r.current, r.other)
                 for r in _field_rows(db, entity, current, other) if r.differs)


def _field_rows(db: sqlite_utils.Database, entity: str, current: dict[str, Any] | None,
                other: dict[str, Any] | None) -> tuple[FieldRow, ...]:
    deleted = Text("（已删除）", "(deleted)")
    if current is None or other is None:
        if current is None and other is None:
            return ()
        return (FieldRow("deleted", Text("记录", "Record"), deleted.zh if current is None
                         else "", deleted.zh if other is None else "", True),)
    out: list[FieldRow] = []
    for column in ENTITIES[entity][2]:
        if column in _IGNORED or column == "answers":
            continue
        out.append(FieldRow(column, _FIELD_LABELS.get(column, Text(column, column)),
                            _shown(current.get(column)), _shown(other.get(column)),
                            current.get(column) != other.get(column)))
    if entity == "inspection":
        mine, theirs = _answers(current), _answers(other)
        labels = _item_labels(db, current)
        for item in sorted(set(mine) | set(theirs), key=lambda i: labels.get(i, (999, i))[0]):
            label = labels.get(item, (0, Text(item, item)))[1]
            out.append(FieldRow(f"answers.{item}", label, _shown(mine.get(item)),
                                _shown(theirs.get(item)), mine.get(item) != theirs.get(item)))
    return tuple(out)


def _item_labels(db: sqlite_utils.Database, content: dict[str, Any]
                 ) -> dict[str, tuple[int, Text]]:
    try:
        checklist = get_checklist(db, str(content["form_id"]), int(content["form_version"]))
    except (AppError, LookupError, ValueError):  # not here: the item ids are shown instead
        return {}
    return {item.id: (n, item.label) for n, item in enumerate(checklist.items())}


# --- resolving -------------------------------------------------------------------------------

def resolve_conflict(db: sqlite_utils.Database, conflict_id: str,
                     keep: str | Mapping[str, str], actor: str) -> Conflict:
    """Resolve one conflict: keep the current version, the other one, or per field
    ({difference key: "current"|"other"}); written as a new version that wins everywhere."""
    me = local_device(db)
    with write_transaction(db):
        found = get_conflict(db, conflict_id)
        # Local edits not yet exported become a version first; the conflict row is fresh.
        settle_record(db, found.entity, found.record_id, me.id, MergeCounts())
        conflict = get_conflict(db, found.id)
        if conflict.resolution is not None or db.execute(
                "SELECT resolved_by FROM conflicts WHERE loser_vid = ?",
                (conflict.id,)).fetchone()[0] is not None:
            raise ConflictRefused(Text(f"冲突 {conflict.short_id} 已经解决过了",
                                       f"conflict {conflict.short_id} is resolved already"))
        how, fields, chosen = _chosen(conflict, keep)
        _refuse_evidence_change(conflict, chosen)
        top = int(db.execute("SELECT max(rev) FROM sync_versions WHERE entity = ? AND "
                             "record_id = ?", (conflict.entity, conflict.record_id))
                  .fetchone()[0] or 0)
        rev = max(top, conflict.current.rev, conflict.other.rev) + 1
        at = utc_now()
        into = new_id()
        if chosen is None:
            content: dict[str, Any] = {"deleted_at": at}
        else:
            content = dict(chosen)
            content.update(rev=rev, base_rev=conflict.current.rev, updated_at=at)
        _add_version(db, into, conflict, rev, conflict.current.vid, me.id, chosen is None,
                     content)
        closing = new_id()
        _add_version(db, closing, conflict, conflict.other.rev + 1, conflict.other.vid, me.id,
                     True, {"resolution": {"into": into, "keep": how, "by": actor, "at": at,
                                           "fields": list(fields)}})
        settle_record(db, conflict.entity, conflict.record_id, me.id, MergeCounts())
        record_audit(db, actor, "conflict.resolve", conflict.entity, conflict.record_id,
                     {"loser": conflict.id, "winner": conflict.current.vid, "keep": how,
                      "fields": list(fields), "version": into})
        return get_conflict(db, conflict.id)


def _add_version(db: sqlite_utils.Database, vid: str, conflict: Conflict, rev: int,
                 base_vid: str, device_id: str, deleted: bool, content: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO sync_versions (vid, entity, record_id, rev, base_vid, device_id, deleted, "
        "content, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (vid, conflict.entity, conflict.record_id, rev, base_vid, device_id, int(deleted),
         canonical(content).decode("utf-8"), content_hash(content)))
    db.execute("INSERT INTO sync_unsent (vid) VALUES (?) ON CONFLICT (vid) DO NOTHING", (vid,))


def _chosen(conflict: Conflict, keep: str | Mapping[str, str]
            ) -> tuple[str, tuple[str, ...], dict[str, Any] | None]:
    """(how, fields taken from the other version, the content to keep; None = deleted)."""
    current, other = conflict.current.content, conflict.other.content
    if keep == KEEP_CURRENT:
        return KEEP_CURRENT, (), current
    if keep == KEEP_OTHER:
        return KEEP_OTHER, (), _rebased(other, current)
    if isinstance(keep, str):
        raise ConflictRefused(Text(f"保留方式 {keep!r} 无效：current（保留当前）或 other"
                                   "（采用对方）",
                                   f"keep {keep!r} is not valid: current or other"))
    if current is None or other is None:
        raise ConflictRefused(Text("一方已删除，只能整条保留当前或采用对方",
                                   "one side is deleted: keep current or other as a whole"))
    known = {d.key for d in conflict.differences}
    unknown = sorted(k for k in keep if k not in known)
    if unknown or any(v not in (KEEP_CURRENT, KEEP_OTHER) for v in keep.values()):
        raise ConflictRefused(Text(f"逐项选择无效：{', '.join(unknown) or '取值'}",
                                   f"the per-field choice is not valid: "
                                   f"{', '.join(unknown) or 'values'}"))
    taken = tuple(sorted(k for k, v in keep.items() if v == KEEP_OTHER))
    content = dict(current)
    answers = _answers(current)
    theirs = _answers(other)
    for key in taken:
        if key.startswith("answers."):
            item = key.split(".", 1)[1]
            if item in theirs:
                answers[item] = theirs[item]
            else:
                answers.pop(item, None)
        else:
            content[key] = other.get(key)
    if conflict.entity == "inspection":
        content["answers"] = json.dumps(answers, ensure_ascii=False, sort_keys=True)
    return "merged", taken, content


def _rebased(other: dict[str, Any] | None, current: dict[str, Any] | None
             ) -> dict[str, Any] | None:
    """The other version's content as a new version of the record (its identity kept)."""
    if other is None:
        return None
    content = dict(other)
    if current is not None:
        for column in ("origin_device", "created_at"):
            content[column] = current[column]
    return content


def _refuse_evidence_change(conflict: Conflict, chosen: dict[str, Any] | None) -> None:
    """A completed inspection is evidence: no resolution may change or delete it."""
    current = conflict.current.content
    if conflict.entity != "inspection" or current is None or current.get("status") != "completed":
        return
    if chosen is None or any(_norm(chosen.get(c)) != _norm(current.get(c))
                             for c in _COMPLETED_FIXED):
        raise ConflictRefused(Text(
            "当前版本是已完成的检查（证据），不能被对方版本替换；请保留当前，如需更改请提交更正",
            "the current version is a completed inspection (evidence) and cannot be replaced "
            "by the other version: keep current, and amend it if it needs changing"))


def _norm(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
