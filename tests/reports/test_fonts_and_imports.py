"""Fonts are embedded or refused with a clear message; reportlab loads only for a document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.core.clock import beijing_day, beijing_text, chinese_date
from app.fonts import FontNotFound
from app.reports.pdf_fonts import CJK_FONT_NAME, register_cjk_font


def test_importing_reports_and_gather_loads_no_reportlab() -> None:
    code = (
        "import sys, app.reports, app.reports.model, app.reports.gather, app.reports.notice_rules\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'PIL'})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_font_registers() -> None:
    assert register_cjk_font() == CJK_FONT_NAME


def test_missing_configured_font_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound, match="字体文件不存在"):
        register_cjk_font(str(tmp_path / "none.ttf"))


def test_cff_font_is_refused(tmp_path: Path) -> None:
    otf = tmp_path / "NotoSansCJK.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    with pytest.raises(FontNotFound, match="TrueType"):
        register_cjk_font(str(otf))


def test_broken_truetype_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 32)
    with pytest.raises(FontNotFound, match="fonts-wqy-microhei"):
        register_cjk_font(str(bad))


def test_times_print_in_beijing() -> None:
    assert beijing_text("2026-03-14T17:30:00Z") == "2026-03-15 01:30"
    assert str(beijing_day("2026-03-14T17:30:00Z")) == "2026-03-15"
    assert beijing_day("") is None and beijing_text("nonsense") == ""
    assert chinese_date("2026-03-05") == "2026年3月5日"
