"""The inspection report (检查记录): one record, its answers, findings, photos and signatures."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table

from app.core.record_digest import grouped, qr_text
from app.output_guard import DOCUMENT_MARK
from app.reports import layout as L
from app.reports.model import FindingRow, GeoPoint, InspectionReportData, SignatureEntry
from app.reports.output import atomic_output
from app.reports.photo_prep import prepare_photos, print_pixels

# Drawn above the footer of every page of a final record.
INITIALS_LINE = "本页核对签名　检查人员：＿＿＿＿　当事人：＿＿＿＿"


def chinese_numeral(n: int) -> str:
    """1 → 一 … 99 → 九十九, for section numbers as official documents write them."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _location_text(loc: GeoPoint | None) -> tuple[str, str]:
    if loc is None:
        return "未定位", "未定位"
    return (
        f"纬度 {loc.wgs84_lat:.6f}，经度 {loc.wgs84_lon:.6f}",
        f"纬度 {loc.gcj02_lat:.6f}，经度 {loc.gcj02_lon:.6f}",
    )


def _header(data: InspectionReportData, st: L.Styles) -> Table:
    """Office and title centred on the page (GB/T 9704), the QR code to the right of them."""
    qr_size = 26 * mm
    side = qr_size + 6 * mm
    centre: list[Any] = [
        L.para(data.office_name or "（未设置单位名称）", st.office),
        L.para("街巷巡查检查记录", st.title),
        L.para(f"{data.checklist_title}（第 {data.checklist_version} 版）", st.subtitle),
    ]
    right: list[Any] = [L.qr_code(qr_text(data.record_id, data.content_digest), qr_size),
                        L.para("扫码核验", st.small_centre)] if data.content_digest else []
    table = Table([["", centre, right]], colWidths=[side, L.FRAME_WIDTH - 2 * side, side])
    table.setStyle([
        L.CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, L.OFFICIAL_RED),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])
    return table


def _identity(data: InspectionReportData, st: L.Styles) -> Paragraph:
    """Record number and the digest a reader checks the paper against (verify --document)."""
    text = f"记录编号：{data.record_id}"
    if data.content_digest:
        text += f"　核验码：{grouped(data.content_digest)}"
    return L.para(text, st.small)


def _amendment(data: InspectionReportData, st: L.Styles) -> list[Flowable]:
    """An amendment says what it replaces and why; a replaced version says it was replaced."""
    lines: list[str] = []
    if data.amends_record:
        done = f"（完成于 {data.amends_completed_at}）" if data.amends_completed_at else ""
        lines.append(f"本记录更正原记录 {data.amends_record}{done}。更正原因："
                     f"{data.amend_reason or '未说明'}。原记录仍完整保存，可凭其编号调阅。")
    if data.superseded_by:
        lines.append(f"本记录已被更正记录 {data.superseded_by} 取代，以更正后的记录为准；"
                     "本件仅供核对历史。")
    if not lines:
        return []
    box = Table([[[L.para(line, st.cell_finding) for line in lines]]],
                colWidths=[L.FRAME_WIDTH])
    box.setStyle([L.CELL_FONT, ("BOX", (0, 0), (-1, -1), 0.8, L.FINDING_INK),
                  ("BACKGROUND", (0, 0), (-1, -1), L.FINDING_BG)])
    return [Spacer(1, 2 * mm), box]


def _basic_info(data: InspectionReportData, st: L.Styles) -> Table:
    site = data.site
    wgs, gcj = _location_text(data.location)
    pairs = [
        ("所属区", site.district or "—"),
        ("街道/乡镇", site.street or "—"),
        ("社区/村", site.community or "—"),
        ("工作内容", data.work_item or "—"),
        ("单位名称", site.business_name or "—"),
        ("统一社会信用代码", site.credit_code_text()),
        ("地址", site.address or "—"),
        ("记录状态", data.status or "—"),
        ("负责人（当事人）", site.contact_name or "未登记"),
        ("联系电话", site.contact_phone or "未登记"),
        ("检查人员", data.inspector or "—"),
        ("执法证号", data.badge_no or "—"),
        ("检查人员", data.second_inspector or "未填写（执法检查应有两名人员）"),
        ("执法证号", data.second_badge_no or "—"),
        ("开始时间", data.started_at or "—"),
        ("完成时间", data.completed_at or "未完成"),
        ("位置 WGS-84", wgs),
        ("位置 GCJ-02", gcj),
    ]
    if data.team:
        pairs.insert(14, ("班组", data.team))
        pairs.insert(15, ("", ""))
    return L.key_value_table(pairs, st)


