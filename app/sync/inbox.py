"""Bundles coming in: verify everything, then merge (one transaction per bundle); and what
has come in per sending device, with the gaps in its numbering."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import re
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.text import Text
from app.media.filestore import MediaStore
from app.store.audit import entry_hash, record_audit
from app.store.checklists import source_sha256
from app.store.db import connection_path, schema_version, write_transaction
from app.sync.bundle import BundleHeader, OpenedBundle, loads_strict, open_bundle
from app.sync.devices import get_device, local_device, local_keys
from app.sync.errors import BundleRefused, refused
from app.sync.keys import DeviceKeys
from app.sync.merge import (
    MergeCounts,
    Version,
    defer_constraints,
    merge_audit,
    merge_forms,
    merge_photo_rows,
    merge_versions,
)
from app.sync.records import AUDIT_COLUMNS, ENTITIES, FORM_COLUMNS, PHOTO_COLUMNS, check_content
from app.sync.rollup import CHAIN_AUDIT, chain_audit_entry, record_routes
from app.sync.task_records import (
    EXTRA_RECORDS,
    Extras,
    check_extras,
    merge_extras,
    take_extra_record,
)

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class SequenceReport:
    """One sender's merged bundles: the highest number and the numbers below it not received."""

    device_id: str
    highest: int
    missing: tuple[int, ...]

    def missing_text(self) -> list[str]:
        """"第 7 号数据包未收到" for each missing number (zh and en)."""
        return [f"设备 {self.device_id} 的第 {n} 号数据包未收到 "
                f"(bundle {n} of device {self.device_id} has not been received)"
                for n in self.missing]


def sequence_report(db: sqlite_utils.Database) -> dict[str, SequenceReport]:
    """Per sender: the highest bundle number merged and the missing ones below it."""
    seen: dict[str, list[int]] = {}
    for sender, seq in db.execute(
            "SELECT sender, seq FROM sync_log WHERE direction = 'in' ORDER BY sender, seq"):
        seen.setdefault(str(sender), []).append(int(seq))
    out: dict[str, SequenceReport] = {}
    for sender, numbers in seen.items():
        have = set(numbers)
        top = max(numbers)
        out[sender] = SequenceReport(sender, top,
                                     tuple(n for n in range(1, top) if n not in have))
    return out


# --- verify, then merge -------------------------------------------------------------------

MAX_RECORDS_FILE = 4 * 1024**3
MAX_LINE = 64 * 1024 * 1024
MAX_INNER = 64 * 1024 * 1024
_VID = re.compile(r"\A[0-9A-Za-z-]{8,64}\Z")
_SHA = re.compile(r"\A[0-9a-f]{64}\Z")


@dataclass
class Payload:
    """A bundle that passed every check, decrypted; photos staged beside the photo store."""

    header: BundleHeader
    name: str
    forms: list[dict[str, Any]] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    audit_info: dict[str, Any] = field(default_factory=dict)
    chain_audit: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # roll-ups
    staged: dict[str, Path] = field(default_factory=dict)  # sha256 → staged file
    extras: Extras = field(default_factory=Extras)  # tasks, notice blocks, notices

    def discard(self) -> None:
        """Remove the staged photo files (a refused or finished bundle)."""
        for path in self.staged.values():
            with contextlib.suppress(OSError):
                path.unlink()
        self.staged.clear()


@dataclass
class MergeResult:
    """One bundle's outcome: merged, already merged, or refused (with the reason)."""

    path: Path
    status: str  # merged / already / refused
    sender: str = ""
    seq: int = 0
    counts: dict[str, Any] = field(default_factory=dict)
    reason: Text | None = None
    code: str = ""
    missing: list[str] = field(default_factory=list)


