"""The printed-content digest of a stored inspection (app.core.record_digest)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from app.core.record_digest import PhotoUse, record_digest
from app.store.inspection_records import get_inspection
from app.store.photos import list_inspection_photos

if TYPE_CHECKING:
    import sqlite_utils


def inspection_digest(db: sqlite_utils.Database, inspection_id: str) -> str:
    """SHA-256 hex of what the record of `inspection_id` prints; InspectionNotFound if none."""
    inspection = get_inspection(db, inspection_id)
    photos = [PhotoUse(link.sha256, link.item_id, link.caption, link.position)
              for link in list_inspection_photos(db, inspection_id)]
    return record_digest(asdict(inspection), photos)
