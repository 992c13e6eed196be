"""Export: this device's changes since its last bundle, as the next numbered bundle.

One write transaction gives every changed row (found through the `vid IS NULL` indexes:
cost follows the changes) its version id, records the bundle in `sync_log` with what it holds
(`sync_out_items`) and the audit entries since the last bundle; then the file is written from
those records. `export --again N` writes bundle N again from the same records (same bundle id,
same content; a new encryption). A crash between the two leaves bundle N recorded without a
file: the office sees it missing and `export --again N` writes it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.ids import new_id
from app.core.text import Text
from app.media.filestore import MediaStore
from app.store.audit import record_audit
from app.store.db import connection_path, schema_version, write_transaction
from app.sync.bundle import DEFAULT_PART_LIMIT, BundleHeader, BundleWriter
from app.sync.devices import get_device, local_device, local_keys, receiver_for
from app.sync.errors import DeviceError
from app.sync.keys import canonical
from app.sync.records import (
    AUDIT_COLUMNS,
    ENTITIES,
    FORM_COLUMNS,
    PHOTO_COLUMNS,
    content_hash,
    row_content,
)
from app.sync.task_records import field_records, take_field_items

if TYPE_CHECKING:
    import sqlite_utils


@dataclass
class ExportResult:
    """What an export wrote."""

    seq: int
    bundle_id: str
    receiver: str
    paths: list[Path]
    counts: dict[str, int] = field(default_factory=dict)
    again: bool = False


def export_bundle(db: sqlite_utils.Database, out_dir: Path, *, receiver_id: str | None = None,
                  part_limit: int = DEFAULT_PART_LIMIT, actor: str = "") -> ExportResult:
    """Write the next bundle of this device's changes (an empty one says "nothing new")."""
    keys = local_keys(db, actor)
    receiver = receiver_for(db, receiver_id)
    me = local_device(db)
    with write_transaction(db):
        seq = 1 + int(db.execute(
            "SELECT coalesce(max(seq), 0) FROM sync_log WHERE direction = 'out'").fetchone()[0])
        bundle_id = new_id()
        vids = take_versions(db, me.id)
        extra = take_field_items(db, seq, me.id)  # tasks, notices (app/sync/task_records.py)
        items = closure_items(db, vids | extra.refs)
        audit_from, audit_upto, head = _audit_range(db)
        counts = {**_counts(db, items, audit_from, audit_upto), **extra.counts}
        db.execute(
            "INSERT INTO sync_log (bundle_id, direction, kind, sender, receiver, seq, "
            "schema_version, created_at, audit_from, audit_upto, audit_head, counts) "
            "VALUES (?, 'out', 'field', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (bundle_id, me.id, receiver.id, seq, schema_version(db), utc_now(), audit_from,
             audit_upto, head, json.dumps(counts, sort_keys=True)))
        db.conn.executemany(
            "INSERT INTO sync_out_items (seq, item, key) VALUES (?, ?, ?)",
            [(seq, item, key) for item, keys_ in items.items() for key in sorted(keys_)])
        db.conn.executemany(
            "INSERT INTO sync_sent_photos (sha256, seq) VALUES (?, ?) "
            "ON CONFLICT (sha256) DO NOTHING", [(sha, seq) for sha in sorted(items["photo"])])
        record_audit(db, actor, "bundle.export", "bundle", bundle_id,
                     {"seq": seq, "receiver": receiver.id, "counts": counts})
    paths = write_bundle_file(db, seq, out_dir, part_limit=part_limit, keys=keys)
    return ExportResult(seq, bundle_id, receiver.id, paths, counts)


