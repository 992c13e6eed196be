"""Shared page furniture for every document: styles, page numbers, tables, photo grid, QR code.

Imported only by the renderers, which are imported only when a document is made: this module
pulls in reportlab at import time on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.reports import cjk_wrap
from app.reports.model import PhotoEntry
from app.reports.pdf_fonts import CJK_FONT_NAME, register_cjk_font, register_formal_font

PAGE_SIZE = A4
MARGIN = 18 * mm
# SimpleDocTemplate's frame pads 6 pt on each side: tables as wide as this fill it exactly.
FRAME_PADDING = 6
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN - 2 * FRAME_PADDING

INK = colors.HexColor("#1a1a1a")
GREY = colors.HexColor("#666666")
RULE = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e8ecf2")
FINDING_BG = colors.HexColor("#fde8e6")
FINDING_INK = colors.HexColor("#b3261e")
OFFICIAL_RED = colors.HexColor("#c00000")

# Table cells holding plain strings (even "") are drawn in the table's font: reportlab's default
# would put a non-embedded Helvetica into the PDF.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), CJK_FONT_NAME)


@dataclass(frozen=True)
class Styles:
    font: str  # sans (Hei): headings, tables, captions
    formal_font: str  # Song/FangSong: titles and body text (the sans face if none installed)
    office: ParagraphStyle  # the issuing office above a title, centred
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    small_centre: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_finding: ParagraphStyle
    caption: ParagraphStyle
    badge: ParagraphStyle
    right: ParagraphStyle


def prepare_reportlab() -> None:
    """Process-wide reportlab settings every document relies on.

    ASCII85 wrapping of streams is off: without reportlab's optional C accelerator it is
    encoded in pure Python (two thirds of the time of a photo page, measured), and binary
    streams are 20 % smaller; every PDF reader since PDF 1.0 reads them.
    """
    from reportlab import rl_config

    rl_config.useA85 = 0
    cjk_wrap.install()


def make_styles(font_size: float = 10.0) -> Styles:
    """Paragraph styles in the Chinese fonts; wordWrap='CJK' breaks Chinese lines by the rules
    of app.reports.cjk_wrap.

    As GB/T 9704 sets official documents: titles and body in a Song/FangSong face, first-level
    headings (一、) in Hei; tables and captions in Hei, which reads better at small sizes.
    """
    prepare_reportlab()
    font = register_cjk_font()
    formal = register_formal_font()

    def style(name: str, size: float, face: str = font, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.45)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontName=face, fontSize=size, wordWrap="CJK", **kw)

    s = font_size
    return Styles(
        font=font,
        formal_font=formal,
        office=style("office", s + 3, formal, alignment=TA_CENTER, spaceAfter=1 * mm),
        title=style("title", s + 8, formal, alignment=TA_CENTER, spaceAfter=2 * mm),
        subtitle=style("subtitle", s, formal, alignment=TA_CENTER, textColor=GREY,
                       spaceAfter=3 * mm),
        heading=style("heading", s + 2, spaceBefore=4 * mm, spaceAfter=2 * mm, keepWithNext=1),
        subheading=style("subheading", s, formal, spaceBefore=1 * mm, spaceAfter=1 * mm,
                         keepWithNext=1),
        body=style("body", s, formal, alignment=TA_LEFT),
        small=style("small", s - 2, textColor=GREY),
        small_centre=style("small_centre", s - 2, textColor=GREY, alignment=TA_CENTER),
        cell=style("cell", s - 1),
        cell_head=style("cell_head", s - 1),
        cell_finding=style("cell_finding", s - 1, textColor=FINDING_INK),
        caption=style("caption", s - 2.5, leading=(s - 2.5) * 1.35),
        badge=style("badge", s - 2.5, leading=(s - 2.5) * 1.35, textColor=FINDING_INK),
        right=style("right", s, formal, alignment=TA_RIGHT),
    )


def para(text: str, st: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text: user text is escaped, newlines kept.

    reportlab collapses every whitespace, the ideographic space "　" included; blanks to write on
    ("年　　月　　日") and full-width indents must stay, so each becomes no-break spaces.
    """
    markup = escape(text).replace("\n", "<br/>").replace("\u3000", "\u00a0" * 3)
    return Paragraph(markup, st)


LANG = "zh-CN"  # the documents' /Lang: screen readers and text extraction read Chinese


