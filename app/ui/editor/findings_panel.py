"""The editor's side panel: findings as they arise, and what still blocks completion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.core.checklist.evaluate import Evaluation
    from app.core.checklist.model import Checklist

SEVERITY_COLOURS = {"critical": "#b71c1c", "major": "#e65100", "minor": "#8d6e00"}
ITEM_ROLE = Qt.ItemDataRole.UserRole


class FindingsPanel(QWidget):
    """Findings (click one to see its item) and the list of missing or invalid answers."""

    item_clicked = Signal(str)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.findings_box = QGroupBox(self.tr("Findings"), self)
        box_layout = QVBoxLayout(self.findings_box)
        self.findings = QListWidget(self.findings_box)
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        self.findings.setAlternatingRowColors(True)
        self.no_findings = QLabel(self.tr("No findings so far."), self.findings_box)
        self.no_findings.setStyleSheet("color:#2e7d32;")
        box_layout.addWidget(self.no_findings)
        box_layout.addWidget(self.findings)
        layout.addWidget(self.findings_box, 3)

        self.blockers_box = QGroupBox(self.tr("Before completing"), self)
        blockers_layout = QVBoxLayout(self.blockers_box)
        self.refusal = QLabel(self.blockers_box)
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color:#c62828; font-weight:bold;")
        self.refusal.hide()
        blockers_layout.addWidget(self.refusal)
        self.blockers = QListWidget(self.blockers_box)
        self.blockers.setObjectName("blockers")
        self.blockers.setWordWrap(True)
        blockers_layout.addWidget(self.blockers)
        layout.addWidget(self.blockers_box, 2)

        self.findings.itemClicked.connect(self.on_entry_clicked)
        self.blockers.itemClicked.connect(self.on_entry_clicked)

    def on_entry_clicked(self, entry: QListWidgetItem) -> None:
        item_id = entry.data(ITEM_ROLE)
        if item_id:
            self.item_clicked.emit(str(item_id))

    def show_evaluation(self, checklist: Checklist, evaluation: Evaluation,
                        read_only: bool) -> None:
        """Refresh both lists from a new evaluation."""
        self.findings.clear()
        for finding in evaluation.findings:
            entry = QListWidgetItem(f"[{self.severity_label(finding.severity)}] "
                                    f"{finding.text.get(self.lang)}")
            entry.setData(ITEM_ROLE, finding.item_id)
            entry.setForeground(QBrush(QColor(SEVERITY_COLOURS.get(finding.severity, "#000"))))
            basis = finding.legal_basis.get(self.lang) if finding.legal_basis else ""
            if basis:
                entry.setToolTip(basis)
            self.findings.addItem(entry)
        self.no_findings.setVisible(not evaluation.findings)
        self.findings_box.setTitle(self.tr("Findings (%1)").replace(
            "%1", str(len(evaluation.findings))))

        self.blockers.clear()
        self.blockers_box.setVisible(not read_only)
        for item_id, text in self.blocker_entries(checklist, evaluation):
            entry = QListWidgetItem(text)
            entry.setData(ITEM_ROLE, item_id)
            self.blockers.addItem(entry)
        if evaluation.can_complete:
            self.refusal.hide()

    def show_refusal(self, count: int) -> None:
        """Say why Complete was refused; the list below names each item."""
        self.refusal.setText(self.tr(
            "Cannot complete yet: %n answer(s) missing or invalid. Click one to go to it.",
            "", count))
        self.refusal.show()

    def blocker_entries(self, checklist: Checklist,
                        evaluation: Evaluation) -> list[tuple[str, str]]:
        """(item id, text) for every missing required answer and every constraint error."""
        lang = self.lang
        result: list[tuple[str, str]] = []
        for item_id in evaluation.missing_required:
            label = checklist.item(item_id).label.get(lang)
            result.append((item_id, self.tr("Missing: %1").replace("%1", label)))
        for item_id, errors in evaluation.errors.items():
            label = checklist.item(item_id).label.get(lang)
            detail = "; ".join(e.get(lang) for e in errors)
            result.append((item_id, self.tr("Invalid: %1 — %2").replace("%1", label)
                           .replace("%2", detail)))
        return result

    def severity_label(self, severity: str) -> str:
        """The severity in the window's language."""
        return {
            "critical": self.tr("critical"),
            "major": self.tr("major"),
            "minor": self.tr("minor"),
        }.get(severity, severity)
