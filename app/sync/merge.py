"""The merge rules: one verified bundle's records into the database (one transaction).

Everything here is plain SQL that PostgreSQL runs too (`INSERT … ON CONFLICT`, no `OR
IGNORE`/`OR REPLACE`, no rowid, no JSON functions); the one engine-specific step, deferring
foreign keys to the commit, is `defer_constraints`. The rules (docs/sync.md):

- Every version of a record is kept in `sync_versions` (the same vid always has the same
  content: `inbox` refuses a bundle that says otherwise).
- A record's *leaves* are its versions no other version was made from. The winner is the
  leaf with the highest rank: for inspections a completed one before a draft, then the higher
  `rev`, then the higher version id. The record's row holds the winner; every other leaf is a
  row of `conflicts` (the loser, whole) until a person resolves it.
- So the result depends only on the set of versions merged: idempotent and order-independent.
- Photos by hash: the row with the earliest import (then the smaller device id) is kept.
- Forms: a (form, version) is immutable; the same pair with other text is refused earlier.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from app.core.ids import new_id
from app.store.cases import refresh_cases
from app.store.checklists import get_checklist
from app.store.inspection_records import evaluate_answers
from app.store.inspections import finding_rows
from app.sync.keys import canonical
from app.sync.records import (
    AUDIT_COLUMNS,
    ENTITIES,
    FORM_COLUMNS,
    IMMUTABLE_ENTITIES,
    PHOTO_COLUMNS,
    content_hash,
    row_content,
)

if TYPE_CHECKING:
    import sqlite_utils

ENTITY_ORDER = ("site", "inspection", "inspection_photo", "signature", "case", "case_event",
                "review")


@dataclass(frozen=True)
class Version:
    """One version of one record, as a bundle carries it."""

    entity: str
    record_id: str
    vid: str
    rev: int
    base_vid: str | None
    device: str
    deleted: bool
    content: dict[str, Any]

    @cached_property
    def canonical_text(self) -> str:
        """The content's canonical JSON, made once (the checks and the merge both need it)."""
        return canonical(self.content).decode("utf-8")

    @cached_property
    def content_sha256(self) -> str:
        """`content_hash` of the content, from the canonical text made once."""
        return hashlib.sha256(self.canonical_text.encode("utf-8")).hexdigest()


@dataclass
class MergeCounts:
    """What a merge changed."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0
    photos: int = 0
    forms: int = 0
    audit: int = 0
    by_entity: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"inserted": self.inserted, "updated": self.updated, "deleted": self.deleted,
                "unchanged": self.unchanged, "conflicts": self.conflicts, "photos": self.photos,
                "forms": self.forms, "audit": self.audit}


def defer_constraints(db: sqlite_utils.Database) -> None:
    """Check foreign keys at commit (an amendment and its original refer to each other).

    SQLite: `PRAGMA defer_foreign_keys`; PostgreSQL: `SET CONSTRAINTS ALL DEFERRED`.
    """
    db.execute("PRAGMA defer_foreign_keys = ON")


def merge_forms(db: sqlite_utils.Database, forms: list[dict[str, Any]], counts: MergeCounts
                ) -> None:
    cols = ", ".join(FORM_COLUMNS)
    for form in forms:
        cur = db.execute(
            f"INSERT INTO forms ({cols}) VALUES ({', '.join('?' * len(FORM_COLUMNS))}) "
            "ON CONFLICT (form_id, version) DO NOTHING", [form[c] for c in FORM_COLUMNS])
        counts.forms += max(cur.rowcount, 0)


def merge_photo_rows(db: sqlite_utils.Database, photos: list[dict[str, Any]],
                     counts: MergeCounts) -> None:
    """Photo rows by hash; of two devices' rows for one picture the earliest import stays."""
    cols = ", ".join(PHOTO_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in PHOTO_COLUMNS if c != "sha256")
    for photo in photos:
        cur = db.execute(
            f"INSERT INTO photos ({cols}) VALUES ({', '.join('?' * len(PHOTO_COLUMNS))}) "
            f"ON CONFLICT (sha256) DO UPDATE SET {updates} "
            "WHERE excluded.imported_at < photos.imported_at OR "
            "(excluded.imported_at = photos.imported_at "
            "AND excluded.origin_device < photos.origin_device)",
            [photo[c] for c in PHOTO_COLUMNS])
        counts.photos += max(cur.rowcount, 0)


