"""`street-audit verify`: ok on a sound database; lists tampering and exits 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import open_database, write_transaction


def test_verify_ok_then_tampered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.db"
    assert main(["demo", "--db", str(path), "--inspections", "60", "--seed", "2"]) == 0
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


def test_verify_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--db", str(tmp_path / "none.db")]) == 1
    assert "street-audit init" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_verify_foreign_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.db"
    path.write_text("hello", encoding="utf-8")
    assert main(["verify", "--db", str(path)]) == 3