def _answers(data: InspectionReportData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = []
    widths = [10 * mm, 78 * mm, L.FRAME_WIDTH - 88 * mm]
    for number, section in enumerate(data.sections, start=1):
        flow.append(L.para(f"（{chinese_numeral(number)}）{section.title}", st.subheading))
        if not section.rows:
            flow.append(L.para("（本部分无适用项目）", st.small))
            continue
        rows: list[list[Any]] = [[L.para("序号", st.cell_head), L.para("检查项目", st.cell_head),
                                  L.para("检查结果", st.cell_head)]]
        extra: list[tuple[Any, ...]] = []
        for n, row in enumerate(section.rows, start=1):
            answer_style = st.cell_finding if row.is_finding else st.cell
            answer = row.answer if row.answer else "（未填写）"
            if row.is_finding:
                answer = "【问题】" + answer
            cell = [L.para(answer, answer_style)]
            if row.note:
                cell.append(L.para(row.note, st.small))
            rows.append([L.para(str(n), st.cell), L.para(row.label, st.cell), cell])
            if row.is_finding:
                extra.append(("BACKGROUND", (0, n), (-1, n), L.FINDING_BG))
        table = L.grid_table(rows, widths, extra=extra)
        L.allow_row_splitting(table, any(len(r.answer) > L.LONG_CELL for r in section.rows))
        flow.append(table)
        flow.append(Spacer(1, 3 * mm))
    return flow


def findings_table(findings: tuple[FindingRow, ...], st: L.Styles) -> Table:
    """Findings with severity, the item they came from and their legal basis."""
    rows: list[list[Any]] = [[L.para(h, st.cell_head) for h in
                              ("序号", "存在问题", "程度", "检查项目", "依据")]]
    for n, f in enumerate(findings, start=1):
        rows.append([L.para(str(n), st.cell), L.para(f.text, st.cell_finding),
                     L.para(f.severity, st.cell), L.para(f.item_label, st.cell),
                     L.para(f.legal_basis or "—", st.cell)])
    widths = [10 * mm, 52 * mm, 14 * mm, 40 * mm, L.FRAME_WIDTH - 116 * mm]
    table = L.grid_table(rows, widths)
    L.allow_row_splitting(
        table, any(len(f.text) + len(f.legal_basis) > L.LONG_CELL for f in findings))
    return table


SIGNATURE_W = 40 * mm  # the drawn signature over its line, at most this wide …
SIGNATURE_H = 12 * mm  # … and this high


def signature_image(png: bytes, max_w: float = SIGNATURE_W,
                    max_h: float = SIGNATURE_H) -> Image | None:
    """A drawn signature for print: flattened on white (PDF readers differ on transparency),
    scaled into max_w × max_h keeping its shape; None if the PNG cannot be read."""
    try:
        with PILImage.open(io.BytesIO(png)) as img:
            rgba = img.convert("RGBA")
    except (OSError, ValueError):
        return None
    flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, "PNG")
    out.seek(0)
    scale = min(max_w / rgba.width, max_h / rgba.height)
    return Image(out, width=rgba.width * scale, height=rgba.height * scale)


def signature_section(signatures: tuple[SignatureEntry, ...], st: L.Styles) -> list[Flowable]:
    """The 签字确认 lines: a drawn signature stands over its line with its time under it; a line
    nobody signed in the program stays blank to sign by hand; the party's refusal is written
    with its witness."""
    by_role = {s.role: s for s in signatures}
    party = by_role.get("party")
    refused = party is not None and party.refused
    rows: list[Flowable] = [
        _signature_row((("检查人员", by_role.get("inspector")),
                        ("检查人员", by_role.get("second_officer"))), st),
        _signature_row((("当事人", party), ("见证人", by_role.get("witness"))), st,
                       witness=party.witness_name if refused and party else ""),
    ]
    if refused and party is not None:
        rows.append(Spacer(1, 2 * mm))
        rows.append(L.para(f"当事人拒签，见证人：{party.witness_name}"
                           f"（记录于 {party.signed_at}）", st.body))
    else:
        rows.append(L.para("当事人拒绝签字的，由检查人员在此注明情况，并由见证人签字。",
                           st.small))
    problems = [f"{s.name or s.role}：{s.problem}" for s in signatures if s.problem]
    if problems:
        rows.append(L.para("签字图片核验未通过：" + "；".join(problems), st.cell_finding))
    return rows


