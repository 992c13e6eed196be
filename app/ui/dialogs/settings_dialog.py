"""Settings: who uses this device (the profile, stored in the database) and the language."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.divisions import districts

if TYPE_CHECKING:
    from app.store.profile import Profile


class SettingsDialog(QDialog):
    """Edits a copy of the profile; `profile()` and `language()` give the result."""

    def __init__(self, profile: Profile, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)

        self._profile = profile
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settings-dialog")
        layout = QVBoxLayout(self)

        people = QGroupBox(self.tr("Inspector"), self)
        form = QFormLayout(people)
        self.inspector_name = QLineEdit(profile.inspector_name, people)
        self.inspector_name.setObjectName("settings-inspector")
        self.badge_no = QLineEdit(profile.badge_no, people)
        self.badge_no.setObjectName("settings-badge")
        self.team = QLineEdit(profile.team, people)
        self.team.setObjectName("settings-team")
        self.district = QComboBox(people)
        self.district.setObjectName("settings-district")
        self.district.addItem(self.tr("(none)"), None)
        for division in districts():
            self.district.addItem(division.name, division.code[:6])
        index = self.district.findData(profile.district_code) if profile.district_code else 0
        self.district.setCurrentIndex(max(index, 0))
        self.role = QComboBox(people)
        self.role.setObjectName("settings-role")
        for value, label in (("field", self.tr("Field inspector")), ("lead", self.tr("Team lead")),
                             ("office", self.tr("District / city office"))):
            self.role.addItem(label, value)
        self.role.setCurrentIndex(max(self.role.findData(profile.role), 0))
        self.office_name = QLineEdit(profile.office_name, people)
        self.office_name.setObjectName("settings-office")
        # 机关代字: the office's prefix of every notice number (东城城管责改〔2026〕第12号).
        self.office_code = QLineEdit(profile.office_code, people)
        self.office_code.setObjectName("settings-office-code")
        self.office_code.setPlaceholderText(self.tr("e.g. 东城城管责改"))
        form.addRow(self.tr("Name"), self.inspector_name)
        form.addRow(self.tr("Badge number"), self.badge_no)
        form.addRow(self.tr("Team"), self.team)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Office name"), self.office_name)
        form.addRow(self.tr("Office code of notice numbers"), self.office_code)
        layout.addWidget(people)

        window = QGroupBox(self.tr("Window"), self)
        window_form = QFormLayout(window)
        self.language_box = QComboBox(window)
        self.language_box.setObjectName("settings-language")
        self.language_box.addItem("简体中文", "zh")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(max(self.language_box.findData(lang), 0))
        window_form.addRow(self.tr("Language"), self.language_box)
        layout.addWidget(window)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def profile(self) -> Any:
        """The edited profile (a new frozen value; the device id is kept)."""
        return dataclasses.replace(
            self._profile,
            inspector_name=self.inspector_name.text().strip(),
            badge_no=self.badge_no.text().strip(),
            team=self.team.text().strip(),
            district_code=self.district.currentData(),
            role=self.role.currentData(),
            office_name=self.office_name.text().strip(),
            office_code=self.office_code.text().strip(),
        )

    def language(self) -> str:
        return str(self.language_box.currentData())
