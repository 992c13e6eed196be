"""The rectification notice (责令限期整改通知书) with its service receipt (送达回执).

The notice runs over as many pages as its findings need (every finding is listed, each with the
provision it breaks, the provision empowering the order and its own period); the service receipt
sits at the foot of the last page below a cut line, with a place for the 骑缝 seal across it.
Body text is 12 pt (issue 9.10). What each part is for: docs/reports.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.core.clock import chinese_date
from app.output_guard import DOCUMENT_MARK
from app.reports import layout as L
from app.reports.inspection_pdf import signature_image
from app.reports.model import NoticeData, NoticeFinding
from app.reports.notice_rules import deadline_text
from app.reports.output import atomic_output

BODY_PT = 12.0  # 小四; never smaller in the notice's body
TOP_MARGIN = 20 * mm
BOTTOM_MARGIN = 20 * mm  # the footer (page x of y) sits below
SEAL_RADIUS = 16 * mm  # where a round office seal goes, half on each side of the cut
BLANK = "\u3000" * 6


def _styles(st: L.Styles) -> dict[str, ParagraphStyle]:
    def style(name: str, size: float = BODY_PT, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.7)
        return ParagraphStyle(name, parent=st.body, fontSize=size, **kw)

    return {
        "office": style("n_office", 22, leading=30, alignment=TA_CENTER,
                        textColor=L.OFFICIAL_RED),
        "title": style("n_title", 22, leading=32, alignment=TA_CENTER, spaceBefore=2 * mm),
        "number": style("n_number", alignment=TA_CENTER, spaceAfter=1 * mm),
        "body": style("n_body", firstLineIndent=2 * BODY_PT, spaceBefore=1 * mm),
        "plain": style("n_plain"),
        "fact": style("n_fact", leftIndent=2 * BODY_PT, firstLineIndent=-2 * BODY_PT,
                      spaceBefore=2 * mm),
        "basis": style("n_basis", leftIndent=2 * BODY_PT),
        "sign": style("n_sign", alignment=TA_RIGHT),
        "receipt_title": style("n_receipt_title", 15, leading=19, alignment=TA_CENTER),
        "cell": style("n_cell", leading=BODY_PT * 1.4),
        "note": style("n_note", 10.5, leading=14, textColor=L.GREY),
    }


_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 100 (as numbered paragraphs are)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _party_rows(data: NoticeData, ps: dict[str, ParagraphStyle]) -> Table:
    site = data.site
    party = data.party_name or f"{BLANK}{BLANK}（当事人姓名未登记，由执法人员现场填写）"
    kind = "（个人）" if data.party_is_person and data.party_name else ""
    place = " ".join(p for p in (site.district, site.street, site.address) if p) or "—"
    contact = "　".join(p for p in (data.contact_name, data.contact_phone) if p) or "—"
    rows = [
        ("当事人", party + kind),
        ("统一社会信用代码", site.credit_code_text()),
        ("地址", place),
        ("联系人及电话", contact),
    ]
    cells = [[L.para(label + "：", ps["plain"]), L.para(value, ps["plain"])]
             for label, value in rows]
    label_w = 46 * mm  # "统一社会信用代码：" on one line at 12 pt
    table = Table(cells, colWidths=[label_w, L.FRAME_WIDTH - label_w], hAlign="LEFT")
    table.setStyle(TableStyle([L.CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _finding(n: int, f: NoticeFinding, ps: dict[str, ParagraphStyle]) -> Flowable:
    text = f.text.rstrip("。；;.")
    broken = f.legal_basis or "（检查表未载明所违反的条款，执法人员核对后填写）"
    order = f.order_basis or "（检查表未载明责令改正的依据，执法人员核对后填写）"
    when = deadline_text(f.rectification_days, f.deadline, chinese_date(f.deadline))
    return KeepTogether([
        L.para(f"{chinese_ordinal(n)}、{text}。", ps["fact"]),
        L.para(f"违反规定：{broken}", ps["basis"]),
        L.para(f"责令改正依据：{order}", ps["basis"]),
        L.para(f"整改期限：{when}", ps["basis"]),
    ])


def _sign_block(data: NoticeData, ps: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        Spacer(1, 14 * mm),  # room for the office's seal over its name
        L.para(f"{data.office_name}（印章）", ps["sign"]),
        L.para(chinese_date(data.issue_date), ps["sign"]),
        Spacer(1, 2 * mm),
        L.para(f"执法人员：{data.inspector or '—'}（执法证号：{data.badge_no or '—'}）\n"
               f"检查记录编号：{data.record_id}", ps["note"]),
    ]


def _notice_story(data: NoticeData, ps: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [
        L.para(data.office_name, ps["office"]),
        L.para("责令限期整改通知书", ps["title"]),
        L.para(data.notice_number, ps["number"]),
        _RedRule(),
        Spacer(1, 3 * mm),
        _party_rows(data, ps),
        L.para(
            f"{chinese_date(data.inspection_date)}，{data.office_name}执法人员依法对你（单位）"
            "进行现场检查，发现你（单位）存在下列违法事实。依据下列各项所列规定，现责令你（单位）"
            "在各项所定期限内改正：", ps["body"]),
    ]
    story += [_finding(n, f, ps) for n, f in enumerate(data.findings, start=1)]
    story += [
        Spacer(1, 2 * mm),
        L.para(data.missed_deadline, ps["body"]),
        L.para(data.report_back, ps["body"]),
        L.para(data.statement, ps["body"]),
        # The remedies stay with the signature they precede.
        KeepTogether([L.para(data.remedies, ps["body"]), *_sign_block(data, ps)]),
    ]
    return story


def _receipt(data: NoticeData, ps: dict[str, ParagraphStyle], font: str) -> Table:
    """The 送达回执 below the cut line: what was served, how, when, who signed or refused."""
    office = data.office_name
    party = data.party_name or ""
    place = " ".join(p for p in (data.site.district, data.site.street, data.site.address) if p)
    rows = [
        ("文书名称及文号", f"责令限期整改通知书　{data.notice_number}"),
        ("受送达人", party),
        ("送达地点", place),
        ("送达方式", "□直接送达　□留置送达　□邮寄送达　□其他："),
        ("送达日期", "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日\u3000\u3000时"
                  "\u3000\u3000分"),
        ("受送达人签名", f"{BLANK}\u3000\u3000签收日期：\u3000\u3000\u3000年\u3000\u3000月"
                     "\u3000\u3000日"),
        ("当事人拒签", f"拒收事由：{BLANK}{BLANK}\u3000\u3000日期：\n见证人（签名）："
                  f"{BLANK}\u3000身份或单位：{BLANK}"),
        ("送达人（签名）", f"{BLANK}{BLANK}{BLANK}"),
    ]
    cells: list[list[Any]] = [[L.para(label, ps["cell"]), L.para(value, ps["cell"])]
                              for label, value in rows]
    signed = data.party_signature
    if signed is not None and signed.refused:
        cells[6][1] = L.para(f"当事人拒签（检查时，{signed.signed_at}），见证人："
                             f"{signed.witness_name}", ps["cell"])
    elif signed is not None and signed.png:
        image = signature_image(signed.png, 40 * mm, 10 * mm)
        if image is not None:
            cells[5][1] = Table([[image, L.para(f"签于 {signed.signed_at}（检查时签字）",
                                                ps["cell"])]],
                                colWidths=[44 * mm, None], hAlign="LEFT",
                                style=[("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    cells.append([L.para("备注", ps["cell"]), L.para(
        "拒绝签收的，记明拒收事由和日期，由送达人、见证人签名，把通知书留在当事人处，也可以拍照、"
        "录像记录送达过程（参照《中华人民共和国民事诉讼法》第八十九条）。"
        f"本回执交回{office}归档。", ps["note"])])
    label_w = 34 * mm
    table = Table(cells, colWidths=[label_w, L.FRAME_WIDTH - label_w], hAlign="LEFT")
    table.setStyle(TableStyle([
        L.CELL_FONT,
        ("GRID", (0, 0), (-1, -1), 0.6, L.INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), L.HEAD_BG),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (1, 5), (1, 5), 10),  # room to sign above the date
    ]))
    outer = Table([[_CutLine(font)], [L.para("送达回执", ps["receipt_title"])], [table]],
                  colWidths=[L.FRAME_WIDTH])
    outer.setStyle(TableStyle([L.CELL_FONT, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm)]))
    return outer


class _RedRule(Flowable):
    """The red rule under the 文号 (GB/T 9704's 版头 separator)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, 4

    def draw(self) -> None:
        self.canv.setStrokeColor(L.OFFICIAL_RED)
        self.canv.setLineWidth(1.5)
        self.canv.line(0, 2, self.width, 2)


class _CutLine(Flowable):
    """The dashed cut line across the page, and the circle where the 骑缝 seal goes across it."""

    height_pt = 9 * mm  # the seal's circle reaches beyond: it is stamped across the cut

    def __init__(self, font: str) -> None:
        super().__init__()
        self.font = font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height_pt

    def draw(self) -> None:
        c = self.canv
        page_w = L.PAGE_SIZE[0]
        y = self.height_pt - 4 * mm  # the cut; the circle reaches over both sides
        # This flowable's origin is the frame's left edge: reach out to both page edges.
        left = -(page_w - self.width) / 2 + 8 * mm
        right = self.width + (page_w - self.width) / 2 - 8 * mm
        seal_x = self.width - SEAL_RADIUS
        c.saveState()
        c.setStrokeColor(L.GREY)
        c.setFillColor(L.GREY)
        c.setLineWidth(0.7)
        c.setDash(5, 3)
        text_w = 62 * mm
        c.line(left, y, self.width / 2 - text_w / 2, y)
        c.line(self.width / 2 + text_w / 2, y, seal_x - SEAL_RADIUS - 2 * mm, y)
        c.line(seal_x + SEAL_RADIUS + 2 * mm, y, right, y)
        c.setFont(self.font, 10)
        c.drawCentredString(self.width / 2, y - 3.5, "沿此线裁开（骑缝处加盖印章）")
        c.setDash(2, 2)
        c.setStrokeColor(L.OFFICIAL_RED)
        c.circle(seal_x, y, SEAL_RADIUS, stroke=1, fill=0)
        c.setFillColor(L.OFFICIAL_RED)
        c.setFont(self.font, 10)
        c.drawCentredString(seal_x, y + 3 * mm, "骑缝章")
        c.drawCentredString(seal_x, y - 6 * mm, "骑缝章")
        c.restoreState()


class _ToBottom(Flowable):
    """Takes the page's free height but `keep` points, so that what follows sits at the foot."""

    def __init__(self, keep: float) -> None:
        super().__init__()
        self.keep = keep

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, max(0.0, avail_height - self.keep - 1)

    def draw(self) -> None:
        pass


def render_notice(data: NoticeData, out: Path) -> int:
    """Write the notice (as many pages as its findings need) with its service receipt at the foot
    of the last page to `out`, atomically; returns the page count."""
    st = L.make_styles()
    ps = _styles(st)
    receipt = _receipt(data, ps, st.font)
    _, receipt_h = receipt.wrap(L.FRAME_WIDTH, L.PAGE_SIZE[1])
    story = _notice_story(data, ps)
    story += [CondPageBreak(receipt_h + 2), _ToBottom(receipt_h), receipt]
    pages: list[int] = []
    with atomic_output(out) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=L.PAGE_SIZE, leftMargin=L.MARGIN, rightMargin=L.MARGIN,
            topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
            title=f"责令限期整改通知书 {data.notice_number}", author=data.office_name,
            subject=f"责令限期整改通知书：{data.party_name or data.site.address}",
            creator="街巷巡查 Street Audit", keywords=DOCUMENT_MARK,
        )
        footer = f"{data.office_name}　{data.notice_number}"
        doc.build(story, canvasmaker=L.numbered_canvas(footer, st.font, pages))
    return pages[0]
