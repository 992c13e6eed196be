"""Charts with reportlab's own graphics, labelled in the Chinese font: bars per category
(with the long tail summed), shares of 100 % per category, and bars per period (trend)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

PALETTE = (
    colors.HexColor("#3b6ea5"),
    colors.HexColor("#e07b39"),
    colors.HexColor("#5a9e6f"),
    colors.HexColor("#b3261e"),
    colors.HexColor("#8e6bb0"),
    colors.HexColor("#7a7a7a"),
)


def _drawing(width: float, height: float, font: str) -> Drawing:
    drawing = Drawing(width, height)
    # The renderer starts each drawing in its `initialFontName` (Helvetica unless set), which
    # would then be listed, not embedded, in the PDF. Drawing's attribute checks do not know
    # the name, hence the direct assignment.
    drawing.__dict__["initialFontName"] = font
    return drawing


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# The tallest plot a chart may have: it must fit on a page below its heading and table start
# (a drawing cannot be split: a taller one stopped the whole summary with a LayoutError).
MAX_PLOT_H = 150 * mm


def with_rest(categories: Sequence[str], series: Sequence[Sequence[int]], limit: int,
              rest_label: str) -> tuple[list[str], list[list[int]]]:
    """At most `limit` categories: the first `limit - 1` as given (callers order them, most
    first), the rest summed into one, e.g. "其他 85 类" (the table beside lists them all)."""
    if len(categories) <= limit:
        return list(categories), [list(s) for s in series]
    keep = max(limit - 1, 0)
    rest = len(categories) - keep
    names = [*categories[:keep], rest_label.format(n=rest)]
    return names, [[*s[:keep], sum(s[keep:])] for s in series]


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Sequence[int]],
    series_names: Sequence[str],
    width: float,
    font: str,
    stacked: bool = False,
    rest_label: str = "其他 {n} 项",
) -> Drawing:
    """Horizontal bars, one group per category (long Chinese labels read well on the left);
    more categories than fit on a page are summed into one last bar (`rest_label`)."""
    row_h = 7 * mm if stacked or len(series) == 1 else 4 * mm * len(series) + 3 * mm
    categories, series = with_rest(categories, series, int(MAX_PLOT_H // row_h), rest_label)
    legend_h = 8 * mm if len(series) > 1 else 0
    plot_h = max(row_h * len(categories), 12 * mm)
    height = plot_h + legend_h + 10 * mm
    drawing = _drawing(width, height, font)
    chart = HorizontalBarChart()
    chart.x = 42 * mm
    chart.y = 6 * mm + legend_h
    chart.width = width - chart.x - 8 * mm
    chart.height = plot_h
    chart.data = [list(s) for s in series]
    chart.categoryAxis.categoryNames = [_short(c) for c in categories]
    chart.categoryAxis.reverseDirection = 1  # first category at the top, as in the table
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -2
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    peak = max((sum(col) if stacked else max(col)) for col in zip(*series, strict=True)) \
        if categories else 0
    chart.valueAxis.valueMax = max(peak * 1.15, 1)
    chart.valueAxis.valueStep = _nice_step(max(peak, 1))
    chart.valueAxis.labelTextFormat = "%d"
    chart.barSpacing = 0.5
    chart.groupSpacing = 3
    if stacked:
        chart.categoryAxis.style = "stacked"
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = None if stacked else "%d"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.fontName = font
        legend.fontSize = 8
        legend.x = chart.x
        legend.y = 4
        legend.dx = legend.dy = 6
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 28 * mm
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name)
                                 for i, name in enumerate(series_names)]
        drawing.add(legend)
    return drawing


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if peak / step <= 8:
            return step
    return max(1, peak // 8)


def empty_note(text: str, width: float, font: str) -> Drawing:
    """A small drawing saying there is nothing to chart."""
    drawing = _drawing(width, 8 * mm, font)
    drawing.add(String(0, 2 * mm, text, fontName=font, fontSize=9))
    return drawing


def share_bars(
    categories: Sequence[str],
    parts: Sequence[Sequence[int]],
    part_names: Sequence[str],
    width: float,
    font: str,
    part_colors: Sequence[colors.Color] = (),
) -> Drawing:
    """One horizontal bar per category split into its parts as shares of 100 %, e.g. how much
    of each street's problems is rectified, open, overdue: what a table of counts hides."""
    row_h = 6 * mm
    categories = list(categories)[: int(MAX_PLOT_H // row_h)]
    legend_h = 8 * mm
    plot_h = max(row_h * len(categories), 12 * mm)
    drawing = _drawing(width, plot_h + legend_h + 10 * mm, font)
    chart = HorizontalBarChart()
    chart.x = 30 * mm
    chart.y = 6 * mm + legend_h
    chart.width = width - chart.x - 4 * mm
    chart.height = plot_h
    shares = []
    for index in range(len(part_names)):
        row = []
        for k in range(len(categories)):
            whole = sum(p[k] for p in parts) or 1
            row.append(round(parts[index][k] * 100 / whole, 1))
        shares.append(row)
    chart.data = shares
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.barSpacing = 0
    chart.groupSpacing = 2
    palette = list(part_colors) or list(PALETTE)
    for index in range(len(part_names)):
        chart.bars[index].fillColor = palette[index % len(palette)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(_legend(font, chart.x, part_names, palette))
    return drawing


def trend_bars(
    periods: Sequence[str],
    series: Sequence[Sequence[int]],
    series_names: Sequence[str],
    width: float,
    font: str,
    height: float = 62 * mm,
) -> Drawing:
    """Upright bars per period (week or month), one colour per series, oldest on the left:
    how the work went over time, which no table of totals shows."""
    legend_h = 8 * mm
    drawing = _drawing(width, height + legend_h + 14 * mm, font)
    chart = VerticalBarChart()
    chart.x = 14 * mm
    chart.y = 12 * mm + legend_h
    chart.width = width - chart.x - 2 * mm
    chart.height = height
    chart.data = [list(s) for s in series] if periods else [[0]]
    chart.categoryAxis.categoryNames = list(periods) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7 if len(periods) <= 14 else 6
    chart.categoryAxis.labels.boxAnchor = "n"
    if len(periods) > 14:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    peak = max((max(s) for s in series if s), default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(peak * 1.1, 1)
    chart.valueAxis.valueStep = _nice_step(max(peak, 1))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.barSpacing = 0.5
    chart.groupSpacing = 4
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(_legend(font, chart.x, series_names, PALETTE))
    return drawing


def _legend(font: str, x: float, names: Sequence[str], palette: Sequence[colors.Color]
            ) -> Legend:
    legend = Legend()
    legend.fontName = font
    legend.fontSize = 8
    legend.x = x
    legend.y = 6 * mm  # the top of the legend's row, inside the drawing
    legend.dx = legend.dy = 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 36 * mm
    legend.colorNamePairs = [(palette[i % len(palette)], name) for i, name in enumerate(names)]
    return legend
