"""The filters above the inspections list: status, checklist, district, date range, inspector
(with 我的检查: this profile's own inspections).

The bar only collects choices; `InspectionFilter` is built by the main window's list model,
and the choices are remembered in the settings for the next start.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.divisions import districts
from app.ui import settings as s
from app.ui.date_edit import NO_DATE, DateEdit


@dataclass(frozen=True)
class FilterChoice:
    """What the bar shows; empty strings mean "any"."""

    status: str = ""
    form_id: str = ""
    district_code: str = ""
    date_from: str = ""  # YYYY-MM-DD, inclusive
    date_to: str = ""  # YYYY-MM-DD, inclusive
    site_text: str = ""  # name, address or credit code of the site
    inspector: str = ""  # the inspector's name as recorded on the inspection


class InspectionFilterBar(QWidget):
    """Emits `changed(FilterChoice)` whenever a filter is changed by the user."""

    changed = Signal(object)

    def __init__(self, forms: list[tuple[str, str]], lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._wanted_form = ""
        self._wanted_district = ""  # shown once the district list is filled (fill_districts)
        self._me = ""  # this profile's inspector name (我的检查)
        self.status = QComboBox(self)
        self.status.setObjectName("filter-status")
        self.status.addItem(self.tr("All states"), "")
        self.status.addItem(self.tr("Draft"), "draft")
        self.status.addItem(self.tr("Completed"), "completed")
        self.status.addItem(self.tr("Superseded by an amendment"), "superseded")
        self.site_text = QLineEdit(self)
        self.site_text.setObjectName("filter-site")
        self.site_text.setPlaceholderText(self.tr("Site name or address…"))
        self.site_text.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self.form = QComboBox(self)
        self.form.setObjectName("filter-form")
        self.form.addItem(self.tr("All checklists"), "")
        for form_id, title in forms:
            self.form.addItem(title, form_id)
        self.district = QComboBox(self)
        self.district.setObjectName("filter-district")
        self.district.addItem(self.tr("All districts"), "")
        self.inspector = QComboBox(self)
        self.inspector.setObjectName("filter-inspector")
        self.inspector.addItem(self.tr("All inspectors"), "")
        self.mine = QPushButton(self.tr("My inspections"), self)
        self.mine.setObjectName("filter-mine")
        self.mine.setCheckable(True)
        self.mine.setToolTip(self.tr("Only the inspections recorded under this profile's name"))
        self.date_from = self._date_edit("filter-date-from")
        self.date_to = self._date_edit("filter-date-to")
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.setObjectName("filter-clear")
        layout.addWidget(QLabel(self.tr("Show:"), self))
        layout.addWidget(self.status)
        layout.addWidget(self.site_text, 1)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.district)
        layout.addWidget(self.inspector)
        layout.addWidget(self.mine)
        layout.addWidget(QLabel(self.tr("from"), self))
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel(self.tr("to"), self))
        layout.addWidget(self.date_to)
        layout.addWidget(self.clear_button)
        self._connect_signals()

    def districts_filled(self) -> bool:
        return self.district.count() > 1

    def fill_districts(self) -> None:
        """Add the 16 districts (reading the divisions list takes a moment: the main window
        calls this after its first paint) and show the chosen one."""

        if self.districts_filled():
            return
        self.district.blockSignals(True)
        for division in districts():
            self.district.addItem(division.name, division.code[:6])
        self.district.setCurrentIndex(max(self.district.findData(self._wanted_district), 0))
        self.district.blockSignals(False)

    def set_forms(self, forms: list[tuple[str, str]]) -> None:
        """Replace the checklist choices (after new checklists were registered)."""
        current = self.form.currentData() or self._wanted_form
        self.form.blockSignals(True)
        while self.form.count() > 1:
            self.form.removeItem(1)
        for form_id, title in forms:
            self.form.addItem(title, form_id)
        self.form.setCurrentIndex(max(self.form.findData(current), 0))
        self.form.blockSignals(False)

    def set_inspectors(self, names: list[str]) -> None:
        """The inspector choices (names on current inspections), keeping the chosen one."""
        current = self.inspector.currentData() or ""
        self.inspector.blockSignals(True)
        while self.inspector.count() > 1:
            self.inspector.removeItem(1)
        for name in sorted({*names, *([current] if current else []),
                            *([self._me] if self._me else [])}):
            self.inspector.addItem(name, name)
        self.inspector.setCurrentIndex(max(self.inspector.findData(current), 0))
        self.inspector.blockSignals(False)

    def set_me(self, name: str) -> None:
        """This profile's inspector name: what 我的检查 shows (disabled while there is none)."""
        self._me = name
        self.mine.setEnabled(bool(name))
        self._show_inspector(self.inspector.currentData() or "")

    def _show_inspector(self, name: str) -> None:
        """Choose `name` in the inspector box (added if not listed yet), without signals."""
        self.inspector.blockSignals(True)
        if name and self.inspector.findData(name) < 0:
            self.inspector.addItem(name, name)
        self.inspector.setCurrentIndex(max(self.inspector.findData(name), 0))
        self.inspector.blockSignals(False)
        self.mine.blockSignals(True)
        self.mine.setChecked(bool(name) and name == self._me)
        self.mine.blockSignals(False)

    def on_mine_toggled(self, checked: bool) -> None:
        self._show_inspector(self._me if checked else "")
        self.on_changed()

    def on_inspector_chosen(self) -> None:
        self._show_inspector(self.inspector.currentData() or "")
        self.on_changed()

    def _date_edit(self, name: str) -> DateEdit:
        # Set only when a date is chosen: opening the calendar or browsing it sets nothing.
        edit = DateEdit(self.tr("any date"), self)
        edit.setObjectName(name)
        return edit

    def _connect_signals(self) -> None:
        for combo in (self.status, self.form, self.district):
            combo.currentIndexChanged.connect(self.on_changed)
        for edit in (self.date_from, self.date_to):
            edit.committed.connect(self.on_changed)
        self.clear_button.clicked.connect(self.on_clear)
        self.inspector.currentIndexChanged.connect(self.on_inspector_chosen)
        self.mine.toggled.connect(self.on_mine_toggled)
        self.site_text.textEdited.connect(lambda _text: self._timer.start())
        self.site_text.returnPressed.connect(self.on_changed)
        self._timer.timeout.connect(self.on_changed)

    def choice(self) -> FilterChoice:
        """The current choices."""
        return FilterChoice(
            status=self.status.currentData() or "",
            form_id=self.form.currentData() or "",
            district_code=(self.district.currentData() or "") if self.districts_filled()
            else self._wanted_district,
            date_from=_date_text(self.date_from),
            date_to=_date_text(self.date_to),
            site_text=self.site_text.text().strip(),
            inspector=self.inspector.currentData() or "",
        )

    def set_choice(self, choice: FilterChoice) -> None:
        """Show stored choices without emitting `changed`."""
        self._wanted_form = choice.form_id  # kept until the checklist names have arrived
        self._wanted_district = choice.district_code  # kept until the districts are filled
        self.blockSignals(True)
        try:
            for combo, value in ((self.status, choice.status), (self.form, choice.form_id),
                                 (self.district, choice.district_code)):
                combo.blockSignals(True)
                combo.setCurrentIndex(max(combo.findData(value), 0))
                combo.blockSignals(False)
            for edit, text in ((self.date_from, choice.date_from), (self.date_to, choice.date_to)):
                date = QDate.fromString(text, "yyyy-MM-dd") if text else NO_DATE
                edit.blockSignals(True)
                edit.setDate(date if date.isValid() else NO_DATE)
                edit.blockSignals(False)
            self.site_text.setText(choice.site_text)
            self._show_inspector(choice.inspector)
        finally:
            self.blockSignals(False)

    def on_changed(self) -> None:
        self._timer.stop()
        self.changed.emit(self.choice())

    def on_clear(self) -> None:
        self.set_choice(FilterChoice())
        self.on_changed()


