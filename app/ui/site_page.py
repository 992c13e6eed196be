"""One site, viewed and edited (issue 12.3): the new-site form filled with the site, its contact,
a check of the typed location (in Beijing, in the chosen district), and its inspections.

Saving sends only the fields changed to `app.store.sites.update_site` by an Operation (audited,
a new revision that travels in the next bundle); a refusal (a point outside Beijing or outside
the district) is shown with its reason and the fields keep what was typed. Double-clicking an
inspection asks the window to open it (`inspection_requested`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import format_beijing
from app.core.divisions import get_division
from app.store.inspection_list import list_inspections
from app.store.inspection_query import InspectionFilter, InspectionSort
from app.store.sites import Site, get_site
from app.ui.dialogs.site_dialog import SiteDialog

if TYPE_CHECKING:
    import sqlite_utils

HISTORY_LIMIT = 500
ID_ROLE = Qt.ItemDataRole.UserRole


class SitePage(SiteDialog):
    """A site's fields, editable, with its inspection history below."""

    inspection_requested = Signal(str)  # inspection id
    new_inspection_requested = Signal(str)  # site id
    saved = Signal(object)  # the Site as saved

    def __init__(self, db: sqlite_utils.Database, site_id: str, lang: str, actor: str,
                 db_path: Path | None = None, parent: QWidget | None = None) -> None:
        self.db = db
        self.db_path = db_path
        self.actor = actor
        self.site: Site = get_site(db, site_id)
        super().__init__(lang, self.site.district_code, parent)
        self.setObjectName("site-page")
        self.contact_name = QLineEdit(self)
        self.contact_name.setObjectName("site-contact-name")
        self.contact_phone = QLineEdit(self)
        self.contact_phone.setObjectName("site-contact-phone")
        self.contact_phone.setMaxLength(40)
        location_row = self.form.rowCount() - 1
        self.form.insertRow(location_row, self.tr("Contact"), self.contact_name)
        self.form.insertRow(location_row + 1, self.tr("Phone"), self.contact_phone)
        self.location_note = QLabel(self)
        self.location_note.setObjectName("site-location-note")
        self.location_note.setWordWrap(True)
        self.form.addRow("", self.location_note)
        self.status = QLabel(self)
        self.status.setObjectName("site-status")
        self.status.setStyleSheet("color:#2e7d32;")
        self.body.insertWidget(self.body.indexOf(self.error) + 1, self.status)
        self.history_box = QGroupBox(self)
        self.history_box.setObjectName("site-history-box")
        box = QVBoxLayout(self.history_box)
        self.history = QTableWidget(0, 5, self.history_box)
        self.history.setObjectName("site-history")
        self.history.setHorizontalHeaderLabels([
            self.tr("Started"), self.tr("Checklist"), self.tr("Status"), self.tr("Findings"),
            self.tr("Inspector")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.verticalHeader().hide()
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 110), (3, 84), (4, 90)):
            self.history.setColumnWidth(column, width)
        self.history_hint = QLabel(self.tr("Double-click an inspection to open it."), self)
        self.history_hint.setStyleSheet("color:#666;")
        box.addWidget(self.history, 1)
        box.addWidget(self.history_hint)
        self.body.insertWidget(self.body.indexOf(self.buttons), self.history_box, 1)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("site-save")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.save_button.setText(self.tr("Save"))
        self.inspect_button = QPushButton(self.tr("New inspection here…"), self)
        self.inspect_button.setObjectName("site-inspect")
        self.buttons.addButton(self.inspect_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.inspect_button.clicked.connect(
            lambda: self.new_inspection_requested.emit(self.site.id))
        self.history.doubleClicked.connect(self.on_history_activated)
        self.contact_name.textChanged.connect(self.on_fields_changed)
        self.contact_phone.textChanged.connect(self.on_fields_changed)
        self.name.textChanged.connect(self.on_fields_changed)
        self.credit_code.textChanged.connect(self.on_fields_changed)
        self.district.currentIndexChanged.connect(self.on_fields_changed)
        self.township.currentIndexChanged.connect(self.on_fields_changed)
        self.community.currentIndexChanged.connect(self.on_fields_changed)
        self.show_site(self.site)
        self.refresh_history()
        self.fit_to_window()

    def fit_to_window(self) -> None:
        """820×720, or less within a small window (1024×700 keeps its buttons in view)."""
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        width, height = 820, 720
        if window is not None and window.isVisible():
            width = min(width, window.width() - 40)
            height = min(height, window.height() - 40)
        self.resize(max(width, 560), max(height, 520))

    # -- showing --
    def show_site(self, site: Site) -> None:
        """Fill the fields from the stored site."""
        self.site = site
        self.setWindowTitle(self.tr("Site: %1").replace("%1", site.name or site.address))
        _select(self.district, site.district_code)
        division = site.division_code or ""
        if division:
            _select(self.township, division[:9] + "000")
            if division[9:] != "000":
                _select(self.community, division)
        self.address.setText(site.address)
        self.name.setText(site.name)
        self.credit_code.setText(site.credit_code or "")
        self.contact_name.setText(site.contact_name)
        self.contact_phone.setText(site.contact_phone)
        self.lat.setText(_degrees(site.lat))
        self.lon.setText(_degrees(site.lon))
        self.history_box.setTitle(self.tr("Inspections at this site"))
        self.on_fields_changed()

    def refresh_history(self) -> None:
        """List the site's inspections, newest first (the current version of each)."""
        rows = list_inspections(self.db, InspectionFilter(site_id=self.site.id),
                                InspectionSort("started_at", True), 0, HISTORY_LIMIT)
        status_text = {"draft": self.tr("Draft"), "completed": self.tr("Completed"),
                       "superseded": self.tr("Superseded")}
        self.history.setRowCount(len(rows))
        for row, record in enumerate(rows):
            values = (format_beijing(record.started_at), record.form_title.get(self.lang),
                      status_text.get(record.status, record.status), str(record.finding_count),
                      record.inspector_name)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, record.id)
                self.history.setItem(row, column, item)
        self.history_box.setTitle(
            self.tr("Inspections at this site (%1)").replace("%1", str(len(rows))))
        self.history_hint.setText(self.tr("Double-click an inspection to open it.") if rows
                                  else self.tr("No inspections at this site yet."))

    def on_history_activated(self) -> None:
        item = self.history.item(self.history.currentRow(), 0)
        if item is not None:
            self.inspection_requested.emit(str(item.data(ID_ROLE)))

    # -- checking --
    def problem(self) -> str | None:
        """What keeps the site from being saved (a name or an address is enough here)."""
        if not self.address.text().strip() and not self.name.text().strip():
            return self.tr("Enter a name or an address.")
        if self._coordinate_text_bad():
            return self.tr("Latitude and longitude are decimal degrees, e.g. 39.9087.")
        lat, lon = self._coordinate(self.lat), self._coordinate(self.lon)
        if (lat is None) != (lon is None):
            return self.tr("Give both latitude and longitude, or neither.")
        if lat is not None and not -90 <= lat <= 90:
            return self.tr("Latitude must be between -90 and 90.")
        if lon is not None and not -180 <= lon <= 180:
            return self.tr("Longitude must be between -180 and 180.")
        return None

    def _coordinate_text_bad(self) -> bool:
        for edit in (self.lat, self.lon):
            text = edit.text().strip()
            if text and self._coordinate(edit) is None:
                return True
        return False

    def on_fields_changed(self) -> None:
        if not hasattr(self, "status"):  # the base class asks before this page is built
            super().on_fields_changed()
            return
        problem = self.problem()
        self.save_button.setEnabled(problem is None and bool(self.changes()))
        self.error.setText(problem or "")
        self.error.setVisible(problem is not None)
        self.status.clear()
        self.show_location_note()

    def show_location_note(self) -> None:
        """Say where the typed point lies; the service refuses it outside the district."""
        lat, lon = self._coordinate(self.lat), self._coordinate(self.lon)
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.location_note.setText(self.tr("WGS-84, as GPS and photos give it (not the "
                                               "GCJ-02 of Amap or Tencent maps)."))
            self.location_note.setStyleSheet("color:#666;")
            return
        from app.core.district_area import district_at  # boundaries load on first use

        found = district_at(lat, lon)
        chosen = self.district.currentData()
        if found is None:
            text, colour = self.tr("⚠ This point is outside Beijing."), "#c62828"
        elif found != chosen:
            text = self.tr("⚠ This point is in %1, not in the chosen district.").replace(
                "%1", _district_name(found))
            colour = "#c62828"
        else:
            text = self.tr("✓ In %1.").replace("%1", _district_name(found))
            colour = "#2e7d32"
        self.location_note.setText(text)
        self.location_note.setStyleSheet(f"color:{colour};")

    # -- saving --
    def changes(self) -> dict[str, Any]:
        """The fields that differ from the stored site, as update_site takes them."""
        entered = {**self.site_fields(), "contact_name": self.contact_name.text().strip(),
                   "contact_phone": self.contact_phone.text().strip()}
        if entered.get("credit_code"):
            from app.core.creditcode import normalize_credit_code

            entered["credit_code"] = normalize_credit_code(entered["credit_code"])
        return {key: value for key, value in entered.items()
                if not _same(getattr(self.site, key), value)}

    def on_accept(self) -> None:
        """Save what changed (the dialog stays open: the history is part of the page)."""
        changes = self.changes()
        if self.problem() is not None or not changes:
            return
        from app.output_guard import database_file
        from app.ui.operations import Changes, Operation, hub_for

        site_id, actor = self.site.id, self.actor
        self.save_button.setEnabled(False)

        def job(db: sqlite_utils.Database) -> Site:
            from app.store.sites import update_site

            return update_site(db, site_id, changes, actor)

        hub = hub_for(self, self.db_path or database_file(self.db))
        Operation(hub, job, Changes(sites=True, site_ids=frozenset({site_id}), source=self),
                  self).success(self.on_saved).failure(self.on_not_saved).run()

    def on_saved(self, site: Site) -> None:
        self.show_site(site)
        warning = site.credit_code_warning
        text = self.tr("Saved (revision %1).").replace("%1", str(site.rev))
        if warning is not None:
            text += " " + self.tr("Credit code kept with a warning: please re-read the licence.")
        self.status.setText(text)
        self.saved.emit(site)

    def on_not_saved(self, error: BaseException) -> None:
        from app.ui.operations import user_message

        self.error.setText(self.tr("Not saved: %1").replace("%1", user_message(error, self.lang)))
        self.error.show()
        self.save_button.setEnabled(self.problem() is None)


def _degrees(value: float | None) -> str:
    """Seven decimals (about 1 cm), as the field's validator takes them."""
    return "" if value is None else f"{value:.7f}".rstrip("0").rstrip(".")


def _same(stored: Any, entered: Any) -> bool:
    """Equal, coordinates to the seven decimals shown (a photo's longer ones are kept)."""
    if isinstance(stored, float) and isinstance(entered, float):
        return abs(stored - entered) < 5e-8
    return bool(stored == entered)


def _select(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def _district_name(code: str) -> str:
    division = get_division(code)
    return division.name if division is not None else code
