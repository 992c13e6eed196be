"""Completing with what the record will say (issue 12.1): the preview, the photo minimum of an
optional slot (refused, or completed with a stated reason that is stored), signatures stored with
their hash and time and never changed afterwards."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
import sqlite_utils

from app.store.audit import verify_audit_chain
from app.store.checklists import register_checklist
from app.store.completion import (
    PhotoReasonNeeded,
    complete_with_record,
    completion_preview,
    short_photo_reason,
)
from app.store.inspection_errors import IncompleteInspection, InspectionReadOnly
from app.store.inspection_records import get_inspection
from app.store.inspections import set_answers, start_inspection
from app.store.profile import Profile
from app.store.signatures import SignatureInput, SignatureRefused, signatures_for
from app.store.sites import Site
from tests.helpers.completion import photo_min_checklist, signature_png


@pytest.fixture
def draft(db: sqlite_utils.Database, profile: Profile, site: Site) -> str:
    checklist, text = photo_min_checklist()
    register_checklist(db, checklist, text, profile.inspector_name)
    return str(start_inspection(db, checklist.id, site.id, profile).id)


def _answer(db: sqlite_utils.Database, inspection_id: str, **answers: object) -> None:
    set_answers(db, inspection_id, answers, "王建国")


def test_preview_says_findings_short_slots_and_blockers(db: sqlite_utils.Database,
                                                        draft: str) -> None:
    preview = completion_preview(db, draft)
    assert not preview.can_complete
    assert [p.item_id for p in preview.missing] == ["trading"]
    _answer(db, draft, trading="yes")
    preview = completion_preview(db, draft)
    assert preview.can_complete
    assert list(preview.findings_by_severity()) == ["major"]
    assert preview.findings_by_severity()["major"][0].text.zh == "占道经营"
    # "需要 2–10 张" with no photo at all: short, though the engine lets it complete.
    assert [(s.item_id, s.count, s.minimum) for s in preview.short_slots] == [("scene", 0, 2)]
    assert preview.needs_photo_reason
    assert preview.photo_count == 0 and preview.photo_warnings == ()


def test_short_photos_refused_without_a_reason(db: sqlite_utils.Database, draft: str) -> None:
    _answer(db, draft, trading="no")
    with pytest.raises(PhotoReasonNeeded) as refused:
        complete_with_record(db, draft, "王建国")
    assert "现场照片（0/2 张）" in refused.value.text.zh
    assert [s.item_id for s in refused.value.short_slots] == ["scene"]
    assert get_inspection(db, draft).status == "draft"
    with pytest.raises(PhotoReasonNeeded):
        complete_with_record(db, draft, "王建国", short_photo_reason="   ")


def test_short_photos_completed_with_the_reason_stored_and_audited(
        db: sqlite_utils.Database, draft: str) -> None:
    _answer(db, draft, trading="no")
    done = complete_with_record(db, draft, "王建国",
                                short_photo_reason="当事人阻拦，  无法拍照")
    assert done.status == "completed"
    assert short_photo_reason(db, draft) == "当事人阻拦， 无法拍照"
    detail = db.execute("SELECT detail FROM audit WHERE action = 'inspection.attest' "
                        "AND entity_id = ?", (draft,)).fetchone()[0]
    assert "当事人阻拦" in detail
    assert verify_audit_chain(db) == []
    with pytest.raises(sqlite3.DatabaseError), db.conn:
        db.execute("UPDATE inspections SET short_photo_reason = 'x' WHERE id = ?", (draft,))


def test_enough_photos_need_no_reason_and_store_none(db: sqlite_utils.Database,
                                                     draft: str) -> None:
    _answer(db, draft, trading="no", scene=["a" * 64, "b" * 64])
    assert not completion_preview(db, draft).short_slots
    complete_with_record(db, draft, "王建国", short_photo_reason="不需要")
    assert short_photo_reason(db, draft) == ""


def test_incomplete_is_refused_before_photos(db: sqlite_utils.Database, draft: str) -> None:
    with pytest.raises(IncompleteInspection):
        complete_with_record(db, draft, "王建国", short_photo_reason="无")


def test_signatures_stored_with_hash_and_time_and_never_changed(
        db: sqlite_utils.Database, draft: str) -> None:
    _answer(db, draft, trading="yes")
    png = signature_png(3)
    complete_with_record(db, draft, "王建国", short_photo_reason="夜间无法拍照", signatures=[
        SignatureInput("inspector", png, "王建国"),
        SignatureInput.party_refused("李见证", "张老板"),
    ])
    found = signatures_for(db, draft)
    assert set(found) == {"inspector", "party"}
    inspector = found["inspector"]
    assert inspector.png == png
    assert inspector.sha256 == hashlib.sha256(png).hexdigest()
    assert inspector.signed_at.endswith("Z")
    party = found["party"]
    assert party.refused and party.witness_name == "李见证" and party.png is None
    # Read-only once completed: no change, no removal, no new signature.
    with pytest.raises(sqlite3.DatabaseError), db.conn:
        db.execute("UPDATE signatures SET signer_name = 'x' WHERE id = ?", (inspector.id,))
    with pytest.raises(sqlite3.DatabaseError), db.conn:
        db.execute("DELETE FROM signatures WHERE id = ?", (inspector.id,))
    with pytest.raises(InspectionReadOnly):
        complete_with_record(db, draft, "王建国",
                             signatures=[SignatureInput("witness", png, "赵")])
    assert set(signatures_for(db, draft)) == {"inspector", "party"}


@pytest.mark.parametrize("signature", [
    SignatureInput("inspector", b"GIF89a not a png"),
    SignatureInput("party", None, refused=True),  # no witness
    SignatureInput("inspector", None, refused=True),  # only the party refuses
    SignatureInput("boss", signature_png()),
])
def test_bad_signatures_refused_and_nothing_written(db: sqlite_utils.Database, draft: str,
                                                    signature: SignatureInput) -> None:
    _answer(db, draft, trading="no", scene=["a" * 64, "b" * 64])
    with pytest.raises(SignatureRefused):
        complete_with_record(db, draft, "王建国", signatures=[signature])
    assert get_inspection(db, draft).status == "draft"
    assert signatures_for(db, draft) == {}


def test_two_signatures_of_one_role_refused(db: sqlite_utils.Database, draft: str) -> None:
    _answer(db, draft, trading="no", scene=["a" * 64, "b" * 64])
    with pytest.raises(SignatureRefused):
        complete_with_record(db, draft, "王建国", signatures=[
            SignatureInput("inspector", signature_png(1)),
            SignatureInput("inspector", signature_png(2))])
