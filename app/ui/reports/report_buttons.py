"""The editor's document buttons: print the inspection report, make the rectification notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

if TYPE_CHECKING:
    from app.core.checklist.evaluate import Evaluation
    from app.store.inspection_records import Inspection


class ReportButtons(QWidget):
    """Two buttons; the notice only for a completed inspection with findings (tooltip says why)."""

    print_requested = Signal(str)  # inspection id
    notice_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report-buttons")
        self._inspection_id = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.print_button = QPushButton(self.tr("Print inspection report…"), self)
        self.print_button.setObjectName("print-report")
        self.print_button.setToolTip(self.tr(
            "Save the inspection report (检查记录) as a PDF and open it to print"))
        self.notice_button = QPushButton(self.tr("Rectification notice…"), self)
        self.notice_button.setObjectName("print-notice")
        layout.addWidget(self.print_button)
        layout.addWidget(self.notice_button)
        self.print_button.clicked.connect(self.on_print)
        self.notice_button.clicked.connect(self.on_notice)

    def show_state(self, inspection: Inspection, evaluation: Evaluation) -> None:
        """Enable the notice as the inspection's state allows; the tooltip tells why not."""
        self._inspection_id = str(inspection.id)
        reason = self.notice_refusal(str(inspection.display_status), len(evaluation.findings))
        self.notice_button.setEnabled(reason is None)
        self.notice_button.setToolTip(reason or self.tr(
            "Make the rectification notice (整改通知书) with its stub, as a one-page PDF"))

    def notice_refusal(self, status: str, findings: int) -> str | None:
        """Why this inspection cannot have a notice yet, or None if it can."""
        if status == "superseded":
            return self.tr("This version has been amended: make the notice from the amendment.")
        if status != "completed":
            return self.tr("Complete the inspection first: a notice is made only for a completed "
                           "inspection with findings.")
        if findings == 0:
            return self.tr("No findings: there is nothing to rectify, so no notice.")
        return None

    def on_print(self) -> None:
        if self._inspection_id:
            self.print_requested.emit(self._inspection_id)

    def on_notice(self) -> None:
        if self._inspection_id and self.notice_button.isEnabled():
            self.notice_requested.emit(self._inspection_id)
