"""`street-audit demo`: realistic data in every state, deterministic for a seed and a date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.creditcode import check_credit_code
from app.core.divisions import district_of
from app.demo.sites import STREET_SPREAD, STREETS
from app.store.audit import verify_audit_chain
from app.store.db import open_database

AS_OF = "2026-03-31"


def _demo(path: Path, n: int, seed: int, as_of: str = AS_OF) -> None:
    assert main(["demo", "--db", str(path), "--inspections", str(n), "--seed", str(seed),
                 "--photos", "0", "--as-of", as_of, "--json"]) == 0  # fmt: skip


def test_demo_fills_a_new_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.db"
    _demo(path, 400, 7)
    out = json.loads(capsys.readouterr().out)
    assert out["inspections"] == 400 and out["drafts"] > 0 and out["superseded"] > 0
    assert (out["first_day"], out["last_day"]) == ("2025-03-31", "2026-03-30")
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
        "SELECT name, address, district_code, division_code, credit_code, credit_code_check, "
        "lat, lon FROM sites"
    ).fetchall()
    assert len({s[2] for s in sites}) >= 8
    without_code = [s for s in sites if s[4] is None]
    assert without_code and len(without_code) < len(sites)
    townships = dict(db.execute("SELECT code, parent_code FROM divisions").fetchall())
    streets = {(s.district, s.name): s for s in STREETS}
    for name, address, district, division, code, check, lat, lon in sites:
        assert name and address.startswith(district_of(district).name)
        # The address names a real street of this district, and the site is filed under that
        # street's own 街道 and lies near it.
        rest = address.removeprefix(district_of(district).name)
        street = next(s for (d, n), s in streets.items() if d == district and rest.startswith(n))
        assert division == street.township and townships[division] == district + "000000"
        assert abs(lat - street.lat) <= STREET_SPREAD and abs(lon - street.lon) <= STREET_SPREAD
        if code is not None:
            assert check_credit_code(code).kind == check
    assert sum(1 for s in sites if s[5] == "ok") > sum(1 for s in sites if s[5] == "check")
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


def test_same_seed_and_date_same_data(tmp_path: Path) -> None:
    _demo(tmp_path / "a.db", 150, 3)
    _demo(tmp_path / "b.db", 150, 3)
    _demo(tmp_path / "c.db", 150, 4)
    _demo(tmp_path / "d.db", 150, 3, as_of="2026-04-01")
    assert _content(tmp_path / "a.db") == _content(tmp_path / "b.db")
    assert _content(tmp_path / "a.db") != _content(tmp_path / "c.db")
    assert _content(tmp_path / "a.db") != _content(tmp_path / "d.db")


def test_default_date_is_today_in_beijing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import timedelta

    from app.core.clock import beijing_today

    assert main(["demo", "--db", str(tmp_path / "t.db"), "--inspections", "30",
                 "--photos", "0", "--json"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["last_day"] == str(beijing_today() - timedelta(days=1))


def test_bad_as_of_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["demo", "--db", str(tmp_path / "x.db"), "--as-of", "31/03/2026"])
    assert stop.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_demo_on_existing_database_adds(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    assert main(["init", "--db", str(path), "--role", "office", "--inspector", "陈静"]) == 0
    _demo(path, 50, 1)
    _demo(path, 50, 2)
    db = open_database(path)
    assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 100
    assert db.execute("SELECT inspector_name FROM profile").fetchone()[0] == "陈静"
    db.close()
