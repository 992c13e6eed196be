"""Reading inspections: the stored record, its findings, its versions, its checklist."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Literal

from app.core.text import Text
from app.store.checklists import get_checklist
from app.store.inspection_errors import InspectionNotFound

if TYPE_CHECKING:
    import sqlite_utils

    # Imported where a checklist is evaluated (see evaluate_answers): listing and counting
    # inspections, what the window does first, needs no checklist engine and no YAML parser.
    from app.core.checklist import Checklist, Evaluation, Finding


# Dates in filters are Beijing calendar dates (China keeps UTC+8 all year, no DST).


Status = Literal["draft", "completed"]


DisplayStatus = Literal["draft", "completed", "superseded"]


@dataclass(frozen=True, slots=True)
class Inspection:
    """One stored inspection (one version of it, see docs/data-model.md on amendments)."""

    id: str
    origin_device: str
    rev: int
    base_rev: int | None
    created_at: str
    updated_at: str
    form_id: str
    form_version: int
    site_id: str
    district_code: str
    status: Status
    answers: dict[str, Any]
    finding_count: int
    inspector_name: str
    badge_no: str
    team: str
    started_at: str
    completed_at: str | None
    lat: float | None
    lon: float | None
    chain_id: str
    amendment_no: int
    amends_id: str | None
    amend_reason: str | None
    superseded_by: str | None
    second_inspector_name: str = ""  # the second officer (行政处罚法 第四十二条)
    second_badge_no: str = ""

    @property
    def is_completed(self) -> bool:
        """Completed inspections are read-only."""
        return self.status == "completed"

    @property
    def display_status(self) -> DisplayStatus:
        """draft, completed, or superseded (completed and replaced by a completed amendment)."""
        return "superseded" if self.superseded_by else self.status


INSPECTION_COLUMNS = ", ".join(f.name for f in fields(Inspection))


def get_inspection(db: sqlite_utils.Database, inspection_id: str) -> Inspection:
    """The inspection with this id; InspectionNotFound otherwise."""
    row = db.execute(
        f"SELECT {INSPECTION_COLUMNS} FROM inspections WHERE id = ?", (inspection_id,)
    ).fetchone()
    if row is None:
        raise InspectionNotFound(inspection_id)
    return row_to_inspection(row)


def get_findings(db: sqlite_utils.Database, inspection_id: str) -> list[Finding]:
    """The stored findings of one inspection, in checklist order."""
    rows = db.execute(
        "SELECT item_id, severity, text_zh, text_en, legal_basis_zh, legal_basis_en "
        "FROM findings WHERE inspection_id = ? ORDER BY id",
        (inspection_id,),
    )
    from app.core.checklist import Finding

    return [
        Finding(
            item_id,
            severity,
            Text(zh, en),
            Text(lz or "", le or "") if lz is not None or le is not None else None,
        )
        for item_id, severity, zh, en, lz, le in rows
    ]


def passed_recheck_after(
    db: sqlite_utils.Database, site_id: str, form_id: str, completed_at: str
) -> bool:
    """A later completed (current) inspection of the site with the same checklist found nothing:
    the findings before it were put right (复查合格)."""
    # The unary `+` keeps SQLite on the site index (a site has a handful of inspections);
    # without statistics it would pick a status/checklist index and scan thousands of rows.
    row = db.execute(
        "SELECT 1 FROM inspections WHERE site_id = ? AND +form_id = ? "
        "AND +status = 'completed' AND superseded_by IS NULL AND +finding_count = 0 "
        "AND +completed_at > ? LIMIT 1",
        (site_id, form_id, completed_at),
    ).fetchone()
    return row is not None


def evaluate_inspection(db: sqlite_utils.Database, inspection_id: str) -> Evaluation:
    """Evaluate an inspection's stored answers against its own checklist version."""
    inspection = get_inspection(db, inspection_id)
    return evaluate_answers(checklist_of(db, inspection), inspection.answers)


def inspection_history(db: sqlite_utils.Database, chain_id: str) -> list[Inspection]:
    """Every version of one inspection: the original first, then its amendments."""
    rows = db.execute(
        f"SELECT {INSPECTION_COLUMNS} FROM inspections WHERE chain_id = ? ORDER BY amendment_no",
        (chain_id,),
    )
    return [row_to_inspection(r) for r in rows]


def row_to_inspection(row: tuple[Any, ...]) -> Inspection:
    values = list(row)
    answers_at = [f.name for f in fields(Inspection)].index("answers")
    values[answers_at] = json.loads(values[answers_at])
    return Inspection(*values)


def evaluate_answers(checklist: Checklist, answers: Mapping[str, Any]) -> Evaluation:
    """The engine's evaluate, imported on first use (the checklist was parsed: it is loaded)."""
    from app.core.checklist import evaluate

    return evaluate(checklist, answers)


def checklist_of(db: sqlite_utils.Database, inspection: Inspection) -> Checklist:
    return get_checklist(db, inspection.form_id, inspection.form_version)


def inspection_checklist(db: sqlite_utils.Database, inspection_id: str) -> Checklist:
    """The checklist version an inspection was made with."""
    return checklist_of(db, get_inspection(db, inspection_id))

