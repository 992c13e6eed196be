"""The printed-content digest of a stored inspection (app.core.record_digest)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from app.core.record_digest import DIGEST_VERSION, PhotoUse, SignatureMark, record_digest
from app.store.inspection_records import get_inspection
from app.store.photos import list_inspection_photos
from app.store.signatures import signatures_for

if TYPE_CHECKING:
    import sqlite_utils


def inspection_digest(db: sqlite_utils.Database, inspection_id: str,
                      version: int = DIGEST_VERSION) -> str:
    """SHA-256 hex of what the record of `inspection_id` prints (digest `version`, see
    app.core.record_digest); InspectionNotFound if none."""
    inspection = get_inspection(db, inspection_id)
    photos = [PhotoUse(link.sha256, link.item_id, link.caption, link.position)
              for link in list_inspection_photos(db, inspection_id)]
    signatures = [SignatureMark(s.role, s.signer_name, s.sha256 or "", s.signed_at, s.refused,
                                s.witness_name)
                  for s in signatures_for(db, inspection_id).values()]
    fields = asdict(inspection)
    row = db.execute("SELECT short_photo_reason FROM inspections WHERE id = ?",
                     (inspection_id,)).fetchone()
    fields["short_photo_reason"] = row[0] if row else None
    return record_digest(fields, photos, signatures, version)
