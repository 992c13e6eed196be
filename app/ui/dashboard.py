"""今日概况: what a team lead opens every morning. Overdue cases first (the longest overdue on
top), re-inspections due today and this week, rebounds this month, a few numbers with small
bar charts; a click opens the case (its steps and its before/after photos).

Everything is read in one background job (`dashboard_data`, through app.store.cases and
app.ledger.build) on its own connection, again whenever cases may have changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.ledger.build import build_ledger, work_item_title
from app.store.cases import get_case, list_cases, reinspections_due
from app.store.ledger_query import LedgerFilter
from app.ui.ledger.case_panel import CaseListModel, CasePanel
from app.ui.ledger.case_rows import CaseRow, case_rows, most_overdue_first
from app.ui.operations import Changes, hub_for, user_message
from app.ui.photos.guard import alive
from app.ui.tasks import TaskContext, TaskHandle, run_task

WEEKS = 8
OPENED_COLOUR = QColor("#e6862e")
CLOSED_COLOUR = QColor("#2e7d32")
OVERDUE_COLOUR = QColor("#b00020")


@dataclass(frozen=True)
class DashboardData:
    """What the morning page shows, as of one Beijing day."""

    as_of: date
    overdue: tuple[CaseRow, ...]          # most overdue first
    due_today: tuple[CaseRow, ...]        # re-inspections due by today
    due_this_week: tuple[CaseRow, ...]    # due later this week (to Sunday)
    rebounds: tuple[CaseRow, ...]         # opened this month after a closed case
    open_cases: int
    weeks: tuple[tuple[str, int, int], ...]  # (Monday, opened, closed), oldest first
    open_by_work_item: tuple[tuple[str, int], ...]


def dashboard_data(db: Any, as_of: date, actor: str = "") -> DashboardData:
    """Read everything the page shows (the ledger's weekly lines drain the case queue first)."""
    monday = as_of - timedelta(days=as_of.weekday())
    first_week = monday - timedelta(weeks=WEEKS - 1)
    ledger = build_ledger(db, LedgerFilter(period="week", date_from=first_week, date_to=as_of,
                                           as_of=as_of), actor)
    weeks: dict[str, list[int]] = {(first_week + timedelta(weeks=n)).isoformat(): [0, 0]
                                   for n in range(WEEKS)}
    for row in ledger.rows:
        if row.period in weeks:
            weeks[row.period][0] += row.opened
            weeks[row.period][1] += row.rectified
    overdue = most_overdue_first(case_rows(db, list_cases(db, overdue_as_of=as_of), as_of))
    sunday = monday + timedelta(days=6)
    due = reinspections_due(db, sunday)
    due_rows = case_rows(db, [get_case(db, r.case_id) for r in due], as_of)
    today = as_of.isoformat()
    open_cases = list_cases(db, state="open")
    month = as_of.isoformat()[:7]
    rebounds = [c for c in list_cases(db) if c.rebound_of and c.opened_at
                and clock.beijing_date(c.opened_at).isoformat()[:7] == month]
    by_item = Counter(c.work_item for c in open_cases)
    return DashboardData(
        as_of, tuple(overdue),
        tuple(r for r in due_rows if (r.case.deadline or "") <= today),
        tuple(r for r in due_rows if (r.case.deadline or "") > today),
        tuple(case_rows(db, rebounds, as_of)), len(open_cases),
        tuple((k, v[0], v[1]) for k, v in sorted(weeks.items())),
        tuple(by_item.most_common()))


def _job(ctx: TaskContext, as_of: date, actor: str) -> DashboardData:
    db = ctx.open_database()
    try:
        return dashboard_data(db, as_of, actor)
    finally:
        db.close()


class BarChart(QWidget):
    """Small bars drawn with QPainter: one group per label, one bar per series."""

    def __init__(self, colours: list[QColor], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours
        self.labels: list[str] = []
        self.values: list[tuple[int, ...]] = []
        self.legend: list[str] = []
        self.horizontal = False
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, labels: list[str], values: list[tuple[int, ...]],
                 legend: list[str] | None = None, horizontal: bool = False) -> None:
        self.labels, self.values = labels, values
        self.legend, self.horizontal = legend or [], horizontal
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        top = metrics.height() + 2 if self.legend else 0
        x = 0
        for colour, text in zip(self.colours, self.legend, strict=False):
            painter.fillRect(QRectF(x, 3, 10, 10), colour)
            painter.setPen(self.palette().text().color())
            painter.drawText(x + 14, metrics.ascent(), text)
            x += 24 + metrics.horizontalAdvance(text)
        if not self.values:
            return
        peak = max(1, *(v for group in self.values for v in group))
        area = QRectF(0, top, self.width(), self.height() - top)
        if self.horizontal:
            self._horizontal(painter, area, peak)
        else:
            self._vertical(painter, area, peak)
        painter.end()

    def _vertical(self, painter: QPainter, area: QRectF, peak: int) -> None:
        metrics = painter.fontMetrics()
        n, series = len(self.values), len(self.values[0])
        label_h = metrics.height() * 2
        usable = area.height() - label_h
        group_w = area.width() / n
        bar_w = max(2.0, (group_w - 6) / series)
        for i, group in enumerate(self.values):
            for j, value in enumerate(group):
                h = usable * value / peak
                rect = QRectF(area.left() + i * group_w + 3 + j * bar_w,
                              area.top() + metrics.height() + usable - h, bar_w - 1, h)
                painter.fillRect(rect, self.colours[j % len(self.colours)])
                if value:
                    painter.setPen(self.palette().text().color())
                    painter.drawText(QRectF(rect.left() - 4, rect.top() - metrics.height(),
                                            bar_w + 8, metrics.height()),
                                     Qt.AlignmentFlag.AlignCenter, str(value))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(area.left() + i * group_w, area.bottom() - label_h + 2,
                                    group_w, label_h), Qt.AlignmentFlag.AlignHCenter
                             | Qt.AlignmentFlag.AlignTop, self.labels[i])

    def _horizontal(self, painter: QPainter, area: QRectF, peak: int) -> None:
        metrics = painter.fontMetrics()
        rows = len(self.values)
        row_h = min(22.0, area.height() / max(rows, 1))
        label_w = min(area.width() * 0.45, max(
            (metrics.horizontalAdvance(t) for t in self.labels), default=0) + 6)
        for i, (label, group) in enumerate(zip(self.labels, self.values, strict=True)):
            y = area.top() + i * row_h
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(area.left(), y, label_w - 4, row_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                int(label_w - 6)))
            value = group[0]
            w = (area.width() - label_w - 40) * value / peak
            painter.fillRect(QRectF(area.left() + label_w, y + 3, w, row_h - 6),
                             self.colours[0])
            painter.drawText(QRectF(area.left() + label_w + w + 4, y, 40, row_h),
                             Qt.AlignmentFlag.AlignVCenter, str(value))


