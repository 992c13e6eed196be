"""Registering the Chinese TrueType fonts with reportlab (subset-embedded in every PDF): a
sans (Hei) face for headings and tables, and a Song/FangSong face for the body of formal
documents where one is installed (app.fonts.find_formal_font)."""

from __future__ import annotations

import threading

from app.fonts import FontFile, FontNotFound, find_cjk_font, find_formal_font

CJK_FONT_NAME = "StreetAuditCJK"
FORMAL_FONT_NAME = "StreetAuditSong"

_lock = threading.Lock()
_registered: FontFile | None = None
_formal: str | None = None  # the registered formal font's name, once looked for


def register_cjk_font(configured: str | None = None) -> str:
    """Register the Chinese font with reportlab once and return its name; raises FontNotFound."""
    global _registered
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    with _lock:
        if _registered is not None and configured is None:
            return CJK_FONT_NAME
        font = find_cjk_font(configured)
        try:
            # reportlab embeds TrueType fonts as subsets of the glyphs used, so a PDF carries only
            # the few hundred characters it prints, not the 5 MB collection.
            tt = TTFont(CJK_FONT_NAME, str(font.path), subfontIndex=font.subfont_index)
        except (TTFError, OSError) as exc:
            raise FontNotFound(
                f"字体无法使用 (font cannot be used): {font.path}: {exc}. "
                "请安装 fonts-wqy-microhei 或设置 STREET_AUDIT_FONT (install fonts-wqy-microhei "
                "or set STREET_AUDIT_FONT to a TrueType .ttf/.ttc file)."
            ) from exc
        pdfmetrics.registerFont(tt)
        # The font has no bold or italic face: map them to the same one so <b> never fails;
        # headings are set apart by size instead.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(CJK_FONT_NAME, bold, italic, CJK_FONT_NAME)
        _registered = font
        return CJK_FONT_NAME


def register_formal_font() -> str:
    """Register the Song/FangSong face once and return its name; the sans face's name when no
    such font is installed (the documents stay complete, only plainer)."""
    global _formal
    base = register_cjk_font()
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    with _lock:
        if _formal is not None:
            return _formal
        font = find_formal_font()
        name = base
        if font is not None:
            try:
                pdfmetrics.registerFont(
                    TTFont(FORMAL_FONT_NAME, str(font.path), subfontIndex=font.subfont_index))
            except (TTFError, OSError):
                pass  # a damaged file: keep the sans face rather than fail every document
            else:
                for bold in (0, 1):
                    for italic in (0, 1):
                        addMapping(FORMAL_FONT_NAME, bold, italic, FORMAL_FONT_NAME)
                name = FORMAL_FONT_NAME
        _formal = name
        return name
