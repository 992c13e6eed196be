"""The window's font renders Chinese (no tofu), whether the font is installed or registered."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QImage, QPainter

from app.fonts import FONT_ENV, FontNotFound, find_cjk_font
from app.ui import app as ui_app


def _glyph_image(font: QFont, text: str) -> QImage:
    image = QImage(64, 64, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    font = QFont(font)
    font.setPixelSize(40)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def _ink(image: QImage) -> int:
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if image.pixelColor(x, y).lightness() < 128)


def _assert_renders_chinese(font: QFont) -> None:
    assert all(QFontMetrics(font).inFontUcs4(ord(ch)) for ch in "街巷巡查")
    images = [_glyph_image(font, ch) for ch in "街巷巡查"]
    assert all(_ink(image) > 40 for image in images)  # drawn, not blank
    # Tofu is the same box for every missing character; real glyphs differ from each other.
    assert len({bytes(image.constBits()) for image in images}) == 4


def test_application_font_renders_chinese(qtbot: Any) -> None:
    try:
        find_cjk_font()
    except FontNotFound:
        pytest.skip("no Chinese TrueType font on this machine")
    app = ui_app.create_application()
    family = ui_app.register_cjk_font(app)
    assert family is not None and app.font().families()[0] == family
    assert QFontInfo(app.font()).family() == family  # matched, not substituted
    _assert_renders_chinese(app.font())


def test_installed_font_is_used_by_name_without_registering(qtbot: Any) -> None:
    ui_app.create_application()
    family = ui_app.installed_cjk_family()
    if family is None:
        pytest.skip("no Chinese font from SYSTEM_CJK_FAMILIES installed for Qt")
    assert family in ui_app.SYSTEM_CJK_FAMILIES
    assert QFontInfo(QFont(family)).family() == family
    _assert_renders_chinese(QFont(family))


def test_configured_font_file_is_registered(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        font_file = find_cjk_font()
    except FontNotFound:
        pytest.skip("no Chinese TrueType font on this machine")
    monkeypatch.setenv(FONT_ENV, str(font_file.path))
    app = ui_app.create_application()
    family = ui_app.register_cjk_font(app)
    assert family is not None and app.font().families()[0] == family
    assert QFontInfo(app.font()).family() == family  # matched, not substituted
    _assert_renders_chinese(app.font())


def test_font_setting_name_matches_the_font_finder() -> None:
    assert ui_app.FONT_ENV == FONT_ENV


def test_the_check_sees_tofu(qtbot: Any) -> None:
    """The render check can fail: a Latin-only face without fallback draws boxes."""
    ui_app.create_application()
    latin = QFont("DejaVu Sans")
    latin.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    if QFontInfo(latin).family() != "DejaVu Sans":
        pytest.skip("DejaVu Sans not installed")
    with pytest.raises(AssertionError):
        _assert_renders_chinese(latin)
