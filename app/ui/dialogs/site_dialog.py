"""Creating a site: division (district → street/town → community), address, name, credit code.

A credit code failing the GB 32100 check is shown as a warning and does not block saving: some
early real codes fail it (DOMAIN.md), so the inspector is asked to re-read the licence instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.creditcode import check_credit_code
from app.core.divisions import children_of, districts


class SiteDialog(QDialog):
    """Fields of a new site; `site_fields()` gives them for the store's create_site."""

    def __init__(self, lang: str, default_district: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)

        self.lang = lang
        self.setWindowTitle(self.tr("New site"))
        self.setObjectName("site-dialog")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.district = QComboBox(self)
        self.district.setObjectName("site-district")
        for division in districts():
            self.district.addItem(f"{division.name}  {division.code[:6]}", division.code[:6])
        if default_district:
            self.district.setCurrentIndex(max(self.district.findData(default_district), 0))
        self.township = QComboBox(self)
        self.township.setObjectName("site-township")
        self.community = QComboBox(self)
        self.community.setObjectName("site-community")
        self.address = QLineEdit(self)
        self.address.setObjectName("site-address")
        self.address.setPlaceholderText(self.tr("e.g. 19 Sanlitun Road, Chaoyang"))
        self.name = QLineEdit(self)
        self.name.setObjectName("site-name")
        self.name.setPlaceholderText(self.tr("Business or building name"))
        self.credit_code = QLineEdit(self)
        self.credit_code.setObjectName("site-credit-code")
        self.credit_code.setMaxLength(24)
        self.credit_code.setPlaceholderText(self.tr("18 characters, optional"))
        self.credit_warning = QLabel(self)
        self.credit_warning.setObjectName("site-credit-warning")
        self.credit_warning.setWordWrap(True)
        self.credit_warning.setStyleSheet("color:#b26a00;")
        self.credit_warning.hide()
        number = QRegularExpressionValidator(QRegularExpression(r"-?\d{0,3}([.]\d{0,7})?"), self)
        self.lat = QLineEdit(self)
        self.lat.setObjectName("site-lat")
        self.lat.setValidator(number)
        self.lat.setPlaceholderText("39.9087")
        self.lon = QLineEdit(self)
        self.lon.setObjectName("site-lon")
        self.lon.setValidator(number)
        self.lon.setPlaceholderText("116.3975")
        location = QHBoxLayout()
        location.addWidget(self.lat)
        location.addWidget(self.lon)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Street / town"), self.township)
        form.addRow(self.tr("Community"), self.community)
        form.addRow(self.tr("Address *"), self.address)
        form.addRow(self.tr("Business name"), self.name)
        form.addRow(self.tr("Credit code"), self.credit_code)
        form.addRow("", self.credit_warning)
        form.addRow(self.tr("Location (WGS-84 lat, lon)"), location)
        self.form, self.body = form, layout  # the site page (app/ui/site_page.py) adds to them
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("site-error")
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(self.buttons)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.resize(520, 380)
        self._connect_signals()
        self.on_district_changed()
        self.on_fields_changed()

    def _connect_signals(self) -> None:
        self.district.currentIndexChanged.connect(self.on_district_changed)
        self.township.currentIndexChanged.connect(self.on_township_changed)
        self.credit_code.textChanged.connect(self.on_credit_code_changed)
        self.address.textChanged.connect(self.on_fields_changed)
        self.lat.textChanged.connect(self.on_fields_changed)
        self.lon.textChanged.connect(self.on_fields_changed)
        self.buttons.accepted.connect(self.on_accept)
        self.buttons.rejected.connect(self.reject)

    def on_district_changed(self) -> None:
        self.township.clear()
        self.township.addItem(self.tr("(not given)"), None)
        district = self.district.currentData()
        if district:
            for division in children_of(district):
                self.township.addItem(f"{division.name}  {division.code[6:9]}", division.code)
        self.on_township_changed()

    def on_township_changed(self) -> None:
        self.community.clear()
        self.community.addItem(self.tr("(not given)"), None)
        township = self.township.currentData()
        if township:
            for division in children_of(township):
                self.community.addItem(division.name, division.code)

    def on_credit_code_changed(self, text: str) -> None:
        """Upper-case as typed; warn at once about a code failing its check (saving stays
        possible)."""
        if text != text.upper():
            position = self.credit_code.cursorPosition()
            self.credit_code.setText(text.upper())  # comes back here with the upper case
            self.credit_code.setCursorPosition(position)
            return

        if not text.strip():
            self.credit_warning.hide()
            return
        result = check_credit_code(text)
        if result.ok or result.problem is None:
            self.credit_warning.hide()
        else:
            # The engine's wording already asks to re-read the licence and says saving is fine.
            self.credit_warning.setText("⚠ " + result.problem.get(self.lang))
            self.credit_warning.show()

    def on_fields_changed(self) -> None:
        problem = self.problem()
        self.save_button.setEnabled(problem is None)
        self.error.setText(problem or "")
        self.error.setVisible(problem is not None and bool(self.address.text().strip()))

    def problem(self) -> str | None:
        """What keeps the site from being saved, or None."""
        if not self.address.text().strip():
            return self.tr("An address is required.")
        lat, lon = self._coordinate(self.lat), self._coordinate(self.lon)
        if (lat is None) != (lon is None):
            return self.tr("Give both latitude and longitude, or neither.")
        if lat is not None and not -90 <= lat <= 90:
            return self.tr("Latitude must be between -90 and 90.")
        if lon is not None and not -180 <= lon <= 180:
            return self.tr("Longitude must be between -180 and 180.")
        return None

    @staticmethod
    def _coordinate(edit: QLineEdit) -> float | None:
        try:
            return float(edit.text()) if edit.text().strip() else None
        except ValueError:
            return None

    def on_accept(self) -> None:
        if self.problem() is None:
            self.accept()

    def site_fields(self) -> dict[str, Any]:
        """The entered site, as keyword arguments of the store's SiteDraft."""
        division = self.community.currentData() or self.township.currentData()
        return {
            "district_code": self.district.currentData(),
            "division_code": division,
            "address": self.address.text().strip(),
            "name": self.name.text().strip(),
            "credit_code": self.credit_code.text().strip() or None,
            "lat": self._coordinate(self.lat),
            "lon": self._coordinate(self.lon),
        }
