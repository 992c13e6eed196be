"""Chinese line breaking (app.reports.cjk_wrap): the 行首行尾禁则 on generated text, at every
width, in one-style and mixed-style paragraphs and in a real PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.reports.cjk_wrap import NO_LINE_END, NO_LINE_START, break_allowed, line_ends

HAN = "整改通知书检查记录占道经营开墙打洞群租房地下空间街道社区门前三包责任"
CLOSING = "，。、；：！？）》”"
OPENING = "（《“"
# Tokens as generated text has them: Chinese words, numbers, dates, ids, and punctuation that
# follows a word (closing) or precedes one (opening).
word = st.text(HAN, min_size=1, max_size=4)
number = st.integers(0, 10**9).map(str)
date = st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日")
iso = st.dates().map(lambda d: d.isoformat())
ident = st.uuids().map(lambda u: str(u)[:18])
token = st.one_of(word, number, date, iso, ident)


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A sentence and the spans of its numbers, dates and ids (which must never be split)."""
    text = ""
    spans: list[tuple[int, int]] = []
    for _ in range(draw(st.integers(1, 25))):
        if draw(st.booleans()) and draw(st.booleans()):
            text += draw(st.sampled_from(OPENING))
        piece = draw(token)
        if any(ch.isdigit() for ch in piece):
            spans.append((len(text), len(text) + len(piece)))
        text += piece
        # A number or id is followed by a word or a mark, as in written text (two of them
        # side by side would be one longer unit).
        text += draw(st.sampled_from(["于", "的", "号", *CLOSING]))
    return text, spans


def _lines(text: str, width_chars: float) -> list[str]:
    widths = [0.55 if ord(ch) < 0x3000 else 1.0 for ch in text]
    ends = line_ends(text, widths, [width_chars])
    starts = [0, *ends[:-1]]
    return [text[a:b] for a, b in zip(starts, ends, strict=True)]


@settings(max_examples=300, deadline=None)
@given(sentences(), st.integers(12, 40))
def test_no_forbidden_line_starts_or_ends_and_numbers_stay_whole(
        case: tuple[str, list[tuple[int, int]]], width: int) -> None:
    text, spans = case
    lines = _lines(text, width)
    assert "".join(lines) == text  # nothing lost, nothing added
    ends = [0]
    for line in lines:
        ends.append(ends[-1] + len(line))
    for k, line in enumerate(lines):
        if k > 0:
            assert line[0] not in NO_LINE_START, (lines, k)
        if k < len(lines) - 1:
            assert line[-1] not in NO_LINE_END, (lines, k)
        # No line is wider than the measure, except by one hanging closing mark.
        body = line[:-1] if line[-1] in NO_LINE_START else line
        assert sum(0.55 if ord(c) < 0x3000 else 1.0 for c in body) <= width + 1e-6
    for a, b in spans:  # 18-character ids and dates fit in 12 columns of 0.55: never cut
        assert not any(a < e < b for e in ends), (text[a:b], lines)


def test_the_rules_at_their_boundaries() -> None:
    text = "整改，（通知）2026年12月5日 ab-12"
    assert not break_allowed(text, text.index("，"))  # no "，" at a line start
    assert break_allowed(text, text.index("，") + 1)  # but after it
    assert not break_allowed(text, text.index("（") + 1)  # no "（" at a line end
    assert break_allowed(text, text.index("（"))  # a break before it is fine
    assert not break_allowed(text, text.index("）"))
    for k in range(text.index("2026") + 1, text.index("日") + 1):
        assert not break_allowed(text, k), text[k - 1:k + 1]  # the date is one unit
    assert break_allowed(text, text.index("ab"))  # after the space
    assert not break_allowed(text, text.index("-"))
    # One id longer than the line is cut where the line is full, never runs over.
    assert _lines("x" * 30, 10) == ["x" * 18, "x" * 12]


def test_reportlab_paragraphs_follow_the_rules() -> None:
    from app.reports import layout as L

    st_ = L.make_styles()
    text = ("占道经营、无证无照经营和“开墙打洞”整治，记录编号："
            "01a1c95f-0ca0-7d4d-8dc3-e0e5198d9bda，于2026年12月15日前（含当日）整改完毕。")
    for markup in (text, "第一行<br/>" + text):  # one style; mixed (a forced break)
        for width in range(60, 320, 7):
            p = L.Paragraph(markup, st_.body)
            p.wrap(width, 10_000)
            lines = ["".join(getattr(w, "text", "") for w in line.words)
                     if hasattr(line, "words") else "".join(line[1])
                     for line in p.blPara.lines]
            for k, line in enumerate(lines):
                assert line, (width, lines)
                if k:
                    assert line[0] not in NO_LINE_START, (width, lines)
                if k < len(lines) - 1:
                    assert line[-1] not in NO_LINE_END, (width, lines)
            joined = "".join(lines)
            assert "2026年12月15日" in joined and "01a1c95f-0ca0-7d4d" in joined


@pytest.mark.parametrize("width", [70, 95])
def test_a_pdf_table_cell_breaks_by_the_rules(tmp_path: Path, width: int) -> None:
    from reportlab.platypus import SimpleDocTemplate

    from app.reports import layout as L
    from tests.helpers.pdfcheck import needs_poppler_here, text_lines

    needs_poppler_here()
    st_ = L.make_styles()
    text = "门前堆物堆料，影响通行（约3.5平方米）；“门前三包”责任未落实，已于2026年3月15日告知。"
    table = L.grid_table([[L.para(text, st_.cell)]], [width], header_rows=0)
    out = tmp_path / "cell.pdf"
    SimpleDocTemplate(str(out)).build([table])
    lines = [line.strip() for line in text_lines(out) if line.strip()]
    assert "".join(lines) == text
    for k, line in enumerate(lines):
        if k:
            assert line[0] not in NO_LINE_START, lines
        if k < len(lines) - 1:
            assert line[-1] not in NO_LINE_END, lines
