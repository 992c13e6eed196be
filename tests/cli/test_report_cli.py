"""`street-audit report ...` end to end: real database, real PDFs, exit codes."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.core.clock import beijing_today
from tests.helpers import report_db as F
from tests.helpers.pdfcheck import all_text, needs_poppler


@pytest.fixture
def fx(tmp_path: Path) -> F.Fixture:
    fixture = F.make_database(tmp_path)
    return fixture


@needs_poppler
def test_inspection_notice_summary(fx: F.Fixture, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=2,
                              tmp=tmp_path)
    db = str(fx.db_path)
    out = tmp_path / "r.pdf"
    assert main(["report", "inspection", rid, "--out", str(out), "--db", db, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["document"] == "inspection" and result["pages"] >= 1 and result["photos"] == 2
    assert rid in all_text(out)

    notice = tmp_path / "n.pdf"
    issued = beijing_today() + timedelta(days=3)
    assert main(["report", "notice", rid, "--out", str(notice), "--db", db,
                 "--issue-date", issued.isoformat()]) == 0
    human = capsys.readouterr().out
    assert "已生成整改通知书" in human and "页" in human
    assert f"{issued.year}年{issued.month}月{issued.day}日" in all_text(notice)
    # Issue 9.2: a notice is never dated before the inspection it follows.
    early = beijing_today() - timedelta(days=1)
    assert main(["report", "notice", rid, "--out", str(tmp_path / "early.pdf"), "--db", db,
                 "--issue-date", early.isoformat()]) == 3
    assert "早于检查日期" in capsys.readouterr().err

    summary = tmp_path / "s.pdf"
    assert main(["report", "summary", "--district", "110101", "--form", "street_order",
                 "--out", str(summary), "--db", db, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["inspections"] == 1
    assert "街巷巡查工作汇总" in all_text(summary)


def test_unknown_id_exits_3_and_writes_nothing(fx: F.Fixture, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    code = main(["report", "inspection", "0190ffff-0000-7000-8000-000000000000",
                 "--out", str(out), "--db", str(fx.db_path)])
    assert code == 3
    assert "找不到检查记录" in capsys.readouterr().err
    assert not out.exists()
    assert main(["report", "notice", "nope", "--out", str(out), "--db", str(fx.db_path)]) == 3
    assert not out.exists()


def test_notice_for_a_draft_is_refused(fx: F.Fixture, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    draft = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=1,
                                complete=False, tmp=tmp_path)
    out = tmp_path / "n.pdf"
    assert main(["report", "notice", draft, "--out", str(out), "--db", str(fx.db_path)]) == 3
    assert "尚未完成" in capsys.readouterr().err
    assert not out.exists()


def test_bad_arguments(fx: F.Fixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(fx.db_path)
    out = str(tmp_path / "s.pdf")
    with pytest.raises(SystemExit) as exc:
        main(["report", "summary", "--from", "2026-13-01", "--out", out, "--db", db])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["report", "summary", "--district", "999999", "--out", out, "--db", db])
    assert exc.value.code == 2
    capsys.readouterr()
    assert main(["report", "summary", "--from", "2026-03-02", "--to", "2026-03-01",
                 "--out", out, "--db", db]) == 3
    assert main(["report", "summary", "--form", "no_such_form", "--out", out, "--db", db]) == 3
    assert "no_such_form" in capsys.readouterr().err
    assert main(["report", "summary", "--out", str(tmp_path / "nope" / "s.pdf"),
                 "--db", db]) == 1
    assert "输出目录不存在" in capsys.readouterr().err


def test_missing_database_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "summary", "--out", str(tmp_path / "s.pdf"),
                 "--db", str(tmp_path / "none.db")])
    assert code == 1
    assert capsys.readouterr().err.strip()
