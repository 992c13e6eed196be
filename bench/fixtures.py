"""What the benchmarks set up, through the program's own services (bench/ imports no test
code): a database with this device's profile and the shipped checklists, sites, inspections,
and photos with the EXIF a phone writes (app.demo.photos.phone_exif)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.clock import format_utc
from app.demo.photos import phone_exif
from app.store.checklists import register_shipped_checklists
from app.store.db import open_database, write_transaction
from app.store.inspections import start_inspection
from app.store.profile import Profile, initialize_device
from app.store.sites import SiteDraft, create_site

if TYPE_CHECKING:
    import sqlite_utils

ACTOR = "王建国"
OFFICE = "北京市东城区东华门街道综合执法队"
SITE_LAT, SITE_LON = 39.911954, 116.377817

__all__ = ["ACTOR", "SITE_LAT", "SITE_LON", "BenchDatabase", "add_inspection", "add_site",
           "new_database", "phone_exif"]


@dataclass
class BenchDatabase:
    db: sqlite_utils.Database
    db_path: Path
    profile: Profile


def new_database(db_path: Path, role: str = "lead") -> BenchDatabase:
    """A new database: this device (a team lead's in 东城), its profile, the checklists."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(db_path, create=True)
    profile = initialize_device(db, role, ACTOR, badge_no="京东城0415",  # type: ignore[arg-type]
                                team="东华门一组", district_code="110101", office_name=OFFICE)
    register_shipped_checklists(db)
    return BenchDatabase(db, db_path, profile)


def add_site(bench: BenchDatabase, name: str, lat: float | None = None,
             lon: float | None = None) -> str:
    return create_site(bench.db, SiteDraft(
        district_code="110101", name=name, address=f"东城区{name}胡同1号", lat=lat, lon=lon,
        location_source="manual" if lat is not None else None), ACTOR).id


def add_inspection(bench: BenchDatabase, site_id: str, started: datetime,
                   form_id: str = "street_order") -> str:
    """A draft inspection of the site, started at `started` (the photos' time window)."""
    inspection = start_inspection(bench.db, form_id, site_id, bench.profile)
    with write_transaction(bench.db):
        bench.db.execute("UPDATE inspections SET started_at = ? WHERE id = ?",
                         (format_utc(started.astimezone(UTC)), inspection.id))
    return str(inspection.id)
