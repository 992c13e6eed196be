"""`init --office-code` and `report notice` issuing, reprinting and voiding 文号 (issue 9.4)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import open_database
from app.store.profile import get_profile, save_profile
from tests.helpers import report_db as F
from tests.helpers.pdfcheck import all_text, needs_poppler


def test_init_takes_an_office_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    assert main(["init", "--db", str(db), "--role", "lead", "--inspector", "王建国",
                 "--office", "东华门街道办事处", "--office-code", " 东城东华门责改 ",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["office_code"] == "东城东华门责改"
    opened = open_database(db)
    profile = get_profile(opened)
    opened.close()
    assert profile is not None and profile.office_code == "东城东华门责改"
    assert main(["init", "--db", str(tmp_path / "b.db"), "--role", "lead", "--inspector", "王",
                 "--office-code", "东城 责改"]) == 3
    assert "机关代字" in capsys.readouterr().err
    assert not (tmp_path / "b.db").exists() or get_profile(open_database(tmp_path / "b.db")) is None


@needs_poppler
def test_notice_numbers_reprint_and_void(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    fx = F.make_database(tmp_path)
    first = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=0,
                                tmp=tmp_path)
    second = F.record_inspection(fx, "street_order", fx.site, seed=8, clean=False, photos=0,
                                 tmp=tmp_path)
    db = str(fx.db_path)
    out = tmp_path / "n1.pdf"
    assert main(["report", "notice", first, "--out", str(out), "--db", db, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    year = result["issue_date"][:4]
    assert result["notice_number"] == f"{F.OFFICE_CODE}〔{year}〕第1号"
    assert f"{F.OFFICE_CODE}〔{year}〕第1号" in all_text(out)
    # Printed again: the same number; another inspection: the next.
    assert main(["report", "notice", first, "--out", str(tmp_path / "again.pdf"), "--db", db,
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notice_number"].endswith("第1号")
    assert main(["report", "notice", second, "--out", str(tmp_path / "n2.pdf"), "--db", db,
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notice_number"].endswith("第2号")
    # Voided: the number stays spent; the new notice takes the next one.
    assert main(["report", "notice", first, "--void", "当事人名称有误", "--out",
                 str(tmp_path / "x.pdf"), "--db", db]) == 0
    assert "已作废" in capsys.readouterr().out and not (tmp_path / "x.pdf").exists()
    assert main(["report", "notice", first, "--void", "再次", "--out", str(tmp_path / "x.pdf"),
                 "--db", db]) == 3
    capsys.readouterr()
    assert main(["report", "notice", first, "--out", str(tmp_path / "n3.pdf"), "--db", db,
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notice_number"].endswith("第3号")
    audit = fx.db.execute("SELECT action FROM audit WHERE entity = 'notice' ORDER BY seq")
    assert [r[0] for r in audit] == ["notice.issue", "notice.issue", "notice.void",
                                     "notice.issue"]


def test_no_notice_without_an_office_code(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    fx = F.make_database(tmp_path)
    rid = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=0,
                              tmp=tmp_path)
    profile = get_profile(fx.db)
    assert profile is not None
    save_profile(fx.db, replace(profile, office_code=""))
    out = tmp_path / "n.pdf"
    assert main(["report", "notice", rid, "--out", str(out), "--db", str(fx.db_path)]) == 3
    err = capsys.readouterr().err
    assert "未设置机关代字" in err and "--office-code" in err
    assert not out.exists()
    assert fx.db.execute("SELECT count(*) FROM notices").fetchone()[0] == 0
