"""Amending a completed inspection carries its photos over: the draft's photo items, its strips
and its reports show the same pictures, with the same checks, as the version it corrects."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from app.core.checklist import sample_answers
from app.media.importer import attach_files, recheck_inspection
from app.store import photos as repo
from app.store.audit import verify_audit_chain
from app.store.checklists import get_checklist
from app.store.inspection_records import get_inspection
from app.store.inspections import amend_inspection, complete_inspection, set_answers
from tests.helpers.photos import write_jpeg
from tests.helpers.world import PhotoWorld, add_inspection, add_site, open_world, photo_item

SITE = (39.9290, 116.4100)
NOW = datetime.now(UTC).replace(microsecond=0)
BJ = timedelta(hours=8)


def _taken(offset_min: int = 0) -> datetime:
    return (NOW + BJ + timedelta(minutes=offset_min)).replace(tzinfo=None)


@pytest.fixture
def world(tmp_path: Path) -> PhotoWorld:
    return open_world(tmp_path / "street-audit.db")


def completed_with_photos(world: PhotoWorld, tmp_path: Path) -> tuple[str, str]:
    """A completed street-order inspection: two photos in its photo item (one far from the
    site), one at inspection level; the other answers drawn at random. (id, photo item id)"""
    db = world.db
    site = add_site(world, "钱粮胡同小吃店", *SITE)
    # Started three hours ago: the photos were taken then, long before an amendment starts.
    insp = add_inspection(world, site, NOW - timedelta(hours=3))
    item = photo_item(world, insp)
    near = write_jpeg(tmp_path / "near.jpg", seed=1, lat=SITE[0] + 0.0002, lon=SITE[1],
                      taken=_taken(-170))
    far = write_jpeg(tmp_path / "far.jpg", seed=2, lat=SITE[0] + 0.004, lon=SITE[1],
                     taken=_taken(-165))
    whole = write_jpeg(tmp_path / "whole.jpg", seed=3, taken=_taken(-160))  # no GPS
    assert all(r.ok for r in attach_files(db, world.db_path, insp, [near, far], "王巡查",
                                          item_id=item))
    assert all(r.ok for r in attach_files(db, world.db_path, insp, [whole], "王巡查"))
    checklist = get_checklist(db, "street_order")
    answers = sample_answers(checklist, random.Random(5))
    photo_items = {i.id for i in checklist.items() if i.type == "photo"}
    set_answers(db, insp, {k: v for k, v in answers.items() if k not in photo_items}, "王巡查")
    repo.set_caption(db, repo.list_inspection_photos(db, insp)[-1].id, "门头全景", "王巡查")
    complete_inspection(db, insp, "王巡查")
    return insp, item


def _uses(db: sqlite_utils.Database, inspection_id: str) -> list[tuple]:
    return [(link.sha256, link.item_id, link.caption, link.position)
            for link in repo.list_inspection_photos(db, inspection_id)]


def _checks(db: sqlite_utils.Database, inspection_id: str) -> list[tuple]:
    by_link = repo.checks_for_inspection(db, inspection_id)
    return sorted((c.sha256, c.code, c.severity, c.text, c.detail.get("distance_m"))
                  for checks in by_link.values() for c in checks)


def test_amendment_carries_photo_uses_and_checks(world: PhotoWorld, tmp_path: Path) -> None:
    db = world.db
    original_id, item = completed_with_photos(world, tmp_path)
    original = get_inspection(db, original_id)
    before_links = repo.list_inspection_photos(db, original_id)
    before_checks = _checks(db, original_id)
    assert {c[1] for c in before_checks} >= {"far_from_site", "no_gps"}

    draft = amend_inspection(db, original_id, "照片说明补充", "王巡查")

    # The same photos in the same slots, captions and order; the answer matches the links.
    assert _uses(db, draft.id) == _uses(db, original_id)
    in_item = [link.sha256 for link in repo.list_inspection_photos(db, draft.id, item,
                                                                   all_items=False)]
    assert in_item == draft.answers[item] == original.answers[item]
    assert len(in_item) == 2
    # New synced records: own ids, made on this device, rev 1, not edits of the old rows.
    new_links = repo.list_inspection_photos(db, draft.id)
    assert not {link.id for link in new_links} & {link.id for link in before_links}
    device = db.execute("SELECT id FROM devices WHERE is_local = 1").fetchone()[0]
    for link in new_links:
        assert (link.inspection_id, link.rev, link.base_rev, link.origin_device) == (
            draft.id, 1, None, device)
        assert link.created_at == link.updated_at >= draft.created_at
    # The checks the reports print come over too, keyed by the new links.
    assert _checks(db, draft.id) == before_checks
    assert set(repo.checks_for_inspection(db, draft.id)) <= {link.id for link in new_links}
    # The completed original is untouched; the copies are audited.
    assert repo.list_inspection_photos(db, original_id) == before_links
    assert _checks(db, original_id) == before_checks
    copied = db.execute(
        "SELECT count(*) FROM audit WHERE action = 'photo.attach' AND entity_id = ?",
        (draft.id,)).fetchone()[0]
    assert copied == len(new_links) == 3
    assert verify_audit_chain(db) == []


def test_amendment_photos_stay_editable_and_recheck_like_the_original(
        world: PhotoWorld, tmp_path: Path) -> None:
    """The carried photos belong to the draft (caption, removal) and a recheck of the draft,
    e.g. after its site moved, does not call them duplicates of the version they correct nor
    taken outside its time (the visit was the original's)."""
    db = world.db
    original_id, _item = completed_with_photos(world, tmp_path)
    draft = amend_inspection(db, original_id, "复核", "王巡查")
    recheck_inspection(db, draft.id)
    assert _checks(db, draft.id) == _checks(db, original_id)
    link = repo.list_inspection_photos(db, draft.id)[0]
    repo.set_caption(db, link.id, "更正后的说明", "王巡查")
    assert repo.get_link(db, link.id).caption == "更正后的说明"
    repo.unlink_photo(db, link.id, "王巡查")
    assert len(repo.list_inspection_photos(db, draft.id)) == 2
    assert len(repo.list_inspection_photos(db, original_id)) == 3


def test_amendment_without_photos_has_none(world: PhotoWorld) -> None:
    db = world.db
    site = add_site(world, "北新桥五金店", *SITE)
    insp = add_inspection(world, site, NOW - timedelta(minutes=40))
    checklist = get_checklist(db, "street_order")
    photo_items = {i.id for i in checklist.items() if i.type == "photo"}
    answers = sample_answers(checklist, random.Random(5))
    set_answers(db, insp, {k: v for k, v in answers.items() if k not in photo_items}, "王巡查")
    complete_inspection(db, insp, "王巡查")  # scene_photos is optional in street_order
    draft = amend_inspection(db, insp, "补录", "王巡查")
    assert repo.list_inspection_photos(db, draft.id) == []
    assert repo.checks_for_inspection(db, draft.id) == {}


def test_another_inspection_sees_one_duplicate_per_amended_inspection(
        world: PhotoWorld, tmp_path: Path) -> None:
    """The same picture in an inspection and its amendment is one earlier use, not two."""
    db = world.db
    original_id, _item = completed_with_photos(world, tmp_path)
    draft = amend_inspection(db, original_id, "复核", "王巡查")
    other = add_inspection(world, add_site(world, "隔壁理发店", *SITE),
                           NOW - timedelta(hours=3))
    [result] = attach_files(db, world.db_path, other, [tmp_path / "near.jpg"], "王巡查")
    [dup] = [c for c in result.checks if c.code == "duplicate"]
    assert dup.detail["inspections"] == [draft.id]
    assert "1" in dup.text.zh
