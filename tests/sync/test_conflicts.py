"""Resolving conflicts (app/sync/conflicts.py): both choices, per field, re-merging keeps the
resolution, and the resolution bundle resolves the conflict on another office (any order)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.inspection_records import get_inspection
from app.store.sites import get_site
from app.sync.conflicts import (
    ConflictRefused,
    count_open_conflicts,
    get_conflict,
    list_conflicts,
    resolve_conflict,
)
from app.sync.devices import local_keys
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.sync_conflict_world import (
    device_id,
    make_conflict_world,
    merge_with_keys,
    second_office,
)
from tests.helpers.sync_edits import new_site


def _site_conflict(db: object) -> str:
    (conflict,) = [c for c in list_conflicts(db) if c.entity == "site"]  # type: ignore[arg-type]
    return conflict.id


def test_list_shows_both_versions_and_what_differs(tmp_path: Path) -> None:
    world = make_conflict_world(tmp_path)
    try:
        conflicts = {c.entity: c for c in list_conflicts(world.office)}
        assert set(conflicts) == {"site", "inspection"}
        site = conflicts["site"]
        assert site.title == "乙又改的名字"
        assert site.current.device_id == device_id(world.b)
        assert site.other.device_id == device_id(world.a)
        assert site.other.device_label == "王巡查"
        assert [(d.key, d.current, d.other) for d in site.differences] == [
            ("name", "乙又改的名字", "甲改的名字")]
        inspection = conflicts["inspection"]
        diffs = {d.key: d for d in inspection.differences}
        assert diffs["answers.remarks"].current == "乙的备注，再改"
        assert diffs["answers.remarks"].other == "甲的备注"
        assert diffs["answers.remarks"].label.zh  # the checklist item's label
        assert "原名小卖部" not in inspection.title and "乙又改的名字" in inspection.title
        assert count_open_conflicts(world.office) == 2
    finally:
        world.close()


def test_keep_current_writes_a_new_version_above_both(tmp_path: Path) -> None:
    world = make_conflict_world(tmp_path)
    try:
        db = world.office
        cid = _site_conflict(db)
        before = get_conflict(db, cid)
        done = resolve_conflict(db, cid[-12:], "current", "赵组长")
        site = get_site(db, world.site_id)
        assert site.name == "乙又改的名字"
        row = db.execute("SELECT rev, vid, base_vid FROM sites WHERE id = ?",
                         (world.site_id,)).fetchone()
        assert row[0] > max(before.current.rev, before.other.rev)
        assert row[2] == before.current.vid  # made from the winner
        assert done.resolution is not None and done.resolution.keep == "current"
        assert done.resolution.by == "赵组长" and done.resolution.into_vid == row[1]
        assert [c.entity for c in list_conflicts(db)] == ["inspection"]
        audit = db.execute("SELECT actor, detail FROM audit WHERE action = 'conflict.resolve'"
                           ).fetchall()
        assert audit[0][0] == "赵组长" and json.loads(audit[0][1])["keep"] == "current"
        with pytest.raises(ConflictRefused):
            resolve_conflict(db, cid, "other", "赵组长")
    finally:
        world.close()


def test_keep_other_and_remerge_keeps_it_resolved(tmp_path: Path) -> None:
    world = make_conflict_world(tmp_path)
    try:
        db = world.office
        resolve_conflict(db, _site_conflict(db), "other", "赵组长")
        assert get_site(db, world.site_id).name == "甲改的名字"
        for bundle in world.bundles:
            assert merge_bundle(db, bundle).status == "already"
        # The loser's laptop sends more of its work (not touching the site): still resolved.
        new_site(world.a, "另一家店")
        more = export_bundle(world.a, tmp_path / "again").paths[0]
        assert merge_bundle(db, more).status == "merged"
        assert get_site(db, world.site_id).name == "甲改的名字"
        assert [c.entity for c in list_conflicts(db)] == ["inspection"]
        resolved = list_conflicts(db, include_resolved=True)
        assert {(c.entity, c.resolution is not None) for c in resolved} == {
            ("site", True), ("inspection", False)}
    finally:
        world.close()


def test_merged_fields_take_answers_from_the_other(tmp_path: Path) -> None:
    world = make_conflict_world(tmp_path)
    try:
        db = world.office
        (conflict,) = [c for c in list_conflicts(db) if c.entity == "inspection"]
        resolve_conflict(db, conflict.id, {"answers.remarks": "other"}, "赵组长")
        assert get_inspection(db, world.inspection_id).answers["remarks"] == "甲的备注"
        with pytest.raises(ConflictRefused):
            resolve_conflict(db, _site_conflict(db), {"nonsense": "other"}, "赵组长")
    finally:
        world.close()


def test_resolution_bundle_resolves_it_on_a_second_office(tmp_path: Path) -> None:
    world = make_conflict_world(tmp_path)
    office2 = second_office(tmp_path, world)
    try:
        assert count_open_conflicts(office2) == 2
        resolve_conflict(world.office, _site_conflict(world.office), "other", "赵组长")
        (sent,) = export_bundle(world.office, tmp_path / "res",
                                receiver_id=device_id(office2)).paths
        result = merge_bundle(office2, sent)
        assert result.status == "merged", result.reason
        assert get_site(office2, world.site_id).name == "甲改的名字"
        assert [c.entity for c in list_conflicts(office2)] == ["inspection"]
        (site,) = [c for c in list_conflicts(office2, include_resolved=True)
                   if c.entity == "site"]
        assert site.resolution is not None and site.resolution.by == "赵组长"
        # The same rows whatever the order: an office that gets the resolution first.
        office3 = second_office(tmp_path, world, "office3", merge=False)
        keys2 = local_keys(office2)
        assert merge_with_keys(office3, sent, keys2).status == "merged"
        for bundle in world.bundles:
            assert merge_with_keys(office3, bundle, local_keys(world.office)).status == "merged"
        assert get_site(office3, world.site_id).name == "甲改的名字"
        assert [c.entity for c in list_conflicts(office3)] == ["inspection"]
        query = ("SELECT entity, record_id, loser_vid, winner_vid, resolved_by FROM conflicts "
                 "ORDER BY loser_vid")
        assert office3.execute(query).fetchall() == office2.execute(query).fetchall()
        office3.close()
    finally:
        office2.close()
        world.close()


def test_a_completed_inspection_is_not_replaced(tmp_path: Path) -> None:
    from tests.helpers.sync_edits import complete

    world = make_conflict_world(tmp_path)
    try:
        db = world.office
        (conflict,) = [c for c in list_conflicts(db) if c.entity == "inspection"]
        complete(db, world.inspection_id)  # the office completes the winning draft
        with pytest.raises(ConflictRefused) as refused:
            resolve_conflict(db, conflict.id, "other", "赵组长")
        assert "更正" in refused.value.text.zh
        resolve_conflict(db, conflict.id, "current", "赵组长")
        assert get_inspection(db, world.inspection_id).status == "completed"
        assert list_conflicts(db) == [c for c in list_conflicts(db) if c.entity == "site"]
    finally:
        world.close()
