"""The rectification notice (整改通知书): one page, the notice above a cut line, its stub below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Spacer, Table

from app.core.clock import chinese_date
from app.output_guard import DOCUMENT_MARK
from app.reports import layout as L
from app.reports.model import FindingRow, NoticeData
from app.reports.output import atomic_output

# Findings listed in full on the notice; more are summed up with a pointer to the record, so the
# notice always stays one page at a readable size.
MAX_LISTED_FINDINGS = 8
CUT_Y = 102 * mm  # the cut line, from the bottom of the page
NOTICE_MARGIN = L.MARGIN


def _styles(st: L.Styles) -> dict[str, ParagraphStyle]:
    return {
        "office": ParagraphStyle("office", parent=st.title, fontSize=17, leading=22,
                                 textColor=L.OFFICIAL_RED, spaceAfter=1 * mm),
        "title": ParagraphStyle("ntitle", parent=st.title, fontSize=20, leading=26,
                                spaceAfter=1 * mm),
        "number": ParagraphStyle("number", parent=st.body, alignment=TA_CENTER),
        "body": ParagraphStyle("nbody", parent=st.body, fontSize=10.5, leading=17,
                               firstLineIndent=21),
        "plain": ParagraphStyle("plain", parent=st.body, fontSize=10.5, leading=17),
        "item": ParagraphStyle("item", parent=st.body, fontSize=10, leading=15, leftIndent=21,
                               firstLineIndent=-14),
        "sign": ParagraphStyle("sign", parent=st.body, fontSize=10.5, leading=17,
                               alignment=TA_RIGHT),
        "stub_title": ParagraphStyle("stub_title", parent=st.title, fontSize=14, leading=18),
        "small": st.small,
    }


def _finding_lines(findings: tuple[FindingRow, ...], record_id: str, ps: dict[str, ParagraphStyle]
                   ) -> list[Flowable]:
    lines: list[Flowable] = []
    for n, f in enumerate(findings[:MAX_LISTED_FINDINGS], start=1):
        basis = f"（依据：{f.legal_basis}）" if f.legal_basis else ""
        lines.append(L.para(f"{n}. {f.text}{basis}", ps["item"]))
    hidden = len(findings) - MAX_LISTED_FINDINGS
    if hidden > 0:
        lines.append(L.para(f"另有 {hidden} 项问题，详见检查记录 {record_id}。", ps["item"]))
    return lines


def _party_line(data: NoticeData) -> str:
    return data.site.business_name or data.site.address or "当事人"


def _notice_story(data: NoticeData, st: L.Styles, ps: dict[str, ParagraphStyle]) -> list[Flowable]:
    site = data.site
    story: list[Flowable] = [
        L.para(data.office_name or "（未设置单位名称）", ps["office"]),
        L.para("责令限期整改通知书", ps["title"]),
        L.para(data.notice_number, ps["number"]),
        _red_rule(),
        Spacer(1, 2 * mm),
        L.para(f"{_party_line(data)}：", ps["plain"]),
        L.key_value_table([
            ("当事人", site.business_name or "—"),
            ("统一社会信用代码", site.credit_code_text()),
            ("地址", site.address or "—"),
            ("所在街道", " ".join(p for p in (site.district, site.street) if p) or "—"),
        ], st),
        Spacer(1, 2 * mm),
    ]
    if data.findings:
        checked = chinese_date(data.inspection_date)
        story.append(L.para(f"经{checked}现场检查，你（单位）存在下列问题：", ps["body"]))
        story += _finding_lines(data.findings, data.record_id, ps)
    else:
        story.append(L.para(
            f"经{chinese_date(data.inspection_date)}现场检查，未发现需整改的问题。", ps["body"]))
    basis = "、".join(data.legal_basis)
    ground = f"根据{basis}等规定，" if basis else ""
    story.append(L.para(
        f"{ground}现责令你（单位）自本通知书送达之日起 {data.rectification_days} 日内，"
        f"即于{chinese_date(data.deadline)}前完成整改。", ps["body"]))
    story.append(L.para(data.report_back, ps["body"]))
    story.append(L.para(f"检查记录编号：{data.record_id}　检查人员：{data.inspector or '—'}"
                        f"（证号 {data.badge_no or '—'}）", ps["small"]))
    # Room above the office's name for its seal (a 40 mm stamp overlaps the text, as usual).
    story.append(Spacer(1, 12 * mm))
    story.append(_sign_table(data, st, ps))
    return story


def _sign_table(data: NoticeData, st: L.Styles, ps: dict[str, ParagraphStyle]) -> Table:
    left = [L.para("当事人签收：", ps["plain"]), Spacer(1, 8 * mm),
            L.para("签收日期：　　　年　　月　　日", ps["plain"])]
    right = [L.para(f"{data.office_name}（盖章）", ps["sign"]),
             L.para(chinese_date(data.issue_date), ps["sign"])]
    table = Table([[left, right]], colWidths=[L.FRAME_WIDTH * 0.45, L.FRAME_WIDTH * 0.55])
    table.setStyle([L.CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    return table


def _stub_story(data: NoticeData, st: L.Styles, ps: dict[str, ParagraphStyle]) -> list[Flowable]:
    site = data.site
    summary = "；".join(f.text for f in data.findings[:4])
    if len(data.findings) > 4:
        summary += f" 等 {len(data.findings)} 项"
    return [
        L.para("责令限期整改通知书（存根）", ps["stub_title"]),
        L.para(data.notice_number, ps["number"]),
        Spacer(1, 2 * mm),
        L.key_value_table([
            ("当事人", site.business_name or "—"),
            ("统一社会信用代码", site.credit_code_text()),
            ("地址", site.address or "—"),
            ("检查日期", chinese_date(data.inspection_date)),
            ("存在问题", summary or "无"),
            ("整改期限", f"{chinese_date(data.deadline)}前（{data.rectification_days} 日）"),
            ("检查人员", f"{data.inspector or '—'}（{data.badge_no or '—'}）"),
            ("检查记录", data.record_id),
            ("送达人", ""),
            ("当事人签收", ""),
            ("签发单位", data.office_name or "—"),
            ("签发日期", chinese_date(data.issue_date)),
        ], st),
        Spacer(1, 1 * mm),
        L.para("本联由签发单位留存归档。", ps["small"]),
    ]


class _RedRule(Flowable):
    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, 3

    def draw(self) -> None:
        self.canv.setStrokeColor(L.OFFICIAL_RED)
        self.canv.setLineWidth(1.5)
        self.canv.line(0, 1.5, self.width, 1.5)


def _red_rule() -> Flowable:
    return _RedRule()


def _cut_line(c: Canvas, font: str) -> None:
    width, _ = L.PAGE_SIZE
    c.saveState()
    c.setStrokeColor(L.GREY)
    c.setDash(4, 3)
    c.setLineWidth(0.6)
    c.line(10 * mm, CUT_Y, width / 2 - 14 * mm, CUT_Y)
    c.line(width / 2 + 14 * mm, CUT_Y, width - 10 * mm, CUT_Y)
    c.setFont(font, 9)
    c.setFillColor(L.GREY)
    c.drawCentredString(width / 2, CUT_Y - 3, "沿 此 线 裁 开")
    c.restoreState()


def render_notice(data: NoticeData, out: Path) -> int:
    """Write the one-page notice with its stub to `out` (atomically); returns 1, its page count."""
    st = L.make_styles()
    ps = _styles(st)
    width, height = L.PAGE_SIZE
    frame_w = width - 2 * NOTICE_MARGIN
    with atomic_output(out) as tmp:
        c = Canvas(str(tmp), pagesize=L.PAGE_SIZE, initialFontName=st.font, lang=L.LANG)
        c.setTitle(f"整改通知书 {data.notice_number}")
        c.setAuthor(data.office_name)
        c.setCreator("街巷巡查 Street Audit")
        c.setKeywords(DOCUMENT_MARK)  # lets a later run replace this file without --force
        top = Frame(NOTICE_MARGIN, CUT_Y + 5 * mm, frame_w, height - NOTICE_MARGIN - CUT_Y - 5 * mm,
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        bottom = Frame(NOTICE_MARGIN, 12 * mm, frame_w, CUT_Y - 19 * mm,
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        # Shrink-to-fit keeps the notice on its half whatever the findings' wording; the list
        # itself is capped above, so shrinking stays slight.
        halves = ((top, _notice_story(data, st, ps)), (bottom, _stub_story(data, st, ps)))
        for frame, story in halves:
            fitted: Any = KeepInFrame(frame.width, frame.height, story, mode="shrink")
            frame.addFromList([fitted], c)
        _cut_line(c, st.font)
        c.showPage()
        c.save()
    return 1