class OutlinedDocTemplate(SimpleDocTemplate):
    """A document whose section headings (一、二、…: the `heading` style) are its bookmarks."""

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == "heading":
            text = flowable.getPlainText()
            if text[:1] in "一二三四五六七八九十":
                key = f"section-{id(flowable)}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(text, key, level=0)


def numbered_canvas(footer_left: str, font: str, page_count: list[int] | None = None,
                    watermark: str | None = None, initials: str | None = None) -> type[Canvas]:
    """A Canvas class that writes "第 x 页 共 y 页" on every page once the total is known, a
    large diagonal `watermark` (e.g. 草稿) across every page when one is given, and an
    `initials` line above the footer of every page (each page of a record is initialled, so
    no page can be swapped).

    The total is appended to `page_count` when the document is saved, for the caller to report.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Start in our font, so no page refers to a non-embedded standard font.
            kwargs["initialFontName"] = font
            kwargs["lang"] = kwargs.get("lang") or LANG
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            # Keep the page's drawing state; the footer is drawn in save() when y is known.
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            if page_count is not None:
                page_count.append(total)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, number: int, total: int) -> None:
            width, height = self._pagesize
            if watermark:
                self.saveState()
                self.setFillColor(colors.Color(0.7, 0.1, 0.1, alpha=0.12))
                self.setFont(font, 120)
                self.translate(width / 2, height / 2)
                self.rotate(35)
                self.drawCentredString(0, -40, watermark)
                self.restoreState()
            self.saveState()
            if initials:
                self.setFont(font, 8)
                self.setFillColor(INK)
                self.drawRightString(width - MARGIN, 14.8 * mm, initials)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN, 13 * mm, width - MARGIN, 13 * mm)
            self.setFont(font, 8)
            self.setFillColor(GREY)
            self.drawString(MARGIN, 9 * mm, footer_left)
            self.setFillColor(INK)
            self.setFont(font, 9)
            self.drawRightString(width - MARGIN, 9 * mm, f"第 {number} 页 共 {total} 页")
            self.restoreState()

    return NumberedCanvas


class QrCode(Flowable):
    """A QR code drawn as plain rectangles (the graphics renderer would reference Helvetica)."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        from reportlab.graphics.barcode import qrencoder

        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(text)
        qr.make()
        count = qr.getModuleCount()
        self.dark = [(r, c) for r in range(count) for c in range(count) if qr.isDark(r, c)]
        self.modules = count + 8  # four modules of quiet zone on each side
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        unit = self.width / self.modules
        c = self.canv
        c.setFillColor(colors.black)
        for r, col in self.dark:
            c.rect((col + 4) * unit, self.height - (r + 5) * unit, unit, unit, stroke=0, fill=1)


def qr_code(text: str, size: float) -> QrCode:
    """A QR code of `text`, `size` points square."""
    return QrCode(text, size)


