"""Photos in the database: the `photos`, `inspection_photos` and `photo_checks` tables.

No files and no image code here (that is app/media): these functions take plain values and
work inside the caller's write transaction where there is one (write_transaction nests).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.db import write_transaction
from app.store.inspection_errors import InspectionNotFound
from app.store.inspection_errors import InspectionReadOnly as _InspectionReadOnly
from app.store.sites import get_site, update_site

if TYPE_CHECKING:
    import sqlite_utils


class InspectionReadOnly(_InspectionReadOnly):
    """The inspection is completed: its photos cannot change (amend it instead)."""

    def __init__(self, inspection_id: str) -> None:
        super().__init__(inspection_id, Text(
            f"已完成的检查不能修改照片，请提交更正：{inspection_id}",
            f"a completed inspection is read-only: amend it ({inspection_id})"))


class InspectionMissing(InspectionNotFound):
    """No inspection with this id (the inspections store's error, raised from here)."""


@dataclass(frozen=True)
class PhotoRecord:
    """One row of `photos` (see db/002_photos.sql for the meaning of each column)."""

    sha256: str
    size: int
    mime: str
    width: int | None
    height: int | None
    lat: float | None
    lon: float | None
    alt: float | None
    taken_at: str | None
    taken_offset_assumed: int
    taken_at_utc: str | None
    gps_time: str | None
    orientation: int | None
    make: str | None
    model: str | None
    phash: str | None
    exif_source: str
    problems: str  # JSON list of {"zh", "en"}
    original_name: str
    imported_at: str
    origin_device: str

    def problem_texts(self) -> list[Text]:
        """The reading notes as Text."""
        return [Text(p["zh"], p["en"]) for p in json.loads(self.problems or "[]")]


@dataclass(frozen=True)
class InspectionPhoto:
    """One use of a photo in an inspection (`inspection_photos`)."""

    id: str
    origin_device: str
    rev: int
    base_rev: int | None
    created_at: str
    updated_at: str
    inspection_id: str
    sha256: str
    item_id: str | None
    caption: str
    position: int
    added_at: str


@dataclass(frozen=True)
class StoredCheck:
    """One evidence check as stored (`photo_checks`)."""

    link_id: str
    sha256: str
    code: str
    severity: str
    text: Text
    detail: dict[str, Any]


_PHOTO_COLS = ", ".join(f.name for f in fields(PhotoRecord))
_LINK_COLS = ", ".join(f.name for f in fields(InspectionPhoto))


def insert_photo(db: sqlite_utils.Database, record: PhotoRecord) -> bool:
    """Add a photo row unless that hash is already known; True if it was new."""
    values = asdict(record)
    cur = db.execute(
        f"INSERT OR IGNORE INTO photos ({_PHOTO_COLS}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    return bool(cur.rowcount)


def get_photo(db: sqlite_utils.Database, sha256: str) -> PhotoRecord | None:
    """The photo row with this hash, or None."""
    row = db.execute(f"SELECT {_PHOTO_COLS} FROM photos WHERE sha256 = ?", (sha256,)).fetchone()
    return PhotoRecord(*row) if row else None


def inspection_row(db: sqlite_utils.Database, inspection_id: str) -> dict[str, Any]:
    """The inspection's status, times and site (with the site's location); InspectionMissing.

    `started_at` opens the evidence window: for an amendment, the start of the first version,
    since its photos (carried over by copy_photo_uses) were taken on the visit it corrects.
    """
    row = db.execute(
        "SELECT i.id, i.status, CASE WHEN i.amends_id IS NULL THEN i.started_at ELSE "
        "(SELECT min(c.started_at) FROM inspections c WHERE c.chain_id = i.chain_id) END, "
        "i.completed_at, i.site_id, s.lat, s.lon, "
        "s.location_source, slp.sha256 FROM inspections i JOIN sites s ON s.id = i.site_id "
        "LEFT JOIN site_location_photos slp ON slp.site_id = s.id WHERE i.id = ?",
        (inspection_id,),
    ).fetchone()
    if row is None:
        raise InspectionMissing(inspection_id)
    keys = ("id", "status", "started_at", "completed_at", "site_id", "site_lat", "site_lon",
            "site_location_source", "site_location_photo")
    return dict(zip(keys, row, strict=True))


def _require_draft(db: sqlite_utils.Database, inspection_id: str) -> None:
    if inspection_row(db, inspection_id)["status"] == "completed":
        raise InspectionReadOnly(inspection_id)


def link_photo(
    db: sqlite_utils.Database,
    inspection_id: str,
    sha256: str,
    actor: str,
    *,
    item_id: str | None = None,
    caption: str = "",
) -> tuple[InspectionPhoto, bool]:
    """Use a stored photo in an inspection (or one item's slot); (link, True if new). Audited."""
    with write_transaction(db):
        _require_draft(db, inspection_id)
        existing = db.execute(
            f"SELECT {_LINK_COLS} FROM inspection_photos WHERE inspection_id = ? AND sha256 = ? "
            "AND coalesce(item_id, '') = coalesce(?, '')",
            (inspection_id, sha256, item_id),
        ).fetchone()
        if existing:
            return InspectionPhoto(*existing), False
        position = db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM inspection_photos "
            "WHERE inspection_id = ? AND coalesce(item_id, '') = coalesce(?, '')",
            (inspection_id, item_id),
        ).fetchone()[0]
        now = utc_now()
        link = InspectionPhoto(
            id=new_id(), origin_device=local_device_id(db), rev=1, base_rev=None,
            created_at=now, updated_at=now, inspection_id=inspection_id, sha256=sha256,
            item_id=item_id, caption=caption, position=int(position), added_at=now,
        )
        values = asdict(link)
        db.execute(
            f"INSERT INTO inspection_photos ({_LINK_COLS}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
        record_audit(db, actor, "photo.attach", "inspection", inspection_id,
                     {"sha256": sha256, "item_id": item_id, "link_id": link.id})
    return link, True


def copy_photo_uses(
    db: sqlite_utils.Database, from_inspection_id: str, to_inspection_id: str, actor: str,
) -> list[InspectionPhoto]:
    """Carry every photo use (and its stored checks) of one inspection to its amendment draft.

    The amendment copies the answers, whose photo items hold these hashes: the uses must come
    too, or the draft's slots and its reports show no pictures. Each copy is a new synced
    record of this device (new id, rev 1) with the same photo, slot, caption and position; it
    keeps `added_at` (when the picture entered the evidence). The checks are copied, not
    recomputed: they judge the same photo of the same visit (and app.store cannot run them).
    Works in the caller's transaction (write_transaction nests); one audit entry per use.
    """
    now = utc_now()
    copies: list[InspectionPhoto] = []
    with write_transaction(db):
        _require_draft(db, to_inspection_id)
        device = local_device_id(db)
        for old in list_inspection_photos(db, from_inspection_id):
            link = InspectionPhoto(
                id=new_id(), origin_device=device, rev=1, base_rev=None, created_at=now,
                updated_at=now, inspection_id=to_inspection_id, sha256=old.sha256,
                item_id=old.item_id, caption=old.caption, position=old.position,
                added_at=old.added_at,
            )
            values = asdict(link)
            db.execute(
                f"INSERT INTO inspection_photos ({_LINK_COLS}) "
                f"VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
            db.execute(
                "INSERT INTO photo_checks (link_id, inspection_id, sha256, code, severity, "
                "text_zh, text_en, detail, checked_at) SELECT ?, ?, sha256, code, severity, "
                "text_zh, text_en, detail, checked_at FROM photo_checks WHERE link_id = ? "
                "ORDER BY id",
                (link.id, to_inspection_id, old.id),
            )
            record_audit(db, actor, "photo.attach", "inspection", to_inspection_id,
                         {"sha256": link.sha256, "item_id": link.item_id, "link_id": link.id,
                          "copied_from": old.id})
            copies.append(link)
    return copies


def get_link(db: sqlite_utils.Database, link_id: str) -> InspectionPhoto:
    """One photo use by id (KeyError if none)."""
    row = db.execute(f"SELECT {_LINK_COLS} FROM inspection_photos WHERE id = ?",
                     (link_id,)).fetchone()
    if row is None:
        raise KeyError(link_id)
    return InspectionPhoto(*row)


def list_inspection_photos(
    db: sqlite_utils.Database, inspection_id: str, item_id: str | None = None,
    *, all_items: bool = True,
) -> list[InspectionPhoto]:
    """An inspection's photos in order: all of them, or (all_items=False) one slot's."""
    sql = f"SELECT {_LINK_COLS} FROM inspection_photos WHERE inspection_id = ?"
    args: list[Any] = [inspection_id]
    if not all_items:
        sql += " AND coalesce(item_id, '') = coalesce(?, '')"
        args.append(item_id)
    sql += " ORDER BY coalesce(item_id, ''), position, added_at"
    return [InspectionPhoto(*r) for r in db.execute(sql, args).fetchall()]


def photo_uses_at_site(db: sqlite_utils.Database, site_id: str) -> list[InspectionPhoto]:
    """Every photo use of every inspection of a site (whose checks depend on its location)."""
    cols = ", ".join(f"ip.{c}" for c in _LINK_COLS.split(", "))
    return [InspectionPhoto(*r) for r in db.execute(
        f"SELECT {cols} FROM inspection_photos ip JOIN inspections i ON i.id = ip.inspection_id "
        "WHERE i.site_id = ? ORDER BY ip.inspection_id, coalesce(ip.item_id, ''), ip.position",
        (site_id,)).fetchall()]


def set_caption(db: sqlite_utils.Database, link_id: str, caption: str, actor: str) -> None:
    """Change a photo's caption in its inspection (rev + 1, audited)."""
    with write_transaction(db):
        link = get_link(db, link_id)
        _require_draft(db, link.inspection_id)
        if link.caption == caption:
            return
        db.execute(
            "UPDATE inspection_photos SET caption = ?, rev = rev + 1, base_rev = rev, "
            "updated_at = ? WHERE id = ?",
            (caption, utc_now(), link_id),
        )
        record_audit(db, actor, "photo.caption", "inspection", link.inspection_id,
                     {"link_id": link_id, "old": link.caption, "new": caption})


def unlink_photo(db: sqlite_utils.Database, link_id: str, actor: str) -> InspectionPhoto:
    """Remove a photo from a draft inspection (the original stays in the store). Audited."""
    with write_transaction(db):
        link = get_link(db, link_id)
        _require_draft(db, link.inspection_id)
        db.execute("DELETE FROM inspection_photos WHERE id = ?", (link_id,))
        record_audit(db, actor, "photo.detach", "inspection", link.inspection_id,
                     {"link_id": link_id, "sha256": link.sha256, "item_id": link.item_id})
    return link


def replace_checks(
    db: sqlite_utils.Database, link: InspectionPhoto,
    checks: Iterable[tuple[str, str, Text, dict[str, Any]]],
) -> None:
    """Store the evidence checks of one photo use, replacing the previous ones."""
    now = utc_now()
    with write_transaction(db):
        db.execute("DELETE FROM photo_checks WHERE link_id = ?", (link.id,))
        db.conn.executemany(
            "INSERT INTO photo_checks (link_id, inspection_id, sha256, code, severity, text_zh, "
            "text_en, detail, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(link.id, link.inspection_id, link.sha256, code, severity, text.zh, text.en,
              json.dumps(detail, ensure_ascii=False, sort_keys=True), now)
             for code, severity, text, detail in checks],
        )


def checks_for_inspection(
    db: sqlite_utils.Database, inspection_id: str
) -> dict[str, list[StoredCheck]]:
    """Stored checks of an inspection's photos, by link id (reports and badges read this)."""
    out: dict[str, list[StoredCheck]] = {}
    rows = db.execute(
        "SELECT link_id, sha256, code, severity, text_zh, text_en, detail FROM photo_checks "
        "WHERE inspection_id = ? ORDER BY link_id, id",
        (inspection_id,),
    ).fetchall()
    for link_id, sha, code, severity, zh, en, detail in rows:
        out.setdefault(link_id, []).append(
            StoredCheck(link_id, sha, code, severity, Text(zh, en), json.loads(detail)))
    return out


def uses_elsewhere(
    db: sqlite_utils.Database, inspection_id: str, sha256: str, phash: str | None,
    max_bits: int,
) -> list[tuple[str, str, int]]:
    """(inspection_id, sha256, bits) for the same or a similar picture in other inspections.

    Versions of one inspection (an amendment and what it corrects, `chain_id`) are one
    inspection here: the amendment's own original is not "another inspection", and another
    inspection's chain is named once, by its newest version that uses the picture.
    The perceptual comparison scans the hashes in Python: 100,000 photos take some tens of
    milliseconds, and SQLite has no index for Hamming distance.
    """
    chain = db.execute("SELECT chain_id FROM inspections WHERE id = ?",
                       (inspection_id,)).fetchone()
    own_chain = chain[0] if chain else inspection_id
    # (chain, picture) → (amendment_no, inspection id, bits): the newest version wins.
    newest: dict[tuple[str, str], tuple[int, str, int]] = {}

    def keep(insp: str, chain_id: str, number: int, other_sha: str, bits: int) -> None:
        key = (chain_id, other_sha)
        if key not in newest or number > newest[key][0]:
            newest[key] = (number, insp, bits)

    for insp, chain_id, number in db.execute(
            "SELECT DISTINCT ip.inspection_id, i.chain_id, i.amendment_no "
            "FROM inspection_photos ip JOIN inspections i ON i.id = ip.inspection_id "
            "WHERE ip.sha256 = ? AND i.chain_id != ?", (sha256, own_chain)).fetchall():
        keep(insp, chain_id, number, sha256, 0)
    if phash:
        target = int(phash, 16)
        for insp, chain_id, number, other_sha, other_hash in db.execute(
            "SELECT DISTINCT ip.inspection_id, i.chain_id, i.amendment_no, p.sha256, p.phash "
            "FROM inspection_photos ip JOIN photos p ON p.sha256 = ip.sha256 "
            "JOIN inspections i ON i.id = ip.inspection_id WHERE i.chain_id != ? "
            "AND p.phash IS NOT NULL AND p.sha256 != ?", (own_chain, sha256)):
            bits = (target ^ int(other_hash, 16)).bit_count()
            if bits <= max_bits:
                keep(insp, chain_id, number, other_sha, bits)
    # Exact uses first, as before; then the similar ones.
    found = sorted(((insp, sha, bits) for (_c, sha), (_n, insp, bits) in newest.items()),
                   key=lambda use: (use[2] != 0, use[0], use[1]))
    return found


def set_site_location_from_photo(
    db: sqlite_utils.Database, site_id: str, lat: float, lon: float, sha256: str, actor: str,
) -> bool:
    """Give a site without a location the position of a photo; False if it already has one."""
    with write_transaction(db):
        site = get_site(db, site_id)
        if site.lat is not None:
            return False
        update_site(db, site_id, replace(site.draft(), lat=lat, lon=lon,
                                         location_source="photo"), actor)
        db.execute(
            "INSERT OR REPLACE INTO site_location_photos (site_id, sha256, set_at) "
            "VALUES (?, ?, ?)", (site_id, sha256, utc_now()))
    return True


def photo_hashes(db: sqlite_utils.Database, shas: Sequence[str]) -> dict[str, PhotoRecord]:
    """Photo rows for many hashes at once."""
    out: dict[str, PhotoRecord] = {}
    for i in range(0, len(shas), 500):
        chunk = list(shas[i:i + 500])
        rows = db.execute(
            f"SELECT {_PHOTO_COLS} FROM photos WHERE sha256 IN ({', '.join('?' * len(chunk))})",
            chunk).fetchall()
        out.update({r[0]: PhotoRecord(*r) for r in rows})
    return out
