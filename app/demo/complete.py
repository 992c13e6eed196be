"""Completing a demo inspection at the end of its visit, months ago.

`complete_inspection` stamps today's time, and a completed row can never change again (a
trigger guards the evidence), so the demo cannot complete first and re-date afterwards. This
writes what `complete_inspection` writes (status, completion time, revision, findings rows, the
`inspection.complete` audit entry), dated as the visit; tests/demo/test_same_as_services.py
compares the two row by row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.checklist import evaluate
from app.store.audit import record_audit
from app.store.checklists import get_checklist
from app.store.db import write_transaction
from app.store.inspection_errors import InspectionReadOnly
from app.store.inspection_records import get_inspection
from app.store.inspections import incomplete_error

if TYPE_CHECKING:
    import sqlite_utils


def complete_at(
    db: sqlite_utils.Database, inspection_id: str, completed_at: str, actor: str
) -> None:
    """Complete a draft as of `completed_at` (UTC ISO 8601): refused as the service refuses."""
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        if inspection.is_completed:
            raise InspectionReadOnly(inspection_id)
        checklist = get_checklist(db, inspection.form_id, inspection.form_version)
        ev = evaluate(checklist, inspection.answers)
        if not ev.can_complete:
            raise incomplete_error(checklist, ev)
        db.execute(
            "UPDATE inspections SET status = 'completed', completed_at = ?, rev = rev + 1, "
            "base_rev = rev, updated_at = ?, finding_count = ? WHERE id = ?",
            (completed_at, completed_at, len(ev.findings), inspection_id),
        )
        db.execute("DELETE FROM findings WHERE inspection_id = ?", (inspection_id,))
        db.conn.executemany(
            "INSERT INTO findings (inspection_id, item_id, severity, text_zh, text_en, "
            "legal_basis_zh, legal_basis_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(inspection_id, f.item_id, f.severity, f.text.zh, f.text.en,
              f.legal_basis.zh if f.legal_basis else None,
              f.legal_basis.en if f.legal_basis else None) for f in ev.findings],
        )
        record_audit(db, actor, "inspection.complete", "inspection", inspection_id,
                     {"findings": len(ev.findings), "amends": inspection.amends_id},
                     at=completed_at)
