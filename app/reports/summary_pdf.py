"""The team lead's summary (巡查汇总): key figures, tables per work item, kind and street, the
trend, inspectors, open and overdue items (most overdue first), the list when short, notes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
)

from app.output_guard import DOCUMENT_MARK
from app.reports import layout as L
from app.reports.charts import MAX_PLOT_H, share_bars, trend_bars
from app.reports.model import FigureRow, SummaryData
from app.reports.output import atomic_output
from app.reports.photo_prep import prepare_photos, print_pixels

SHORT_ID = 8  # the list prints the last 8 characters of a record id (the random part)


def short_id(record_id: str) -> str:
    """The tail of a record id, enough to find it in the program's search."""
    return record_id[-SHORT_ID:]


OPEN_ROWS_PRINTED = 200  # the open-items table prints the most overdue first, this many

OK_COLOUR = colors.HexColor("#5a9e6f")
OPEN_COLOUR = colors.HexColor("#e0a030")
OVERDUE_COLOUR = colors.HexColor("#b3261e")


def _period(data: SummaryData) -> str:
    if not data.date_from and not data.date_to:
        return "未限定（无检查记录）"
    return f"{data.date_from or '……'} 至 {data.date_to or '……'}"


def _header(data: SummaryData, st: L.Styles) -> list[Flowable]:
    period = _period(data)
    if data.period_from_data:
        period += "（未限定日期，按检查记录的最早、最晚日期）"
    flow: list[Flowable] = [
        L.para(data.office_name or "（未设置单位名称）", st.subtitle),
        L.para("街巷巡查工作汇总", st.title),
        L.para(f"统计时段：{period}", st.subtitle),
    ]
    filters = "；".join(data.filters) if data.filters else "无（全部）"
    flow.append(L.para(f"筛选条件：{filters}", st.small))
    made = f"　生成时间：{data.generated_at}" if data.generated_at else ""
    flow.append(L.para(f"逾期计算截至：{data.as_of}{made}", st.small))
    flow.append(Spacer(1, 3 * mm))
    totals = data.totals or FigureRow("合计", completed=len(data.inspections))
    open_text = f"{totals.open}" if data.totals else str(len(data.open_items))
    figures = [
        ("已完成检查", str(totals.completed)),
        ("草稿（另计）", str(totals.drafts)),
        ("发现问题", str(totals.found)),
        ("已整改", str(totals.rectified)),
        ("整改率", totals.rate_text()),
        ("未整改", open_text),
        ("其中逾期", str(totals.overdue if data.totals else data.overdue_count)),
    ]
    cells = [[L.para(label, st.cell_head) for label, _ in figures],
             [L.para(value, st.heading) for _, value in figures]]
    flow.append(L.grid_table(cells, [L.FRAME_WIDTH / len(figures)] * len(figures)))
    return flow


def _nothing(st: L.Styles) -> Flowable:
    return L.para("本时段内无数据。", st.body)


FIGURE_HEADS = ("完成检查", "草稿", "发现问题", "已整改", "未整改", "逾期", "整改率")


def _figure_table(first_head: str, rows: tuple[FigureRow, ...], total: FigureRow | None,
                  st: L.Styles, inspections: bool = True, share: bool = False) -> Flowable:
    """Rows of figures: inspections (completed, drafts) and problems (found, rectified, open,
    overdue, rate); a total row; overdue cells in red."""
    heads = list(FIGURE_HEADS if inspections else FIGURE_HEADS[2:])
    if share:
        heads.insert(heads.index("发现问题") + 1, "占比")
    number_w = 15 * mm
    widths = [L.FRAME_WIDTH - number_w * len(heads)] + [number_w] * len(heads)
    table_rows: list[list[Any]] = [[L.para(first_head, st.cell_head)]
                                   + [L.para(h, st.cell_head) for h in heads]]
    found_all = sum(r.found for r in rows) or 1
    extra: list[tuple[Any, ...]] = []

    def cells(row: FigureRow, head_style: Any) -> list[Any]:
        values = ([str(row.completed), str(row.drafts)] if inspections else []) + [
            str(row.found)]
        if share:
            values.append(f"{row.found * 100 / found_all:.1f}%")
        values += [str(row.rectified), str(row.open), str(row.overdue), row.rate_text()]
        out = [L.para(row.label, head_style)]
        for head, value in zip(heads, values, strict=True):
            style = st.cell_finding if head == "逾期" and row.overdue else st.cell
            out.append(L.para(value, style))
        return out

    for row in rows:
        table_rows.append(cells(row, st.cell))
    if total is not None:
        table_rows.append(cells(total, st.cell_head))
        extra.append(("BACKGROUND", (0, -1), (-1, -1), L.HEAD_BG))
    table = L.grid_table(table_rows, widths, extra=extra)
    L.allow_row_splitting(table, False)
    return table


