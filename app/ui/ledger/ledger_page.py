"""The 台账 page: filters, the ledger's lines (and per inspector), the cases behind any number
(double-click it), and the exports. Everything is counted in the background (run_task)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.divisions import children_of, districts
from app.ledger.build import WORK_ITEMS, Ledger
from app.ledger.drill import LedgerCell
from app.store.ledger_query import LedgerFilter
from app.ui.ledger.case_panel import CasePanel
from app.ui.ledger.case_rows import CaseRow
from app.ui.ledger.jobs import LedgerChoice, drill_job, export_job, ledger_job, person_job
from app.ui.ledger.ledger_model import LedgerTableModel, PeopleTableModel
from app.ui.operations import Changes, hub_for, user_message
from app.ui.photos.guard import alive
from app.ui.tasks import TaskHandle, run_task


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class LedgerPage(QWidget):
    """Filters on top; the lines (or the people) on the left, the cases behind a number on the
    right."""

    def __init__(self, db_path: Path, lang: str, actor: str, parent: QWidget | None = None,
                 as_of: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledger-page")
        self.db_path = db_path
        self.lang = lang
        self.actor = actor
        self.as_of = as_of  # None: today in Beijing, asked at each count
        self.ledger: Ledger | None = None
        self.choice: LedgerChoice | None = None
        self.last_export: Path | None = None
        self._generation = 0
        self._task: TaskHandle | None = None
        self._drill_task: TaskHandle | None = None
        self._export_task: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self.model = LedgerTableModel(lang, self)
        self.people = PeopleTableModel(lang, self)
        self._build()
        self._connect_signals()

    def title(self) -> str:
        return self.tr("Ledger")

    # ---- construction -----------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        filters = QGroupBox(self.tr("Which ledger"), self)
        grid = QGridLayout(filters)
        self.work_item = QComboBox(filters)
        self.work_item.setObjectName("ledger-work-item")
        self.work_item.addItem(self.tr("All work items"), "")
        for key, title in WORK_ITEMS.items():
            self.work_item.addItem(title.get(self.lang), key)
        self.district = QComboBox(filters)
        self.district.setObjectName("ledger-district")
        self.district.addItem(self.tr("All districts"), "")
        for d in districts():
            self.district.addItem(d.name, d.code[:6])
        self.street = QComboBox(filters)
        self.street.setObjectName("ledger-street")
        self.street.setMinimumContentsLength(10)
        self.period = QComboBox(filters)
        self.period.setObjectName("ledger-period")
        for key, text in (("month", self.tr("By month")), ("week", self.tr("By week")),
                          ("campaign", self.tr("Campaign to date"))):
            self.period.addItem(text, key)
        self.use_dates = QCheckBox(self.tr("Only from"), filters)
        self.use_dates.setObjectName("ledger-use-dates")
        today = clock.beijing_today()
        self.date_from = self._date_edit("ledger-date-from", today.replace(day=1))
        self.date_to = self._date_edit("ledger-date-to", today)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self._fill_streets()
        grid.addWidget(QLabel(self.tr("Work item"), filters), 0, 0)
        grid.addWidget(self.work_item, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Period"), filters), 0, 4)
        grid.addWidget(self.period, 0, 5)
        grid.addWidget(QLabel(self.tr("District"), filters), 1, 0)
        grid.addWidget(self.district, 1, 1)
        grid.addWidget(QLabel(self.tr("Street / town"), filters), 1, 2)
        grid.addWidget(self.street, 1, 3)
        grid.addWidget(self.use_dates, 1, 4)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("to"), filters))
        dates.addWidget(self.date_to)
        grid.addLayout(dates, 1, 5)
        grid.setColumnStretch(6, 1)
        exports = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for suffix, text in ((".xlsx", self.tr("Export .xlsx…")),
                             (".csv", self.tr("Export .csv…")),
                             (".geojson", self.tr("Export .geojson…"))):
            button = QPushButton(text, filters)
            button.setObjectName(f"ledger-export-{suffix[1:]}")
            button.clicked.connect(lambda _c=False, s=suffix: self.on_export(s))
            self.export_buttons[suffix] = button
            exports.addWidget(button)
        grid.addLayout(exports, 0, 7, 2, 1)
        layout.addWidget(filters)

        splitter = QSplitter(self)
        self.views = QTabWidget(splitter)
        self.views.setObjectName("ledger-views")
        self.table = self._table("ledger-table", self.model)
        self.people_table = self._table("ledger-people", self.people)
        self.views.addTab(self.table, self.tr("By work item and place"))
        self.views.addTab(self.people_table, self.tr("By inspector and team"))
        self.cases = CasePanel(self.db_path, self.lang, self.actor, splitter, as_of=self.as_of)
        self.cases.title.setText(self.tr("Double-click a number to list the cases behind it."))
        splitter.addWidget(self.views)
        splitter.addWidget(self.cases)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.note = QLabel(self)
        self.note.setObjectName("ledger-note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

    def _table(self, name: str, model: Any) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _connect_signals(self) -> None:
        for combo in (self.work_item, self.street, self.period):
            combo.currentIndexChanged.connect(self.on_filter_changed)
        self.district.currentIndexChanged.connect(self.on_district_changed)
        self.use_dates.toggled.connect(self.on_use_dates)
        self.date_from.dateChanged.connect(self.on_filter_changed)
        self.date_to.dateChanged.connect(self.on_filter_changed)
        self.table.doubleClicked.connect(self.on_number_activated)
        self.people_table.doubleClicked.connect(self.on_person_activated)
        self._timer.timeout.connect(self.refresh)
        self.cases.case_changed.connect(lambda _id: self._timer.start())
        hub_for(self, self.db_path).changed.connect(self.on_data_changed)

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

    def today(self) -> date:
        return self.as_of or clock.beijing_today()

    def current_choice(self) -> LedgerChoice:
        dated = self.use_dates.isChecked()
        flt = LedgerFilter(
            period=self.period.currentData() or "month",
            date_from=_pydate(self.date_from.date()) if dated else None,
            date_to=_pydate(self.date_to.date()) if dated else None,
            district_code=self.district.currentData() or None, as_of=self.today())
        return LedgerChoice(flt, self.work_item.currentData() or "",
                            self.street.currentData() or "")

    # ---- slots ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.ledger is None or self._dirty:
            self.refresh()

    _dirty = False

    def on_data_changed(self, changes: Changes) -> None:
        if changes.inspections or changes.sites:
            self._dirty = True
            if self.isVisible():
                self._timer.start()

    def on_district_changed(self) -> None:
        self._fill_streets()
        self.on_filter_changed()

    def on_use_dates(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.on_filter_changed()

    def on_filter_changed(self, *_args: Any) -> None:
        if self.use_dates.isChecked() and self.date_from.date() > self.date_to.date():
            self._generation += 1
            self.note.setText(self.tr("The start date is after the end date."))
            self.note.setStyleSheet("color: #b00020;")
            return
        self._timer.start()

    def refresh(self) -> None:
        """Count the ledger in the background; only the newest request's result is shown."""
        self._timer.stop()
        self._dirty = False
        self._generation += 1
        generation, choice, actor = self._generation, self.current_choice(), self.actor
        self.note.setText(self.tr("Counting…"))
        self.note.setStyleSheet("")
        self._task = run_task(lambda ctx: ledger_job(ctx, choice, actor), db_path=self.db_path,
                              on_result=alive(self, lambda ledger: self.on_counted(
                                  generation, choice, ledger)),
                              on_error=alive(self, lambda exc: self.on_failed(generation, exc)))

    def on_counted(self, generation: int, choice: LedgerChoice, ledger: Ledger) -> None:
        if generation != self._generation:
            return  # older filters
        self.ledger, self.choice = ledger, choice
        self.model.set_rows(list(ledger.rows))
        self.people.set_rows(list(ledger.people))
        self.table.resizeColumnsToContents()
        self.people_table.resizeColumnsToContents()
        self.note.setText(self.tr("%n line(s), as of %1. Double-click a number for its cases.",
                                  "", len(ledger.rows)).replace(
            "%1", choice.filter.as_of.isoformat()))

    def on_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.note.setText(self.tr("Could not count: %1").replace(
            "%1", user_message(error, self.lang)))
        self.note.setStyleSheet("color: #b00020;")

    # ---- drill-down -------------------------------------------------------------------------

    def cell_at(self, index: QModelIndex) -> LedgerCell | None:
        """The number under an index; the totals row stands for every line shown."""
        cell = self.model.cell(index)
        if cell is None or self.choice is None:
            return None
        if self.model.is_total(index.row()):
            return LedgerCell(cell.column, self.choice.work_item,
                              self.choice.filter.district_code or "", self.choice.street_code)
        return cell

    def on_number_activated(self, index: QModelIndex) -> None:
        cell = self.cell_at(index)
        if cell is None or self.choice is None:
            return
        flt = self.choice.filter
        header = str(self.model.headerData(index.column(), self.table.horizontalHeader()
                                           .orientation()))
        line = self.model.line(index.row())
        where = self.tr("total") if self.model.is_total(index.row()) else " · ".join(
            str(self.model.index(index.row(), c).data()) for c in range(4))
        title = f"<b>{header}</b> — {where}"
        if line is not None and cell.column in ("sites", "inspections", "findings"):
            title += "<br>" + self.tr("(the cases opened in this line)")
        self.drill(lambda ctx: drill_job(ctx, flt, cell), title)

    def on_person_activated(self, index: QModelIndex) -> None:
        person = self.people.person(index.row())
        field = self.people.field_of(index.column())
        if person is None or field is None or self.choice is None:
            return
        flt = self.choice.filter
        column = "rectified" if field == "rectified" else "opened"
        title = f"<b>{person.inspector_name or '—'}</b> · {person.team or '—'} · " + (
            self.tr("cases closed") if column == "rectified" else self.tr("cases opened"))
        self.drill(lambda ctx: person_job(ctx, flt, person.inspector_name, person.team,
                                          person.period, column), title)

    def drill(self, job: Any, title: str) -> None:
        self.cases.title.setText(self.tr("Listing the cases…"))
        shown = alive(self, lambda rows: self.on_drilled(rows, title))
        self._drill_task = run_task(job, db_path=self.db_path, on_result=shown,
                                    on_error=alive(self, self.on_drill_failed))

    def on_drilled(self, rows: list[CaseRow], title: str) -> None:
        self.cases.set_rows(rows, title + " — " + self.tr("%n case(s)", "", len(rows)))

    def on_drill_failed(self, error: BaseException) -> None:
        self.cases.title.setText(self.tr("Could not list the cases: %1").replace(
            "%1", user_message(error, self.lang)))

    # ---- exports ----------------------------------------------------------------------------

    def on_export(self, suffix: str) -> None:
        name = f"台账-{self.today().isoformat()}{suffix}"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the ledger"), name, f"*{suffix}")
        if path:
            out = Path(path)
            self.start_export(out if out.suffix.lower() == suffix else out.with_suffix(suffix))

    def start_export(self, out: Path) -> None:
        """Write the file in the background."""
        choice, actor, db_path = self.current_choice(), self.actor, self.db_path
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.note.setText(self.tr("Writing %1…").replace("%1", str(out)))
        self._export_task = run_task(lambda ctx: export_job(ctx, db_path, choice, out, actor),
                                     db_path=db_path, on_result=alive(self, self.on_exported),
                                     on_error=alive(self, self.on_export_failed))

    def on_exported(self, path: Path) -> None:
        self.last_export = path
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.note.setText(self.tr("Written: %1").replace("%1", str(path)))

    def on_export_failed(self, error: BaseException) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.note.setText(self.tr("Not written: %1").replace(
            "%1", user_message(error, self.lang)))
        self.note.setStyleSheet("color: #b00020;")