def merge_versions(db: sqlite_utils.Database, versions: list[Version], local_device: str,
                   counts: MergeCounts) -> None:
    """Keep every version, then settle each touched record: its row and its conflicts.

    A record new here that comes with one version (the common case) has nothing to settle:
    its row is that version, written directly (`_fresh_records`, `_FreshRows`); every other
    record goes through `settle_record`. Both give the same rows."""
    per_record: dict[tuple[str, str], dict[str, Version]] = {}
    for v in versions:
        per_record.setdefault((v.entity, v.record_id), {}).setdefault(v.vid, v)
    fresh = _fresh_records(db, per_record)  # before this bundle's versions are kept
    db.conn.executemany(
        "INSERT INTO sync_versions (vid, entity, record_id, rev, base_vid, device_id, "
        "deleted, content, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (vid) DO NOTHING",
        [(v.vid, v.entity, v.record_id, v.rev, v.base_vid, v.device, int(v.deleted),
          v.canonical_text, v.content_sha256) for v in versions])
    touched = sorted({(ENTITY_ORDER.index(v.entity), v.entity, v.record_id) for v in versions})
    rows = _FreshRows(db, counts)
    for _order, entity, record_id in touched:
        if (entity, record_id) in fresh:
            (only,) = per_record[(entity, record_id)].values()
            rows.add(only)
        else:
            rows.flush()  # the statements in the order the records are settled
            settle_record(db, entity, record_id, local_device, counts)
    rows.flush()
    # A case's state is derived from its events (docs/cases.md): again for every case touched.
    refresh_cases(db, {v.record_id if v.entity == "case" else str(v.content.get("case_id"))
                       for v in versions if v.entity in IMMUTABLE_ENTITIES and not v.deleted})


_CHUNK = 400  # record ids per `IN (…)` (well under any engine's limit on parameters)


def _fresh_records(db: sqlite_utils.Database,
                   per_record: dict[tuple[str, str], dict[str, Version]]
                   ) -> set[tuple[str, str]]:
    """The records `settle_record` would only insert: one version in the bundle, not a
    deletion, not its own base; no version kept here, no row, no open conflict."""
    candidates: dict[str, list[str]] = {}
    for (entity, record_id), by_vid in per_record.items():
        if len(by_vid) != 1:
            continue
        (v,) = by_vid.values()
        if v.deleted or v.base_vid == v.vid:
            continue
        candidates.setdefault(entity, []).append(record_id)
    fresh: set[tuple[str, str]] = set()
    for entity, record_ids in candidates.items():
        table, key, _columns = ENTITIES[entity]
        for start in range(0, len(record_ids), _CHUNK):
            chunk = record_ids[start:start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            known: set[str] = set()
            for sql, args in (
                    (f"SELECT record_id FROM sync_versions WHERE entity = ? "
                     f"AND record_id IN ({marks})", [entity, *chunk]),
                    (f"SELECT {key} FROM {table} WHERE {key} IN ({marks})", chunk),
                    (f"SELECT record_id FROM conflicts WHERE entity = ? AND resolved_by IS NULL "
                     f"AND record_id IN ({marks})", [entity, *chunk])):
                known.update(str(row[0]) for row in db.execute(sql, args).fetchall())
            fresh.update((entity, r) for r in chunk if r not in known)
    return fresh


class _FreshRows:
    """Rows of records new here, written by `executemany` per entity: the row as `_apply`
    inserts it (with `vid`, `base_vid`; an inspection with its findings count), then its
    findings. Kept in order: flushed before any other record is settled."""

    def __init__(self, db: sqlite_utils.Database, counts: MergeCounts) -> None:
        self.db = db
        self.counts = counts
        self.entity = ""
        self.rows: list[list[Any]] = []
        self.findings: list[tuple[Any, ...]] = []

    def add(self, v: Version) -> None:
        if v.entity != self.entity:
            self.flush()
            self.entity = v.entity
        columns = ENTITIES[v.entity][2]
        values = [v.content.get(c) for c in columns]  # an optional column may be missing
        if v.entity == "inspection":
            values[columns.index("answers")] = _answers_text(v.content["answers"])
            findings = _findings(self.db, v.content)
            values.append(len(findings))
            self.findings.extend((v.record_id, *row) for row in findings)
        self.rows.append([*values, v.vid, v.base_vid])

    def flush(self) -> None:
        if not self.rows:
            return
        table, _key, columns = ENTITIES[self.entity]
        names = list(columns)
        if self.entity == "inspection":
            names.append("finding_count")
        names += ["vid", "base_vid"]
        self.db.conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) "
                                 f"VALUES ({', '.join('?' * len(names))})", self.rows)
        if self.findings:
            self.db.conn.executemany(
                "INSERT INTO findings (inspection_id, item_id, severity, text_zh, text_en, "
                "legal_basis_zh, legal_basis_en) VALUES (?, ?, ?, ?, ?, ?, ?)", self.findings)
        self.counts.inserted += len(self.rows)
        self.counts.by_entity[self.entity] = (self.counts.by_entity.get(self.entity, 0)
                                              + len(self.rows))
        self.rows = []
        self.findings = []


