"""Completed demo inspections have their photos (issue 8.9): what a team lead opening the newest
records sees: every photo slot with at least its recommended number, taken during the visit,
the record completed at the end of that visit, and the evidence chain intact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from app.core.checklist import evaluate
from app.core.clock import to_beijing
from app.demo import make_demo
from app.store.audit import verify_audit_chain
from app.store.checklists import get_checklist
from app.store.db import open_database

PHOTOS = 8


@pytest.fixture(scope="module", params=(2, 9))
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sqlite_utils.Database]:
    path: Path = tmp_path_factory.mktemp("photos") / "demo.db"
    db = open_database(path, create=True)
    make_demo(db, path, inspections=120, seed=request.param, photos=PHOTOS,
              as_of=date(2026, 3, 31))
    yield db
    db.close()


def _completed_newest_first(db: sqlite_utils.Database) -> list[tuple[Any, ...]]:
    """Completed one-version records (no amendment in their chain), newest first."""
    return db.execute(
        "SELECT i.id, i.form_id, i.form_version, i.answers, i.started_at, i.completed_at "
        "FROM inspections i WHERE i.status = 'completed' AND (SELECT count(*) FROM "
        "inspections c WHERE c.chain_id = i.chain_id) = 1 ORDER BY i.started_at DESC"
    ).fetchall()


def test_the_newest_completed_inspections_have_their_photos(
    demo: sqlite_utils.Database,
) -> None:
    newest = _completed_newest_first(demo)[:PHOTOS]
    assert len(newest) == PHOTOS
    for inspection_id, form_id, version, answers_json, _started, _done in newest:
        checklist = get_checklist(demo, form_id, version)
        answers = json.loads(answers_json)
        visible = set(evaluate(checklist, answers).visible)
        slots = [i for i in checklist.items() if i.type == "photo" and i.id in visible]
        assert slots, form_id
        for slot in slots:
            in_answer = answers.get(slot.id, [])
            stored = demo.execute(
                "SELECT count(*) FROM inspection_photos WHERE inspection_id = ? AND item_id = ?",
                (inspection_id, slot.id),
            ).fetchone()[0]
            assert len(in_answer) == stored >= max(1, slot.photo_min), (form_id, slot.id)
            assert slot.photo_max is None or stored <= slot.photo_max


def test_their_photos_were_taken_during_the_visit_and_raise_no_warning(
    demo: sqlite_utils.Database,
) -> None:
    rows = demo.execute(
        "SELECT i.id, i.started_at, i.completed_at, p.taken_at_utc FROM inspections i "
        "JOIN inspection_photos l ON l.inspection_id = i.id JOIN photos p ON p.sha256 = l.sha256 "
        "WHERE i.status = 'completed'"
    ).fetchall()
    assert len({r[0] for r in rows}) >= PHOTOS
    for _id, started, completed, taken in rows:
        assert started <= taken <= completed
        done = to_beijing(completed)
        assert done.date() == to_beijing(started).date() and done.time() <= time(18, 0, 59)
    warned = demo.execute(
        "SELECT count(*) FROM photo_checks c JOIN inspections i ON i.id = c.inspection_id "
        "WHERE i.status = 'completed' AND c.severity = 'warning'"
    ).fetchone()[0]
    assert warned == 0
    # Drafts still show the badges the demo is for.
    assert demo.execute(
        "SELECT count(*) FROM photo_checks WHERE severity = 'warning'"
    ).fetchone()[0] > 0


def test_completing_them_kept_the_evidence_chain(demo: sqlite_utils.Database) -> None:
    assert verify_audit_chain(demo) == []
    # Every completed inspection, with photos or not, was completed once in the log.
    once = demo.execute(
        "SELECT count(*) FROM inspections i WHERE (SELECT count(*) FROM audit a WHERE "
        "a.entity_id = i.id AND a.action = 'inspection.complete') != "
        "(i.completed_at IS NOT NULL)"
    ).fetchone()[0]
    assert once == 0
    assert demo.execute(
        "SELECT count(*) FROM inspections i WHERE finding_count != "
        "(SELECT count(*) FROM findings f WHERE f.inspection_id = i.id)"
    ).fetchone()[0] == 0
