"""Edits a device makes between bundles (sites, inspections, amendments, photos), and a dump
of what the office holds, to compare merges."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import sqlite_utils
from PIL import Image

from app.store.db import connection_path
from app.store.inspections import amend_inspection, complete_inspection, start_inspection
from app.store.profile import get_profile
from app.store.sites import SiteDraft, create_site, get_site, update_site

FORM = "street_order"


def new_site(db: sqlite_utils.Database, name: str) -> str:
    return create_site(db, SiteDraft("110105", name=name, address=f"朝阳区{name}路1号"),
                       "王巡查").id


def rename_site(db: sqlite_utils.Database, site_id: str, name: str) -> None:
    site = get_site(db, site_id)
    update_site(db, site_id, replace(site.draft(), name=name), "王巡查")


def new_inspection(db: sqlite_utils.Database, site_id: str) -> str:
    return start_inspection(db, FORM, site_id, get_profile(db)).id


def jpeg(seed: int) -> bytes:
    """A small distinct JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (seed % 256, (seed * 7) % 256, (seed * 13) % 256)).save(
        out, "JPEG")
    return out.getvalue()


def add_photo(db: sqlite_utils.Database, inspection_id: str, seed: int) -> str:
    """Store a picture (as the import would) and use it in the inspection; its hash."""
    from app.media.importer import attach_files

    folder = connection_path(db.conn).parent / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / f"p{seed}.jpg"
    path.write_bytes(jpeg(seed))
    results = attach_files(db, connection_path(db.conn), inspection_id, [path], "王巡查",
                           print_copies=False)
    return str(results[0].sha256)


def complete(db: sqlite_utils.Database, inspection_id: str) -> None:
    """Fill what the street-order checklist needs and complete it."""
    import random

    from app.core.checklist import sample_answers
    from app.store.inspection_records import get_inspection, inspection_checklist
    from app.store.inspections import set_answers

    checklist = inspection_checklist(db, inspection_id)
    insp = get_inspection(db, inspection_id)
    answers = sample_answers(checklist, random.Random(inspection_id), complete=True,
                             given=insp.answers)
    photo_items = {i.id for i in checklist.items() if i.type == "photo"}
    set_answers(db, inspection_id, {k: v for k, v in answers.items() if k not in photo_items
                                    and k not in insp.answers}, "王巡查")
    complete_inspection(db, inspection_id, "王巡查")


def amend(db: sqlite_utils.Database, inspection_id: str) -> str:
    return amend_inspection(db, inspection_id, "地址写错", "王巡查").id


TABLES: dict[str, str] = {
    "sites": "SELECT id, rev, name, address, vid FROM sites ORDER BY id",
    "inspections": "SELECT id, rev, status, answers, superseded_by, finding_count, vid "
                   "FROM inspections ORDER BY id",
    "inspection_photos": "SELECT id, inspection_id, sha256, caption, vid FROM inspection_photos "
                         "ORDER BY id",
    "photos": "SELECT sha256, size, origin_device, imported_at FROM photos ORDER BY sha256",
    "findings": "SELECT inspection_id, item_id, severity FROM findings "
                "ORDER BY inspection_id, item_id, severity",
    "conflicts": "SELECT entity, record_id, loser_vid, winner_vid FROM conflicts "
                 "ORDER BY entity, record_id, loser_vid",
    "sync_versions": "SELECT vid, content_sha256 FROM sync_versions ORDER BY vid",
    "sync_audit": "SELECT chain_device, seq, hash FROM sync_audit ORDER BY chain_device, seq",
    "forms": "SELECT form_id, version, sha256 FROM forms ORDER BY form_id, version",
}


def dump(db: sqlite_utils.Database) -> dict[str, list[Any]]:
    """The office's records (the import log and its own audit aside)."""
    return {name: [tuple(r) for r in db.execute(sql).fetchall()] for name, sql in TABLES.items()}