def snapshot_local(db: sqlite_utils.Database, entity: str, record_id: str,
                   local_device: str) -> None:
    """A row with local changes not yet exported gets its version now (sent next export)."""
    table, key, columns = ENTITIES[entity]
    row = db.execute(f"SELECT {', '.join(columns)}, base_vid FROM {table} "
                     f"WHERE {key} = ? AND vid IS NULL", (record_id,)).fetchone()
    if row is None:
        return
    content = row_content(entity, row[:-1])
    vid = new_id()
    db.execute(
        "INSERT INTO sync_versions (vid, entity, record_id, rev, base_vid, device_id, deleted, "
        "content, content_sha256) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
        (vid, entity, record_id, int(content["rev"]), row[-1], local_device,
         canonical(content).decode("utf-8"), content_hash(content)))
    db.execute(f"UPDATE {table} SET vid = ? WHERE {key} = ?", (vid, record_id))
    db.execute("INSERT INTO sync_unsent (vid) VALUES (?) ON CONFLICT (vid) DO NOTHING", (vid,))


def is_resolution(deleted: bool, content: dict[str, Any]) -> bool:
    """A version that closes a conflict's losing branch (app/sync/conflicts.py): made from the
    loser, it is neither a candidate for the row nor a conflict itself."""
    return deleted and isinstance(content.get("resolution"), dict)


def _rank(entity: str, rev: int, vid: str, content: dict[str, Any]) -> tuple[int, int, str]:
    completed = 1 if entity == "inspection" and content.get("status") == "completed" else 0
    return (completed, rev, vid)


def settle_record(db: sqlite_utils.Database, entity: str, record_id: str, local_device: str,
                  counts: MergeCounts) -> None:
    """Make the record's row its winning leaf and keep every other leaf in `conflicts`."""
    snapshot_local(db, entity, record_id, local_device)
    known = db.execute(
        "SELECT vid, rev, base_vid, device_id, deleted, content FROM sync_versions "
        "WHERE entity = ? AND record_id = ?", (entity, record_id)).fetchall()
    bases = {row[2] for row in known if row[2] is not None}
    versions = [(str(vid), int(rev), base, str(dev), bool(deleted), json.loads(content))
                for vid, rev, base, dev, deleted, content in known]
    closed = {v[2]: v for v in versions if is_resolution(v[4], v[5]) and v[2] is not None}
    leaves = [v for v in versions if v[0] not in bases and not is_resolution(v[4], v[5])]
    if not leaves:  # a cycle of versions: only a forged history makes one
        raise ValueError(f"{entity} {record_id}: no current version")
    leaves.sort(key=lambda leaf: _rank(entity, leaf[1], leaf[0], leaf[5]), reverse=True)
    winner, losers = leaves[0], leaves[1:]
    if entity in IMMUTABLE_ENTITIES:
        losers = []  # the same fact made on two devices: no conflict
    _apply(db, entity, record_id, winner, counts)
    loser_vids = [loser[0] for loser in losers]
    marks = ", ".join("?" * len(loser_vids))
    keep = f" AND loser_vid NOT IN ({marks})" if loser_vids else ""
    db.execute(f"DELETE FROM conflicts WHERE entity = ? AND record_id = ? "
               f"AND resolved_by IS NULL{keep}", [entity, record_id, *loser_vids])
    for vid, rev, _base, device, _deleted, content in losers:
        db.execute(
            "INSERT INTO conflicts (entity, record_id, loser_vid, winner_vid, loser_rev, "
            "loser_device, loser_content) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (entity, record_id, loser_vid) DO UPDATE SET "
            "winner_vid = excluded.winner_vid",
            (entity, record_id, vid, winner[0], rev, device, canonical(content).decode("utf-8")))
    counts.conflicts += len(losers)
    _keep_resolved(db, entity, record_id, closed, versions)


