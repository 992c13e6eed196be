"""Databases for the sync tests: devices with keys, enrolled both ways, with data to send."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from app.store.db import open_database
from app.store.profile import initialize_device


def make_device(path: Path, role: str = "field", name: str = "王巡查",
                district: str = "110105") -> sqlite_utils.Database:
    """A database with its device, profile, shipped checklists and keys."""
    from app.store.checklists import register_shipped_checklists
    from app.sync.devices import make_local_keys

    db = open_database(path, create=True)
    initialize_device(db, role, name, district_code=district,  # type: ignore[arg-type]
                      office_name="朝阳区城管执法局" if role == "office" else "")
    register_shipped_checklists(db, actor=name)
    make_local_keys(db, name)
    return db


def enrol_both(a: sqlite_utils.Database, b: sqlite_utils.Database) -> None:
    """a enrols b's public keys and b enrols a's (office ↔ laptop)."""
    from app.sync.devices import enrol_device, local_device, local_keys
    from app.sync.keys import parse_public_key, public_key_text

    for x, y in ((a, b), (b, a)):
        me = local_device(x)
        text = public_key_text(local_keys(x), me.label, me.role)
        enrol_device(y, parse_public_key(text.encode(), "key.json"))
