"""`street-audit verify`: ok on a sound database; lists tampering and exits 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.paths import media_dir
from app.store.db import open_database, write_transaction


def test_verify_ok_then_tampered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.db"
    assert main(["demo", "--db", str(path), "--inspections", "60", "--seed", "2",
                 "--photos", "0"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["verify", "--db", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["inspections"] == 60 and out["problems"] == []

    db = open_database(path)
    db.execute("DROP TRIGGER audit_no_update")
    with write_transaction(db):
        db.execute("UPDATE audit SET detail = '{\"forged\":true}' WHERE seq = 5")
        db.execute("UPDATE inspections SET finding_count = finding_count + 1 WHERE rowid = 1")
        db.execute("UPDATE inspection_counts SET n = n + 5 WHERE status = 'draft'")
    db.close()
    assert main(["verify", "--db", str(path)]) == 1
    out_text = capsys.readouterr().out
    assert "entry 5 was altered" in out_text and "finding count" in out_text
    assert "list count" in out_text
    assert "list count by date" not in out_text  # only the tampered table is reported


def test_verify_reports_period_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.db"
    assert main(["demo", "--db", str(path), "--inspections", "40", "--photos", "0"]) == 0
    db = open_database(path)
    with write_transaction(db):
        # One month's row off by 3: exactly one problem, naming the month.
        month = db.execute(
            "SELECT period FROM inspection_period_counts WHERE grain = 'month' AND status = '*' "
            "AND form_id = '*' AND district_code = '*' AND is_current = 1 LIMIT 1"
        ).fetchone()[0]
        db.execute(
            "UPDATE inspection_period_counts SET n = n + 3 WHERE grain = 'month' AND period = ? "
            "AND status = '*' AND form_id = '*' AND district_code = '*' AND is_current = 1",
            (month,),
        )
    db.close()
    capsys.readouterr()
    assert main(["verify", "--db", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert len(out["problems"]) == 1
    assert "list count by date" in out["problems"][0] and month in out["problems"][0]


def test_verify_checks_photo_originals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ph.db"
    assert main(["demo", "--db", str(path), "--inspections", "40", "--photos", "2"]) == 0
    capsys.readouterr()
    assert main(["verify", "--db", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["photos"] >= 2 and out["notes"] == []

    originals = sorted((media_dir(path) / "originals").glob("*/*"))
    assert len(originals) == out["photos"]
    missing, shortened = originals[0], originals[1]
    missing.unlink()
    shortened.write_bytes(shortened.read_bytes()[:-10])
    stray = media_dir(path) / "originals" / "00" / ("0" * 64)
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"not ours")
    assert main(["verify", "--db", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert len(out["problems"]) == 2
    assert any("photo original missing" in p and missing.name in p for p in out["problems"])
    assert any("wrong size" in p and shortened.name in p for p in out["problems"])
    assert len(out["notes"]) == 1 and stray.name in out["notes"][0]


def test_stray_photo_files_are_notes_not_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "n.db"
    assert main(["demo", "--db", str(path), "--inspections", "20", "--photos", "0"]) == 0
    folder = media_dir(path) / "originals" / "ab"
    folder.mkdir(parents=True)
    (folder / ("ab" * 32)).write_bytes(b"left over")
    (folder / ".incoming-xyz").write_bytes(b"half")
    capsys.readouterr()
    assert main(["verify", "--db", str(path)]) == 0
    text = capsys.readouterr().out
    assert "2 notes, not problems" in text and "unfinished write" in text and "ab" * 32 in text


def test_verify_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--db", str(tmp_path / "none.db")]) == 1
    assert "street-audit init" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_verify_foreign_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.db"
    path.write_text("hello", encoding="utf-8")
    assert main(["verify", "--db", str(path)]) == 3
