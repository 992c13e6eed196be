"""The demo's bulk inserts write what the store's services write (issue 8.6).

The demo inserts 100,000 inspections in one go instead of calling `start_inspection` and
`complete_inspection` for each; these tests make the same inspections through the services
and compare what a reader, the audit log and the list counts see.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from app.core.checklist import evaluate
from app.demo import fill_demo, make_demo
from app.demo.complete import complete_at
from app.store.checklists import get_checklist
from app.store.db import open_database
from app.store.inspection_counts import period_count_problems
from app.store.inspection_errors import InspectionReadOnly
from app.store.inspections import (
    amend_inspection,
    complete_inspection,
    set_answers,
    start_inspection,
)
from app.store.profile import get_profile
from app.store.sites import SiteDraft, create_site

AS_OF = date(2026, 3, 31)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    path: Path = tmp_path_factory.mktemp("same") / "demo.db"
    db = open_database(path, create=True)
    fill_demo(db, inspections=150, seed=4, as_of=AS_OF)
    yield db
    db.close()


def _row(db: sqlite_utils.Database, inspection_id: str) -> dict[str, Any]:
    cursor = db.execute("SELECT * FROM inspections WHERE id = ?", (inspection_id,))
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def _filled(row: dict[str, Any]) -> set[str]:
    return {name for name, value in row.items() if value is not None}


def _findings(db: sqlite_utils.Database, inspection_id: str) -> list[tuple[Any, ...]]:
    return sorted(db.execute(
        "SELECT item_id, severity, text_zh, text_en, legal_basis_zh, legal_basis_en "
        "FROM findings WHERE inspection_id = ?", (inspection_id,)).fetchall())  # fmt: skip


def _actions(db: sqlite_utils.Database, inspection_id: str) -> list[str]:
    return [a for (a,) in db.execute(
        "SELECT action FROM audit WHERE entity = 'inspection' AND entity_id = ? ORDER BY seq",
        (inspection_id,))]  # fmt: skip


def _one(db: sqlite_utils.Database, where: str) -> dict[str, Any]:
    found = db.execute(f"SELECT id FROM inspections WHERE {where} ORDER BY id LIMIT 1").fetchone()
    assert found, where
    return _row(db, found[0])


def _counts_agree(db: sqlite_utils.Database) -> None:
    kept = dict(((c, s, f, d), n) for c, s, f, d, n in db.execute(
        "SELECT is_current, status, form_id, district_code, n FROM inspection_counts "
        "WHERE n != 0"))  # fmt: skip
    recount = dict(((c, s, f, d), n) for c, s, f, d, n in db.execute(
        "SELECT superseded_by IS NULL, status, form_id, district_code, count(*) FROM "
        "inspections GROUP BY 1, 2, 3, 4"))  # fmt: skip
    assert kept == recount
    assert period_count_problems(db) == []


@pytest.mark.parametrize("status", ["completed", "draft"])
def test_a_demo_inspection_is_what_the_services_make_from_its_answers(
    demo: sqlite_utils.Database, status: str
) -> None:
    made = _one(demo, f"status = '{status}' AND amends_id IS NULL AND superseded_by IS NULL")
    answers = json.loads(made["answers"])
    own = start_inspection(demo, made["form_id"], made["site_id"], get_profile(demo),
                           answers=answers)
    if status == "completed":
        complete_inspection(demo, own.id, own.inspector_name)
    theirs = _row(demo, own.id)
    # Same columns filled (lat/lon: the window records where the laptop was; the demo does too).
    assert _filled(made) - {"lat", "lon"} == _filled(theirs) - {"lat", "lon"}
    assert theirs["finding_count"] == made["finding_count"]
    assert _findings(demo, own.id) == _findings(demo, made["id"])
    assert _actions(demo, own.id) == _actions(demo, made["id"])
    _counts_agree(demo)


def test_a_demo_amendment_is_what_amending_makes(demo: sqlite_utils.Database) -> None:
    made = _one(demo, "amends_id IS NOT NULL AND status = 'completed'")
    original = _row(demo, made["amends_id"])
    own = start_inspection(demo, original["form_id"], original["site_id"], get_profile(demo),
                           answers=json.loads(original["answers"]))
    complete_inspection(demo, own.id, own.inspector_name)
    fix = amend_inspection(demo, own.id, made["amend_reason"], own.inspector_name)
    # The demo writes the corrected answers with the amendment; a person types them after.
    set_answers(demo, fix.id, json.loads(made["answers"]), own.inspector_name)
    complete_inspection(demo, fix.id, own.inspector_name)
    assert _filled(_row(demo, fix.id)) - {"lat", "lon"} == _filled(made) - {"lat", "lon"}
    assert _filled(_row(demo, own.id)) - {"lat", "lon"} == _filled(original) - {"lat", "lon"}
    assert _findings(demo, fix.id) == _findings(demo, made["id"])
    assert [a for a in _actions(demo, fix.id) if a != "answer.set"] == _actions(demo, made["id"])
    assert _actions(demo, own.id) == _actions(demo, original["id"])
    _counts_agree(demo)


def test_a_completion_dated_as_the_visit_is_what_completing_writes(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    db = open_database(path, create=True)
    try:
        summary, _photos = make_demo(db, path, inspections=60, seed=3, photos=2, as_of=AS_OF)
        held = summary.to_complete[0][0]
        made = _row(db, held)
        assert made["status"] == "completed" and made["completed_at"] == summary.to_complete[0][1]
        own = start_inspection(db, made["form_id"], made["site_id"], get_profile(db),
                               answers=json.loads(made["answers"]))
        complete_inspection(db, own.id, own.inspector_name)
        theirs = _row(db, own.id)
        assert _filled(made) - {"lat", "lon"} == _filled(theirs) - {"lat", "lon"}
        assert _findings(db, own.id) == _findings(db, held)
        # Photos were attached while it was a draft (their own entries), then it was completed.
        steps = [a for a in _actions(db, held) if a != "answer.set" and not a.startswith("photo")]
        assert steps == _actions(db, own.id)
        detail = json.loads(db.execute(
            "SELECT detail FROM audit WHERE entity_id = ? AND action = 'inspection.complete'",
            (held,)).fetchone()[0])  # fmt: skip
        assert detail == {"findings": made["finding_count"], "amends": None}
        _counts_agree(db)
        # Refused as the service refuses: a completed inspection stays as it is.
        with pytest.raises(InspectionReadOnly):
            complete_at(db, held, made["completed_at"], "王建国")
    finally:
        db.close()


def test_a_demo_site_is_what_create_site_makes(demo: sqlite_utils.Database) -> None:
    cursor = demo.execute("SELECT * FROM sites WHERE credit_code IS NOT NULL ORDER BY id LIMIT 1")
    names = [d[0] for d in cursor.description]
    made = dict(zip(names, cursor.fetchone(), strict=True))
    draft = SiteDraft(made["district_code"], made["address"], made["name"],
                      made["division_code"], made["credit_code"], made["lat"], made["lon"],
                      made["location_source"])  # fmt: skip
    own = create_site(demo, draft, "王建国")
    cursor = demo.execute("SELECT * FROM sites WHERE id = ?", (own.id,))
    theirs = dict(zip(names, cursor.fetchone(), strict=True))
    same = ("name", "address", "district_code", "division_code", "credit_code",
            "credit_code_check", "lat", "lon", "location_source", "rev", "base_rev")  # fmt: skip
    assert {k: theirs[k] for k in same} == {k: made[k] for k in same}
    assert _filled(theirs) == _filled(made)
    actions = [a for (a,) in demo.execute(
        "SELECT action FROM audit WHERE entity = 'site' AND entity_id IN (?, ?) ORDER BY seq",
        (made["id"], own.id))]  # fmt: skip
    assert actions == ["site.create", "site.create"]


def test_every_demo_inspection_has_the_findings_its_answers_give(
    demo: sqlite_utils.Database,
) -> None:
    """Pooled answers made a site's own (its sign, trade, building) keep the pool's findings."""
    rows = demo.execute(
        "SELECT id, form_id, form_version, answers, finding_count FROM inspections"
    ).fetchall()
    for inspection_id, form_id, version, answers, count in rows:
        ev = evaluate(get_checklist(demo, form_id, version), json.loads(answers))
        want = sorted((f.item_id, f.severity, f.text.zh) for f in ev.findings)
        assert [f[:3] for f in _findings(demo, inspection_id)] == want, inspection_id
        assert count == len(want)
