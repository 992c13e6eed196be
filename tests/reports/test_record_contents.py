"""What a 检查记录 must hold (issue 9): two officers, initials on every page, the photos' own
hashes, an amendment's link to what it replaces, signatures kept with what they sign, Chinese
metadata, and the formal typeface — each read back from the PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from app.core.record_digest import DIGEST_VERSION, grouped
from app.reports import write_inspection_report
from app.reports.inspection_pdf import INITIALS_LINE
from app.reports.model import AnswerRow, AnswerSection
from tests.helpers import report_samples as samples
from tests.helpers.pdfcheck import all_text, flat, fonts, needs_poppler, page_texts

pytestmark = needs_poppler
DIGEST = "04b85f94ce9e27e3e81f392e6fa82da2" + "0" * 32


def test_two_officers_and_the_check_code(tmp_path: Path) -> None:
    data = replace(samples.inspection(), second_inspector="李卫东", second_badge_no="京东城0416",
                   content_digest=DIGEST)
    out = tmp_path / "two.pdf"
    write_inspection_report(data, out)
    text = all_text(out)
    assert "检查人员王建国执法证号京东城0415" in text
    assert "检查人员李卫东执法证号京东城0416" in text
    assert f"核验码：{grouped(DIGEST).replace(' ', '')}" in text
    keywords = str((pypdf.PdfReader(str(out)).metadata or {}).get("/Keywords"))
    assert f"SA-REC:{DIGEST_VERSION}:{samples.RECORD_ID}:{DIGEST[:32]}" in keywords

    alone = tmp_path / "one.pdf"
    write_inspection_report(samples.inspection(), alone)
    assert "未填写（执法检查应有两名人员）" in all_text(alone)


def test_every_page_of_a_final_record_has_an_initials_line(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    written = write_inspection_report(samples.inspection(long_answers=True), out)
    assert written.pages >= 3
    line = flat(INITIALS_LINE)
    assert all(line[:6] in flat(page) and "当事人：" in flat(page) for page in page_texts(out))
    draft = tmp_path / "draft.pdf"
    write_inspection_report(replace(samples.inspection(), is_draft=True), draft)
    assert line[:6] not in all_text(draft)


def test_each_photo_shows_the_start_of_its_sha256(tmp_path: Path) -> None:
    photos = samples.photo_entries(tmp_path, 3)
    out = tmp_path / "photos.pdf"
    write_inspection_report(samples.inspection(photos), out)
    text = all_text(out)
    for photo in photos:
        assert f"原件SHA-256：{photo.sha256[:12]}…" in text
        assert photo.sha256[:13] not in text  # twelve characters, not more


def test_an_amendment_names_the_record_it_replaces_and_why(tmp_path: Path) -> None:
    amended = replace(samples.inspection(), amends_record="0192f3a4-0000-7000-8000-000000000001",
                      amends_completed_at="2026-03-15 09:41", amend_reason="门牌号笔误")
    out = tmp_path / "amendment.pdf"
    write_inspection_report(amended, out)
    text = all_text(out)
    assert ("本记录更正原记录0192f3a4-0000-7000-8000-000000000001（完成于2026-03-1509:41）"
            in text)
    assert "更正原因：门牌号笔误" in text
    replaced = replace(samples.inspection(), superseded_by="0192f3a4-0000-7000-8000-000000000002")
    old = tmp_path / "old.pdf"
    write_inspection_report(replaced, old)
    assert "本记录已被更正记录0192f3a4-0000-7000-8000-000000000002取代" in all_text(old)
    plain = tmp_path / "plain.pdf"
    write_inspection_report(samples.inspection(), plain)
    assert "更正原因" not in all_text(plain) and "取代" not in all_text(plain)


@pytest.mark.parametrize("rows", range(20, 44, 2))
def test_the_signatures_never_stand_alone_on_a_page(tmp_path: Path, rows: int) -> None:
    # Enough answer rows to push the signature block to a page boundary at some count.
    many = AnswerSection("补充检查", tuple(AnswerRow(f"补充项目 {k}", "是") for k in range(rows)))
    base = samples.inspection()
    data = replace(base, sections=(*base.sections, many))
    out = tmp_path / f"sig{rows}.pdf"
    write_inspection_report(data, out)
    pages = [flat(p) for p in page_texts(out)]
    signing = [p for p in pages if "当事人（签字）" in p]
    assert len(signing) == 1
    page = signing[0]
    body = page.split("五、签字确认")[0]
    # Something the signatures sign stands on the same page above them.
    assert "补充项目" in body or "问题" in body or "检查依据" in body, page[:200]


def test_chinese_metadata_and_the_formal_typeface(tmp_path: Path) -> None:
    out = tmp_path / "meta.pdf"
    write_inspection_report(samples.inspection(), out)
    info = pypdf.PdfReader(str(out)).metadata or {}
    assert info.get("/Title") == f"街巷巡查检查记录 {samples.RECORD_ID}"
    assert str(info.get("/Subject", "")).startswith("占道经营、无证无照经营和门前三包检查表")
    assert info.get("/Author") == samples.OFFICE
    names = [f["name"] for f in fonts(out)]
    if Path("/usr/share/fonts/truetype/arphic/uming.ttc").is_file():
        assert any("UMing" in n for n in names), names  # titles and body in Song
    assert any("WenQuanYi" in n for n in names), names  # headings and tables in Hei


def test_no_character_of_a_record_is_missing_from_its_fonts(tmp_path: Path) -> None:
    """No tofu: every character the record prints has a glyph in the face that prints it."""
    from reportlab.pdfbase import pdfmetrics

    from app.reports import layout as L

    st = L.make_styles()
    out = tmp_path / "glyphs.pdf"
    data = replace(samples.inspection(samples.photo_entries(tmp_path, 2), long_answers=True),
                   second_inspector="李卫东", amends_record="x", amend_reason="笔误",
                   content_digest=DIGEST)
    write_inspection_report(data, out)
    text = set(all_text(out))
    for face in {st.font, st.formal_font}:
        cmap = pdfmetrics.getFont(face).face.charToGlyph
        missing = sorted(ch for ch in text if ord(ch) > 32 and ord(ch) not in cmap)
        assert not missing, (face, missing)


def test_the_party_and_its_contact_are_on_the_record(tmp_path: Path) -> None:
    out = tmp_path / "party.pdf"
    write_inspection_report(samples.inspection(), out)
    text = all_text(out)
    assert "负责人（当事人）张立新" in text and "联系电话13800138000" in text
    nobody = replace(samples.inspection(), site=replace(samples.site(), contact_name="",
                                                         contact_phone=""))
    bare = tmp_path / "bare.pdf"
    write_inspection_report(nobody, bare)
    assert "负责人（当事人）未登记" in all_text(bare) and "联系电话未登记" in all_text(bare)