def read_bundle(db: sqlite_utils.Database, path: Path, keys: DeviceKeys) -> Payload | None:
    """Verify a bundle completely and decrypt it; None if it was merged already.

    Nothing in the database changes here. Photos are decrypted into temporary files in the
    photo store's folder (removed again on refusal), hashed on the way.
    """
    with open_bundle(path) as opened:
        h = opened.header
        sender = get_device(db, h.sender)
        if sender is None or sender.sign_public is None or sender.is_local:
            raise refused("unknown_sender", f"数据包来自未登记的设备 {h.sender}：{opened.name}",
                          f"the bundle comes from a device not enrolled here ({h.sender}): "
                          f"{opened.name}")
        if sender.revoked:
            raise refused("revoked_sender", f"数据包来自已吊销的设备 {h.sender}：{opened.name}",
                          f"the bundle comes from a revoked device ({h.sender}): {opened.name}")
        opened.check_signature(sender.sign_public)
        if h.kind == "rollup" and sender.role != "office":
            raise refused("not_an_office",
                          f"汇总数据包只能来自单位设备，{h.sender} 不是单位：{opened.name}",
                          f"a roll-up comes only from an office device; {h.sender} is not one: "
                          f"{opened.name}")
        if h.receiver != keys.device_id:
            raise refused("not_for_us",
                          f"数据包是发给另一台设备（{h.receiver}）的，不是本机：{opened.name}",
                          f"the bundle is encrypted to another device ({h.receiver}), not this "
                          f"one: {opened.name}")
        if h.schema_version > schema_version(db):
            raise refused("newer_schema",
                          f"数据包来自更新版本的程序（结构版本 {h.schema_version}），请升级本程序："
                          f"{opened.name}",
                          f"the bundle comes from a newer program (schema {h.schema_version}): "
                          f"update this program: {opened.name}")
        known = db.execute("SELECT bundle_id FROM sync_log WHERE direction = 'in' AND sender = ? "
                           "AND seq = ?", (h.sender, h.seq)).fetchone()
        if known is not None:
            if known[0] == h.bundle_id:
                return None
            raise refused("replayed_seq",
                          f"设备 {h.sender} 的第 {h.seq} 号数据包已经合并过，"
                          f"这一个内容不同（重放或伪造）："
                          f"{opened.name}",
                          f"bundle {h.seq} of device {h.sender} was merged already and this one "
                          f"differs (a replay or a forgery): {opened.name}")
        opened.check_hashes()
        opened.unlock(keys)
        payload = Payload(h, opened.name)
        try:
            _read_payload(db, opened, payload)
            _check_against_db(db, payload)
            check_extras(db, h, payload.extras, payload.versions, payload.forms, opened.name)
        except BaseException:
            payload.discard()
            raise
        return payload


def _bad(name: str, zh: str, en: str, code: str = "bad_payload") -> BundleRefused:
    return refused(code, f"数据包内容无效：{zh}：{name}", f"the bundle's content is not valid: "
                   f"{en}: {name}")


def _read_payload(db: sqlite_utils.Database, opened: OpenedBundle, payload: Payload) -> None:
    name = opened.name
    try:
        inner = loads_strict(opened.read_plain("data/inner.json", MAX_INNER))
    except ValueError as exc:
        raise _bad(name, f"inner.json 不是有效的 JSON（{exc}）", f"inner.json is not JSON ({exc})",
                   "bad_json") from exc
    if (not isinstance(inner, dict) or inner.get("bundle_id") != opened.header.bundle_id
            or not isinstance(inner.get("records"), dict)
            or not isinstance(inner.get("photos"), list)):
        raise _bad(name, "inner.json 格式错误", "inner.json is malformed")
    audit = inner.get("audit")
    payload.audit_info = audit if isinstance(audit, dict) else {}
    records = inner["records"]
    if records.get("file") != "data/records.jsonl":
        raise _bad(name, "records 条目错误", "the records entry is wrong")
    digest = hashlib.sha256()
    size = 0
    buffer = b""
    lines: list[bytes] = []
    for block in opened.plaintext("data/records.jsonl"):
        digest.update(block)
        size += len(block)
        if size > MAX_RECORDS_FILE:
            raise _bad(name, "记录文件过大", "the records file is too large", "too_large")
        buffer += block
        *complete, buffer = buffer.split(b"\n")
        lines.extend(complete)
        if len(buffer) > MAX_LINE:
            raise _bad(name, "记录行过长", "a record line is too long", "too_large")
    if buffer:
        raise _bad(name, "记录文件不完整（末行没有换行）", "the records file is cut off")
    if size != records.get("size") or digest.hexdigest() != records.get("sha256"):
        raise _bad(name, "记录文件的大小或哈希与内部清单不符",
                   "the records file does not match the inner manifest", "bad_hash")
    for number, line in enumerate(lines, start=1):
        try:
            record = loads_strict(line)
        except ValueError as exc:
            raise _bad(name, f"第 {number} 条记录不是有效的 JSON（{exc}）",
                       f"record {number} is not valid JSON ({exc})", "bad_json") from exc
        _take_record(payload, record, number, opened.header.sender)
    expected_photos = {p.get("sha256") for p in payload.photos}
    store = MediaStore.for_database(connection_path(db.conn))
    for number, photo in enumerate(inner["photos"], start=1):
        if (not isinstance(photo, dict) or not isinstance(photo.get("sha256"), str)
                or not _SHA.match(photo["sha256"]) or not isinstance(photo.get("file"), str)
                or not isinstance(photo.get("size"), int)):
            raise _bad(name, f"照片清单第 {number} 项格式错误",
                       f"photo entry {number} is malformed")
        if photo["sha256"] not in expected_photos or photo["sha256"] in payload.staged:
            raise _bad(name, f"照片 {photo['sha256'][:12]}… 没有对应的照片记录或重复",
                       f"photo {photo['sha256'][:12]}… has no photo row or comes twice")
        payload.staged[photo["sha256"]] = _stage_photo(opened, store, photo)
    make_durable(list(payload.staged.values()), store.root)


