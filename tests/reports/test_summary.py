"""The team lead's summary: counts, charts, open items, a list across pages, empty ranges."""

from __future__ import annotations

from pathlib import Path

from app.reports import write_summary
from app.reports.model import FigureRow, PhotoGroup, SummaryData
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


def figures_summary(n_inspections: int = 120) -> SummaryData:
    """The sample summary with the figures a database gives (totals, work items, kinds,
    streets, trend)."""
    from dataclasses import replace

    from app.reports.summary_gather import summary_notes

    base = samples.summary(n_inspections)
    return replace(
        base,
        totals=FigureRow("合计", 34, 6, 40, 25, 9),
        work_items=(FigureRow("占道经营、无证无照经营整治", 14, 3, 23, 12, 6),
                    FigureRow("“开墙打洞”整治", 11, 2, 7, 7, 0),
                    FigureRow("地下空间和群租房整治", 9, 1, 10, 6, 3)),
        kinds=(FigureRow("店外经营", found=14, rectified=6, overdue=5),
               FigureRow("未亮照经营", found=9, rectified=9),
               FigureRow("开墙打洞", found=7, rectified=4, overdue=1),
               FigureRow("人均居住面积不足 5 平方米", found=4, rectified=2, overdue=2),
               FigureRow("地下室住人", found=6, rectified=4, overdue=1)),
        streets=(FigureRow("东华门街道", 20, 4, 26, 15, 7),
                 FigureRow("景山街道", 14, 2, 14, 10, 2)),
        trend=tuple(FigureRow(f"03-{d:02d}～03-{d + 6:02d}", 8 + d % 3, 0, 10 - d % 4, d % 5)
                    for d in (2, 9, 16, 23)),
        trend_unit="周",
        notes=summary_notes("2026-03-31"),
    )


def test_summary_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    written = write_summary(figures_summary(120), out)
    text = all_text(out)
    for expected in (
        "街巷巡查工作汇总", "统计时段：2026-03-01至2026-03-31", "区：东城区",
        "已完成检查草稿（另计）发现问题已整改整改率未整改其中逾期3464025" "62.5%159",
        "一、按工作内容和状态统计", "地下空间和群租房整治", "“开墙打洞”整治", "二、发现问题分类",
        "店外经营1435.0%68542.9%", "三、按街道（乡镇）统计", "景山街道142141042" "71.4%",
        "四、工作进展（按周）", "五、检查人员工作量", "李秀英", "六、未整改和逾期事项",
        "共2项，其中逾期1项", "七、检查记录清单", "示例商户119号", "说明",
        "整改率＝已整改数÷发现数",
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
    The tables list everyone (and split across pages); the street share chart shows the
    streets that fit on a page."""
    from dataclasses import replace

    from app.reports.model import InspectorRow

    kinds = tuple(FigureRow(f"问题类别{k:03d}", found=1 + (k * 7) % 50, rectified=k % 2)
                  for k in range(100))
    people = tuple(InspectorRow(f"巡查员{k:03d}", 1 + k % 40, k % 30, k % 9) for k in range(200))
    streets = tuple(FigureRow(f"街道{k:03d}", 5, 1, 1 + k % 7, k % 3, k % 2) for k in range(120))
    data = replace(figures_summary(), kinds=kinds, per_inspector=people, streets=streets)
    out = write_summary(data, tmp_path / "汇总.pdf")
    text = flat(all_text(out.path))
    assert "问题类别099" in text and "巡查员199" in text and "街道119" in text  # every row
    assert "列出25个" in text  # the share chart shows the streets that fit, worst first
    assert_page_numbers(out.path)


def test_a_chart_keeps_what_fits_and_sums_the_rest() -> None:
    from app.reports.charts import with_rest

    names, series = with_rest(["a", "b", "c", "d"], [[4, 3, 2, 1], [1, 1, 1, 1]], 3,
                              "其他 {n} 类")
    assert names == ["a", "b", "其他 2 类"] and series == [[4, 3, 3], [1, 1, 2]]
    assert with_rest(["a", "b", "c"], [[1, 2, 3]], 3, "x") == (["a", "b", "c"], [[1, 2, 3]])
    assert with_rest(["a", "b", "c", "d"], [[1, 2, 3, 4]], 4, "x")[0] == ["a", "b", "c", "d"]
