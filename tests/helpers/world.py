"""A real database with a device, sites and draft inspections, for photo tests (store, CLI, UI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from app.core.clock import format_utc


@dataclass
class PhotoWorld:
    db: sqlite_utils.Database
    db_path: Path


def open_world(db_path: Path) -> PhotoWorld:
    """Create the database, this device's profile and the shipped checklists."""
    from app.store.checklists import register_shipped_checklists
    from app.store.db import open_database
    from app.store.profile import initialize_device

    db = open_database(db_path, create=True)
    initialize_device(db, "field", "王巡查", badge_no="A-17", district_code="110101")
    register_shipped_checklists(db, actor="王巡查")
    return PhotoWorld(db, db_path)


def add_site(world: PhotoWorld, name: str, lat: float | None = None,
             lon: float | None = None) -> str:
    from app.store.sites import SiteDraft, create_site

    return create_site(world.db, SiteDraft(district_code="110101", name=name,
                                           address=f"东城区{name}胡同1号", lat=lat, lon=lon),
                       "王巡查").id


def add_inspection(world: PhotoWorld, site_id: str, started: datetime,
                   form_id: str = "street_order") -> str:
    """A draft inspection of the site, its start moved to `started` (the window under test)."""
    from app.store.inspections import start_inspection

    insp = start_inspection(world.db, form_id, site_id, None)
    with world.db.conn:
        world.db.execute("UPDATE inspections SET started_at = ? WHERE id = ?",
                         (format_utc(started.astimezone(UTC)), insp.id))
    return insp.id


def photo_item(world: PhotoWorld, inspection_id: str) -> str:
    """The id of a photo slot in the inspection's checklist."""
    from app.store.checklists import get_checklist
    from app.store.inspection_records import get_inspection

    insp = get_inspection(world.db, inspection_id)
    checklist = get_checklist(world.db, insp.form_id, insp.form_version)
    return next(item.id for item in checklist.items() if item.type == "photo")
