"""A notice across the top of the main window: what the person should know before working
(translations missing, an input method that cannot reach the window). Dismissible when asked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QToolBar, QToolButton, QWidget

from app.core.text import Text


class Banner(QToolBar):
    """A fixed toolbar row with a message (Chinese first, then English) and maybe a close ×."""

    def __init__(self, name: str, text: Text, parent: QMainWindow,
                 dismissible: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(f"banner-{name}")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not in the toolbars' context menu
        body = QWidget(self)
        layout = QHBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(f"⚠ {text.zh}\n{text.en}", body)
        self.label.setObjectName(f"banner-{name}-text")
        self.label.setWordWrap(False)  # two lines (zh, en); wrapping made the row tall
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.close_button: QToolButton | None = None
        if dismissible:
            button = QToolButton(body)
            button.setObjectName(f"banner-{name}-close")
            button.setText("×")
            button.setToolTip("关闭 (Close)")
            button.clicked.connect(self.dismiss)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.close_button = button
        self.addWidget(body)
        self.setStyleSheet("QToolBar { background: #fff4ce; border-bottom: 1px solid #e0c060; }")

    def dismiss(self) -> None:
        self.hide()
        self.deleteLater()


def show_banner(window: QMainWindow, name: str, text: Text,
                dismissible: bool = True) -> Banner:
    """Add a banner under the window's toolbar (its own row)."""
    banner = Banner(name, text, window, dismissible)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    return banner
