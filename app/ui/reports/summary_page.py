"""The summary tab (汇总报告): filters, a live preview of the counts, and the PDF button.

The preview is `app.reports.summary_gather.summary_data` run in the background on its own connection
each time the filters change or the tab is shown (so edits made meanwhile are counted); a
result that arrives after newer filters were chosen is dropped. The PDF adds the charts, the
per-inspector table and the list of inspections.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.divisions import children_of, districts
from app.ui.reports.naming import month_span, summary_file_name
from app.ui.reports.rows_model import RowsModel
from app.ui.tasks import TaskContext, TaskHandle, run_task


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class SummaryPage(QWidget):
    """Filters on top, key figures and three tables below, "Generate summary report…"."""

    generate_requested = Signal(object, bool, str)  # SummaryFilter, with photos, file name
    preview_ready = Signal(object)  # SummaryData shown
    inspection_requested = Signal(str)  # an open item double-clicked: its latest inspection

    def __init__(self, db_path: Path, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary-page")
        self.db_path = db_path
        self.lang = lang
        self.data: Any = None  # the SummaryData on show
        self._generation = 0
        self._forms_loaded = False
        self._task: TaskHandle | None = None
        self._pending = False  # filters changed while counting: count again when it is done
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._build()
        self._connect_signals()

    def title(self) -> str:
        """The tab's title."""
        return self.tr("Summary report")

    # ---- construction -----------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        filters = QGroupBox(self.tr("Which inspections"), self)
        grid = QGridLayout(filters)
        first, last = month_span(clock.beijing_today())  # Beijing's month, not the machine's
        self.date_from = self._date_edit("summary-date-from", first)
        self.date_to = self._date_edit("summary-date-to", last)
        self.this_month = QPushButton(self.tr("This month"), filters)
        self.district = QComboBox(filters)
        self.district.setObjectName("summary-district")
        self.district.addItem(self.tr("All districts"), "")
        for division in districts():
            self.district.addItem(division.name, division.code[:6])
        self.street = QComboBox(filters)
        self.street.setObjectName("summary-street")
        self.street.setMinimumContentsLength(12)
        self.form = QComboBox(filters)
        self.form.setObjectName("summary-form")
        self.form.setMinimumContentsLength(16)
        self.form.addItem(self.tr("All checklists"), "")
        self._fill_streets()
        grid.addWidget(QLabel(self.tr("Started from"), filters), 0, 0)
        grid.addWidget(self.date_from, 0, 1)
        grid.addWidget(QLabel(self.tr("to"), filters), 0, 2)
        grid.addWidget(self.date_to, 0, 3)
        grid.addWidget(self.this_month, 0, 4)
        grid.addWidget(QLabel(self.tr("District"), filters), 1, 0)
        grid.addWidget(self.district, 1, 1)
        grid.addWidget(QLabel(self.tr("Street / town"), filters), 1, 2)
        grid.addWidget(self.street, 1, 3, 1, 2)
        grid.addWidget(QLabel(self.tr("Checklist"), filters), 2, 0)
        grid.addWidget(self.form, 2, 1, 1, 4)
        grid.setColumnStretch(5, 1)
        layout.addWidget(filters)

        figures = QHBoxLayout()
        self.figure_labels: dict[str, QLabel] = {}
        for key, caption in (("inspections", self.tr("Inspections")),
                             ("findings", self.tr("Findings")),
                             ("open_items", self.tr("Open items")),
                             ("overdue", self.tr("of which overdue"))):
            box = QGroupBox(caption, self)
            inner = QVBoxLayout(box)
            value = QLabel("–", box)
            value.setObjectName(f"summary-{key}")
            value.setStyleSheet("font-size: 20pt; font-weight: bold;")
            inner.addWidget(value)
            self.figure_labels[key] = value
            figures.addWidget(box)
        layout.addLayout(figures)

        tables = QHBoxLayout()
        self.work_items = RowsModel([self.tr("Work item"), self.tr("Draft"),
                                     self.tr("Completed"), self.tr("Total")], self)
        self.kinds = RowsModel([self.tr("Finding"), self.tr("Count")], self)
        self.open_items = RowsModel([self.tr("Site"), self.tr("Deadline"),
                                     self.tr("Days overdue")], self)
        for title, model, name in (
                (self.tr("By work item and status"), self.work_items, "summary-work-items"),
                (self.tr("Findings by kind"), self.kinds, "summary-kinds"),
                (self.tr("Open and overdue items"), self.open_items, "summary-open-items")):
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            view = QTableView(box)
            view.setObjectName(name)
            view.setModel(model)
            view.verticalHeader().hide()
            view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            view.setWordWrap(False)
            header = view.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in range(1, model.columnCount()):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            inner.addWidget(view)
            tables.addWidget(box, 1)
            if model is self.open_items:
                self.open_items_view = view
                view.setToolTip(self.tr("Double-click an item to open its inspection"))
                view.doubleClicked.connect(self.on_open_item_activated)
        layout.addLayout(tables, 1)

        bottom = QHBoxLayout()
        self.note = QLabel(self)
        self.note.setObjectName("summary-note")
        self.note.setWordWrap(True)
        self.include_photos = QCheckBox(self.tr("Include photos (slower, larger file)"), self)
        self.include_photos.setObjectName("summary-photos")
        self.generate_button = QPushButton(self.tr("Generate summary report…"), self)
        self.generate_button.setObjectName("summary-generate")
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.include_photos)
        bottom.addWidget(self.generate_button)
        layout.addLayout(bottom)

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _connect_signals(self) -> None:
        self.date_from.dateChanged.connect(self.on_filter_changed)
        self.date_to.dateChanged.connect(self.on_filter_changed)
        self.this_month.clicked.connect(self.on_this_month)
        self.district.currentIndexChanged.connect(self.on_district_changed)
        self.street.currentIndexChanged.connect(self.on_filter_changed)
        self.form.currentIndexChanged.connect(self.on_filter_changed)
        self.generate_button.clicked.connect(self.on_generate)
        self._timer.timeout.connect(self.start_preview)

    def _fill_streets(self) -> None:
        self.street.blockSignals(True)
        self.street.clear()
        self.street.addItem(self.tr("All streets and towns"), "")
        district = self.district.currentData() or ""
        if district:
            for division in children_of(district):
                self.street.addItem(division.name, division.code)
        self.street.setEnabled(bool(district))
        self.street.blockSignals(False)

    # ---- what is asked --------------------------------------------------------------------

    def summary_filter(self) -> Any:
        """The gather module's SummaryFilter for the chosen dates, divisions and checklist."""
        from app.reports.summary_gather import SummaryFilter

        return SummaryFilter(
            date_from=_pydate(self.date_from.date()),
            date_to=_pydate(self.date_to.date()),
            district_code=self.district.currentData() or None,
            street_code=self.street.currentData() or None,
            form_id=self.form.currentData() or None,
        )

    def dates_in_order(self) -> bool:
        return bool(self.date_from.date() <= self.date_to.date())

    # ---- slots ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._forms_loaded:
            self._forms_loaded = True
            self.load_forms()
        self.start_preview()  # counts as they are now, edits made elsewhere included

    def on_data_changed(self, _changes: Any) -> None:
        """Inspections or sites changed somewhere: count again if shown (showEvent counts
        anyway when it is next looked at); the timer makes a burst of saves one count."""
        if self.isVisible() and self.dates_in_order():
            self._timer.start()

    def on_this_month(self) -> None:
        first, last = month_span(clock.beijing_today())  # Beijing's month, not the machine's
        self.date_from.setDate(_qdate(first))
        self.date_to.setDate(_qdate(last))

    def on_district_changed(self) -> None:
        self._fill_streets()
        self.on_filter_changed()

    def on_filter_changed(self, *_args: Any) -> None:
        ordered = self.dates_in_order()
        self.generate_button.setEnabled(ordered)
        if not ordered:
            self._generation += 1  # a preview still running is for other dates
            self.note.setText(self.tr("The start date is after the end date."))
            self.note.setStyleSheet("color: #b00020;")
            return
        self._timer.start()  # typing a date or stepping through districts: count once

    def load_forms(self) -> None:
        """Fill the checklist filter from a worker thread (parsing checklists takes a moment)."""
        from app.ui.checklist_titles import load_checklist_titles

        self._forms_task = load_checklist_titles(self.db_path, self.lang, self.set_forms)

    def set_forms(self, forms: list[tuple[str, str]]) -> None:
        current = self.form.currentData() or ""
        self.form.blockSignals(True)
        while self.form.count() > 1:
            self.form.removeItem(1)
        for form_id, title in forms:
            self.form.addItem(title, form_id)
        self.form.setCurrentIndex(max(self.form.findData(current), 0))
        self.form.blockSignals(False)

    def start_preview(self) -> None:
        """Count in the background; only the newest request's result is shown."""
        if not self.dates_in_order():
            return
        self._timer.stop()
        self._generation += 1
        if self._task is not None and not self._task.finished:
            # summary_data cannot be interrupted: one count at a time, the newest filters next.
            self._pending = True
            self.note.setText(self.tr("Counting…"))
            return
        generation = self._generation
        flt = self.summary_filter()

        def job(ctx: TaskContext) -> Any:
            from app.reports.summary_gather import summary_data

            db = ctx.open_database()
            try:
                return summary_data(db, flt)
            finally:
                db.close()

        self.note.setText(self.tr("Counting…"))
        self.note.setStyleSheet("")
        self._task = run_task(job, db_path=self.db_path,
                              on_result=lambda data: self.on_preview(generation, data),
                              on_error=lambda exc: self.on_preview_failed(generation, exc))
        self._task.signals.done.connect(self.on_count_done)

    def on_open_item_activated(self, index: Any) -> None:
        """Open the inspection that last found the double-clicked open item (issue 12.9)."""
        items = self.data.open_items if self.data is not None else ()
        if 0 <= index.row() < len(items):
            self.inspection_requested.emit(items[index.row()].record_id)

    def on_count_done(self) -> None:
        if _alive(self) and self._pending:
            self._pending = False
            self.start_preview()

    def on_preview(self, generation: int, data: Any) -> None:
        if not _alive(self) or generation != self._generation:
            return  # older filters
        self.data = data
        # The PDF's key figures: completed inspections, problems found (per site and kind),
        # open ones and the overdue among them.
        totals = data.totals
        figures = {"inspections": data.total_inspections,
                   "findings": totals.found if totals else 0,
                   "open_items": len(data.open_items), "overdue": data.overdue_count}
        for key, label in self.figure_labels.items():
            label.setText(str(figures[key]))
        overdue = self.figure_labels["overdue"]
        overdue.setStyleSheet("font-size: 20pt; font-weight: bold;"
                              + (" color: #b00020;" if figures["overdue"] else ""))
        self.work_items.set_rows([(row.label, *row.counts, row.total)
                                  for row in data.by_work_item])
        self.kinds.set_rows([(k.label, k.count) for k in data.findings_by_kind])
        self.open_items.set_rows([(item.site, item.deadline, item.overdue_days)
                                  for item in data.open_items])
        self.note.setText(self.tr("Counted as of %1: current versions only (an amended "
                                  "inspection counts once). The PDF adds charts, inspectors "
                                  "and the list of inspections.").replace("%1", data.as_of))
        self.note.setStyleSheet("")
        self.preview_ready.emit(data)

    def on_preview_failed(self, generation: int, exc: BaseException) -> None:
        if not _alive(self) or generation != self._generation:
            return
        self.note.setText(self.tr("Could not count: %1").replace("%1", str(exc)))
        self.note.setStyleSheet("color: #b00020;")

    def on_generate(self) -> None:
        if not self.dates_in_order():
            return
        flt = self.summary_filter()
        self.generate_requested.emit(flt, self.include_photos.isChecked(),
                                     summary_file_name(flt.date_from, flt.date_to))


def _alive(widget: QWidget) -> bool:
    """False once Qt has deleted the page (its window closed while a count was running): a
    late result must not touch its labels."""
    import shiboken6

    return bool(shiboken6.isValid(widget))