def _date_text(edit: DateEdit) -> str:
    date = edit.saved_date()
    return "" if date == NO_DATE else date.toString("yyyy-MM-dd")


def load_choice(settings: s.Settings) -> FilterChoice:
    """The filters of the last run."""
    return FilterChoice(
        status=settings.get(s.FILTER_STATUS),
        form_id=settings.get(s.FILTER_FORM),
        district_code=settings.get(s.FILTER_DISTRICT),
        date_from=settings.get(s.FILTER_DATE_FROM),
        date_to=settings.get(s.FILTER_DATE_TO),
        site_text=settings.get(s.FILTER_SITE),
        inspector=settings.get(s.FILTER_INSPECTOR),
    )


def save_choice(settings: s.Settings, choice: FilterChoice) -> None:
    """Remember the filters for the next run."""
    settings.set(s.FILTER_STATUS, choice.status)
    settings.set(s.FILTER_FORM, choice.form_id)
    settings.set(s.FILTER_DISTRICT, choice.district_code)
    settings.set(s.FILTER_DATE_FROM, choice.date_from)
    settings.set(s.FILTER_DATE_TO, choice.date_to)
    settings.set(s.FILTER_SITE, choice.site_text)
    settings.set(s.FILTER_INSPECTOR, choice.inspector)
