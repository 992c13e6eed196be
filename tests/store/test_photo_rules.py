"""The photo repository's rules, pinned at their edges: which other inspections count as using
"the same or a similar picture" (≤ max_bits, versions of one inspection are one), the order and
position of photo uses, the stored form of checks, and a site's location taken from a photo only
when it has none.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import sqlite_utils

from app.core.checklist import Checklist
from app.core.text import Text
from app.store.inspections import (
    amend_inspection,
    complete_inspection,
    set_answer,
    start_inspection,
)
from app.store.photos import (
    InspectionReadOnly,
    checks_for_inspection,
    get_link,
    get_photo,
    insert_photo,
    link_photo,
    list_inspection_photos,
    replace_checks,
    set_caption,
    set_site_location_from_photo,
    unlink_photo,
    uses_elsewhere,
)
from app.store.profile import Profile
from app.store.sites import Site, SiteDraft, create_site, get_site
from tests.helpers.photo_rows import photo_record

ACTOR = "王建国"
A, B, C, D = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)
PHASH = "00000000000000ff"


def flip(phash: str, bits: int) -> str:
    """A perceptual hash `bits` bits away from `phash`."""
    return f"{int(phash, 16) ^ ((1 << bits) - 1) << 20:016x}"


def new_draft(db: sqlite_utils.Database, checklist: Checklist, site: Site,
              profile: Profile) -> str:
    return start_inspection(db, checklist.id, site.id, profile).id


@pytest.fixture
def drafts(db: sqlite_utils.Database, checklist: Checklist, site: Site,
           profile: Profile) -> list[str]:
    return [new_draft(db, checklist, site, profile) for _ in range(3)]


def audit_tail(db: sqlite_utils.Database) -> tuple[str, str]:
    entity, action, detail = db.execute(
        "SELECT entity, action, detail FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    assert entity == "inspection"  # photo changes are filed under the inspection they change
    return action, detail


# ---- same or similar picture elsewhere -----------------------------------------------------


@pytest.mark.parametrize(("bits", "found"), [(0, True), (1, True), (6, True), (7, False),
                                             (12, False)])
def test_similar_means_at_most_max_bits(db: sqlite_utils.Database, drafts: list[str],
                                        bits: int, found: bool) -> None:
    insert_photo(db, photo_record(A, phash=PHASH))
    insert_photo(db, photo_record(B, phash=flip(PHASH, bits)))
    link_photo(db, drafts[1], B, ACTOR)
    expected = [(drafts[1], B, bits)] if found else []
    assert uses_elsewhere(db, drafts[0], A, PHASH, 6) == expected


def test_the_same_file_elsewhere_is_found_without_a_phash(db: sqlite_utils.Database,
                                                          drafts: list[str]) -> None:
    insert_photo(db, photo_record(A))
    link_photo(db, drafts[1], A, ACTOR)
    link_photo(db, drafts[0], A, ACTOR)
    assert uses_elsewhere(db, drafts[0], A, None, 6) == [(drafts[1], A, 0)]
    # Its own use is not "elsewhere".
    assert uses_elsewhere(db, drafts[1], A, None, 6) == [(drafts[0], A, 0)]


def test_exact_uses_come_first_then_similar_ones_by_inspection(
    db: sqlite_utils.Database, drafts: list[str]
) -> None:
    insert_photo(db, photo_record(A, phash=PHASH))
    insert_photo(db, photo_record(B, phash=flip(PHASH, 3)))
    insert_photo(db, photo_record(C, phash=flip(PHASH, 40)))
    link_photo(db, drafts[2], B, ACTOR)
    link_photo(db, drafts[1], B, ACTOR)
    link_photo(db, drafts[2], A, ACTOR)
    link_photo(db, drafts[1], C, ACTOR)
    found = uses_elsewhere(db, drafts[0], A, PHASH, 6)
    assert found == [(drafts[2], A, 0), *sorted([(drafts[1], B, 3), (drafts[2], B, 3)])]


def test_an_amendment_and_what_it_corrects_are_one_inspection(
    db: sqlite_utils.Database, checklist: Checklist, site: Site, profile: Profile
) -> None:
    first = new_draft(db, checklist, site, profile)
    other = new_draft(db, checklist, site, profile)
    insert_photo(db, photo_record(A))
    link_photo(db, first, A, ACTOR)
    link_photo(db, other, A, ACTOR)
    set_answer(db, first, "residential", "no", ACTOR)
    complete_inspection(db, first, ACTOR)
    amendment = amend_inspection(db, first, "补拍", ACTOR).id
    # The amendment carries the use over; its own original is not "another inspection".
    assert uses_elsewhere(db, amendment, A, None, 6) == [(other, A, 0)]
    # Seen from elsewhere, the chain is named once, by its newest version.
    assert uses_elsewhere(db, other, A, None, 6) == [(amendment, A, 0)]


# ---- photo uses -----------------------------------------------------------------------------


def test_positions_count_per_slot_and_a_repeat_is_no_new_use(
    db: sqlite_utils.Database, drafts: list[str]
) -> None:
    for sha in (A, B, C):
        insert_photo(db, photo_record(sha))
    first, new = link_photo(db, drafts[0], A, ACTOR)
    assert new and first.position == 0 and (first.rev, first.base_rev) == (1, None)
    assert audit_tail(db) == (
        "photo.attach", f'{{"item_id":null,"link_id":"{first.id}","sha256":"{A}"}}')
    assert link_photo(db, drafts[0], B, ACTOR)[0].position == 1
    assert link_photo(db, drafts[0], A, ACTOR, item_id="note")[0].position == 0
    again, new = link_photo(db, drafts[0], A, ACTOR)
    assert not new and again == first
    assert [(u.sha256, u.item_id, u.position) for u in list_inspection_photos(db, drafts[0])] \
        == [(A, None, 0), (B, None, 1), (A, "note", 0)]
    assert [u.sha256 for u in list_inspection_photos(db, drafts[0], "note",
                                                     all_items=False)] == [A]
    assert [u.sha256 for u in list_inspection_photos(db, drafts[0], None,
                                                     all_items=False)] == [A, B]


def test_caption_changes_bump_the_revision_once(db: sqlite_utils.Database,
                                                drafts: list[str]) -> None:
    insert_photo(db, photo_record(A))
    link, _ = link_photo(db, drafts[0], A, ACTOR)
    set_caption(db, link.id, "门口堆物", ACTOR)
    after = get_link(db, link.id)
    assert (after.caption, after.rev, after.base_rev) == ("门口堆物", 2, 1)
    assert audit_tail(db) == (
        "photo.caption", f'{{"link_id":"{link.id}","new":"门口堆物","old":""}}')
    set_caption(db, link.id, "门口堆物", ACTOR)  # the same text: nothing written
    assert get_link(db, link.id) == after


def test_unlink_removes_the_use_and_says_so(db: sqlite_utils.Database,
                                            drafts: list[str]) -> None:
    insert_photo(db, photo_record(A))
    link, _ = link_photo(db, drafts[0], A, ACTOR)
    assert unlink_photo(db, link.id, ACTOR) == link
    assert list_inspection_photos(db, drafts[0]) == []
    assert audit_tail(db) == (
        "photo.detach", f'{{"item_id":null,"link_id":"{link.id}","sha256":"{A}"}}')
    with pytest.raises(KeyError):
        get_link(db, link.id)


def test_a_completed_inspection_takes_no_photo_changes(db: sqlite_utils.Database,
                                                       drafts: list[str]) -> None:
    insert_photo(db, photo_record(A))
    insert_photo(db, photo_record(B))
    link, _ = link_photo(db, drafts[0], A, ACTOR)
    set_answer(db, drafts[0], "residential", "no", ACTOR)
    complete_inspection(db, drafts[0], ACTOR)
    for attempt in (lambda: link_photo(db, drafts[0], B, ACTOR),
                    lambda: set_caption(db, link.id, "x", ACTOR),
                    lambda: unlink_photo(db, link.id, ACTOR)):
        with pytest.raises(InspectionReadOnly):
            attempt()
    assert list_inspection_photos(db, drafts[0]) == [link]


def test_insert_photo_keeps_the_first_row(db: sqlite_utils.Database, drafts: list[str]) -> None:
    assert insert_photo(db, photo_record(A, phash=PHASH)) is True
    assert insert_photo(db, photo_record(A, phash="ffffffffffffffff")) is False
    assert db.execute("SELECT phash FROM photos WHERE sha256 = ?", (A,)).fetchone()[0] == PHASH


# ---- stored checks --------------------------------------------------------------------------


def test_checks_are_stored_as_sorted_json_and_replaced_whole(
    db: sqlite_utils.Database, drafts: list[str]
) -> None:
    insert_photo(db, photo_record(A))
    link, _ = link_photo(db, drafts[0], A, ACTOR)
    detail: dict[str, Any] = {"max_m": 100.0, "distance_m": 412.3, "note": "北京"}
    replace_checks(db, link, [("far_from_site", "warning", Text("距离远", "far"), detail),
                              ("no_time", "warning", Text("无时间", "no time"), {})])
    stored = db.execute("SELECT code, detail FROM photo_checks WHERE link_id = ? ORDER BY id",
                        (link.id,)).fetchall()
    assert stored == [("far_from_site", '{"distance_m": 412.3, "max_m": 100.0, "note": "北京"}'),
                      ("no_time", "{}")]
    checks = checks_for_inspection(db, drafts[0])[link.id]
    assert {(c.link_id, c.sha256) for c in checks} == {(link.id, A)}
    assert [(c.code, c.severity, c.text, c.detail) for c in checks] == [
        ("far_from_site", "warning", Text("距离远", "far"), detail),
        ("no_time", "warning", Text("无时间", "no time"), {})]
    replace_checks(db, link, [])
    assert checks_for_inspection(db, drafts[0]) == {}


# ---- a site's location from a photo ---------------------------------------------------------


def test_a_site_without_a_location_takes_the_photos(db: sqlite_utils.Database,
                                                    profile: Profile) -> None:
    bare = create_site(db, SiteDraft(district_code="110105", name="无坐标小店"), ACTOR)
    insert_photo(db, photo_record(A))  # the location names a stored photo
    assert set_site_location_from_photo(db, bare.id, 39.93, 116.45, A, ACTOR) is True
    moved = get_site(db, bare.id)
    assert (moved.lat, moved.lon, moved.location_source, moved.rev) == (39.93, 116.45,
                                                                        "photo", 2)
    assert db.execute("SELECT sha256 FROM site_location_photos WHERE site_id = ?",
                      (bare.id,)).fetchone()[0] == A
    # Once it has one, later photos leave it alone.
    assert set_site_location_from_photo(db, bare.id, 10.0, 10.0, B, ACTOR) is False
    assert get_site(db, bare.id) == moved


def test_a_site_with_a_location_keeps_it(db: sqlite_utils.Database, site: Site) -> None:
    assert set_site_location_from_photo(db, site.id, 39.05, -94.29, A, ACTOR) is False
    assert get_site(db, site.id) == site


def test_the_read_only_refusal_names_the_inspection(db: sqlite_utils.Database,
                                                    drafts: list[str]) -> None:
    insert_photo(db, photo_record(A))
    set_answer(db, drafts[0], "residential", "no", ACTOR)
    complete_inspection(db, drafts[0], ACTOR)
    with pytest.raises(InspectionReadOnly) as refused:
        link_photo(db, drafts[0], A, ACTOR)
    assert refused.value.inspection_id == drafts[0]
    message = str(refused.value)
    assert "已完成的检查不能修改照片" in message and "read-only: amend it" in message
    assert drafts[0] in message


def test_stored_reading_notes_come_back_as_texts(db: sqlite_utils.Database) -> None:
    problems = '[{"zh": "纬度无效", "en": "bad latitude"}, {"zh": "分母为零", "en": "zero"}]'
    insert_photo(db, replace(photo_record(A), problems=problems))
    stored = get_photo(db, A)
    assert stored is not None
    assert stored.problem_texts() == [Text("纬度无效", "bad latitude"), Text("分母为零", "zero")]
    assert replace(stored, problems="").problem_texts() == []
    assert get_photo(db, B) is None


def test_an_amendment_carries_each_use_with_its_checks(
    db: sqlite_utils.Database, checklist: Checklist, site: Site, profile: Profile
) -> None:
    first = new_draft(db, checklist, site, profile)
    insert_photo(db, photo_record(A))
    insert_photo(db, photo_record(B))
    use_a, _ = link_photo(db, first, A, ACTOR, caption="门头")
    use_b, _ = link_photo(db, first, B, ACTOR, item_id="note")
    replace_checks(db, use_a, [("no_gps", "warning", Text("无定位", "no GPS"), {})])
    set_answer(db, first, "residential", "no", ACTOR)
    complete_inspection(db, first, ACTOR)
    amendment = amend_inspection(db, first, "补拍", ACTOR).id
    copies = list_inspection_photos(db, amendment)
    assert [(c.sha256, c.item_id, c.caption, c.position, c.added_at) for c in copies] == [
        (A, None, "门头", 0, use_a.added_at), (B, "note", "", 0, use_b.added_at)]
    assert all(c.id not in (use_a.id, use_b.id) and c.rev == 1 for c in copies)
    copied_checks = checks_for_inspection(db, amendment)
    assert [c.code for c in copied_checks[copies[0].id]] == ["no_gps"]
    assert copies[1].id not in copied_checks
    entries = db.execute(
        "SELECT entity, action, detail FROM audit WHERE entity_id = ? AND action = "
        "'photo.attach' ORDER BY seq", (amendment,)).fetchall()
    assert entries == [
        ("inspection", "photo.attach", f'{{"copied_from":"{use_a.id}","item_id":null,'
                                       f'"link_id":"{copies[0].id}","sha256":"{A}"}}'),
        ("inspection", "photo.attach", f'{{"copied_from":"{use_b.id}","item_id":"note",'
                                       f'"link_id":"{copies[1].id}","sha256":"{B}"}}'),
    ]


def test_unknown_links_and_inspections_are_named(db: sqlite_utils.Database) -> None:
    with pytest.raises(KeyError) as missing:
        get_link(db, "no-such-link")
    assert missing.value.args == ("no-such-link",)
    with pytest.raises(KeyError) as missing:
        link_photo(db, "no-such-inspection", A, ACTOR)
    assert "no-such-inspection" in str(missing.value)


def test_every_other_inspection_is_named_in_order(db: sqlite_utils.Database,
                                                  drafts: list[str]) -> None:
    insert_photo(db, photo_record(A, phash=PHASH))
    insert_photo(db, photo_record(B, phash=flip(PHASH, 5)))
    insert_photo(db, photo_record(C, phash=flip(PHASH, 3)))
    for other in (drafts[2], drafts[1]):
        link_photo(db, other, A, ACTOR)
    link_photo(db, drafts[1], B, ACTOR)
    link_photo(db, drafts[1], C, ACTOR)
    assert uses_elsewhere(db, drafts[0], A, PHASH, 6) == [
        *sorted([(drafts[1], A, 0), (drafts[2], A, 0)]),
        (drafts[1], B, 5), (drafts[1], C, 3)]


def test_a_similar_picture_in_an_amended_inspection_is_named_once(
    db: sqlite_utils.Database, checklist: Checklist, site: Site, profile: Profile
) -> None:
    first = new_draft(db, checklist, site, profile)
    other = new_draft(db, checklist, site, profile)
    insert_photo(db, photo_record(A, phash=PHASH))
    insert_photo(db, photo_record(B, phash=flip(PHASH, 2)))
    link_photo(db, first, B, ACTOR)
    set_answer(db, first, "residential", "no", ACTOR)
    complete_inspection(db, first, ACTOR)
    amendment = amend_inspection(db, first, "补拍", ACTOR).id
    assert uses_elsewhere(db, other, A, PHASH, 6) == [(amendment, B, 2)]
