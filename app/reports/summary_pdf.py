"""The team lead's summary (巡查汇总): counts, charts, open and overdue items, the list."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

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
from app.reports.charts import bar_chart
from app.reports.model import SummaryData
from app.reports.output import atomic_output
from app.reports.photo_prep import prepare_photos, print_pixels

SHORT_ID = 8  # the list prints the last 8 characters of a record id (the random part)


def short_id(record_id: str) -> str:
    """The tail of a record id, enough to find it in the program's search."""
    return record_id[-SHORT_ID:]


def _period(data: SummaryData) -> str:
    start = data.date_from or "最早"
    end = data.date_to or "最新"
    return f"{start} 至 {end}"


def _header(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [
        L.para(data.office_name or "（未设置单位名称）", st.subtitle),
        L.para("街巷巡查工作汇总", st.title),
        L.para(f"统计时段：{_period(data)}", st.subtitle),
    ]
    filters = "；".join(data.filters) if data.filters else "无（全部）"
    flow.append(L.para(f"筛选条件：{filters}", st.small))
    made = f"　生成时间：{data.generated_at}" if data.generated_at else ""
    flow.append(L.para(f"逾期计算截至：{data.as_of}{made}", st.small))
    flow.append(Spacer(1, 3 * mm))
    completed_findings = sum(r.findings for r in data.inspections)
    figures = [
        ("检查总数", str(data.total_inspections)),
        ("发现问题", str(completed_findings)),
        ("未整改事项", str(len(data.open_items))),
        ("其中逾期", str(data.overdue_count)),
    ]
    cells = [[L.para(label, st.cell_head) for label, _ in figures],
             [L.para(value, st.heading) for _, value in figures]]
    flow.append(L.grid_table(cells, [L.FRAME_WIDTH / 4] * 4))
    return flow


def _nothing(st: L.Styles) -> Flowable:
    return L.para("本时段内无数据。", st.body)


def _by_work_item(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [L.para("一、按工作内容和状态统计", st.heading)]
    if not data.by_work_item:
        return [*flow, _nothing(st)]
    status_w = 16 * mm
    label_w = L.FRAME_WIDTH - status_w * (len(data.statuses) + 1)
    rows: list[list[Any]] = [[L.para("工作内容", st.cell_head)]
                             + [L.para(s, st.cell_head) for s in data.statuses]
                             + [L.para("合计", st.cell_head)]]
    for row in data.by_work_item:
        rows.append([L.para(row.label, st.cell)] + [L.para(str(n), st.cell) for n in row.counts]
                    + [L.para(str(row.total), st.cell)])
    totals = [sum(r.counts[i] for r in data.by_work_item) for i in range(len(data.statuses))]
    rows.append([L.para("合计", st.cell_head)] + [L.para(str(n), st.cell) for n in totals]
                + [L.para(str(sum(totals)), st.cell)])
    flow.append(L.grid_table(rows, [label_w] + [status_w] * (len(data.statuses) + 1),
                             extra=[("BACKGROUND", (0, -1), (-1, -1), L.HEAD_BG)]))
    flow.append(Spacer(1, 2 * mm))
    series = [[row.counts[i] for row in data.by_work_item] for i in range(len(data.statuses))]
    flow.append(bar_chart([r.label for r in data.by_work_item], series, data.statuses,
                          L.FRAME_WIDTH, st.font, stacked=True))
    return flow


def _findings_by_kind(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [L.para("二、发现问题分类", st.heading)]
    if not data.findings_by_kind:
        return [*flow, L.para("本时段内未发现问题。", st.body)]
    total = sum(k.count for k in data.findings_by_kind) or 1
    rows: list[list[Any]] = [[L.para(h, st.cell_head) for h in ("问题类别", "数量", "占比")]]
    for kind in data.findings_by_kind:
        rows.append([L.para(kind.label, st.cell), L.para(str(kind.count), st.cell),
                     L.para(f"{kind.count * 100 / total:.1f}%", st.cell)])
    flow.append(L.grid_table(rows, [L.FRAME_WIDTH - 40 * mm, 20 * mm, 20 * mm]))
    flow.append(Spacer(1, 2 * mm))
    by_count = sorted(data.findings_by_kind, key=lambda k: -k.count)  # the long tail last
    flow.append(bar_chart([k.label for k in by_count], [[k.count for k in by_count]],
                          ["问题数"], L.FRAME_WIDTH, st.font, rest_label="其他 {n} 类"))
    return flow


def _per_inspector(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [L.para("三、检查人员工作量", st.heading)]
    if not data.per_inspector:
        return [*flow, _nothing(st)]
    rows: list[list[Any]] = [[L.para(h, st.cell_head)
                              for h in ("检查人员", "检查数", "已完成", "发现问题")]]
    for r in data.per_inspector:
        rows.append([L.para(r.name, st.cell), L.para(str(r.inspections), st.cell),
                     L.para(str(r.completed), st.cell), L.para(str(r.findings), st.cell)])
    flow.append(L.grid_table(rows, [L.FRAME_WIDTH - 60 * mm, 20 * mm, 20 * mm, 20 * mm]))
    flow.append(Spacer(1, 2 * mm))
    busiest = sorted(data.per_inspector, key=lambda r: -r.inspections)
    flow.append(bar_chart([r.name for r in busiest],
                          [[r.inspections for r in busiest], [r.findings for r in busiest]],
                          ["检查数", "发现问题"], L.FRAME_WIDTH, st.font,
                          rest_label="其他 {n} 人"))
    return flow


def _open_items(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [L.para("四、未整改和逾期事项", st.heading)]
    if not data.open_items:
        return [*flow, L.para("无未整改事项。", st.body)]
    flow.append(L.para(f"共 {len(data.open_items)} 项，其中逾期 {data.overdue_count} 项"
                       f"（截至 {data.as_of}）。", st.body))
    flow.append(Spacer(1, 1 * mm))
    heads = ("编号", "单位/地址", "存在问题", "检查日期", "整改期限", "逾期天数")
    rows: list[list[Any]] = [[L.para(h, st.cell_head) for h in heads]]
    extra: list[tuple[Any, ...]] = []
    for n, item in enumerate(data.open_items, start=1):
        style = st.cell_finding if item.overdue_days > 0 else st.cell
        rows.append([L.para(short_id(item.record_id), st.cell), L.para(item.site, st.cell),
                     L.para(item.findings, st.cell), L.para(item.completed_on, st.cell),
                     L.para(item.deadline, st.cell),
                     L.para(str(item.overdue_days) if item.overdue_days else "未逾期", style)])
        if item.overdue_days > 0:
            extra.append(("BACKGROUND", (0, n), (-1, n), L.FINDING_BG))
    widths = [18 * mm, 44 * mm, L.FRAME_WIDTH - 122 * mm, 20 * mm, 20 * mm, 20 * mm]
    table = L.grid_table(rows, widths, extra=extra)
    L.allow_row_splitting(table, any(len(i.findings) > L.LONG_CELL for i in data.open_items))
    flow.append(table)
    return flow


def _inspection_list(data: SummaryData, st: L.Styles) -> list[Flowable]:
    flow: list[Flowable] = [CondPageBreak(60 * mm), L.para("五、检查记录清单", st.heading)]
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
    for part in (_by_work_item, _findings_by_kind, _per_inspector, _open_items):
        story += part(data, st)
    story += _inspection_list(data, st)
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
