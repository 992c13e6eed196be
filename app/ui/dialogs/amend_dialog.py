"""Asking for the reason of an amendment: a completed inspection is corrected, never edited."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class AmendDialog(QDialog):
    """The reason is required; OK stays disabled until there is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Amend inspection"))
        self.setObjectName("amend-dialog")
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "A completed inspection is kept unchanged as evidence. The amendment is a new "
            "version that starts from its answers. Why does it need to be corrected?"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("amend-reason")
        self.reason.setPlaceholderText(self.tr("e.g. the shop's credit code was misread"))
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(self.buttons)
        self.resize(460, 240)
        self._connect_signals()
        self.on_reason_changed()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self.on_reason_changed)

    def on_reason_changed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()
