"""Assignment bundles (kind `assignment`): an office (or team lead) sends one device its work.

What goes (docs/sync.md, "Assignments"): the device's tasks changed since its last assignment,
the checklist versions it has not been sent, the site registry of its district (every site's
current version not sent to it yet, and the sites its tasks name), and the notice number
blocks granted to it — a block is granted on the way when the office knows of no unused
number of the device's for the year (or as asked). One transaction records the bundle
(`assignment_log`, `assignment_items`), then the file is written from those records, so
`again` writes the same bundle. Assignments are numbered per receiving device (1, 2, 3 …): each
laptop sees its own bundles without gaps, whatever the office sends to the others.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.clock import beijing_today, utc_now
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import record_audit
from app.store.db import schema_version, write_transaction
from app.store.notices import DEFAULT_BLOCK_SIZE, NumberBlock, grant_block
from app.store.profile import Profile, get_profile
from app.store.tasks import ASSIGNING_ROLES, ensure_reinspection_tasks
from app.sync.bundle import DEFAULT_PART_LIMIT, BundleHeader, BundleWriter
from app.sync.devices import get_device, local_device, local_keys, receiver_for
from app.sync.errors import DeviceError
from app.sync.keys import DeviceKeys, canonical
from app.sync.merge import snapshot_local
from app.sync.records import FORM_COLUMNS
from app.sync.task_records import block_key, block_record, take_task_versions, task_record

if TYPE_CHECKING:
    from collections.abc import Iterator

    import sqlite_utils

ITEMS = ("form", "version", "task", "notice_block")  # the order records go in the file


@dataclass
class AssignmentResult:
    """What an assignment wrote: to whom, its number, the files, and what it holds."""

    receiver: str
    seq: int
    bundle_id: str
    paths: list[Path]
    counts: dict[str, int] = field(default_factory=dict)
    granted: NumberBlock | None = None
    again: bool = False


def _assigning_profile(db: sqlite_utils.Database) -> Profile:
    profile = get_profile(db)
    if profile is None or profile.role not in ASSIGNING_ROLES:
        raise DeviceError(Text("只有单位或组长的数据库可以写任务包",
                               "only an office's or a team lead's database writes assignments"))
    return profile


def write_assignment(db: sqlite_utils.Database, out_dir: Path, receiver_id: str, *,
                     district_code: str | None = None, numbers: int | None = None,
                     part_limit: int = DEFAULT_PART_LIMIT, skip_empty: bool = False,
                     actor: str = "") -> AssignmentResult | None:
    """Write the device's next assignment bundle into `out_dir`.

    `district_code`: whose sites go as the registry (default: this office's district).
    `numbers`: grant a block of that many notice numbers now (0: none; None: a block of
    DEFAULT_BLOCK_SIZE when the device has no unused number this office knows of, and a
    机关代字 is set). `skip_empty`: write nothing (None) when there is nothing new to send."""
    profile = _assigning_profile(db)
    keys = local_keys(db, actor)
    receiver = receiver_for(db, receiver_id)
    me = local_device(db)
    district = district_code or profile.district_code
    with write_transaction(db):
        granted = _grant_numbers(db, profile, receiver.id, numbers, actor)
        ensure_reinspection_tasks(db, actor)  # cases' 复查 tasks go out with the next bundle
        items = {
            "task": set(take_task_versions(db, me.id, receiver.id)),
            "form": _unsent_forms(db, receiver.id),
            "notice_block": _unsent_blocks(db, receiver.id),
        }
        items["version"] = _unsent_sites(db, me.id, receiver.id, district, items["task"])
        if skip_empty and not any(items.values()):
            return None
        seq = 1 + int(db.execute("SELECT coalesce(max(seq), 0) FROM assignment_log "
                                 "WHERE receiver = ?", (receiver.id,)).fetchone()[0])
        bundle_id = new_id()
        counts = {"task": len(items["task"]), "site": len(items["version"]),
                  "forms": len(items["form"]), "notice_block": len(items["notice_block"])}
        db.execute("INSERT INTO assignment_log (receiver, seq, bundle_id, schema_version, "
                   "created_at, district_code, counts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (receiver.id, seq, bundle_id, schema_version(db), utc_now(), district,
                    json.dumps(counts, sort_keys=True)))
        db.conn.executemany(
            "INSERT INTO assignment_items (receiver, seq, item, key) VALUES (?, ?, ?, ?)",
            [(receiver.id, seq, item, key) for item in ITEMS for key in sorted(items[item])])
        record_audit(db, actor, "bundle.assign", "bundle", bundle_id,
                     {"seq": seq, "receiver": receiver.id, "counts": counts})
    paths = write_assignment_file(db, receiver.id, seq, out_dir, part_limit=part_limit,
                                  keys=keys)
    return AssignmentResult(receiver.id, seq, bundle_id, paths, counts, granted)


def write_assignment_again(db: sqlite_utils.Database, receiver_id: str, seq: int,
                           out_dir: Path, *, part_limit: int = DEFAULT_PART_LIMIT,
                           actor: str = "") -> AssignmentResult:
    """Write assignment `seq` to the device again (it was lost): the same bundle, newly sealed."""
    _assigning_profile(db)
    row = db.execute("SELECT bundle_id, counts FROM assignment_log WHERE receiver = ? "
                     "AND seq = ?", (receiver_id, seq)).fetchone()
    if row is None:
        raise DeviceError(Text(f"本机没有给设备 {receiver_id} 写过第 {seq} 号任务包",
                               f"this device wrote no assignment {seq} for {receiver_id}"))
    paths = write_assignment_file(db, receiver_id, seq, out_dir, part_limit=part_limit,
                                  keys=local_keys(db, actor))
    return AssignmentResult(receiver_id, seq, str(row[0]), paths, json.loads(row[1]),
                            again=True)


def _grant_numbers(db: sqlite_utils.Database, profile: Profile, device_id: str,
                   numbers: int | None, actor: str) -> NumberBlock | None:
    if numbers == 0 or (numbers is None and not profile.office_code):
        return None
    year = beijing_today().year
    if numbers is None:
        held = db.execute("SELECT coalesce(sum(last - first + 1), 0) FROM notice_number_blocks "
                          "WHERE office_code = ? AND year = ? AND device_id = ?",
                          (profile.office_code, year, device_id)).fetchone()[0]
        used = db.execute("SELECT count(*) FROM notices WHERE office_code = ? AND year = ? "
                          "AND device_id = ?", (profile.office_code, year, device_id)).fetchone()[0]
        if int(held) > int(used):
            return None
        numbers = DEFAULT_BLOCK_SIZE
    return grant_block(db, profile.office_code, year, device_id, numbers, actor)


def _sent(db: sqlite_utils.Database, receiver: str, item: str) -> set[str]:
    return {str(k) for (k,) in db.execute(
        "SELECT key FROM assignment_items WHERE receiver = ? AND item = ?", (receiver, item))}


def _unsent_forms(db: sqlite_utils.Database, receiver: str) -> set[str]:
    every = {f"{f}/{v}" for f, v in db.execute("SELECT form_id, version FROM forms")}
    return every - _sent(db, receiver, "form")


def _unsent_blocks(db: sqlite_utils.Database, receiver: str) -> set[str]:
    every = {block_key(str(o), int(y), int(f)) for o, y, f in db.execute(
        "SELECT office_code, year, first FROM notice_number_blocks WHERE device_id = ?",
        (receiver,))}
    return every - _sent(db, receiver, "notice_block")


def _unsent_sites(db: sqlite_utils.Database, me: str, receiver: str, district: str | None,
                  task_vids: set[str]) -> set[str]:
    """The current versions of the district's sites (and of the tasks' sites) that the device
    has not been sent and did not make itself.

    The cost follows what changed here since the device's last registry: the district's sites
    changed locally (`vid IS NULL`) and the site versions that reached this database
    (`sync_arrivals`, db/007) after the newest one the device was sent."""
    wanted: set[str] = set()
    for vid in task_vids:
        record = task_record(db, vid)
        if record is not None:
            wanted.add(record["content"]["site_id"])
    if district:
        wanted.update(str(s) for (s,) in db.execute(
            "SELECT id FROM sites WHERE vid IS NULL AND district_code = ?", (district,)))
        last = db.execute(
            "SELECT coalesce(max(a.n), 0) FROM assignment_items i JOIN sync_arrivals a "
            "ON a.kind = 'version' AND a.key = i.key WHERE i.receiver = ? AND i.item = 'version' "
            "AND i.seq = (SELECT max(seq) FROM assignment_items WHERE receiver = ? "
            "AND item = 'version')", (receiver, receiver)).fetchone()[0]
        wanted.update(str(s) for (s,) in db.execute(
            "SELECT s.id FROM sync_arrivals a JOIN sync_versions v ON v.vid = a.key "
            "JOIN sites s ON s.id = v.record_id AND s.vid = v.vid "
            "WHERE a.kind = 'version' AND a.n > ? AND v.entity = 'site' "
            "AND v.device_id <> ? AND s.district_code = ?", (last, receiver, district)))
    vids: set[str] = set()
    for site_id in sorted(wanted):
        snapshot_local(db, "site", site_id, me)
        row = db.execute("SELECT vid FROM sites WHERE id = ?", (site_id,)).fetchone()
        if row is not None and row[0] is not None and db.execute(
                "SELECT 1 FROM assignment_items WHERE receiver = ? AND item = 'version' "
                "AND key = ?", (receiver, row[0])).fetchone() is None:
            vids.add(str(row[0]))
    return vids


def _records(db: sqlite_utils.Database, receiver: str, seq: int) -> Iterator[dict[str, Any]]:
    """The records of assignment `seq` to `receiver`, in the file's order."""

    def keys(item: str) -> list[str]:
        return [str(k) for (k,) in db.execute(
            "SELECT key FROM assignment_items WHERE receiver = ? AND seq = ? AND item = ? "
            "ORDER BY key", (receiver, seq, item))]

    for key in keys("form"):
        form_id, version = key.rsplit("/", 1)
        row = db.execute(f"SELECT {', '.join(FORM_COLUMNS)} FROM forms WHERE form_id = ? "
                         "AND version = ?", (form_id, int(version))).fetchone()
        if row is not None:
            yield {"t": "form", **dict(zip(FORM_COLUMNS, row, strict=True))}
    for vid in keys("version"):
        row = db.execute("SELECT entity, record_id, rev, base_vid, device_id, deleted, content "
                         "FROM sync_versions WHERE vid = ?", (vid,)).fetchone()
        if row is not None:
            entity, record_id, rev, base_vid, device, deleted, content = row
            yield {"t": "version", "entity": entity, "record_id": record_id, "vid": vid,
                   "rev": rev, "base_vid": base_vid, "device": device,
                   "deleted": bool(deleted), "content": json.loads(content)}
    for vid in keys("task"):
        record = task_record(db, vid)
        if record is not None:
            yield record
    for key in keys("notice_block"):
        block = block_record(db, key)
        if block is not None:
            yield block