def _keep_resolved(db: sqlite_utils.Database, entity: str, record_id: str,
                   closed: dict[str, tuple[str, int, str | None, str, bool, dict[str, Any]]],
                   versions: list[tuple[str, int, str | None, str, bool, dict[str, Any]]]
                   ) -> None:
    """A loser closed by a resolution is a resolved conflict (resolved_by = the closing
    version), whichever came first: the same rows in any merge order."""
    known = {v[0]: v for v in versions}
    for loser_vid, closer in sorted(closed.items()):
        loser = known.get(loser_vid)
        if loser is None:
            continue
        into = str(closer[5]["resolution"].get("into") or closer[0])
        db.execute(
            "INSERT INTO conflicts (entity, record_id, loser_vid, winner_vid, loser_rev, "
            "loser_device, loser_content, resolved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (entity, record_id, loser_vid) DO UPDATE SET "
            "winner_vid = excluded.winner_vid, resolved_by = excluded.resolved_by",
            (entity, record_id, loser_vid, into, loser[1], loser[3],
             canonical(loser[5]).decode("utf-8"), closer[0]))


def _apply(db: sqlite_utils.Database, entity: str, record_id: str,
           winner: tuple[str, int, str | None, str, bool, dict[str, Any]],
           counts: MergeCounts) -> None:
    table, key, columns = ENTITIES[entity]
    vid, rev, base_vid, _device, deleted, content = winner
    current = db.execute(f"SELECT vid FROM {table} WHERE {key} = ?", (record_id,)).fetchone()
    if deleted:
        if current is None:
            counts.unchanged += 1
            return
        # The tombstone first, already numbered: the delete trigger then keeps it as it is.
        db.execute(
            "INSERT INTO sync_tombstones (entity, record_id, rev, base_vid, vid, deleted_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity, record_id) DO UPDATE SET "
            "rev = excluded.rev, base_vid = excluded.base_vid, vid = excluded.vid",
            (entity, record_id, rev, base_vid, vid, content.get("deleted_at", "")))
        db.execute(f"DELETE FROM {table} WHERE {key} = ?", (record_id,))
        counts.deleted += 1
        return
    names = list(columns)
    values = [content.get(c) for c in columns]  # an optional column may be missing
    findings: list[tuple[Any, ...]] = []
    if entity == "inspection":
        values[columns.index("answers")] = _answers_text(content["answers"])
        findings = _findings(db, content)
        names.append("finding_count")
        values.append(len(findings))
    if current is None:
        names += ["vid", "base_vid"]
        db.execute(f"INSERT INTO {table} ({', '.join(names)}) "
                   f"VALUES ({', '.join('?' * len(names))})", [*values, vid, base_vid])
        counts.inserted += 1
    elif current[0] != vid:
        sets = ", ".join(f"{c} = ?" for c in names if c != key)
        db.execute(f"UPDATE {table} SET {sets}, vid = ?, base_vid = ? WHERE {key} = ?",
                   [v for c, v in zip(names, values, strict=True) if c != key]
                   + [vid, base_vid, record_id])
        counts.updated += 1
    else:
        counts.unchanged += 1
        return
    counts.by_entity[entity] = counts.by_entity.get(entity, 0) + 1
    if entity == "inspection":
        db.execute("DELETE FROM findings WHERE inspection_id = ?", (record_id,))
        for row in findings:
            db.execute("INSERT INTO findings (inspection_id, item_id, severity, text_zh, "
                       "text_en, legal_basis_zh, legal_basis_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (record_id, *row))


def _answers_text(answers: Any) -> str:
    """Answers as the store writes them (sorted keys, UTF-8 kept)."""
    if isinstance(answers, str):
        return answers
    return json.dumps(answers, ensure_ascii=False, sort_keys=True)


def _findings(db: sqlite_utils.Database, content: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Findings are derived: evaluated again here from the merged answers."""
    checklist = get_checklist(db, content["form_id"], int(content["form_version"]))
    answers = content["answers"]
    if isinstance(answers, str):
        answers = json.loads(answers)
    return list(finding_rows(evaluate_answers(checklist, answers)))


def merge_audit(db: sqlite_utils.Database, chain_device: str, entries: list[dict[str, Any]],
                counts: MergeCounts) -> None:
    """Another device's audit entries, kept as its chain (chain_device, seq)."""
    cols = ", ".join(AUDIT_COLUMNS)
    for entry in entries:
        cur = db.execute(
            f"INSERT INTO sync_audit (chain_device, {cols}) "
            f"VALUES (?, {', '.join('?' * len(AUDIT_COLUMNS))}) "
            "ON CONFLICT (chain_device, seq) DO NOTHING",
            [chain_device, *[entry[c] for c in AUDIT_COLUMNS]])
        counts.audit += max(cur.rowcount, 0)
