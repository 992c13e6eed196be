"""`street-audit demo`: realistic data in every state, deterministic for a seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.creditcode import check_credit_code
from app.core.divisions import district_of
from app.store.audit import verify_audit_chain
from app.store.db import open_database
from app.store.demo import DISTRICT_AREAS


def _demo(path: Path, n: int, seed: int) -> dict[str, object]:
    assert (
        main(["demo", "--db", str(path), "--inspections", str(n), "--seed", str(seed), "--json"])
        == 0
    )
    return {}


def test_demo_fills_a_new_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--inspections", "400", "--seed", "7", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["inspections"] == 400 and out["drafts"] > 0 and out["superseded"] > 0
    db = open_database(path)
    assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 400
    statuses = dict(
        db.execute("SELECT status, count(*) FROM inspections GROUP BY status").fetchall()
    )
    assert statuses["draft"] > 0 and statuses["completed"] > 0
    assert (
        db.execute("SELECT count(*) FROM inspections WHERE amends_id IS NOT NULL").fetchone()[0] > 0
    )
    assert db.execute("SELECT count(DISTINCT form_id) FROM inspections").fetchone()[0] >= 3
    assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == out["findings"] > 0
    # finding_count agrees with the findings rows
    assert (
        db.execute(
            "SELECT count(*) FROM inspections i WHERE finding_count != "
            "(SELECT count(*) FROM findings f WHERE f.inspection_id = i.id)"
        ).fetchone()[0]
        == 0
    )
    sites = db.execute(
        "SELECT name, address, district_code, credit_code, credit_code_check, lat, lon FROM sites"
    ).fetchall()
    assert len({s[2] for s in sites}) >= 8
    without_code = [s for s in sites if s[3] is None]
    assert without_code and len(without_code) < len(sites)
    for name, address, district, code, check, lat, lon in sites:
        assert name and address.startswith(district_of(district).name)
        if code is not None:
            assert check_credit_code(code).kind == check
        lat0, lon0, radius = DISTRICT_AREAS[district]
        assert abs(lat - lat0) <= radius and abs(lon - lon0) <= radius
    assert sum(1 for s in sites if s[4] == "ok") > sum(1 for s in sites if s[4] == "check")
    assert verify_audit_chain(db) == []
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def _content(path: Path) -> list[object]:
    db = open_database(path)
    try:
        return [
            db.execute(
                "SELECT id, name, address, credit_code, lat, lon FROM sites ORDER BY id"
            ).fetchall(),
            db.execute(
                "SELECT id, form_id, site_id, status, answers, started_at, superseded_by "
                "FROM inspections ORDER BY id"
            ).fetchall(),
        ]
    finally:
        db.close()


def test_same_seed_same_data(tmp_path: Path) -> None:
    _demo(tmp_path / "a.db", 150, 3)
    _demo(tmp_path / "b.db", 150, 3)
    _demo(tmp_path / "c.db", 150, 4)
    assert _content(tmp_path / "a.db") == _content(tmp_path / "b.db")
    assert _content(tmp_path / "a.db") != _content(tmp_path / "c.db")


def test_demo_on_existing_database_adds(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    assert main(["init", "--db", str(path), "--role", "office", "--inspector", "陈静"]) == 0
    _demo(path, 50, 1)
    _demo(path, 50, 2)
    db = open_database(path)
    assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 100
    assert db.execute("SELECT inspector_name FROM profile").fetchone()[0] == "陈静"
    db.close()
