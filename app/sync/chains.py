"""Other devices' audit chains, as merged into `sync_audit`: each device's entries recomputed
and linked (app.store.audit.entry_hash); a stretch not received yet is a note, not a fault.

`street-audit verify` should call `verify_device_chains` beside `verify_audit_chain` (the
local chain); app/cli/verify.py is not the sync issue's file, so it is wired there by its
owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store.audit import GENESIS, entry_hash

if TYPE_CHECKING:
    import sqlite_utils


def verify_device_chains(db: sqlite_utils.Database) -> tuple[list[str], list[str]]:
    """(problems, notes): a changed or mislinked entry is a problem; a gap (a bundle not yet
    merged) is a note."""
    problems: list[str] = []
    notes: list[str] = []
    prev: tuple[str, int, str] | None = None
    for device, seq, at, dev, actor, action, entity, entity_id, detail, prev_hash, digest in (
            db.execute("SELECT chain_device, seq, at, device_id, actor, action, entity, "
                       "entity_id, detail, prev_hash, hash FROM sync_audit "
                       "ORDER BY chain_device, seq")):
        if entry_hash(prev_hash, seq, at, dev, actor, action, entity, entity_id,
                      detail) != digest:
            problems.append(f"设备 {device} 的审计日志第 {seq} 条内容已被改动 "
                            f"(audit entry {seq} of device {device} was altered)")
        expected = (prev[2] if prev is not None and prev[0] == device and prev[1] == seq - 1
                    else GENESIS if seq == 1 else None)
        if expected is None:
            start = prev[1] + 1 if prev is not None and prev[0] == device else 1
            notes.append(f"设备 {device} 的审计日志第 {start}–{seq - 1} 条尚未收到 "
                         f"(audit entries {start}-{seq - 1} of device {device} not received yet)")
        elif prev_hash != expected:
            problems.append(f"设备 {device} 的审计日志第 {seq} 条与前一条的链接不符 "
                            f"(audit entry {seq} of device {device} does not link to the one "
                            "before)")
        prev = (str(device), int(seq), str(digest))
    return problems, notes