def export_again(db: sqlite_utils.Database, seq: int, out_dir: Path, *,
                 part_limit: int = DEFAULT_PART_LIMIT, actor: str = "",
                 receiver_id: str | None = None) -> ExportResult:
    """Write bundle `seq` of this device again (it was lost): the same bundle, newly sealed
    (to `receiver_id` if given: the same bundle for another office, e.g. the city)."""
    row = db.execute("SELECT bundle_id, receiver, counts, kind FROM sync_log "
                     "WHERE direction = 'out' AND seq = ?", (seq,)).fetchone()
    if row is None:
        raise DeviceError(Text(f"本机没有写过第 {seq} 号数据包",
                               f"this device wrote no bundle {seq}"))
    if row[3] == "rollup":
        raise DeviceError(Text(f"第 {seq} 号是汇总数据包：请用 export --rollup --again {seq}",
                               f"bundle {seq} is a roll-up: use export --rollup --again {seq}"))
    receiver = receiver_for(db, receiver_id).id if receiver_id is not None else str(row[1])
    paths = write_bundle_file(db, seq, out_dir, part_limit=part_limit,
                              keys=local_keys(db, actor), receiver_id=receiver)
    return ExportResult(seq, str(row[0]), receiver, paths, json.loads(row[2]), again=True)


def take_versions(db: sqlite_utils.Database, device_id: str) -> set[str]:
    """Give every changed row and tombstone a version id; the vids this bundle sends first."""
    vids: set[str] = {str(v) for (v,) in db.execute("SELECT vid FROM sync_unsent")}
    db.execute("DELETE FROM sync_unsent")
    for entity, (table, key, columns) in ENTITIES.items():
        rows = db.execute(
            f"SELECT {', '.join(columns)}, base_vid FROM {table} WHERE vid IS NULL").fetchall()
        for row in rows:
            content = row_content(entity, row[:-1])
            vid = new_id()
            _add_version(db, vid, entity, content[key], int(content["rev"]), row[-1], device_id,
                         False, content)
            db.execute(f"UPDATE {table} SET vid = ? WHERE {key} = ?", (vid, content[key]))
            vids.add(vid)
    for entity, record_id, rev, base_vid in db.execute(
            "SELECT entity, record_id, rev, base_vid FROM sync_tombstones "
            "WHERE vid IS NULL").fetchall():
        vid = new_id()
        _add_version(db, vid, entity, record_id, int(rev), base_vid, device_id, True, {})
        db.execute("UPDATE sync_tombstones SET vid = ? WHERE entity = ? AND record_id = ?",
                   (vid, entity, record_id))
        vids.add(vid)
    return vids


def _add_version(db: sqlite_utils.Database, vid: str, entity: str, record_id: str, rev: int,
                 base_vid: str | None, device_id: str, deleted: bool,
                 content: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO sync_versions (vid, entity, record_id, rev, base_vid, device_id, deleted, "
        "content, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (vid, entity, record_id, rev, base_vid, device_id, int(deleted),
         canonical(content).decode("utf-8"), content_hash(content)))


def closure_items(db: sqlite_utils.Database, vids: set[str]) -> dict[str, set[str]]:
    """The bundle's items: the new versions and the current versions of what they refer to
    (site, checklist, amended/superseding inspections, photo rows), so any bundle merges on
    its own, in any order. Photo bytes go once per photo (`sync_sent_photos`)."""
    items: dict[str, set[str]] = {"version": set(vids), "photo": set(), "photo_row": set(),
                                  "form": set()}
    wanted: dict[str, set[str]] = {"site": set(), "inspection": set()}
    shas: set[str] = set()
    cases: set[str] = set()  # a case event's case, a rebound's earlier case (docs/cases.md)
    for vid in sorted(vids):
        entity, deleted, content = db.execute(
            "SELECT entity, deleted, content FROM sync_versions WHERE vid = ?", (vid,)).fetchone()
        if deleted:
            continue
        c = json.loads(content)
        if entity == "inspection":
            wanted["site"].add(c["site_id"])
            items["form"].add(f"{c['form_id']}/{c['form_version']}")
            for ref in (c["amends_id"], c["superseded_by"]):
                if ref:
                    wanted["inspection"].add(ref)
        elif entity == "inspection_photo":
            wanted["inspection"].add(c["inspection_id"])
            shas.add(c["sha256"])
        elif entity == "case":
            wanted["site"].add(c["site_id"])
            cases.update([c["id"], c["rebound_of"]] if c["rebound_of"] else [c["id"]])
        elif entity == "case_event":
            cases.add(c["case_id"])
        elif entity == "site" and c.get("merged_into"):
            wanted["site"].add(c["merged_into"])
    for inspection_id in sorted(wanted["inspection"]):
        row = db.execute("SELECT vid, site_id, form_id, form_version FROM inspections "
                         "WHERE id = ?", (inspection_id,)).fetchone()
        if row is not None and row[0] is not None:
            items["version"].add(row[0])
            wanted["site"].add(row[1])
            items["form"].add(f"{row[2]}/{row[3]}")
    _case_closure(db, cases, items, wanted)
    for site_id in sorted(wanted["site"]):
        row = db.execute("SELECT vid, merged_into FROM sites WHERE id = ?", (site_id,)).fetchone()
        if row is not None and row[0] is not None:
            items["version"].add(row[0])
        if row is not None and row[1] is not None:  # the site it was merged into (flattened)
            kept = db.execute("SELECT vid FROM sites WHERE id = ?", (row[1],)).fetchone()
            if kept is not None and kept[0] is not None:
                items["version"].add(kept[0])
    store_root = MediaStore.for_database(connection_path(db.conn))
    for sha in sorted(shas):
        items["photo_row"].add(sha)
        sent = db.execute("SELECT 1 FROM sync_sent_photos WHERE sha256 = ?", (sha,)).fetchone()
        if sent is None and store_root.has_original(sha):
            items["photo"].add(sha)
    return items


