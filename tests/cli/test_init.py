"""`street-audit init`: creates the database, device and profile; refusals exit non-zero."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import open_database
from app.store.profile import get_profile


def test_init_creates_device_profile_and_checklists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = tmp_path / "field.db"
    code = main(["init", "--db", str(db_file), "--role", "lead", "--inspector", "李秀英",
                 "--badge", "BJ-0101-0007", "--team", "东城一队", "--district", "110101",
                 "--office", "东华门街道办事处", "--json"])  # fmt: skip
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["role"] == "lead" and out["checklists"]
    # The device's signing key is made now (issue 10): its public half is stored and shown,
    # with the fingerprint people read out over the phone; the private keys stay in the file.
    assert len(out["public_key"]) == 64 and len(out["fingerprint"].split("-")) >= 4
    db = open_database(db_file)
    profile = get_profile(db)
    assert profile is not None and profile.inspector_name == "李秀英"
    assert profile.district_code == "110101" and profile.office_name == "东华门街道办事处"
    device = db.execute("SELECT id, role, public_key, is_local FROM devices").fetchall()
    assert device == [(out["device_id"], "lead", bytes.fromhex(out["public_key"]), 1)]
    keys_file = db_file.parent / "field-keys" / "device-keys.json"
    assert keys_file.is_file() and keys_file.stat().st_mode & 0o077 == 0
    assert '"ed25519_private"' in keys_file.read_text()  # the private keys: here only
    registered = db.execute("SELECT count(DISTINCT form_id) FROM forms").fetchone()[0]
    assert registered == len(out["checklists"])
    db.close()


def test_init_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "a.db"
    args = ["init", "--db", str(db_file), "--role", "field", "--inspector", "张伟"]
    assert main(args) == 0
    before = db_file.read_bytes()
    assert main(args) == 1
    assert "已初始化" in capsys.readouterr().err
    assert db_file.read_bytes() == before


def test_bad_district_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "a.db"
    assert main(["init", "--db", str(db_file), "--role", "field", "--inspector", "张伟",
                 "--district", "120101"]) == 3  # fmt: skip
    assert not db_file.exists()
    with pytest.raises(SystemExit) as info:
        main(["init", "--db", str(db_file), "--role", "boss", "--inspector", "张伟"])
    assert info.value.code == 2


def test_init_on_a_foreign_file_exits_3_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = tmp_path / "notes.db"
    db_file.write_text("not a database\n" * 20, encoding="utf-8")
    before = db_file.read_bytes()
    assert main(["init", "--db", str(db_file), "--role", "field", "--inspector", "张伟"]) == 3
    assert "不是 SQLite" in capsys.readouterr().err
    assert db_file.read_bytes() == before