def grid_table(
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table whose header rows repeat on every page it spans."""
    table = Table(list(rows), colWidths=list(col_widths), repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        CELL_FONT,
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


LONG_CELL = 400  # characters: a cell this long may not fit on one page


def allow_row_splitting(table: Table, has_long_rows: bool) -> None:
    """Let a table split inside a row: first choice when a row may be taller than a page.

    reportlab otherwise splits between rows first and then, for the too-tall row, places a
    second piece with a repeated header on the same page; for tables of short rows splitting
    between rows reads better, and in-row splitting stays as the fallback.
    """
    table.splitInRow = 1
    if has_long_rows:
        table.splitByRow = 0


def key_value_table(pairs: Sequence[tuple[str, str]], st: Styles, columns: int = 2) -> Table:
    """Label/value pairs laid out `columns` pairs per row, as on a printed form."""
    label_w = 28 * mm  # "统一社会信用代码" on one line
    value_w = FRAME_WIDTH / columns - label_w
    rows: list[list[Any]] = []
    for start in range(0, len(pairs), columns):
        row: list[Any] = []
        for label, value in pairs[start : start + columns]:
            row += [para(label, st.cell_head), para(value, st.cell)]
        while len(row) < 2 * columns:
            row += ["", ""]
        rows.append(row)
    extra = [("BACKGROUND", (c, 0), (c, -1), HEAD_BG) for c in range(0, 2 * columns, 2)]
    table = grid_table(rows, [label_w, value_w] * columns, header_rows=0, extra=extra)
    table.hAlign = "LEFT"
    return table


def format_distance(metres: float | None) -> str:
    if metres is None:
        return "距现场：未知"
    if metres >= 1000:
        return f"距现场 {metres / 1000:.1f} km"
    return f"距现场 {metres:.0f} m"


class PhotoBox(Flowable):
    """A photo fitted into a fixed box (aspect kept, centred), or a placeholder if unreadable."""

    def __init__(self, image: tuple[Path, tuple[int, int]] | None, width: float, height: float,
                 font: str) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height
        self.font = font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.rect(0, 0, self.width, self.height)
        if self.image is None:
            c.setFont(self.font, 9)
            c.setFillColor(GREY)
            c.drawCentredString(self.width / 2, self.height / 2, "照片无法读取")
            return
        path, (pw, ph) = self.image
        scale = min((self.width - 2) / pw, (self.height - 2) / ph)
        w, h = pw * scale, ph * scale
        c.drawImage(str(path), (self.width - w) / 2, (self.height - h) / 2, w, h)


PHOTO_COLUMNS = 2
PHOTO_BOX_W = (FRAME_WIDTH - 6 * mm) / PHOTO_COLUMNS
PHOTO_BOX_H = PHOTO_BOX_W * 0.75


def photo_caption(entry: PhotoEntry, number: int, st: Styles) -> list[Paragraph]:
    """Caption lines under a photo: number and caption, time, distance, evidence badges."""
    first = f"图 {number}"
    if entry.caption:
        first += f"：{entry.caption}"
    lines = [para(first, st.caption)]
    lines.append(para(f"拍摄时间：{entry.taken_at or '未知'}　{format_distance(entry.distance_m)}",
                      st.caption))
    if entry.sha256:
        # The first 12 hex of the original's SHA-256: enough to tell the picture in the photo
        # store (and in a bundle) from any other; verify --document checks the full hashes.
        lines.append(para(f"原件 SHA-256：{entry.sha256[:12]}…", st.caption))
    if entry.original_problem:
        lines.append(para("● " + entry.original_problem, st.badge))
    if entry.badges:
        lines.append(para("● " + "；".join(entry.badges), st.badge))
    elif not entry.original_problem:
        lines.append(para("证据检查：通过", st.caption))
    return lines


def photo_grid(
    entries: Sequence[PhotoEntry],
    prepared: Sequence[tuple[Path, tuple[int, int]] | None],
    st: Styles,
    first_number: int = 1,
) -> list[Flowable]:
    """Photos two to a row with captions; each row kept together so no caption is orphaned."""
    flow: list[Flowable] = []
    for start in range(0, len(entries), PHOTO_COLUMNS):
        cells: list[Any] = []
        for offset, entry in enumerate(entries[start : start + PHOTO_COLUMNS]):
            index = start + offset
            box = PhotoBox(prepared[index], PHOTO_BOX_W, PHOTO_BOX_H, st.font)
            cells.append([box, *photo_caption(entry, first_number + index, st)])
        while len(cells) < PHOTO_COLUMNS:
            cells.append("")
        row = Table([cells], colWidths=[PHOTO_BOX_W + 3 * mm] * PHOTO_COLUMNS)
        row.setStyle(TableStyle([
            CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ]))
        flow.append(row)
    return flow


def signature_block(labels: Sequence[str], st: Styles) -> Table:
    """Signature lines side by side: "label（签字）：" over a line to sign on, then a date line."""
    n = len(labels)
    label_w = FRAME_WIDTH / n * 0.6
    line_w = FRAME_WIDTH / n - label_w - 4 * mm
    names: list[Any] = []
    dates: list[Any] = []
    for label in labels:
        names += [para(f"{label}（签字）：", st.body), "", ""]
        dates += [para("日期：", st.body), "", ""]
    widths = [label_w, line_w, 4 * mm] * n
    table = Table([names, dates], colWidths=widths, rowHeights=[12 * mm, 10 * mm])
    commands: list[tuple[Any, ...]] = [CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    for k in range(n):
        commands.append(("LINEBELOW", (3 * k + 1, 0), (3 * k + 1, 1), 0.6, INK))
    table.setStyle(TableStyle(commands))
    return table
