"""`street-audit inspection complete ID`: the window's completion without it (issue 12.1) —
what the record will say, short photos refused without --photo-reason, signatures from PNG files,
the party's refusal with a witness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.store.checklists import register_checklist
from app.store.completion import short_photo_reason
from app.store.db import open_database
from app.store.inspection_records import get_inspection
from app.store.inspections import set_answers, start_inspection
from app.store.profile import get_profile
from app.store.signatures import signatures_for
from app.store.sites import SiteDraft, create_site
from tests.helpers.completion import photo_min_checklist, signature_png


@pytest.fixture
def draft(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "db.db"
    assert main(["init", "--db", str(path), "--role", "field", "--inspector", "王建国"]) == 0
    db = open_database(path)
    try:
        checklist, text = photo_min_checklist()
        register_checklist(db, checklist, text, "王建国")
        site = create_site(db, SiteDraft(district_code="110101", name="鑫源便民超市",
                                         address="东城区东四北大街123号"), "王建国")
        insp = start_inspection(db, checklist.id, site.id, get_profile(db))
        set_answers(db, insp.id, {"trading": "yes"}, "王建国")
    finally:
        db.close()
    return path, str(insp.id)


def _status(path: Path, inspection_id: str) -> str:
    db = open_database(path)
    try:
        return get_inspection(db, inspection_id).status
    finally:
        db.close()


def test_preview_then_refused_then_completed_with_reason_and_signatures(
        draft: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, insp = draft
    assert main(["inspection", "complete", "--db", str(path), insp, "--preview"]) == 0
    out = capsys.readouterr().out
    assert "问题（较重）: 占道经营" in out and "照片不足" in out and "0/2" in out
    assert _status(path, insp) == "draft"

    assert main(["inspection", "complete", "--db", str(path), insp]) == 3
    assert "照片不足" in capsys.readouterr().err
    assert _status(path, insp) == "draft"

    sig = tmp_path / "inspector.png"
    sig.write_bytes(signature_png(5))
    assert main(["--json", "inspection", "complete", "--db", str(path), insp,
                 "--photo-reason", "店主拒绝拍照", "--signature", f"inspector={sig}",
                 "--party-refused", "李见证"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "completed"
    assert out["short_photo_slots"] == [{"item_id": "scene", "count": 0, "min": 2}]
    db = open_database(path)
    try:
        assert short_photo_reason(db, insp) == "店主拒绝拍照"
        found = signatures_for(db, insp)
        assert found["inspector"].png == sig.read_bytes()
        assert found["party"].refused and found["party"].witness_name == "李见证"
    finally:
        db.close()
    # Completed: completing again is refused.
    assert main(["inspection", "complete", "--db", str(path), insp]) == 3


@pytest.mark.parametrize("bad", [["--signature", "boss=x.png"], ["--signature", "inspector"],
                                 ["--signature", "inspector=/nonexistent.png"]])
def test_bad_signature_options_exit_3(draft: tuple[Path, str], bad: list[str]) -> None:
    path, insp = draft
    assert main(["inspection", "complete", "--db", str(path), insp,
                 "--photo-reason", "无", *bad]) == 3
    assert _status(path, insp) == "draft"


def test_unknown_inspection_exits_3(draft: tuple[Path, str]) -> None:
    path, _ = draft
    assert main(["inspection", "complete", "--db", str(path), "no-such-id"]) == 3