def make_durable(paths: list[Path], folder: Path) -> None:
    """The staged photos on disk before the records that name them are committed: one
    `syncfs` of the photo store's file system (Linux) instead of an fsync per photo, which
    costs a journal commit each (bench/bench_sync.py); an fsync per file elsewhere."""
    if not paths:
        return
    if _syncfs(folder):
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _syncfs(folder: Path) -> bool:
    """syncfs(2) on the file system holding `folder`; False where there is none."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _stage_photo(opened: OpenedBundle, store: MediaStore, photo: dict[str, Any]) -> Path:
    """Decrypt one photo into a temporary file of the photo store, checking hash and size."""
    store.root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".incoming-sync-", dir=store.root)
    path = Path(tmp)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out:
            for block in opened.plaintext(photo["file"]):
                digest.update(block)
                size += len(block)
                if size > photo["size"]:
                    break
                out.write(block)
            out.flush()  # made durable with the bundle's other photos (make_durable)
        if size != photo["size"] or digest.hexdigest() != photo["sha256"]:
            raise refused("photo_hash",
                          f"照片 {photo['sha256'][:12]}… 的内容与其哈希不符：{opened.name}",
                          f"the bytes of photo {photo['sha256'][:12]}… do not match its hash: "
                          f"{opened.name}")
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


def _take_record(payload: Payload, record: Any, number: int, sender: str) -> None:
    name = payload.name
    if not isinstance(record, dict) or not isinstance(record.get("t"), str):
        raise _bad(name, f"第 {number} 条记录格式错误", f"record {number} is malformed")
    kind = record["t"]
    body = {k: v for k, v in record.items() if k != "t"}
    if kind == "form":
        if set(body) != set(FORM_COLUMNS) or not all(isinstance(body[c], str)
                                                     for c in FORM_COLUMNS if c != "version"):
            raise _bad(name, f"第 {number} 条（检查表）字段错误",
                       f"record {number} (form) is malformed")
        if not isinstance(body["version"], int) or source_sha256(body["source_yaml"]) != body[
                "sha256"]:
            raise _bad(name, f"检查表 {body['form_id']} 的哈希不符",
                       f"checklist {body['form_id']} does not match its hash")
        payload.forms.append(body)
    elif kind == "photo":
        if set(body) != set(PHOTO_COLUMNS) or not isinstance(body["sha256"], str) or not _SHA.match(
                body["sha256"]) or not isinstance(body["size"], int) or body["size"] < 1:
            raise _bad(name, f"第 {number} 条（照片）字段错误",
                       f"record {number} (photo) is malformed")
        payload.photos.append(body)
    elif kind == "version":
        payload.versions.append(_version(body, number, name))
    elif kind == "audit":
        if set(body) != set(AUDIT_COLUMNS) or not isinstance(body["seq"], int) or not all(
                isinstance(body[c], str) for c in AUDIT_COLUMNS if c != "seq"):
            raise _bad(name, f"第 {number} 条（审计）字段错误",
                       f"record {number} (audit) is malformed")
        payload.audit.append(body)
    elif kind == CHAIN_AUDIT and payload.header.kind == "rollup":
        taken = chain_audit_entry(body)
        if taken is None:
            raise _bad(name, f"第 {number} 条（设备审计）字段错误",
                       f"record {number} (a device's audit entry) is malformed")
        payload.chain_audit.setdefault(taken[0], []).append(taken[1])
    elif kind in EXTRA_RECORDS:
        take_extra_record(payload.extras, kind, body, number, name)
    else:
        raise _bad(name, f"第 {number} 条记录类型 {kind!r} 未知", f"record {number} has an unknown "
                   f"type {kind!r}")


def _version(body: dict[str, Any], number: int, name: str) -> Version:
    fields_ = {"entity", "record_id", "vid", "rev", "base_vid", "device", "deleted", "content"}
    entity = body.get("entity")
    problem = None
    if set(body) != fields_ or entity not in ENTITIES:
        problem = "fields"
    elif not isinstance(body["vid"], str) or not _VID.match(body["vid"]):
        problem = "vid"
    elif body["base_vid"] is not None and (not isinstance(body["base_vid"], str)
                                           or not _VID.match(body["base_vid"])):
        problem = "base_vid"
    elif not isinstance(body["rev"], int) or isinstance(body["rev"], bool) or body["rev"] < 1:
        problem = "rev"
    elif not isinstance(body["deleted"], bool) or not isinstance(body["device"], str):
        problem = "deleted/device"
    elif not isinstance(body["record_id"], str) or not body["record_id"]:
        problem = "record_id"
    elif not body["deleted"]:
        problem = check_content(entity, body["content"])
        if problem is None and body["content"][ENTITIES[entity][1]] != body["record_id"]:
            problem = "record_id differs from the content's id"
        if problem is None and body["content"]["rev"] != body["rev"]:
            problem = "rev differs from the content's rev"
    elif not isinstance(body["content"], dict):
        problem = "content"
    if problem is not None:
        raise _bad(name, f"第 {number} 条（版本）字段错误：{problem}",
                   f"record {number} (a version) is malformed: {problem}")
    return Version(str(entity), body["record_id"], body["vid"], body["rev"], body["base_vid"],
                   body["device"], body["deleted"], body["content"])


def _check_against_db(db: sqlite_utils.Database, payload: Payload) -> None:
    """What can only be checked against what this database holds."""
    name = payload.name
    for form in payload.forms:
        row = db.execute("SELECT sha256 FROM forms WHERE form_id = ? AND version = ?",
                         (form["form_id"], form["version"])).fetchone()
        if row is not None and row[0] != form["sha256"]:
            raise _bad(name, f"检查表 {form['form_id']} 第 {form['version']} 版与本机的内容不同",
                       f"checklist {form['form_id']} version {form['version']} differs from "
                       "this database's", "form_clash")
    seen: dict[str, Version] = {}
    for v in payload.versions:
        twin = seen.get(v.vid)
        if twin is not None and twin != v:
            raise _bad(name, f"同一版本 {v.vid} 出现两次且内容不同",
                       f"the version {v.vid} appears twice with different content",
                       "version_clash")
        seen[v.vid] = v
        row = db.execute("SELECT entity, record_id, rev, base_vid, deleted, content_sha256 "
                         "FROM sync_versions WHERE vid = ?", (v.vid,)).fetchone()
        if row is not None and tuple(row) != (v.entity, v.record_id, v.rev, v.base_vid,
                                              int(v.deleted), v.content_sha256):
            raise _bad(name, f"{v.entity} {v.record_id} 的版本 {v.vid} 与已合并的同一版本内容不同",
                       f"version {v.vid} of {v.entity} {v.record_id} differs from the same "
                       "version merged before", "version_clash")
    sites = {v.record_id for v in payload.versions if v.entity == "site" and not v.deleted}
    inspections = {v.record_id for v in payload.versions
                   if v.entity == "inspection" and not v.deleted}
    forms = {(f["form_id"], f["version"]) for f in payload.forms}
    photos = {p["sha256"] for p in payload.photos}

    def exists(sql: str, *args: Any) -> bool:
        return db.execute(sql, args).fetchone() is not None

    for v in payload.versions:
        if v.deleted:
            continue
        c = v.content
        missing = None
        if v.entity == "inspection":
            if c["site_id"] not in sites and not exists("SELECT 1 FROM sites WHERE id = ?",
                                                        c["site_id"]):
                missing = f"site {c['site_id']}"
            elif (c["form_id"], c["form_version"]) not in forms and not exists(
                    "SELECT 1 FROM forms WHERE form_id = ? AND version = ?", c["form_id"],
                    c["form_version"]):
                missing = f"checklist {c['form_id']} v{c['form_version']}"
        elif v.entity == "inspection_photo":
            if c["inspection_id"] not in inspections and not exists(
                    "SELECT 1 FROM inspections WHERE id = ?", c["inspection_id"]):
                missing = f"inspection {c['inspection_id']}"
            elif c["sha256"] not in photos and not exists(
                    "SELECT 1 FROM photos WHERE sha256 = ?", c["sha256"]):
                missing = f"photo {c['sha256'][:12]}…"
        if missing:
            raise _bad(name, f"{v.entity} {v.record_id} 引用的 {missing} 不存在",
                       f"{v.entity} {v.record_id} refers to {missing}, which is missing",
                       "missing_reference")
    _check_audit(db, payload.name, payload.header.sender, payload.audit)
    for chain, chain_entries in sorted(payload.chain_audit.items()):
        _check_audit(db, payload.name, chain, chain_entries, gaps=True)


def _check_audit(db: sqlite_utils.Database, name: str, chain: str,
                 audit: list[dict[str, Any]], *, gaps: bool = False) -> None:
    """A device's audit entries link into one chain and agree with what was merged before.

    The sender's own entries are consecutive; another device's in a roll-up (`gaps`) may
    skip a stretch the district has not received yet, but link wherever they meet."""
    entries = sorted(audit, key=lambda e: e["seq"])
    for i, e in enumerate(entries):
        digest = entry_hash(e["prev_hash"], e["seq"], e["at"], e["device_id"], e["actor"],
                            e["action"], e["entity"], e["entity_id"], e["detail"])
        broken = digest != e["hash"]
        if i:
            step = e["seq"] - entries[i - 1]["seq"]
            if step < 1 or (step > 1 and not gaps) or (
                    step == 1 and e["prev_hash"] != entries[i - 1]["hash"]):
                broken = True
        stored = db.execute("SELECT hash FROM sync_audit WHERE chain_device = ? AND seq = ?",
                            (chain, e["seq"])).fetchone()
        if stored is not None and stored[0] != e["hash"]:
            broken = True
        before = db.execute("SELECT hash FROM sync_audit WHERE chain_device = ? AND seq = ?",
                            (chain, e["seq"] - 1)).fetchone()
        if before is not None and before[0] != e["prev_hash"]:
            broken = True
        if broken:
            raise _bad(name, f"设备 {chain} 的审计日志第 {e['seq']} 条与其哈希链不符",
                       f"audit entry {e['seq']} of device {chain} does not fit its hash chain",
                       "audit_chain")


def apply_payload(db: sqlite_utils.Database, payload: Payload, path: Path,
                  actor: str = "") -> MergeResult:
    """Place the staged photos, then merge the records in one transaction."""
    store = MediaStore.for_database(connection_path(db.conn))
    for sha, staged in list(payload.staged.items()):
        target = store.original_path(sha)
        if target.is_file() and store.verify_original(sha):
            staged.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        del payload.staged[sha]
    counts = MergeCounts()
    h = payload.header
    me = local_device(db)
    with write_transaction(db):
        defer_constraints(db)
        merge_forms(db, payload.forms, counts)
        merge_photo_rows(db, payload.photos, counts)
        merge_versions(db, payload.versions, me.id, counts)
        extra = merge_extras(db, h, payload.extras, me.id, actor)
        record_routes(db, payload.versions, h.sender)
        merge_audit(db, h.sender, payload.audit, counts)
        for chain, entries in sorted(payload.chain_audit.items()):
            if chain != me.id:  # this device's own chain is its `audit` table
                merge_audit(db, chain, entries, counts)
        info = payload.audit_info
        db.execute(
            "INSERT INTO sync_log (bundle_id, direction, kind, sender, receiver, seq, "
            "schema_version, created_at, merged_at, audit_from, audit_upto, audit_head, counts) "
            "VALUES (?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (h.bundle_id, h.kind, h.sender, h.receiver, h.seq, h.schema_version, h.created_at,
             utc_now(), info.get("from"), info.get("upto"), info.get("head"),
             json.dumps({**counts.as_dict(), **extra}, sort_keys=True)))
        record_audit(db, actor, "bundle.merge", "bundle", h.bundle_id,
                     {"sender": h.sender, "seq": h.seq,
                      "counts": {**counts.as_dict(), **extra}})
    report = sequence_report(db).get(h.sender)
    return MergeResult(path, "merged", h.sender, h.seq, {**counts.as_dict(), **extra},
                       missing=report.missing_text() if report else [])


def merge_bundle(db: sqlite_utils.Database, path: Path, actor: str = "") -> MergeResult:
    """Verify one bundle, then merge it; a refusal is a result (with the reason), not raised."""
    keys = local_keys(db, actor)
    try:
        payload = read_bundle(db, path, keys)
    except BundleRefused as exc:
        return MergeResult(path, "refused", reason=exc.text, code=exc.code)
    if payload is None:
        return MergeResult(path, "already")
    try:
        return apply_payload(db, payload, path, actor)
    except sqlite3.IntegrityError as exc:
        return MergeResult(path, "refused", sender=payload.header.sender,
                           seq=payload.header.seq, code="integrity", reason=Text(
                               f"数据包的记录与本机数据冲突，未合并（{exc}）",
                               f"the bundle's records clash with this database, nothing was "
                               f"merged ({exc})"))
    finally:
        payload.discard()
