"""The append-only audit log: who changed what, when, hash-chained so edits show."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now

if TYPE_CHECKING:
    import sqlite_utils

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """The one JSON text for a value: sorted keys, no spaces, UTF-8 kept (hashes depend on it)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    device_id: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    detail_json: str,
) -> str:
    """SHA-256 over the previous hash and this entry's fields (docs/data-model.md)."""
    body = canonical_json([seq, at, device_id, actor, action, entity, entity_id, detail_json])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def local_device_id(db: sqlite_utils.Database) -> str:
    """This database's own device id ('' before `init` made one)."""
    row = db.execute("SELECT id FROM devices WHERE is_local = 1").fetchone()
    return str(row[0]) if row else ""


def record_audit(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: Mapping[str, Any] | None = None,
    *,
    at: str | None = None,
    device_id: str | None = None,
) -> str:
    """Append one entry inside the caller's write transaction; returns its hash."""
    # The head is read inside the caller's transaction, which write_transaction opens with
    # BEGIN IMMEDIATE: it holds the write lock, so no other process can append in between.
    if not db.conn.in_transaction:
        raise RuntimeError("record_audit must run inside the change's write transaction")
    seq, prev = _head(db)
    seq += 1
    at = at or utc_now()
    device = local_device_id(db) if device_id is None else device_id
    detail_json = canonical_json(dict(detail or {}))
    digest = entry_hash(prev, seq, at, device, actor, action, entity, entity_id, detail_json)
    db.execute(
        "INSERT INTO audit (seq, at, device_id, actor, action, entity, entity_id, detail, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, device, actor, action, entity, entity_id, detail_json, prev, digest),
    )
    return digest


class AuditWriter:
    """Appends many entries fast (bulk demo data), keeping the chain; the caller commits.

    Entries are queued without numbers: `flush` reads the chain's head inside the caller's
    write transaction and numbers and hashes them there. Reading the head earlier (the demo
    prepares its rows for seconds before it takes the lock) let another process append
    meanwhile, and the flush then failed on a duplicate `audit.seq`.
    """

    def __init__(self, db: sqlite_utils.Database, device_id: str) -> None:
        self._device = device_id
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(
        self,
        at: str,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        detail: Mapping[str, Any],
    ) -> None:
        """Queue one entry; `flush` writes the queue."""
        self.rows.append((at, actor, action, entity, entity_id, canonical_json(dict(detail))))

    def flush(self, db: sqlite_utils.Database) -> None:
        """Number, chain and insert the queued entries, inside the caller's write transaction."""
        if not db.conn.in_transaction:
            raise RuntimeError("AuditWriter.flush must run inside the write transaction")
        seq, prev = _head(db)
        chained: list[tuple[Any, ...]] = []
        for at, actor, action, entity, entity_id, detail_json in self.rows:
            seq += 1
            digest = entry_hash(
                prev, seq, at, self._device, actor, action, entity, entity_id, detail_json
            )
            chained.append(
                (seq, at, self._device, actor, action, entity, entity_id, detail_json, prev,
                 digest)
            )
            prev = digest
        db.conn.executemany(
            "INSERT INTO audit (seq, at, device_id, actor, action, entity, entity_id, detail, "
            "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            chained,
        )
        self.rows.clear()


def _head(db: sqlite_utils.Database) -> tuple[int, str]:
    """The last entry's number and hash (0 and GENESIS for an empty log)."""
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


def verify_audit_chain(db: sqlite_utils.Database) -> list[str]:
    """Recompute the chain; every row whose link, number or hash is wrong is one problem."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    cursor = db.execute(
        "SELECT seq, at, device_id, actor, action, entity, entity_id, detail, prev_hash, hash "
        "FROM audit ORDER BY seq"
    )
    for seq, at, device, actor, action, entity, entity_id, detail, prev_hash, digest in cursor:
        if seq != expected_seq:
            problems.append(
                f"审计日志缺少第{expected_seq}–{seq - 1}条 (audit entries {expected_seq}-{seq - 1} "
                "are missing)"
            )
        if prev_hash != prev:
            problems.append(
                f"审计日志第{seq}条与前一条的链接不符 "
                f"(audit entry {seq} does not link to the one before)"
            )
        recomputed = entry_hash(
            prev_hash, seq, at, device, actor, action, entity, entity_id, detail
        )
        if recomputed != digest:
            problems.append(
                f"审计日志第{seq}条内容已被改动（{entity} {entity_id} {action}） "
                f"(audit entry {seq} was altered: {entity} {entity_id} {action})"
            )
        prev = digest
        expected_seq = seq + 1
    return problems