def _case_closure(db: sqlite_utils.Database, cases: set[str], items: dict[str, set[str]],
                  wanted: dict[str, set[str]]) -> None:
    """The current versions of the cases wanted, their events, the cases they rebound from
    and their sites."""
    seen: set[str] = set()
    todo = sorted(cases, reverse=True)  # a work list: `min(cases - seen)` was quadratic
    while todo:
        case_id = todo.pop()
        if case_id in seen:
            continue
        seen.add(case_id)
        row = db.execute("SELECT vid, site_id, rebound_of FROM cases WHERE id = ?",
                         (case_id,)).fetchone()
        if row is None:
            continue
        if row[0] is not None:
            items["version"].add(row[0])
        # Every step of the case, so its state folds the same wherever it is merged.
        items["version"].update(str(v) for (v,) in db.execute(
            "SELECT vid FROM case_events WHERE case_id = ? AND vid IS NOT NULL", (case_id,)))
        wanted["site"].add(row[1])
        if row[2]:
            cases.add(row[2])
            todo.append(row[2])


def _audit_range(db: sqlite_utils.Database) -> tuple[int | None, int | None, str | None]:
    # The field bundles' own stretch of this device's chain (a roll-up keeps its own).
    last = db.execute("SELECT max(audit_upto) FROM sync_log WHERE direction = 'out' "
                      "AND kind = 'field'").fetchone()[0]
    start = int(last or 0) + 1
    head = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    if head is None or int(head[0]) < start:
        return None, None, head[1] if head else None
    return start, int(head[0]), str(head[1])


def _counts(db: sqlite_utils.Database, items: dict[str, set[str]], audit_from: int | None,
            audit_upto: int | None) -> dict[str, int]:
    counts = {"site": 0, "inspection": 0, "inspection_photo": 0, "deleted": 0}
    for vid in items["version"]:
        entity, deleted = db.execute(
            "SELECT entity, deleted FROM sync_versions WHERE vid = ?", (vid,)).fetchone()
        key = "deleted" if deleted else entity
        counts[key] = counts.get(key, 0) + 1
    counts["photo_files"] = len(items["photo"])
    counts["photo_rows"] = len(items["photo_row"])
    counts["forms"] = len(items["form"])
    counts["audit"] = 0 if audit_from is None or audit_upto is None else (
        audit_upto - audit_from + 1)
    return counts


