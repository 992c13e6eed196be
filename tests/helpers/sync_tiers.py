"""Three tiers for the roll-up tests: laptops, a district office, the city office."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from app.sync.devices import enrol_device, local_device, local_keys
from app.sync.keys import parse_public_key, public_key_text
from tests.helpers.sync_edits import TABLES, add_photo, amend, complete, new_inspection, new_site
from tests.helpers.sync_world import make_device


def enrol_one_way(into: sqlite_utils.Database, other: sqlite_utils.Database) -> None:
    """`into` enrols `other`'s public keys (only that way)."""
    me = local_device(other)
    text = public_key_text(local_keys(other), me.label, me.role)
    enrol_device(into, parse_public_key(text.encode(), "key.json"))


def device_id(db: sqlite_utils.Database) -> str:
    return local_device(db).id


@dataclass
class Tiers:
    district: sqlite_utils.Database
    city: sqlite_utils.Database
    laptops: list[sqlite_utils.Database] = field(default_factory=list)

    def close(self) -> None:
        for db in (self.district, self.city, *self.laptops):
            db.close()


def make_tiers(root: Path, laptops: int = 2, city_name: str = "city") -> Tiers:
    """Laptops enrolled with the district (both ways), the district with the city."""
    district = make_device(root / "district" / "street-audit.db", "office", "朝阳区")
    city = make_device(root / city_name / "street-audit.db", "office", "北京市", "110000")
    enrol_one_way(district, city)
    enrol_one_way(city, district)
    tiers = Tiers(district, city)
    for n in range(laptops):
        laptop = make_device(root / f"laptop{n}" / "street-audit.db", "field", f"巡查员{n}")
        enrol_one_way(laptop, district)
        enrol_one_way(district, laptop)
        tiers.laptops.append(laptop)
    return tiers


def a_day(db: sqlite_utils.Database, tag: str, seed: int) -> list[str]:
    """A laptop's day: sites, inspections (one completed with a photo, one amended)."""
    made = []
    for k in range(3):
        site = new_site(db, f"{tag}场所{k}")
        insp = new_inspection(db, site)
        made.append(insp)
        if k == 0:
            add_photo(db, insp, seed)
            complete(db, insp)
        if k == 1:
            complete(db, insp)
            made.append(amend(db, insp))
    return made


def records(db: sqlite_utils.Database, *, leave_out_chains: tuple[str, ...] = ()
            ) -> dict[str, list[Any]]:
    """The dump of tests.helpers.sync_edits without the audit chains of the given devices
    (a district's own chain reaches the city only through its roll-ups)."""
    out = {name: [tuple(r) for r in db.execute(sql).fetchall()] for name, sql in TABLES.items()}
    out["sync_audit"] = [r for r in out["sync_audit"] if r[0] not in leave_out_chains]
    out["versions"] = [tuple(r) for r in db.execute(
        "SELECT vid, entity, record_id, rev, base_vid, device_id, deleted, content_sha256 "
        "FROM sync_versions ORDER BY vid")]
    return out
