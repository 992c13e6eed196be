"""Tiers (issue 10.6): a district office rolls up what it merged to the city.

A roll-up is a bundle of kind `rollup`, signed by the district's key and encrypted to the
city's, in the same format as a laptop's (docs/bundle-format.md). It carries every version
that reached the district (merged from its laptops or made there) since its previous
roll-up to the same receiver, each keeping the device that made it; the current versions
those refer to (so it merges on its own, in any order); the forms and photos they need
(photo bytes once per receiver); the district's own audit entries since the previous
roll-up; and the audit entries of every other device's chain that reached it, as
`chain_audit` records, so the city can verify each device's chain.

What is new is found through `sync_arrivals` (db/007): the local order in which versions and
audit entries reached this database; each roll-up records the stretch it covers
(`sync_rollups`), so its cost follows what came in since the last one.

The city merges a roll-up like any bundle (app/sync/inbox.py, app/sync/merge.py): the result
depends only on the set of versions, so it is idempotent and order-independent with the
laptops' own bundles, should those arrive too. Every merged version's route is kept in
`sync_routes` (version, device whose bundle brought it): which district sent what.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.ids import new_id
from app.core.text import Text
from app.media.filestore import MediaStore
from app.store.audit import record_audit
from app.store.db import connection_path, schema_version, write_transaction
from app.sync.bundle import DEFAULT_PART_LIMIT
from app.sync.devices import local_device, local_keys, receiver_for
from app.sync.errors import DeviceError
from app.sync.export import ExportResult, closure_items, take_versions, write_bundle_file
from app.sync.records import AUDIT_COLUMNS

if TYPE_CHECKING:
    import sqlite_utils

    from app.sync.merge import Version

CHAIN_AUDIT = "chain_audit"  # the record type of another device's audit entry
CHAIN_KEY = "chain"  # its field naming the device whose chain it is


# --- writing (the district) -----------------------------------------------------------------

def export_rollup(db: sqlite_utils.Database, out_dir: Path, *, receiver_id: str | None = None,
                  part_limit: int = DEFAULT_PART_LIMIT, actor: str = "") -> ExportResult:
    """Write the next roll-up of what reached this office to the receiving (city) office."""
    keys = local_keys(db, actor)
    me = local_device(db)
    if me.role != "office":
        raise DeviceError(Text("只有单位（office）设备才能写汇总数据包",
                               "only an office device writes roll-up bundles"))
    receiver = receiver_for(db, receiver_id)
    with write_transaction(db):
        seq = 1 + int(db.execute(
            "SELECT coalesce(max(seq), 0) FROM sync_log WHERE direction = 'out'").fetchone()[0])
        bundle_id = new_id()
        # This office's own edits not yet numbered get their versions (they arrive now).
        take_versions(db, me.id)
        start = int(db.execute(
            "SELECT coalesce(max(arrivals_upto), 0) FROM sync_rollups WHERE receiver = ?",
            (receiver.id,)).fetchone()[0])
        upto = int(db.execute("SELECT coalesce(max(n), 0) FROM sync_arrivals").fetchone()[0])
        vids = {str(k) for (k,) in db.execute(
            "SELECT key FROM sync_arrivals WHERE kind = 'version' AND n > ? AND n <= ?",
            (start, upto))}
        items = closure_items(db, vids)
        store = MediaStore.for_database(connection_path(db.conn))
        items["photo"] = {
            sha for sha in items["photo_row"]
            if db.execute("SELECT 1 FROM sync_rollup_photos WHERE receiver = ? AND sha256 = ?",
                          (receiver.id, sha)).fetchone() is None and store.has_original(sha)}
        audit_from, audit_upto, head = _own_audit_range(db, receiver.id)
        chains = _chain_counts(db, start, upto, receiver.id)
        counts = _counts(db, items, audit_from, audit_upto, chains)
        db.execute(
            "INSERT INTO sync_log (bundle_id, direction, kind, sender, receiver, seq, "
            "schema_version, created_at, audit_from, audit_upto, audit_head, counts) "
            "VALUES (?, 'out', 'rollup', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (bundle_id, me.id, receiver.id, seq, schema_version(db), utc_now(), audit_from,
             audit_upto, head, json.dumps(counts, sort_keys=True)))
        db.conn.executemany(
            "INSERT INTO sync_out_items (seq, item, key) VALUES (?, ?, ?)",
            [(seq, item, key) for item, keys_ in items.items() for key in sorted(keys_)])
        db.conn.executemany(
            "INSERT INTO sync_rollup_photos (receiver, sha256, seq) VALUES (?, ?, ?) "
            "ON CONFLICT (receiver, sha256) DO NOTHING",
            [(receiver.id, sha, seq) for sha in sorted(items["photo"])])
        db.execute("INSERT INTO sync_rollups (seq, receiver, arrivals_from, arrivals_upto) "
                   "VALUES (?, ?, ?, ?)", (seq, receiver.id, start, upto))
        record_audit(db, actor, "bundle.rollup", "bundle", bundle_id,
                     {"seq": seq, "receiver": receiver.id, "counts": counts})
    paths = _write(db, seq, out_dir, part_limit, keys)
    return ExportResult(seq, bundle_id, receiver.id, paths, counts)


def export_rollup_again(db: sqlite_utils.Database, seq: int, out_dir: Path, *,
                        part_limit: int = DEFAULT_PART_LIMIT, actor: str = "") -> ExportResult:
    """Write roll-up `seq` again (it was lost): the same bundle, newly sealed."""
    row = db.execute("SELECT bundle_id, receiver, counts FROM sync_log WHERE direction = 'out' "
                     "AND seq = ? AND kind = 'rollup'", (seq,)).fetchone()
    if row is None:
        raise DeviceError(Text(f"本机没有写过第 {seq} 号汇总数据包",
                               f"this device wrote no roll-up bundle {seq}"))
    paths = _write(db, seq, out_dir, part_limit, local_keys(db, actor))
    return ExportResult(seq, str(row[0]), str(row[1]), paths, json.loads(row[2]), again=True)


def _write(db: sqlite_utils.Database, seq: int, out_dir: Path, part_limit: int,
           keys: Any) -> list[Path]:
    start, upto, receiver = db.execute(
        "SELECT arrivals_from, arrivals_upto, receiver FROM sync_rollups WHERE seq = ?",
        (seq,)).fetchone()
    return write_bundle_file(db, seq, out_dir, part_limit=part_limit, keys=keys,
                             extra_records=_chain_records(db, int(start), int(upto),
                                                          str(receiver)))


def _own_audit_range(db: sqlite_utils.Database,
                     receiver: str) -> tuple[int | None, int | None, str | None]:
    """This office's own audit entries since its previous roll-up to `receiver`."""
    last = db.execute("SELECT max(audit_upto) FROM sync_log WHERE direction = 'out' "
                      "AND kind = 'rollup' AND receiver = ?", (receiver,)).fetchone()[0]
    start = int(last or 0) + 1
    head = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    if head is None or int(head[0]) < start:
        return None, None, head[1] if head else None
    return start, int(head[0]), str(head[1])


