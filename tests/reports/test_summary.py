"""The team lead's summary: counts, charts, open items, a list across pages, empty ranges."""

from __future__ import annotations

from pathlib import Path

from app.reports import write_summary
from app.reports.model import PhotoGroup
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


def test_summary_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    written = write_summary(samples.summary(120), out)
    text = all_text(out)
    for expected in (
        "街巷巡查工作汇总", "统计时段：2026-03-01至2026-03-31", "区：东城区",
        "一、按工作内容和状态统计", "地下空间和群租房整治", "二、发现问题分类", "店外经营", "37.8%",
        "三、检查人员工作量", "李秀英", "四、未整改和逾期事项", "共2项，其中逾期1项",
        "五、检查记录清单", "示例商户119号",
    ):
        assert expected in text, expected
    pages = page_texts(out)
    list_pages = [t for t in pages if "示例商户" in t]
    assert len(list_pages) >= 3
    assert all("检查人员" in t and "单位/地址" in t for t in list_pages)  # repeated header
    assert assert_page_numbers(out) == written.pages
    assert_fonts_embedded(out)
    render_page(out, 1, tmp_path / "first")


def test_empty_range_is_a_one_page_document(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    written = write_summary(samples.summary(empty=True), out)
    assert written.pages == 1
    text = all_text(out)
    assert "本时段内无检查记录" in text and "无未整改事项" in text
    assert "第1页共1页" in text
    render_page(out, 1, tmp_path / "empty")


def test_photo_appendix(tmp_path: Path) -> None:
    photos = samples.photo_entries(tmp_path, 3)
    groups = (PhotoGroup("2026-03-15 老北京炸酱面馆", photos), PhotoGroup("示例商户 1 号", ()))
    out = tmp_path / "appendix.pdf"
    written = write_summary(samples.summary(10, photo_groups=groups), out)
    text = all_text(out)
    assert "附：现场照片" in text and "2026-03-15老北京炸酱面馆" in text and "图3" in text
    assert assert_page_numbers(out) == written.pages


@needs_poppler
def test_any_number_of_kinds_and_inspectors_fits(tmp_path: Path) -> None:
    """Issue 9.1: 发现问题分类 and the per-inspector chart grew 7 mm a row and never split, so a
    long period (more than ~20 inspectors) stopped the summary with reportlab's LayoutError.
    The tables list everyone; each chart shows the biggest and sums the long tail."""
    from dataclasses import replace

    from app.reports.model import InspectorRow, LabelCount

    kinds = tuple(LabelCount(f"问题类别{k:03d}", 1 + (k * 7) % 50) for k in range(100))
    people = tuple(InspectorRow(f"巡查员{k:03d}", 1 + k % 40, k % 30, k % 9) for k in range(200))
    data = replace(samples.summary(), findings_by_kind=kinds, per_inspector=people)
    out = write_summary(data, tmp_path / "汇总.pdf")
    text = flat(all_text(out.path))
    assert "问题类别099" in text and "巡查员199" in text  # every row in the tables
    assert "其他" in text and "类" in text and "人" in text  # the charts' summed tails
    assert_page_numbers(out.path)


def test_a_chart_keeps_what_fits_and_sums_the_rest() -> None:
    from app.reports.charts import with_rest

    names, series = with_rest(["a", "b", "c", "d"], [[4, 3, 2, 1], [1, 1, 1, 1]], 3,
                              "其他 {n} 类")
    assert names == ["a", "b", "其他 2 类"] and series == [[4, 3, 3], [1, 1, 2]]
    assert with_rest(["a", "b", "c"], [[1, 2, 3]], 3, "x") == (["a", "b", "c"], [[1, 2, 3]])
    assert with_rest(["a", "b", "c", "d"], [[1, 2, 3, 4]], 4, "x")[0] == ["a", "b", "c", "d"]
