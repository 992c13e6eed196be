"""Two laptops that renamed the same site (and answered the same draft differently), an office
that merged them (a conflict each), and a second office that merged the same bundles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from app.store.inspections import set_answers
from app.sync.devices import local_device, local_keys
from app.sync.export import export_bundle
from app.sync.inbox import MergeResult, apply_payload, merge_bundle, read_bundle
from app.sync.keys import DeviceKeys
from tests.helpers.sync_edits import new_inspection, new_site, rename_site
from tests.helpers.sync_world import enrol_both, make_device


@dataclass
class ConflictWorld:
    office: sqlite_utils.Database
    a: sqlite_utils.Database
    b: sqlite_utils.Database
    site_id: str
    inspection_id: str
    bundles: list[Path]  # for the office, in the order made: a's first, a's second, b's

    def close(self) -> None:
        for db in (self.office, self.a, self.b):
            db.close()


def merge_with_keys(db: sqlite_utils.Database, path: Path, keys: DeviceKeys) -> MergeResult:
    """Merge a bundle sealed to another device (whose keys the test holds) into `db`: how the
    tests give a laptop, or a second office, what was sent to the first office."""
    payload = read_bundle(db, path, keys)
    if payload is None:
        return MergeResult(path, "already")
    try:
        return apply_payload(db, payload, path)
    finally:
        payload.discard()


def make_conflict_world(tmp: Path, *, with_inspection: bool = True) -> ConflictWorld:
    """Laptop a makes a site (and a draft), b receives it; both rename the site (b twice: b's
    version wins) and answer `remarks` differently; the office merges all three bundles."""
    office = make_device(tmp / "office" / "street-audit.db", "office", "朝阳区办公室")
    a = make_device(tmp / "a" / "street-audit.db", "field", "王巡查")
    b = make_device(tmp / "b" / "street-audit.db", "field", "李巡查")
    for laptop in (a, b):
        enrol_both(laptop, office)
    enrol_both(a, b)
    out = tmp / "out"
    site = new_site(a, "原名小卖部")
    inspection = new_inspection(a, site) if with_inspection else ""
    first = export_bundle(a, out / "a1").paths[0]
    assert merge_with_keys(b, first, local_keys(office)).status == "merged"
    rename_site(a, site, "甲改的名字")
    rename_site(b, site, "乙改的名字")
    rename_site(b, site, "乙又改的名字")
    if with_inspection:
        set_answers(a, inspection, {"remarks": "甲的备注"}, "王巡查")
        set_answers(b, inspection, {"remarks": "乙的备注"}, "李巡查")
        set_answers(b, inspection, {"remarks": "乙的备注，再改"}, "李巡查")
    bundles = [first, export_bundle(a, out / "a2").paths[0], export_bundle(b, out / "b1").paths[0]]
    for bundle in bundles:
        assert merge_bundle(office, bundle).status == "merged"
    return ConflictWorld(office, a, b, site, inspection, bundles)


def second_office(tmp: Path, world: ConflictWorld, name: str = "office2",
                  merge: bool = True) -> sqlite_utils.Database:
    """Another office that knows both laptops and the first office (enrolled both ways) and,
    with `merge`, has merged the laptops' bundles too (the same conflicts, open)."""
    other = make_device(tmp / name / "street-audit.db", "office", "东城区办公室")
    for db in (world.a, world.b, world.office):
        enrol_both(db, other)
    if merge:
        keys = local_keys(world.office)
        for bundle in world.bundles:
            assert merge_with_keys(other, bundle, keys).status == "merged"
    return other


def device_id(db: sqlite_utils.Database) -> str:
    return local_device(db).id
