"""Any text in a document: the PDF is written (texts cleaned, over-long ones shortened, marked).

Before: a lone surrogate raised UnicodeEncodeError, and a 100,000-character name or answer (or
5,000 short lines) raised reportlab's LayoutError: no document at all.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.reports import write_inspection_report, write_notice, write_summary
from app.reports.model import AnswerRow, AnswerSection, FindingRow
from app.reports.safe_text import clean, printable, shortened
from tests.helpers import report_samples as S

HOSTILE = {
    "markup": '<b>粗 <i>未闭合 & <font name="Nope">x</font> <img src="/etc/passwd"/>',
    "control": "a\x00b\x01c\x07d\x1b[31me\x7f\x85f\u2028g\ufeffh\ufffe",
    "surrogate": "x\ud800y\udfffz",
    "rtl": "\u202e\u05e9\u05dc\u05d5\u05dd مرحبا \u202dabc",
    "emoji": "😀🏮🇨🇳 𠀀𪚥 \U0010ffff",
    "no_glyph": "\u0e01\u0e02 \u10a0 \u1200 ꙮ ﷽",
    "long_word": "x" * 100_000,
    "long_cjk": "占" * 100_000,
    "long_lines": "行\n" * 5000,
}


def _inspection(text: str) -> object:
    d = S.inspection()
    section = AnswerSection(text, (AnswerRow(text, text, is_finding=True),))
    return dataclasses.replace(
        d, sections=(*d.sections, section), inspector=text, office_name=text,
        site=dataclasses.replace(d.site, business_name=text, address=text),
        findings=(FindingRow(text, text, text, text),))


def _notice(text: str) -> object:
    d = S.notice(findings=(FindingRow(text, text, text, text),))
    return dataclasses.replace(d, report_back=text, inspector=text,
                               site=dataclasses.replace(d.site, business_name=text, address=text))


def _summary(text: str) -> object:
    return dataclasses.replace(S.summary(n_inspections=5), office_name=text)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_document_is_written_whatever_the_text(tmp_path: Path, name: str) -> None:
    text = HOSTILE[name]
    for make, write in ((_inspection, write_inspection_report), (_notice, write_notice),
                        (_summary, write_summary)):
        out = tmp_path / f"{name}-{make.__name__}.pdf"
        start = time.monotonic()
        written = write(make(text), out)  # type: ignore[arg-type]
        assert written.pages >= 1 and out.read_bytes().startswith(b"%PDF")
        assert time.monotonic() - start < 60, (name, make.__name__)


def test_clean_keeps_ordinary_text_and_drops_what_cannot_print() -> None:
    assert clean("老北京炸酱面馆\n第二行\t甲12号") == "老北京炸酱面馆\n第二行\t甲12号"
    assert clean("x\ud800y\x00z\x1b") == "x\ufffdyz"
    assert clean("\u202eabc😀") == "\u202eabc😀"  # shown as written, not a crash


def test_shortened_says_how_much_was_left_out() -> None:
    assert shortened("甲" * 10, 20) == "甲" * 10
    cut = shortened("甲" * 2500, 2000)
    assert cut.startswith("甲" * 2000) and "500 more characters omitted" in cut
    assert shortened("行\n" * 100, 300).count("\n") < 10


def test_printable_walks_nested_report_values() -> None:
    d = printable(_inspection("a\ud800"))
    assert d.inspector == "a\ufffd"  # type: ignore[attr-defined]
    assert d.sections[-1].rows[0].answer == "a\ufffd"  # type: ignore[attr-defined]


@settings(max_examples=25, deadline=20_000, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300) | st.text(alphabet=st.characters(), min_size=3000, max_size=6000))
def test_any_text_gives_a_notice(tmp_path: Path, text: str) -> None:
    out = tmp_path / "n.pdf"
    assert write_notice(_notice(text), out).pages >= 1  # type: ignore[arg-type]
