"""The rectification notice read back from its PDF: office, 文号, party, every finding with its
bases and period, what a missed deadline brings, the party's remedies, the service receipt."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from app.reports import write_notice
from app.reports.model import NoticeFinding
from app.reports.notice_pdf import chinese_ordinal
from app.reports.notice_rules import (
    deadline_text,
    notice_number,
    reconsideration_body,
    rectification_deadline,
    remedies_text,
    report_back_text,
)
from tests.helpers import report_samples as samples
from tests.helpers.pdfcheck import (
    all_text,
    assert_fonts_embedded,
    flat,
    needs_poppler,
    page_texts,
    render_page,
)


@needs_poppler
def test_notice_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    written = write_notice(samples.notice(), out)
    text = all_text(out)
    for expected in (
        samples.OFFICE, "责令限期整改通知书", "东城城管责改〔2026〕第12号",
        # the party by name, with credit code, address and contact
        "当事人：老北京炸酱面馆", "统一社会信用代码：91110000600037341L",
        "北京市东城区东华门大街甲12号", "张立新13800138000",
        # every finding as a 违法事实 with the provision broken and the provision ordering it
        "2026年3月15日", "发现你（单位）存在下列违法事实",
        "一、店外经营：在门前人行道摆放桌椅经营。", "违反规定：《北京市市容环境卫生条例》第二十条",
        "责令改正依据：《北京市市容环境卫生条例》第五十条",
        "整改期限：自本通知书送达之日起7日内（即2026年3月22日前）改正",
        "二、未在经营场所显著位置悬挂营业执照。", "整改期限：立即整改",
        "责令改正依据：（检查表未载明责令改正的依据，执法人员核对后填写）",
        # the deadline missed, reporting back, the party's remedies
        "逾期不改正或者改正后仍不符合要求的", "书面报告",
        "陈述、申辩", "《中华人民共和国行政处罚法》第七条、第四十五条",
        "六十日内向北京市东城区人民政府申请行政复议",
        "《中华人民共和国行政复议法》第二十条第一款、第二十四条第一款",
        "六个月内，依法向本机关所在地人民法院提起行政诉讼",
        "《中华人民共和国行政诉讼法》第十八条第一款、第四十六条第一款",
        "十五日内向人民法院提起诉讼", "《中华人民共和国行政诉讼法》第四十五条",
        # signed and sealed, then the service receipt below the cut line
        "（印章）", "沿此线裁开（骑缝处加盖印章）", "骑缝章", "送达回执",
        "文书名称及文号", "受送达人老北京炸酱面馆", "送达地点", "送达方式", "□直接送达",
        "□留置送达", "□邮寄送达", "送达日期", "受送达人签名", "签收日期", "当事人拒签",
        "拒收事由", "见证人（签名）", "身份或单位", "送达人（签名）",
        "《中华人民共和国民事诉讼法》第八十九条",
        samples.RECORD_ID,
    ):
        assert expected in text, expected
    assert "另有" not in text and "存根" not in text
    assert text.count("东城城管责改〔2026〕第12号") >= 3  # head, receipt, every footer
    assert_fonts_embedded(out)
    assert written.pages == len(page_texts(out))
    render_page(out, 1, tmp_path / "notice")


@needs_poppler
def test_many_findings_continue_on_a_second_page(tmp_path: Path) -> None:
    findings = tuple(NoticeFinding(
        text=f"问题{k}：" + "占道堆放杂物" * 6, legal_basis=f"《北京市市容环境卫生条例》第{k}条",
        order_basis="《北京市市容环境卫生条例》第五十条", rectification_days=k % 3 * 5,
        deadline="2026-03-25") for k in range(1, 21))
    out = tmp_path / "many.pdf"
    written = write_notice(samples.notice(findings=findings, credit_code=None), out)
    assert written.pages >= 2
    pages = [flat(p) for p in page_texts(out)]
    text = "".join(pages)
    assert "另有" not in text and "统一社会信用代码：无" in text
    for k in range(1, 21):
        assert f"{chinese_ordinal(k)}、问题{k}：" in text, k
        assert f"违反规定：《北京市市容环境卫生条例》第{k}条" in text, k
    assert "二十、问题20" in "".join(pages[1:])  # the list went on over the page
    assert text.count("整改期限：立即整改") == 6  # k = 3, 6, …, 18
    # The receipt comes once, at the end, after the signature.
    assert text.count("送达回执") == 1 and "送达回执" in pages[-1]
    assert text.index("（印章）") < text.index("送达回执")
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in page


@needs_poppler
def test_a_person_and_a_failed_credit_code(tmp_path: Path) -> None:
    out = tmp_path / "home.pdf"
    write_notice(samples.notice(party="刘淑芬", person=True, credit_code="91110000600037341N"),
                 out)
    text = all_text(out)
    assert "当事人：刘淑芬（个人）" in text
    data = samples.notice(credit_code="91110000600037341N")
    from dataclasses import replace

    warned = replace(data, site=replace(data.site, credit_code_warning="校验位不符，请核对执照"))
    write_notice(warned, out)
    assert "91110000600037341N（校验位不符，请核对执照）" in all_text(out)
    # No party recorded: a line to fill in by hand, never a made-up name.
    write_notice(samples.notice(party=""), out)
    assert "当事人姓名未登记，由执法人员现场填写" in all_text(out)


@needs_poppler
def test_notice_body_is_at_least_12_pt(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "n.pdf"
    write_notice(samples.notice(), out)
    html = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    heights = []
    for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', html):
        if "违法事实" in m.group(3) or "申请行政复议" in m.group(3) or "违反规定" in m.group(3):
            heights.append(float(m.group(2)) - float(m.group(1)))
    assert heights and min(heights) >= 12.0, heights


def test_number_deadline_and_wording_rules() -> None:
    assert notice_number("东城城管责改", 2026, 12) == "东城城管责改〔2026〕第12号"
    assert notice_number("朝阳城管责改", 2027, 1) == "朝阳城管责改〔2027〕第1号"
    # No hex, no record id in a 文号 (issue 9.4).
    assert not re.search(r"[0-9A-Fa-f]{5,}|-", notice_number("东城城管责改", 2026, 123))
    assert rectification_deadline(date(2026, 2, 25), 7) == date(2026, 3, 4)
    assert rectification_deadline(date(2026, 3, 15), 0) == date(2026, 3, 15)
    assert deadline_text(0, "2026-03-15", "2026年3月15日").startswith("立即整改")
    assert "7 日内（即2026年3月22日前）" in deadline_text(7, "2026-03-22", "2026年3月22日")
    assert "东城执法队" in report_back_text("东城执法队")
    assert "本机关" in report_back_text("")
    assert reconsideration_body("朝阳区") == "北京市朝阳区人民政府"
    assert reconsideration_body("") == "本机关的本级人民政府"
    assert "本机关的本级人民政府" in remedies_text("")
    assert [chinese_ordinal(n) for n in (1, 10, 11, 20, 21, 99)] == [
        "一", "十", "十一", "二十", "二十一", "九十九"]
