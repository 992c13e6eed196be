"""Merging is idempotent and order-independent (hypothesis): 2-4 laptops edit shared and own
records (the same site renamed on several, answers on a shared draft, the same picture
imported on two laptops, completions and amendments), export several bundles each; every
drawn order of merging them, each bundle merged twice, gives the office the same records.
A few examples by default; $SYNC_PROPERTY_EXAMPLES runs more (e.g. 60 before a release)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store.db import open_database
from app.store.inspections import set_answer
from app.sync.devices import local_device, local_keys
from app.sync.export import export_bundle
from app.sync.inbox import apply_payload, merge_bundle, read_bundle
from tests.helpers.sync_edits import (
    add_photo,
    amend,
    complete,
    dump,
    new_inspection,
    new_site,
    rename_site,
)
from tests.helpers.sync_world import enrol_both, make_device

EXAMPLES = int(os.environ.get("SYNC_PROPERTY_EXAMPLES", "4"))

OPS = ("rename", "answer", "photo", "new_site", "inspect", "complete", "amend", "export")


def _share(source_bundle: Path, laptops: list[sqlite_utils.Database],
           office: sqlite_utils.Database) -> None:
    """The other laptops learn the first bundle's records (as an assignment would bring them)."""
    keys = local_keys(office)
    for db in laptops[1:]:
        payload = read_bundle(db, source_bundle, keys)
        assert payload is not None
        apply_payload(db, payload, source_bundle)


def _scenario(tmp: Path, n: int, ops: list[tuple[int, str]], seed: int
              ) -> tuple[Path, list[Path]]:
    """Run the edits; the office's (empty) database and every bundle written."""
    office = make_device(tmp / "office" / "street-audit.db", "office", "朝阳区")
    laptops = [make_device(tmp / f"l{i}" / "street-audit.db") for i in range(n)]
    for a in laptops:
        enrol_both(a, office)
        for b in laptops:
            if a is not b and b is not laptops[0] and a is laptops[0]:
                enrol_both(a, b)
    bundles: list[Path] = []
    shared_site = new_site(laptops[0], "共用场所")
    shared_insp = new_inspection(laptops[0], shared_site)
    first = export_bundle(laptops[0], tmp / "bundles").paths[0]
    bundles.append(first)
    _share(first, laptops, office)
    rng = random.Random(seed)
    own: list[list[str]] = [[] for _ in laptops]  # each laptop's own inspections
    for who, op in ops:
        db = laptops[who % n]
        mine = own[who % n]
        if op == "rename":
            rename_site(db, shared_site, f"共用场所{rng.randrange(1000)}")
        elif op == "answer":
            row = db.execute("SELECT status FROM inspections WHERE id = ?",
                             (shared_insp,)).fetchone()
            if row and row[0] == "draft":
                set_answer(db, shared_insp, "business_name", f"店{rng.randrange(1000)}", "王")
        elif op == "photo" and mine:
            target = mine[-1]
            if db.execute("SELECT status FROM inspections WHERE id = ?",
                          (target,)).fetchone()[0] == "draft":
                add_photo(db, target, rng.randrange(3))  # few pictures: shared across laptops
        elif op == "new_site":
            new_site(db, f"场所{rng.randrange(1000)}")
        elif op == "inspect":
            mine.append(new_inspection(db, shared_site))
        elif op == "complete" and mine:
            if db.execute("SELECT status FROM inspections WHERE id = ?",
                          (mine[-1],)).fetchone()[0] == "draft":
                complete(db, mine[-1])
        elif op == "amend" and mine:
            row = db.execute("SELECT status, superseded_by FROM inspections WHERE id = ?",
                             (mine[-1],)).fetchone()
            open_draft = db.execute("SELECT 1 FROM inspections WHERE amends_id = ? AND "
                                    "status = 'draft'", (mine[-1],)).fetchone()
            if row[0] == "completed" and row[1] is None and not open_draft:
                mine.append(amend(db, mine[-1]))
        elif op == "export":
            bundles += export_bundle(db, tmp / "bundles").paths
    for db in laptops:
        bundles += export_bundle(db, tmp / "bundles").paths
    office_path = tmp / "office" / "street-audit.db"
    for db in [office, *laptops]:
        db.close()
    return office_path, bundles


def _merged(office_path: Path, order: list[Path], where: Path) -> dict[str, list[object]]:
    """A copy of the empty office merges the bundles in `order`, then all of them again."""
    shutil.copytree(office_path.parent, where)
    db = open_database(where / office_path.name)
    try:
        for bundle in [*order, *reversed(order)]:
            result = merge_bundle(db, bundle)
            assert result.status in ("merged", "already"), result.reason
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        return dump(db)
    finally:
        db.close()


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(n=st.integers(2, 4),
       ops=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(OPS)), min_size=4, max_size=14),
       seed=st.integers(0, 10_000), orders=st.randoms(use_true_random=False))
def test_any_order_each_twice_same_records(tmp_path_factory: pytest.TempPathFactory, n: int,
                                           ops: list[tuple[int, str]], seed: int,
                                           orders: random.Random) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    office_path, bundles = _scenario(tmp, n, ops, seed)
    reference = _merged(office_path, bundles, tmp / "m0")
    for k in range(1, 3):
        order = list(bundles)
        orders.shuffle(order)
        assert _merged(office_path, order, tmp / f"m{k}") == reference
    assert reference["inspections"]


def test_concurrent_renames_keep_the_loser_in_conflicts(tmp_path: Path) -> None:
    office = make_device(tmp_path / "office" / "street-audit.db", "office", "朝阳区")
    a = make_device(tmp_path / "a" / "street-audit.db")
    b = make_device(tmp_path / "b" / "street-audit.db")
    for x in (a, b):
        enrol_both(x, office)
    enrol_both(a, b)
    site = new_site(a, "原名")
    first = export_bundle(a, tmp_path / "out").paths[0]
    payload = read_bundle(b, first, local_keys(office))
    assert payload is not None
    apply_payload(b, payload, first)
    rename_site(a, site, "甲改的名字")
    rename_site(b, site, "乙改的名字")
    rename_site(b, site, "乙又改的名字")  # rev 3 on b, rev 2 on a: b wins
    bundles = [first, *export_bundle(a, tmp_path / "out").paths,
               *export_bundle(b, tmp_path / "out").paths]
    for bundle in bundles:
        assert merge_bundle(office, bundle).status == "merged"
    assert office.execute("SELECT name FROM sites").fetchone()[0] == "乙又改的名字"
    (loser_device, content), = office.execute(
        "SELECT loser_device, loser_content FROM conflicts").fetchall()
    assert loser_device == local_device(a).id and "甲改的名字" in content
    for db in (office, a, b):
        db.close()
