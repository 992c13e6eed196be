"""A small bar in the window's status line: a document being made, then its result.

It never blocks: the result stays until the next one or until closed, with buttons to open
the file again or the folder it is in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ReportStatus(QWidget):
    """Progress with Cancel while working; message with Open / Open folder when done."""

    open_file_requested = Signal(object)  # Path
    open_folder_requested = Signal(object)  # Path
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report-status")
        self.file: Path | None = None
        self.folder: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.message.setObjectName("report-message")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setObjectName("report-open")
        self.folder_button = QPushButton(self.tr("Open folder"), self)
        self.folder_button.setObjectName("report-open-folder")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("report-cancel")
        self.close_button = QPushButton("×", self)
        self.close_button.setToolTip(self.tr("Hide this message"))
        self.close_button.setFlat(True)
        self.close_button.setMaximumWidth(24)
        for widget in (self.message, self.progress, self.open_button, self.folder_button,
                       self.cancel_button, self.close_button):
            layout.addWidget(widget)
        self.open_button.clicked.connect(self.on_open)
        self.folder_button.clicked.connect(self.on_open_folder)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_working(self, text: str, done: int = 0, total: int = 0,
                     cancellable: bool = False) -> None:
        """A job is running; total 0 shows a busy bar."""
        self._show(text, "")
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.progress.show()
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        self.open_button.hide()
        self.folder_button.hide()
        self.close_button.hide()

    def show_result(self, text: str, file: Path | None, folder: Path | None) -> None:
        """Done: the message and the ways to get at what was written."""
        self.file, self.folder = file, folder
        self._show(text, "")
        self.progress.hide()
        self.cancel_button.hide()
        self.open_button.setVisible(file is not None)
        self.folder_button.setVisible(folder is not None)
        self.close_button.show()

    def show_failure(self, text: str) -> None:
        """Failed: the message in red until closed or replaced."""
        self.file = self.folder = None
        self._show(text, "color: #b00020;")
        self.progress.hide()
        self.cancel_button.hide()
        self.open_button.hide()
        self.folder_button.hide()
        self.close_button.show()

    def _show(self, text: str, style: str) -> None:
        # The status line is one line high: the first line here, the whole text as tooltip.
        self.message.setText(text.splitlines()[0] if text else "")
        self.message.setToolTip(text)
        self.message.setStyleSheet(style)
        self.show()

    def on_open(self) -> None:
        if self.file is not None:
            self.open_file_requested.emit(self.file)

    def on_open_folder(self) -> None:
        if self.folder is not None:
            self.open_folder_requested.emit(self.folder)