def _records(db: sqlite_utils.Database, seq: int, log: tuple[Any, ...]) -> Iterable[dict[str, Any]]:
    """The records of bundle `seq`, in the file's order (docs/bundle-format.md)."""

    def keys(item: str) -> list[str]:
        return [str(k) for (k,) in db.execute(
            "SELECT key FROM sync_out_items WHERE seq = ? AND item = ? ORDER BY key",
            (seq, item))]

    for key in keys("form"):
        form_id, version = key.rsplit("/", 1)
        row = db.execute(f"SELECT {', '.join(FORM_COLUMNS)} FROM forms WHERE form_id = ? "
                         "AND version = ?", (form_id, int(version))).fetchone()
        if row is not None:
            yield {"t": "form", **dict(zip(FORM_COLUMNS, row, strict=True))}
    for sha in keys("photo_row"):
        row = db.execute(f"SELECT {', '.join(PHOTO_COLUMNS)} FROM photos WHERE sha256 = ?",
                         (sha,)).fetchone()
        if row is not None:
            yield {"t": "photo", **dict(zip(PHOTO_COLUMNS, row, strict=True))}
    order = {entity: n for n, entity in enumerate(ENTITIES)}  # parents before children
    versions = []
    for vid in keys("version"):
        row = db.execute("SELECT entity, record_id, rev, base_vid, device_id, deleted, content "
                         "FROM sync_versions WHERE vid = ?", (vid,)).fetchone()
        versions.append((order[row[0]], vid, row))
    for _o, vid, (entity, record_id, rev, base_vid, device, deleted, content) in sorted(versions):
        yield {"t": "version", "entity": entity, "record_id": record_id, "vid": vid, "rev": rev,
               "base_vid": base_vid, "device": device, "deleted": bool(deleted),
               "content": json.loads(content)}
    yield from field_records(db, seq)
    audit_from, audit_upto = log[5], log[6]
    if audit_from is not None:
        for row in db.execute(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit WHERE seq BETWEEN ? "
                              "AND ? ORDER BY seq", (audit_from, audit_upto)):
            yield {"t": "audit", **dict(zip(AUDIT_COLUMNS, row, strict=True))}


def write_bundle_file(db: sqlite_utils.Database, seq: int, out_dir: Path, *, part_limit: int,
                      keys: Any, receiver_id: str | None = None,
                      extra_records: Iterable[dict[str, Any]] = ()) -> list[Path]:
    """Write bundle `seq` as recorded in `sync_log` / `sync_out_items` (new or again), to
    its logged receiver or `receiver_id`; `extra_records` follow the audit entries (a
    roll-up's other devices' chains, app/sync/rollup.py)."""
    log = db.execute(
        "SELECT bundle_id, kind, receiver, schema_version, created_at, audit_from, audit_upto, "
        "audit_head, counts FROM sync_log WHERE direction = 'out' AND seq = ?",
        (seq,)).fetchone()
    receiver_name = receiver_id or str(log[2])
    receiver = get_device(db, receiver_name)
    if receiver is None or receiver.enc_public is None:
        raise DeviceError(Text(f"接收设备 {receiver_name} 未登记",
                               f"the receiver {receiver_name} is not enrolled"))
    me = local_device(db)
    header = BundleHeader(str(log[1]), str(log[0]), me.id, receiver.id, seq, int(log[3]),
                          str(log[4]))
    store = MediaStore.for_database(connection_path(db.conn))
    shas = [str(k) for (k,) in db.execute(
        "SELECT key FROM sync_out_items WHERE seq = ? AND item = 'photo' ORDER BY key", (seq,))]
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as records:
        digest = hashlib.sha256()
        size = 0
        for record in itertools.chain(_records(db, seq, log), extra_records):
            line = canonical(record) + b"\n"
            digest.update(line)
            size += len(line)
            records.write(line)
        photos: list[dict[str, Any]] = []
        for n, sha in enumerate(shas, start=1):
            path = store.original_path(sha)
            photos.append({"file": f"data/photo-{n:06d}", "sha256": sha,
                           "size": path.stat().st_size})
        inner = {
            "bundle_id": header.bundle_id,
            "counts": json.loads(log[8]),
            "records": {"file": "data/records.jsonl", "size": size, "sha256": digest.hexdigest()},
            "photos": photos,
            "audit": {"from": log[5], "upto": log[6], "head": log[7]},
        }
        writer = BundleWriter(out_dir, header, keys, receiver.enc_public, part_limit=part_limit)
        try:
            writer.add_bytes("data/inner.json", canonical(inner))
            records.seek(0)
            writer.add_stream("data/records.jsonl", records, size)  # type: ignore[arg-type]
            for photo in photos:
                with store.original_path(photo["sha256"]).open("rb") as fh:
                    writer.add_stream(photo["file"], fh, photo["size"])
            return writer.finish()
        except BaseException:
            writer.abort()
            raise