def _signature_row(people: tuple[tuple[str, SignatureEntry | None], ...], st: L.Styles,
                   witness: str = "") -> Table:
    """Like layout.signature_block, with each drawn signature over its line and its time."""
    n = len(people)
    label_w = L.FRAME_WIDTH / n * 0.55
    line_w = L.FRAME_WIDTH / n - label_w - 4 * mm
    names: list[Any] = []
    dates: list[Any] = []
    for label, entry in people:
        cell: Any = ""
        when: Any = ""
        if entry is not None and entry.refused:
            cell = L.para("（拒签）", st.body)
            when = L.para(entry.signed_at, st.small)
        elif entry is not None and entry.png:
            cell = signature_image(entry.png, min(SIGNATURE_W, line_w)) or ""
            when = L.para(entry.signed_at, st.small)
        elif label == "见证人" and witness:
            cell = L.para(witness, st.body)
        names += [L.para(f"{label}（签字）：", st.body), cell, ""]
        dates += [L.para("日期：", st.body), when, ""]
    table = Table([names, dates], colWidths=[label_w, line_w, 4 * mm] * n,
                  rowHeights=[15 * mm, 8 * mm])
    commands: list[tuple[Any, ...]] = [L.CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    for k in range(n):
        commands.append(("LINEBELOW", (3 * k + 1, 0), (3 * k + 1, 1), 0.6, L.INK))
    table.setStyle(commands)
    return table


def _story(data: InspectionReportData, st: L.Styles, photos: list[Any]) -> list[Flowable]:
    story: list[Flowable] = [_header(data, st), Spacer(1, 1.5 * mm), _identity(data, st),
                             *_amendment(data, st), Spacer(1, 2 * mm)]
    story += [L.para("一、基本情况", st.heading), _basic_info(data, st)]
    story.append(L.para("二、检查情况", st.heading))
    story += _answers(data, st)
    if data.findings:
        # The heading and its count never stay behind at a page foot without the table.
        story.append(KeepTogether([
            L.para("三、发现问题", st.heading),
            L.para(f"共发现问题 {len(data.findings)} 项：", st.body),
            Spacer(1, 1 * mm),
            findings_table(data.findings, st),
        ]))
    else:
        story += [L.para("三、发现问题", st.heading), L.para("本次检查未发现问题。", st.body)]
    if data.legal_basis:
        story.append(Spacer(1, 2 * mm))
        story.append(L.para("检查依据：" + "；".join(data.legal_basis), st.small))
    photo_heading = L.para("四、现场照片", st.heading)
    if data.photos:
        grid = L.photo_grid(data.photos, photos, st)
        # The heading and count travel with the first row of photos, never alone at a page foot.
        lost = sum(1 for p in data.photos if p.original_problem)
        count = f"共 {len(data.photos)} 张" + (
            f"，其中 {lost} 张原件缺失或已被改动，不能作为证据。" if lost else "。")
        story.append(KeepTogether([photo_heading, L.para(count, st.body),
                                   Spacer(1, 1 * mm), grid[0]]))
        story += grid[1:]
    else:
        story += [photo_heading, L.para("本次检查无现场照片。", st.body)]
    if data.short_photo_reason:
        story.append(L.para(f"照片不足说明：{data.short_photo_reason}", st.body))
    if data.is_draft:
        # A draft is not a record anyone signs: it may still change (issue 9.6).
        closing: list[Flowable] = [
            L.para("五、签字确认", st.heading),
            L.para("本检查尚未完成，此为草稿，不作为执法文书使用，不设签字栏。", st.body),
        ]
    else:
        closing = [
            L.para("五、签字确认", st.heading),
            L.para("以上检查情况属实。", st.body),
            Spacer(1, 2 * mm),
            *signature_section(data.signatures, st),
        ]
    if data.generated_at:
        closing += [Spacer(1, 3 * mm), Paragraph(f"打印时间：{data.generated_at}", st.small)]
    # The signatures never stand alone on a page (issue 9.7): they travel with the last table
    # or photo row they sign and whatever short text follows it.
    tail: list[Flowable] = []
    while story and len(tail) < 8:
        tail.insert(0, story.pop())
        if isinstance(tail[0], (Table, KeepTogether)):
            break
    story.append(KeepTogether([*tail, *closing]))
    return story


def render_inspection_report(
    data: InspectionReportData, out: Path, photo_cache: Path | None = None
) -> int:
    """Write the inspection report PDF to `out` (atomically) and return its page count."""
    st = L.make_styles()
    pages: list[int] = []
    with tempfile.TemporaryDirectory(prefix="sa-report-") as work:
        photos = prepare_photos(
            [p.path for p in data.photos],
            print_pixels(L.PHOTO_BOX_W, L.PHOTO_BOX_H),
            Path(work),
            cache_dir=photo_cache,
        )
        with atomic_output(out) as tmp:
            doc = L.OutlinedDocTemplate(
                str(tmp), pagesize=L.PAGE_SIZE, leftMargin=L.MARGIN, rightMargin=L.MARGIN,
                topMargin=L.MARGIN, bottomMargin=L.MARGIN + 2 * mm,
                title=f"街巷巡查检查记录 {data.record_id}", author=data.office_name,
                subject=f"{data.checklist_title}（{data.site.business_name or data.site.address}）",
                creator="街巷巡查 Street Audit",
                keywords=" ".join(filter(None, (
                    DOCUMENT_MARK,
                    qr_text(data.record_id, data.content_digest) if data.content_digest else "",
                ))),
            )
            footer = f"{data.office_name}　检查记录 {data.record_id}"
            initials = None if data.is_draft else INITIALS_LINE
            doc.build(_story(data, st, photos),
                      canvasmaker=L.numbered_canvas(footer, st.font, pages,
                                                    watermark="草稿" if data.is_draft else None,
                                                    initials=initials))
    return pages[0]
