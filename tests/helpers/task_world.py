"""An office that gives laptops work (tasks, checklists, sites, notice numbers) and the laptops
that do it, for the assignment and sync-folder tests."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from app.core.clock import beijing_today
from app.store.profile import get_profile, save_profile
from app.store.sites import SiteDraft, create_site
from app.store.tasks import Task, create_task
from tests.helpers.sync_world import enrol_both, make_device

OFFICE_CODE = "朝阳城管责改"
FORM = "street_order"


def make_office(path: Path, name: str = "朝阳区城管执法局") -> sqlite_utils.Database:
    """An office database (district 110105) with its 机关代字 set."""
    db = make_device(path, "office", name)
    save_profile(db, replace(get_profile(db), office_code=OFFICE_CODE))  # type: ignore[arg-type]
    return db


def make_laptop(path: Path, office: sqlite_utils.Database,
                name: str = "王巡查") -> sqlite_utils.Database:
    """A field laptop enrolled with the office both ways."""
    db = make_device(path, "field", name)
    enrol_both(db, office)
    return db


def device_id(db: sqlite_utils.Database) -> str:
    profile = get_profile(db)
    assert profile is not None
    return profile.device_id


def office_site(office: sqlite_utils.Database, name: str, district: str = "110105") -> str:
    return create_site(office, SiteDraft(district, name=name, address=f"{name}路8号"),
                       "李主任").id


def give_task(office: sqlite_utils.Database, laptop: sqlite_utils.Database, site_id: str,
              due: date | None = None, days: int = 0, notes: str = "") -> Task:
    """A task for the laptop, due `days` after today (Beijing) unless `due` is given."""
    return create_task(office, site_id=site_id, form_id=FORM,
                       due_on=due or beijing_today() + timedelta(days=days),
                       assigned_to=device_id(laptop), notes=notes, actor="李主任")


def new_checklist_version(db: sqlite_utils.Database, form_id: str = FORM) -> int:
    """Register the next version of a checklist here (its newest text, renumbered)."""
    from app.core.checklist import load_checklist_text
    from app.store.checklists import register_checklist

    version, source = db.execute(
        "SELECT version, source_yaml FROM forms WHERE form_id = ? ORDER BY version DESC LIMIT 1",
        (form_id,)).fetchone()
    text = re.sub(r"(?m)^version: \d+.*$", f"version: {version + 1}", source, count=1)
    register_checklist(db, load_checklist_text(text, f"{form_id}.v{version + 1}.yaml"), text)
    return int(version) + 1


TABLES: dict[str, str] = {
    "tasks": "SELECT id, state, rev, vid, started_inspection_id, due_on, notes FROM tasks "
             "ORDER BY id",
    "task_versions": "SELECT vid, task_id, rev, content_sha256 FROM task_versions ORDER BY vid",
    "sites": "SELECT id, name, vid FROM sites ORDER BY id",
    "forms": "SELECT form_id, version, sha256 FROM forms ORDER BY form_id, version",
    "blocks": "SELECT office_code, year, device_id, first, last FROM notice_number_blocks "
              "ORDER BY office_code, year, first",
    "notices": "SELECT id, number, device_id, voided_at, rev FROM notices ORDER BY id",
    "inspections": "SELECT id, status, vid FROM inspections ORDER BY id",
    "profile": "SELECT office_code FROM profile",
}


def dump(db: sqlite_utils.Database) -> dict[str, list[Any]]:
    """What an assignment or a field bundle may change (the logs and audit aside)."""
    return {name: [tuple(r) for r in db.execute(sql).fetchall()] for name, sql in TABLES.items()}
