"""Completing an inspection with what the record will say (issue 12.1).

`completion_preview` reads what completing would record: the findings by severity, the photo
warnings (no GPS, far from the site, taken outside the visit: the stored photo checks), photo
slots holding fewer photos than their minimum, and what still blocks completion.
`complete_with_record` completes: an optional photo slot below its minimum is refused unless a
reason is given (stored in `inspections.short_photo_reason` and printed on the record as
照片不足说明), and the signatures drawn in the completion dialog are stored with it, all in one
transaction. The window's completion dialog and `street-audit inspection complete` both call
these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.text import Text
from app.store.audit import record_audit
from app.store.db import write_transaction
from app.store.inspection_errors import InspectionError, ItemProblem
from app.store.inspection_records import (
    Inspection,
    checklist_of,
    evaluate_answers,
    get_inspection,
)
from app.store.inspections import complete_inspection, incomplete_error
from app.store.photos import checks_for_inspection, list_inspection_photos
from app.store.signatures import Signature, SignatureInput, insert_signatures, signatures_for

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlite_utils

    from app.core.checklist import Checklist, Evaluation, Finding

SEVERITIES = ("critical", "major", "minor")
SEVERITY_LABELS = {
    "critical": Text("严重", "critical"),
    "major": Text("较重", "major"),
    "minor": Text("一般", "minor"),
}
MAX_REASON = 500


@dataclass(frozen=True)
class ShortPhotoSlot:
    """A photo item shown on the inspection holding fewer photos than its minimum."""

    item_id: str
    label: Text
    count: int
    minimum: int
    maximum: int | None


@dataclass(frozen=True)
class PhotoWarning:
    """An evidence check that warns about one photo (docs/photos.md: no GPS, far, time …)."""

    link_id: str
    sha256: str
    item_id: str | None
    item_label: Text | None
    code: str
    text: Text


@dataclass(frozen=True)
class CompletionPreview:
    """What completing the inspection would record, and what stops it."""

    inspection_id: str
    status: str
    missing: tuple[ItemProblem, ...]
    invalid: tuple[ItemProblem, ...]
    findings: tuple[Finding, ...]  # most serious first
    photo_count: int
    photo_warnings: tuple[PhotoWarning, ...]
    short_slots: tuple[ShortPhotoSlot, ...]
    inspector_name: str
    second_inspector_name: str
    party_name: str  # the site's contact (the party for a home) or ""

    @property
    def can_complete(self) -> bool:
        """Every required answer is there and valid (a reason may still be needed)."""
        return self.status == "draft" and not self.missing and not self.invalid

    @property
    def needs_photo_reason(self) -> bool:
        return bool(self.short_slots)

    def findings_by_severity(self) -> dict[str, tuple[Finding, ...]]:
        """critical, major, minor (only those with findings), each in checklist order."""
        return {s: found for s in SEVERITIES
                if (found := tuple(f for f in self.findings if f.severity == s))}


class PhotoReasonNeeded(InspectionError):
    """Photo slots below their minimum and no reason given; `.short_slots` names them."""

    def __init__(self, short_slots: tuple[ShortPhotoSlot, ...]) -> None:
        self.short_slots = short_slots
        zh = "、".join(f"{s.label.zh}（{s.count}/{s.minimum} 张）" for s in short_slots)
        en = ", ".join(f"{s.label.en} ({s.count}/{s.minimum})" for s in short_slots)
        super().__init__(Text(
            f"照片不足：{zh}。请补拍照片，或写明照片不足的原因后再完成",
            f"too few photos: {en}. Attach more, or state why there are fewer to complete"))


def short_photo_slots(checklist: Checklist, ev: Evaluation,
                      answers: dict[str, object]) -> tuple[ShortPhotoSlot, ...]:
    """Shown photo items below their `photo_min` that the engine lets complete (not required:
    a required one is already a missing or invalid answer)."""
    shown = set(ev.visible)
    slots = []
    for item in checklist.items():
        if item.type != "photo" or item.id not in shown or item.required:
            continue
        minimum = int(item.photo_min or 0)
        value = answers.get(item.id)
        count = len(value) if isinstance(value, list) else 0
        if count < minimum:
            slots.append(ShortPhotoSlot(item.id, item.label, count, minimum, item.photo_max))
    return tuple(slots)


def completion_preview(db: sqlite_utils.Database, inspection_id: str) -> CompletionPreview:
    """What the record would say if completed now (InspectionNotFound if there is none)."""
    inspection = get_inspection(db, inspection_id)
    checklist = checklist_of(db, inspection)
    ev = evaluate_answers(checklist, inspection.answers)
    problems = incomplete_error(checklist, ev)
    order = {s: n for n, s in enumerate(SEVERITIES)}
    findings = tuple(sorted(ev.findings, key=lambda f: order.get(f.severity, len(order))))
    links = list_inspection_photos(db, inspection_id)
    checks = checks_for_inspection(db, inspection_id)
    warnings = []
    for link in links:
        for check in checks.get(link.id, ()):
            if check.severity == "warning":
                warnings.append(PhotoWarning(link.id, link.sha256, link.item_id,
                                             _label(checklist, link.item_id), check.code,
                                             check.text))
    return CompletionPreview(
        inspection_id=inspection.id,
        status=inspection.status,
        missing=problems.missing,
        invalid=problems.invalid,
        findings=findings,
        photo_count=len(links),
        photo_warnings=tuple(warnings),
        short_slots=short_photo_slots(checklist, ev, dict(inspection.answers)),
        inspector_name=inspection.inspector_name,
        second_inspector_name=inspection.second_inspector_name,
        party_name=_party_name(db, inspection),
    )


def complete_with_record(
    db: sqlite_utils.Database,
    inspection_id: str,
    actor: str,
    *,
    short_photo_reason: str | None = None,
    signatures: Iterable[SignatureInput] = (),
) -> Inspection:
    """Complete a draft with its signatures and, where photo slots are short, the reason.

    Refused (nothing written) while answers are missing or invalid (IncompleteInspection), when
    a photo slot is below its minimum without a reason (PhotoReasonNeeded), or for a signature
    that cannot be stored (app.store.signatures.SignatureRefused)."""
    reason = " ".join((short_photo_reason or "").split())
    if len(reason) > MAX_REASON:
        raise InspectionError(Text(f"照片不足说明不能超过 {MAX_REASON} 字",
                                   f"the reason for too few photos is over {MAX_REASON} "
                                   "characters"))
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        checklist = checklist_of(db, inspection)
        ev = evaluate_answers(checklist, inspection.answers)
        short = short_photo_slots(checklist, ev, dict(inspection.answers))
        if inspection.status == "draft" and ev.can_complete and short and not reason:
            raise PhotoReasonNeeded(short)
        # Stored before the status changes (a trigger refuses signatures on a completed
        # inspection); the completion below refuses a completed or incomplete one first.
        if inspection.status == "draft" and ev.can_complete:
            stored = insert_signatures(db, inspection_id, signatures)
            if short:
                db.execute("UPDATE inspections SET short_photo_reason = ? WHERE id = ?",
                           (reason, inspection_id))
        else:
            stored = []
        completed = complete_inspection(db, inspection_id, actor)
        if stored or short:
            record_audit(db, actor, "inspection.attest", "inspection", inspection_id, {
                "short_photo_reason": reason if short else None,
                "short_slots": [{"item": s.item_id, "count": s.count, "min": s.minimum}
                                for s in short],
                "signatures": [_audit_signature(s) for s in stored],
            })
    return completed


def short_photo_reason(db: sqlite_utils.Database, inspection_id: str) -> str:
    """The reason stored with the completion for too few photos ("" when none)."""
    row = db.execute("SELECT short_photo_reason FROM inspections WHERE id = ?",
                     (inspection_id,)).fetchone()
    return str(row[0]) if row and row[0] else ""


def _audit_signature(sig: Signature) -> dict[str, object]:
    return {"id": sig.id, "role": sig.role, "name": sig.signer_name, "sha256": sig.sha256,
            "signed_at": sig.signed_at, "refused": sig.refused, "witness": sig.witness_name}


def _label(checklist: Checklist, item_id: str | None) -> Text | None:
    if not item_id:
        return None
    try:
        return checklist.item(item_id).label
    except KeyError:
        return None


def _party_name(db: sqlite_utils.Database, inspection: Inspection) -> str:
    row = db.execute("SELECT contact_name, name FROM sites WHERE id = ?",
                     (inspection.site_id,)).fetchone()
    return str(row[0] or "") if row else ""


__all__ = [
    "CompletionPreview",
    "PhotoReasonNeeded",
    "PhotoWarning",
    "ShortPhotoSlot",
    "complete_with_record",
    "completion_preview",
    "short_photo_reason",
    "signatures_for",
]