def write_assignment_file(db: sqlite_utils.Database, receiver_id: str, seq: int, out_dir: Path,
                          *, part_limit: int, keys: DeviceKeys) -> list[Path]:
    """Write assignment `seq` to `receiver_id` as recorded (new or again)."""
    log = db.execute("SELECT bundle_id, schema_version, created_at, counts FROM assignment_log "
                     "WHERE receiver = ? AND seq = ?", (receiver_id, seq)).fetchone()
    receiver = get_device(db, receiver_id)
    if receiver is None or receiver.enc_public is None:
        raise DeviceError(Text(f"接收设备 {receiver_id} 未登记",
                               f"the receiver {receiver_id} is not enrolled"))
    me = local_device(db)
    header = BundleHeader("assignment", str(log[0]), me.id, receiver.id, seq, int(log[1]),
                          str(log[2]))
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as records:
        digest = hashlib.sha256()
        size = 0
        for record in _records(db, receiver_id, seq):
            line = canonical(record) + b"\n"
            digest.update(line)
            size += len(line)
            records.write(line)
        inner = {
            "bundle_id": header.bundle_id,
            "counts": json.loads(log[3]),
            "records": {"file": "data/records.jsonl", "size": size, "sha256": digest.hexdigest()},
            "photos": [],
            "audit": {"from": None, "upto": None, "head": None},
        }
        writer = BundleWriter(out_dir, header, keys, receiver.enc_public, part_limit=part_limit)
        try:
            writer.add_bytes("data/inner.json", canonical(inner))
            records.seek(0)
            writer.add_stream("data/records.jsonl", records, size)  # type: ignore[arg-type]
            return writer.finish()
        except BaseException:
            writer.abort()
            raise


def assignment_receivers(db: sqlite_utils.Database) -> list[str]:
    """The devices this office assigns work to: every enrolled field device not revoked."""
    return [str(d) for (d,) in db.execute(
        "SELECT id FROM devices WHERE is_local = 0 AND role = 'field' AND revoked_at IS NULL "
        "AND enc_public_key IS NOT NULL ORDER BY id")]