def _by_work_item(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [L.para("一、按工作内容和状态统计", st.heading)]
    if not data.work_items:
        return [*flow, _nothing(st)]
    flow.append(_figure_table("工作内容", data.work_items, data.totals, st))
    return flow


def _findings_by_kind(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [L.para("二、发现问题分类", st.heading)]
    if not data.kinds:
        return [*flow, L.para("本时段内未发现问题。", st.body)]
    flow.append(L.para("按问题类别（检查项及问题表述），发现多的在前；同一场所同一问题只计一项。",
                       st.small))
    flow.append(_figure_table("问题类别", data.kinds, None, st, inspections=False, share=True))
    return flow


def _by_street(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [CondPageBreak(50 * mm), L.para("三、按街道（乡镇）统计", st.heading)]
    if not data.streets:
        return [*flow, _nothing(st)]
    flow.append(_figure_table("街道（乡镇）", data.streets, data.totals, st))
    found = [r for r in data.streets if r.found]
    if len(found) > 1:
        # The share of each street's problems rectified / open / overdue, worst first: what
        # the counts above do not show at a glance.
        worst = sorted(found, key=lambda r: (r.rectified / r.found, -r.found))
        shown = worst[: int(share_rows_fit())]
        flow.append(Spacer(1, 2 * mm))
        note = "各街道问题的整改情况（占本街道发现问题的比例，整改率低的在前"
        note += f"，列出 {len(shown)} 个）" if len(shown) < len(found) else "）"
        flow.append(KeepTogether([
            L.para(note, st.small),
            share_bars([r.label for r in shown],
                       [[r.rectified for r in shown], [r.open - r.overdue for r in shown],
                        [r.overdue for r in shown]],
                       ["已整改", "未整改（未逾期）", "逾期未整改"], L.FRAME_WIDTH, st.font,
                       (OK_COLOUR, OPEN_COLOUR, OVERDUE_COLOUR)),
        ]))
    return flow


def share_rows_fit() -> float:
    return MAX_PLOT_H // (6 * mm)


def _trend(data: SummaryData, st: L.Styles) -> list[Flowable]:
    unit = "按月" if data.trend_unit == "月" else "按周"
    flow: list[Flowable] = [CondPageBreak(90 * mm), L.para(f"四、工作进展（{unit}）", st.heading)]
    if not data.trend:
        return [*flow, _nothing(st)]
    flow.append(L.para("每期已完成的检查、新发现的问题和当期整改的问题（按复查日期）。", st.small))
    flow.append(trend_bars([r.label for r in data.trend],
                           [[r.completed for r in data.trend], [r.found for r in data.trend],
                            [r.rectified for r in data.trend]],
                           ["已完成检查", "新发现问题", "当期整改"], L.FRAME_WIDTH, st.font))
    if len(data.trend) <= 16:
        heads = ("时段", "已完成检查", "新发现问题", "当期整改")
        rows: list[list[Any]] = [[L.para(h, st.cell_head) for h in heads]]
        for r in data.trend:
            rows.append([L.para(r.label, st.cell), L.para(str(r.completed), st.cell),
                         L.para(str(r.found), st.cell), L.para(str(r.rectified), st.cell)])
        flow.append(L.grid_table(rows, [L.FRAME_WIDTH - 75 * mm, 25 * mm, 25 * mm, 25 * mm]))
    return flow


def _per_inspector(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [CondPageBreak(40 * mm), L.para("五、检查人员工作量", st.heading)]
    if not data.per_inspector:
        return [*flow, _nothing(st)]
    rows: list[list[Any]] = [[L.para(h, st.cell_head)
                              for h in ("检查人员", "已完成检查", "草稿", "发现问题")]]
    for r in data.per_inspector:
        rows.append([L.para(r.name, st.cell), L.para(str(r.completed), st.cell),
                     L.para(str(r.inspections - r.completed), st.cell),
                     L.para(str(r.findings), st.cell)])
    table = L.grid_table(rows, [L.FRAME_WIDTH - 66 * mm, 22 * mm, 22 * mm, 22 * mm])
    flow.append(table)
    return flow


def _open_items(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [CondPageBreak(50 * mm), L.para("六、未整改和逾期事项", st.heading)]
    if not data.open_items:
        return [*flow, L.para("无未整改事项。", st.body)]
    shown = data.open_items[:OPEN_ROWS_PRINTED]
    text = f"共 {len(data.open_items)} 项，其中逾期 {data.overdue_count} 项（截至 {data.as_of}）"
    if len(shown) < len(data.open_items):
        text += (f"；下表按逾期天数从多到少列出前 {len(shown)} 项，其余见程序的检查列表"
                 "（按场所查看）。")
    else:
        text += "，逾期最久的在前。"
    flow.append(L.para(text, st.body))
    flow.append(Spacer(1, 1 * mm))
    heads = ("序号", "单位/地址", "街道", "存在问题", "首次发现", "整改期限", "逾期(天)",
             "最近记录")
    rows: list[list[Any]] = [[L.para(h, st.cell_head) for h in heads]]
    extra: list[tuple[Any, ...]] = []
    for n, item in enumerate(shown, start=1):
        style = st.cell_finding if item.overdue_days > 0 else st.cell
        overdue = str(item.overdue_days) if item.overdue_days else (
            "未逾期" if item.deadline else "不计期限")
        seen = short_id(item.record_id) + (f"（{item.visits}次）" if item.visits > 1 else "")
        rows.append([L.para(str(n), st.cell), L.para(item.site, st.cell),
                     L.para(item.street, st.cell), L.para(item.findings, st.cell),
                     L.para(item.completed_on, st.cell), L.para(item.deadline or "—", st.cell),
                     L.para(overdue, style), L.para(seen, st.cell)])
        if item.overdue_days > 0:
            extra.append(("BACKGROUND", (0, n), (-1, n), L.FINDING_BG))
    widths = [9 * mm, 40 * mm, 18 * mm, 0.0, 19 * mm, 19 * mm, 15 * mm, 19 * mm]
    widths[3] = L.FRAME_WIDTH - sum(widths)
    table = L.grid_table(rows, widths, extra=extra)
    L.allow_row_splitting(table, any(len(i.findings) > L.LONG_CELL for i in shown))
    flow.append(table)
    return flow


def _inspection_list(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [CondPageBreak(60 * mm), L.para("七、检查记录清单", st.heading)]
    if not data.listed_all:
        total = (data.totals.completed + data.totals.drafts) if data.totals else 0
        return [*flow, L.para(f"本时段共 {total} 条检查记录，超过本汇总逐条列出的上限，"
                              "不逐条列出；请在程序的检查列表中按相同条件查看。", st.body)]
    if not data.inspections:
        return [*flow, L.para("本时段内无检查记录。", st.body)]
    heads = ("日期", "编号", "区/街道", "单位/地址", "检查表", "检查人员", "状态", "问题")
    rows: list[list[Any]] = [[L.para(h, st.cell_head) for h in heads]]
    for r in data.inspections:
        rows.append([L.para(r.date, st.cell), L.para(short_id(r.record_id), st.cell),
                     L.para(f"{r.district}{r.street}", st.cell), L.para(r.site, st.cell),
                     L.para(r.checklist, st.cell), L.para(r.inspector, st.cell),
                     L.para(r.status, st.cell),
                     L.para(str(r.findings), st.cell_finding if r.findings else st.cell)])
    widths = [19 * mm, 17 * mm, 24 * mm, 0.0, 30 * mm, 15 * mm, 13 * mm, 10 * mm]
    widths[3] = L.FRAME_WIDTH - sum(widths)
    table = L.grid_table(rows, widths)  # the header row repeats on every page of the list
    L.allow_row_splitting(table, any(len(r.site) > L.LONG_CELL for r in data.inspections))
    flow.append(table)
    return flow


def _notes(data: SummaryData, st: L.Styles) -> list[Flowable]:
    if not data.notes:
        return []
    flow: list[Flowable] = [Spacer(1, 4 * mm), L.para("说明", st.subheading)]
    flow += [L.para(f"{n}. {text}", st.small) for n, text in enumerate(data.notes, start=1)]
    return flow


def _photo_appendix(data: SummaryData, st: L.Styles, prepared: list[Any]) -> list[Flowable]:
    flow: list[Flowable] = [PageBreak(), L.para("附：现场照片", st.heading)]
    offset = 0
    for group in data.photo_groups:
        count = len(group.photos)
        grid = L.photo_grid(group.photos, prepared[offset : offset + count], st)
        offset += count
        heading = L.para(group.heading, st.subheading)
        if grid:
            flow.append(KeepTogether([heading, grid[0]]))
            flow += grid[1:]
        else:
            flow += [heading, L.para("无现场照片。", st.small)]
    return flow


def _story(data: SummaryData, st: L.Styles, prepared: list[Any]) -> list[Flowable]:
    story = _header(data, st)
    story += _notes(data, st)
    for part in (_by_work_item, _findings_by_kind, _by_street, _trend, _per_inspector,
                 _open_items, _inspection_list):
        story += part(data, st)
    if data.photo_groups:
        story += _photo_appendix(data, st, prepared)
    return story


def render_summary(
    data: SummaryData, out: Path, photo_cache: Path | None = None
) -> int:
    """Write the summary PDF to `out` (atomically) and return its page count."""
    st = L.make_styles()
    pages: list[int] = []
    with tempfile.TemporaryDirectory(prefix="sa-summary-") as work:
        paths = [p.path for g in data.photo_groups for p in g.photos]
        prepared = prepare_photos(paths, print_pixels(L.PHOTO_BOX_W, L.PHOTO_BOX_H), Path(work),
                                  cache_dir=photo_cache) \
            if paths else []
        with atomic_output(out) as tmp:
            doc = L.OutlinedDocTemplate(
                str(tmp), pagesize=L.PAGE_SIZE, leftMargin=L.MARGIN, rightMargin=L.MARGIN,
                topMargin=L.MARGIN, bottomMargin=L.MARGIN + 2 * mm,
                title=f"巡查汇总 {_period(data)}", author=data.office_name,
                creator="街巷巡查 Street Audit", keywords=DOCUMENT_MARK,
            )
            footer = f"{data.office_name}　巡查汇总 {_period(data)}"
            doc.build(_story(data, st, prepared),
                      canvasmaker=L.numbered_canvas(footer, st.font, pages))
    return pages[0]


__all__ = ["render_summary", "short_id"]
