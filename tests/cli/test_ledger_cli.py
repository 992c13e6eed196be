"""`ledger --out` (.xlsx, .csv, .geojson) and `ledger compare` (exit 0 equal, 1 different)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.ledger.files import CASE_SHEET
from tests.helpers.case_world import CaseWorld, add_shop, inspect, open_case_world


@pytest.fixture
def world(tmp_path: Path) -> CaseWorld:
    w = open_case_world(tmp_path / "city.db")
    a = add_shop(w, "甲店")
    b = add_shop(w, "乙店", district="110101", division="110101006000")
    inspect(w, a, "2025-12-01 10:00", goods_out=True)
    inspect(w, a, "2025-12-09 10:00")
    inspect(w, b, "2025-12-10 10:00", no_licence=True)
    w.db.close()
    return w


def test_ledger_files(world: CaseWorld, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    db = str(world.path)
    xlsx = tmp_path / "l.xlsx"
    assert main(["ledger", "--db", db, "--out", str(xlsx), "--period", "campaign",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["cases"] == 2 and result["lines"] == 2
    book = load_workbook(xlsx)
    assert book.sheetnames == ["street_order", CASE_SHEET]
    assert main(["ledger", "--db", db, "--out", str(tmp_path / "l.csv"),
                 "--district", "110105"]) == 0
    capsys.readouterr()
    with (tmp_path / "l.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "工作内容" and len(rows) == 2
    assert main(["ledger", "--db", db, "--out", str(tmp_path / "m.geojson"), "--gcj02",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sites"] == 1  # only 乙店 is still open
    doc = json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))
    assert doc["coordinate_system"] == "GCJ-02"
    # Printed without --out.
    assert main(["ledger", "--db", db, "--period", "week"]) == 0
    assert "检查场所数" in capsys.readouterr().out


def test_ledger_usage(world: CaseWorld, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    db = str(world.path)
    for bad in (["--out", str(tmp_path / "x.pdf")], ["--period", "year"],
                ["--from", "2025-13-01"], ["--district", "999999"]):
        with pytest.raises(SystemExit) as exited:
            main(["ledger", "--db", db, *bad])
        assert exited.value.code == 2
    capsys.readouterr()
    assert main(["ledger", "--db", db, "--from", "2025-12-10", "--to", "2025-12-01"]) == 3
    assert main(["ledger", "--db", db, "--out", str(tmp_path / "a.csv"), "--gcj02"]) == 3
    assert main(["ledger", "compare", str(tmp_path / "missing.xlsx"), "--db", db]) == 3


def test_compare_exit_codes(world: CaseWorld, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    db = str(world.path)
    xlsx = tmp_path / "110105.xlsx"
    assert main(["ledger", "--db", db, "--out", str(xlsx), "--district", "110105",
                 "--from", "2025-11-01", "--to", "2025-12-31"]) == 0
    capsys.readouterr()
    assert main(["ledger", "compare", str(xlsx), "--db", db]) == 0
    assert "一致" in capsys.readouterr().out
    book = load_workbook(xlsx)
    book["street_order"].cell(row=3, column=6).value = 7  # 发现问题数
    book.save(xlsx)
    assert main(["ledger", "compare", str(xlsx), "--db", db, "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["equal"] is False
    assert [(d["kind"], d["field"], d["there"]) for d in result["differences"]] == [
        ("count", "findings", 7)]
    assert main(["ledger", "compare", str(xlsx), "--db", db, "--period", "week"]) == 3
    assert "按月" in capsys.readouterr().err
