"""The rectification notice: one page, party, findings, legal basis, deadline, stub."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.reports import write_notice
from app.reports.model import FindingRow
from app.reports.notice_rules import (
    district_short_name,
    notice_number,
    rectification_deadline,
    report_back_text,
)
from tests.helpers import report_samples as samples
from tests.helpers.pdfcheck import all_text, assert_fonts_embedded, needs_poppler, render_page


@needs_poppler
def test_notice_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    written = write_notice(samples.notice(), out)
    assert written.pages == 1
    text = all_text(out)
    for expected in (
        samples.OFFICE, "责令限期整改通知书", "东城整改〔2026〕第0315-89ABCD号", "老北京炸酱面馆：",
        "91110000600037341L", "北京市东城区东华门大街甲12号", "经2026年3月15日现场检查",
        "1.店外经营：在门前人行道摆放桌椅经营", "依据：《北京市市容环境卫生条例》第二十条",
        "7日内", "即于2026年3月22日前完成整改", "书面报告", "（盖章）", "当事人签收",
        "责令限期整改通知书（存根）", "本联由签发单位留存归档", samples.RECORD_ID,
    ):
        assert expected in text, expected
    assert text.count("东城整改〔2026〕第0315-89ABCD号") == 2  # notice and stub
    assert_fonts_embedded(out)
    render_page(out, 1, tmp_path / "notice")


@needs_poppler
def test_many_findings_stay_on_one_page(tmp_path: Path) -> None:
    findings = tuple(FindingRow(f"项目{k}", f"问题{k}：" + "占道堆放杂物" * 6, "一般",
                                "《北京市市容环境卫生条例》") for k in range(1, 21))
    out = tmp_path / "many.pdf"
    written = write_notice(samples.notice(findings=findings, credit_code=None), out)
    assert written.pages == 1
    text = all_text(out)
    assert "另有12项问题，详见检查记录" in text
    assert "统一社会信用代码无" in text
    assert "等20项" in text  # the stub's summary


def test_notice_number_is_derived_from_the_record() -> None:
    rid = "0192f3a4-5b6c-7d8e-9f01-23456789abcd"
    assert notice_number("东城区", date(2026, 3, 5), rid) == "东城整改〔2026〕第0305-89ABCD号"
    assert notice_number("", date(2026, 12, 31), rid) == "京整改〔2026〕第1231-89ABCD号"
    assert district_short_name("延庆区") == "延庆"
    assert district_short_name("区") == "区"


def test_deadline_counts_calendar_days() -> None:
    assert rectification_deadline(date(2026, 2, 25), 7) == date(2026, 3, 4)
    assert rectification_deadline(date(2026, 3, 15), 0) == date(2026, 3, 15)
    assert "东城执法队" in report_back_text("东城执法队")
    assert "本单位" in report_back_text("")
