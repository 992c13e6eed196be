"""The inspection report read back: text, answers, findings, photos, page numbers, fonts."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from app.reports import write_inspection_report
from app.reports.model import PhotoEntry
from tests.helpers import report_samples as samples
from tests.helpers.pdfcheck import (
    all_text,
    assert_fonts_embedded,
    assert_page_numbers,
    flat,
    needs_poppler,
    page_texts,
    render_page,
)

pytestmark = needs_poppler


def _image_sizes(pdf: Path) -> list[tuple[int, int]]:
    sizes = []
    for page in pypdf.PdfReader(str(pdf)).pages:
        for image in page.images:
            sizes.append(image.image.size)
    return sizes


def test_report_with_photos_reads_back(tmp_path: Path) -> None:
    photos = samples.photo_entries(tmp_path, 5)
    out = tmp_path / "report.pdf"
    written = write_inspection_report(samples.inspection(photos), out)
    assert written.pages >= 2 and written.size_bytes == out.stat().st_size
    text = all_text(out)
    for expected in (
        samples.OFFICE, "街巷巡查检查记录", samples.RECORD_ID, "东城区", "东华门街道",
        "北京市东城区东华门大街甲12号", "老北京炸酱面馆", "91110000600037341L", "王建国",
        "京东城0415", "2026-03-1509:12", "纬度39.911954", "纬度39.913345", "经度116.384047",
        "【问题】否", "【问题】是（桌椅4套）", "6.5平方米",
        "店外经营：在门前人行道摆放桌椅经营", "《北京市市容环境卫生条例》第二十条",
        "共发现问题2项", "图5", "距现场12m", "无GPS", "拍摄时间不在检查时段内",
        "检查人员（签字）", "当事人（签字）", "见证人（签字）", "原件SHA-256：",
    ):
        assert expected in text, expected
    assert assert_page_numbers(out) == written.pages
    assert_fonts_embedded(out)
    assert len(_image_sizes(out)) == 5
    render_page(out, 1, tmp_path / "page1")


def test_no_photos_and_no_credit_code(tmp_path: Path) -> None:
    out = tmp_path / "bare.pdf"
    written = write_inspection_report(samples.inspection(credit_code=None), out)
    text = all_text(out)
    assert "本次检查无现场照片" in text
    assert "统一社会信用代码无" in text
    assert _image_sizes(out) == []
    assert assert_page_numbers(out) == written.pages
    render_page(out, written.pages, tmp_path / "last")


def test_sixty_photos_are_scaled_for_print(tmp_path: Path) -> None:
    # A few large originals, each used several times: the scaling runs 60 times either way.
    big = [samples.make_photo(tmp_path / f"big{k}.jpg", size=(2400, 1800), seed=k)
           for k in range(4)]
    photos = tuple(PhotoEntry(path=big[k % 4], taken_at="2026-03-15 09:30", distance_m=8.0)
                   for k in range(60))
    out = tmp_path / "sixty.pdf"
    written = write_inspection_report(samples.inspection(photos), out)
    assert written.pages >= 11  # six photos a page
    sizes = _image_sizes(out)
    assert len(sizes) == 60
    assert max(max(s) for s in sizes) <= 850  # ~83 mm boxes at 250 dpi, not 2400 px originals
    assert written.size_bytes < 60 * 100_000, written.size_bytes
    assert "图60" in all_text(out)
    assert assert_page_numbers(out) == written.pages


def test_orientation_is_applied(tmp_path: Path) -> None:
    # Stored landscape with "rotate 90° to display" (orientation 6): printed portrait.
    src = samples.make_photo(tmp_path / "rot.jpg", size=(400, 200), orientation=6)
    out = tmp_path / "rot.pdf"
    write_inspection_report(samples.inspection((PhotoEntry(path=src),)), out)
    ((w, h),) = _image_sizes(out)
    assert h > w


def test_unreadable_photo_is_a_placeholder_not_an_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jpg"
    junk.write_text("not a photo")
    photos = (PhotoEntry(path=tmp_path / "missing.jpg"), PhotoEntry(path=junk),
              *samples.photo_entries(tmp_path, 1))
    out = tmp_path / "broken.pdf"
    write_inspection_report(samples.inspection(photos), out)
    assert all_text(out).count("照片无法读取") == 2
    assert len(_image_sizes(out)) == 1


def test_long_answers_wrap_and_split_across_pages(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    written = write_inspection_report(samples.inspection(long_answers=True), out)
    assert written.pages >= 5
    pages = page_texts(out)
    text = all_text(out)
    assert "现场情况说明（第3项）" in text
    assert "补充检查项目59：门前三包责任区是否整洁有序" in text
    # The answers table's header row is repeated on every page the table spans.
    spanning = [t for t in pages[1:-1] if "补充检查项目" in t or "现场情况说明" in t]
    assert spanning and all("检查结果" in t for t in spanning)
    # Nothing of the long text is lost where rows split across pages: "绕" occurs once in each
    # of the 3 × 40 repetitions and nowhere else (a phrase may straddle a page break).
    assert text.count("绕") == 3 * 40
    assert text.count("行人需绕行至机动车道") >= 3 * 40 - written.pages
    assert assert_page_numbers(out) == written.pages


def test_missing_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    from app.reports.output import ReportError

    with pytest.raises(ReportError, match="输出目录不存在"):
        write_inspection_report(samples.inspection(), tmp_path / "nope" / "r.pdf")


def test_failure_leaves_previous_file_and_no_partial(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"previous")
    import app.reports.inspection_pdf as mod

    def boom(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(mod, "_story", boom)
    with pytest.raises(RuntimeError):
        write_inspection_report(samples.inspection(), out)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.pdf"]


def test_print_copies_are_cached_between_documents(tmp_path: Path) -> None:
    photos = samples.photo_entries(tmp_path, 3, size=(1600, 1200))
    cache = tmp_path / "print-cache"
    first = write_inspection_report(samples.inspection(photos), tmp_path / "a.pdf", cache)
    copies = sorted(cache.iterdir())
    assert len(copies) == 3 and all(c.suffix == ".jpg" for c in copies)
    stamps = [c.stat().st_mtime_ns for c in copies]
    second = write_inspection_report(samples.inspection(photos), tmp_path / "b.pdf", cache)
    assert [c.stat().st_mtime_ns for c in sorted(cache.iterdir())] == stamps  # reused
    assert first.pages == second.pages and _image_sizes(tmp_path / "b.pdf") == _image_sizes(
        tmp_path / "a.pdf")


@needs_poppler
def test_a_draft_is_marked_on_every_page_and_has_no_signature_lines(tmp_path: Path) -> None:
    """Issue 9.6: drafts printed like final records."""
    from dataclasses import replace

    shots = samples.photo_entries(tmp_path, 9)  # enough for a second page
    final = samples.inspection(photos=shots)
    draft = replace(final, is_draft=True)
    out_final = write_inspection_report(final, tmp_path / "final.pdf").path
    out_draft = write_inspection_report(draft, tmp_path / "draft.pdf").path
    draft_pages = page_texts(out_draft)
    assert len(draft_pages) >= 2
    # The watermark is drawn rotated: text extraction gives its two characters apart.
    assert all("草" in page and "稿" in page for page in draft_pages)
    assert "当事人（签字）" not in flat(all_text(out_draft))
    assert "不设签字栏" in flat(all_text(out_draft))
    final_text = flat(all_text(out_final))
    assert "当事人（签字）" in final_text and "不设签字栏" not in final_text
    assert not any("草" in page for page in page_texts(out_final))


@needs_poppler
def test_a_credit_code_failing_its_check_is_marked(tmp_path: Path) -> None:
    """Issue 9.8: a code failing GB 32100 printed with no mark."""
    from dataclasses import replace

    from app.reports import write_notice
    from app.reports.model import SiteInfo

    bad = SiteInfo(district="东城区", street="东华门街道", address="东华门大街1号",
                   business_name="小店", credit_code="91110000600037341N",
                   credit_code_warning="信用代码校验未通过，请核对营业执照后重新输入")
    assert bad.credit_code_text() == (
        "91110000600037341N（信用代码校验未通过，请核对营业执照后重新输入）")
    assert replace(bad, credit_code_warning="").credit_code_text() == "91110000600037341N"
    assert replace(bad, credit_code=None).credit_code_text() == "无"
    report = write_inspection_report(replace(samples.inspection(), site=bad),
                                     tmp_path / "r.pdf").path
    assert "校验未通过" in flat(all_text(report))
    notice = write_notice(replace(samples.notice(), site=bad), tmp_path / "n.pdf").path
    assert "校验未通过" in flat(all_text(notice))


def test_the_store_says_which_codes_fail() -> None:
    from app.reports.gather import site_info
    from app.store.sites import Site

    def site(code: str | None, check: str | None) -> Site:
        return Site(id="s", origin_device="d", rev=1, base_rev=None, created_at="",
                    updated_at="", name="小店", address="东华门大街1号", district_code="110101",
                    division_code=None, credit_code=code, credit_code_check=check, lat=None,
                    lon=None, location_source=None, contact_name="", contact_phone="",
                    notes="")

    assert site_info(site("91110000600037341N", "check")).credit_code_warning
    assert site_info(site("91110000600037341L", "ok")).credit_code_warning == ""
    assert site_info(site(None, None)).credit_code_warning == ""


def test_documents_say_they_are_chinese_and_have_section_bookmarks(tmp_path: Path) -> None:
    """Issue 9.11 (part): /Lang zh-CN and one bookmark per numbered section."""
    from app.reports import write_notice, write_summary

    record = write_inspection_report(samples.inspection(photos=samples.photo_entries(
        tmp_path, 2)), tmp_path / "r.pdf").path
    reader = pypdf.PdfReader(record)
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    titles = [entry.title for entry in reader.outline]
    assert titles == ["一、基本情况", "二、检查情况", "三、发现问题", "四、现场照片",
                      "五、签字确认"]
    summary = write_summary(samples.summary(), tmp_path / "s.pdf").path
    summary_reader = pypdf.PdfReader(summary)
    assert summary_reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert [e.title for e in summary_reader.outline][:2] == ["一、按工作内容和状态统计",
                                                             "二、发现问题分类"]
    notice = write_notice(samples.notice(), tmp_path / "n.pdf").path
    assert pypdf.PdfReader(notice).trailer["/Root"]["/Lang"] == "zh-CN"
