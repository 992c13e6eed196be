"""Databases for the sync tests: devices with keys, enrolled both ways, with data to send.

While `db/004_sync.sql` waits for `003` (another issue's migration) it sits in `db/` as
`004_sync.sql.pending`; `sync_migrations()` then gives the migrations with it numbered next,
so the sync tests run either way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlite_utils

from app.store.db import find_migrations, open_database
from app.store.profile import initialize_device

ROOT = Path(__file__).resolve().parents[2]
PENDING = ROOT / "db" / "004_sync.sql.pending"


def sync_migrations_dir(tmp: Path) -> Path | None:
    """A folder of migrations holding the sync one, or None when db/ already has it."""
    if not PENDING.exists() or any((ROOT / "db").glob("004_*.sql")):
        return None
    folder = tmp / "migrations"
    if not folder.exists():
        folder.mkdir(parents=True)
        existing = find_migrations(ROOT / "db")
        for m in existing:
            shutil.copy(m.path, folder / m.path.name)
        shutil.copy(PENDING, folder / f"{len(existing) + 1:03d}_sync.sql")
    return folder


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