class DashboardPage(QWidget):
    """今日概况."""

    def __init__(self, db_path: Path, lang: str, actor: str, parent: QWidget | None = None,
                 as_of: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard-page")
        self.db_path = db_path
        self.lang = lang
        self.actor = actor
        self.as_of = as_of
        self.data: DashboardData | None = None
        self._generation = 0
        self._dirty = True
        self._task: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._build()
        self._connect_signals()

    def title(self) -> str:
        return self.tr("Today")

    def today(self) -> date:
        return self.as_of or clock.beijing_today()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("dashboard-heading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(self.heading)
        figures = QHBoxLayout()
        self.figures: dict[str, QLabel] = {}
        for key, caption in (("overdue", self.tr("Overdue")),
                             ("due_today", self.tr("Re-inspections due today")),
                             ("due_week", self.tr("Due later this week")),
                             ("rebounds", self.tr("Rebounds this month")),
                             ("open", self.tr("Open cases"))):
            box = QGroupBox(caption, self)
            inner = QVBoxLayout(box)
            value = QLabel("–", box)
            value.setObjectName(f"dashboard-{key}")
            value.setStyleSheet("font-size: 20pt; font-weight: bold;")
            inner.addWidget(value)
            self.figures[key] = value
            figures.addWidget(box)
        weeks_box = QGroupBox(self.tr("Cases opened and closed, last 8 weeks"), self)
        QVBoxLayout(weeks_box).addWidget(chart := BarChart([OPENED_COLOUR, CLOSED_COLOUR],
                                                           weeks_box))
        self.weeks_chart = chart
        items_box = QGroupBox(self.tr("Open cases by work item"), self)
        QVBoxLayout(items_box).addWidget(items := BarChart([OVERDUE_COLOUR.lighter(130)],
                                                           items_box))
        self.items_chart = items
        charts = QHBoxLayout()
        charts.addLayout(figures, 3)
        layout.addLayout(charts)
        chart_row = QHBoxLayout()
        chart_row.addWidget(weeks_box, 1)
        chart_row.addWidget(items_box, 1)
        layout.addLayout(chart_row)

        splitter = QSplitter(self)
        self.lists = QTabWidget(splitter)
        self.lists.setObjectName("dashboard-lists")
        self.overdue_model = CaseListModel(self.lang, self)
        self.due_model = CaseListModel(self.lang, self)
        self.rebound_model = CaseListModel(self.lang, self)
        self.overdue_table = self._table("dashboard-overdue", self.overdue_model)
        self.due_table = self._table("dashboard-due", self.due_model)
        self.rebound_table = self._table("dashboard-rebounds", self.rebound_model)
        self.lists.addTab(self.overdue_table, self.tr("Overdue"))
        self.lists.addTab(self.due_table, self.tr("Re-inspections due"))
        self.lists.addTab(self.rebound_table, self.tr("Rebounds"))
        self.case_panel = CasePanel(self.db_path, self.lang, self.actor, splitter,
                                    as_of=self.as_of)
        self.case_panel.table.hide()  # the lists on the left choose the case
        self.case_panel.title.hide()
        splitter.addWidget(self.lists)
        splitter.addWidget(self.case_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.note = QLabel(self)
        self.note.setObjectName("dashboard-note")
        layout.addWidget(self.note)

    def _table(self, name: str, model: CaseListModel) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        for col, width in enumerate(CaseListModel.COLUMN_WIDTHS):
            view.setColumnWidth(col, width)
        # The problem's wording gives way, so the deadline and the days overdue (what a lead
        # reads first) stay in view at 1024 px (issue 12.15).
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        view.clicked.connect(lambda index, m=model: self.on_case_clicked(m, index))
        view.activated.connect(lambda index, m=model: self.on_case_clicked(m, index))
        return view

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self.refresh)
        self.case_panel.case_changed.connect(lambda _id: self._timer.start())
        hub_for(self, self.db_path).changed.connect(self.on_data_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def on_data_changed(self, changes: Changes) -> None:
        if changes.inspections or changes.sites:
            self._dirty = True
            if self.isVisible():
                self._timer.start()

    def refresh(self) -> None:
        """Read again in the background; only the newest result is shown."""
        self._timer.stop()
        self._dirty = False
        self._generation += 1
        generation, as_of, actor = self._generation, self.today(), self.actor
        self.note.setText(self.tr("Reading…"))
        self._task = run_task(lambda ctx: _job(ctx, as_of, actor), db_path=self.db_path,
                              on_result=alive(self, lambda data: self.on_data(generation, data)),
                              on_error=alive(self, lambda exc: self.on_failed(generation, exc)))

    def on_data(self, generation: int, data: DashboardData) -> None:
        if generation != self._generation:
            return
        self.data = data
        self.heading.setText(self.tr("Today, %1").replace("%1", data.as_of.isoformat()))
        values = {"overdue": len(data.overdue), "due_today": len(data.due_today),
                  "due_week": len(data.due_this_week), "rebounds": len(data.rebounds),
                  "open": data.open_cases}
        for key, label in self.figures.items():
            label.setText(str(values[key]))
        self.figures["overdue"].setStyleSheet(
            "font-size: 20pt; font-weight: bold;" + (" color: #b00020;" if data.overdue else ""))
        self.overdue_model.set_rows(list(data.overdue))
        self.due_model.set_rows([*data.due_today, *data.due_this_week])
        self.rebound_model.set_rows(list(data.rebounds))
        self.lists.setTabText(0, self.tr("Overdue (%1)").replace("%1", str(len(data.overdue))))
        self.lists.setTabText(1, self.tr("Re-inspections due (%1)").replace(
            "%1", str(len(data.due_today) + len(data.due_this_week))))
        self.lists.setTabText(2, self.tr("Rebounds (%1)").replace("%1", str(len(data.rebounds))))
        self.weeks_chart.set_data([w[0][5:] for w in data.weeks],
                                  [(w[1], w[2]) for w in data.weeks],
                                  [self.tr("opened"), self.tr("closed")])
        self.items_chart.set_data([work_item_title(k).get(self.lang)
                                   for k, _n in data.open_by_work_item[:6]],
                                  [(n,) for _k, n in data.open_by_work_item[:6]],
                                  horizontal=True)
        self.note.setText(self.tr("Overdue: the deadline has passed and the case is still "
                                  "open. Click a case to see its steps and photos."))
        if data.overdue and self.case_panel.detail is None:
            self.overdue_table.selectRow(0)
            self.case_panel.show_case(data.overdue[0].case.id)

    def on_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.note.setText(self.tr("Could not read: %1").replace(
                "%1", user_message(error, self.lang)))

    def on_case_clicked(self, model: CaseListModel, index: QModelIndex) -> None:
        row = model.case_row(index.row())
        if row is not None:
            self.case_panel.show_case(row.case.id)