def _chain_keys(db: sqlite_utils.Database, start: int, upto: int,
                receiver: str) -> list[tuple[str, int]]:
    """(chain device, seq) of the other devices' audit entries that arrived in the stretch
    (the receiver's own chain is not sent back to it)."""
    out = []
    for (key,) in db.execute("SELECT key FROM sync_arrivals WHERE kind = 'audit' AND n > ? "
                             "AND n <= ? ORDER BY n", (start, upto)):
        chain, _, seq = str(key).rpartition(" ")
        if chain != receiver:
            out.append((chain, int(seq)))
    return sorted(out)


def _chain_counts(db: sqlite_utils.Database, start: int, upto: int,
                  receiver: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chain, _seq in _chain_keys(db, start, upto, receiver):
        counts[chain] = counts.get(chain, 0) + 1
    return counts


def _chain_records(db: sqlite_utils.Database, start: int, upto: int,
                   receiver: str) -> Iterable[dict[str, Any]]:
    cols = ", ".join(AUDIT_COLUMNS)
    for chain, seq in _chain_keys(db, start, upto, receiver):
        row = db.execute(f"SELECT {cols} FROM sync_audit WHERE chain_device = ? AND seq = ?",
                         (chain, seq)).fetchone()
        if row is not None:
            yield {"t": CHAIN_AUDIT, CHAIN_KEY: chain, **dict(zip(AUDIT_COLUMNS, row,
                                                                    strict=True))}


def _counts(db: sqlite_utils.Database, items: dict[str, set[str]], audit_from: int | None,
            audit_upto: int | None, chains: dict[str, int]) -> dict[str, int]:
    counts = {"site": 0, "inspection": 0, "inspection_photo": 0, "deleted": 0}
    devices: set[str] = set()
    for vid in items["version"]:
        entity, deleted, device = db.execute(
            "SELECT entity, deleted, device_id FROM sync_versions WHERE vid = ?",
            (vid,)).fetchone()
        key = "deleted" if deleted else str(entity)
        counts[key] = counts.get(key, 0) + 1
        devices.add(str(device))
    counts["photo_files"] = len(items["photo"])
    counts["photo_rows"] = len(items["photo_row"])
    counts["forms"] = len(items["form"])
    counts["audit"] = 0 if audit_from is None or audit_upto is None else (
        audit_upto - audit_from + 1)
    counts["chain_audit"] = sum(chains.values())
    counts["devices"] = len(devices | set(chains))
    return counts


# --- reading and merging (the city) ---------------------------------------------------------

def chain_audit_entry(body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """A `chain_audit` record's (chain device, audit entry); None if it is malformed."""
    chain = body.get(CHAIN_KEY)
    entry = {k: v for k, v in body.items() if k != CHAIN_KEY}
    if (not isinstance(chain, str) or not chain or len(chain) > 100
            or set(entry) != set(AUDIT_COLUMNS) or not isinstance(entry["seq"], int)
            or isinstance(entry["seq"], bool) or entry["seq"] < 1
            or not all(isinstance(entry[c], str) for c in AUDIT_COLUMNS if c != "seq")):
        return None
    return chain, entry


def record_routes(db: sqlite_utils.Database, versions: list[Version], via_device: str) -> None:
    """Keep which device's bundle brought each version (a set: any merge order, same rows)."""
    db.conn.executemany(
        "INSERT INTO sync_routes (vid, via_device) VALUES (?, ?) "
        "ON CONFLICT (vid, via_device) DO NOTHING",
        [(v.vid, via_device) for v in versions])


@dataclass(frozen=True)
class RouteCount:
    """What one sending device (a laptop, or a district rolling up) brought here."""

    via_device: str
    origin_device: str
    entity: str
    versions: int


def routes(db: sqlite_utils.Database) -> list[RouteCount]:
    """Which device sent what: versions per (via device, device that made them, entity)."""
    rows = db.execute(
        "SELECT r.via_device, v.device_id, v.entity, count(*) FROM sync_routes r "
        "JOIN sync_versions v ON v.vid = r.vid "
        "GROUP BY r.via_device, v.device_id, v.entity "
        "ORDER BY r.via_device, v.device_id, v.entity").fetchall()
    return [RouteCount(str(a), str(b), str(c), int(d)) for a, b, c, d in rows]


def sent_by(db: sqlite_utils.Database, via_device: str, entity: str) -> list[str]:
    """The record ids of `entity` that `via_device`'s bundles brought (sorted)."""
    return [str(r) for (r,) in db.execute(
        "SELECT DISTINCT v.record_id FROM sync_routes r JOIN sync_versions v ON v.vid = r.vid "
        "WHERE r.via_device = ? AND v.entity = ? ORDER BY v.record_id", (via_device, entity))]
