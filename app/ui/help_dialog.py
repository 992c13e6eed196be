"""快捷键: the keys of the day's work on one page (F1, or the toolbar), and that saving is
automatic (issue 12.14). The keys themselves live in app/ui/editor/keys.py."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.ui.editor import keys


class ShortcutsDialog(QDialog):
    """The shortcut list as a table: key, what it does, where it works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts-dialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        self.table = QLabel(self)
        self.table.setObjectName("shortcuts-table")
        self.table.setWordWrap(True)
        self.table.setText(self._html())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def rows(self) -> list[tuple[str, str]]:
        """(keys, what they do), in the order of a day's work."""
        def both(first: list[str], second: list[str]) -> str:
            return f"{keys.key_text(first)} / {keys.key_text(second)}"

        return [
            (keys.key_text(keys.NEW_INSPECTION), self.tr("New inspection")),
            (keys.key_text(keys.FIND), self.tr("Find a site in the inspections list")),
            (both(keys.NEXT_SECTION, keys.PREVIOUS_SECTION),
             self.tr("Next / previous section (the cursor goes to its first question)")),
            (self.tr("Arrow keys"), self.tr("Choose within a group of options")),
            (self.tr("Tab"), self.tr("Next question")),
            (keys.key_text(keys.NEXT_UNANSWERED), self.tr("Next unanswered question")),
            (keys.key_text(keys.UNDO), self.tr("Undo the last answer")),
            (keys.key_text(keys.COMPLETE), self.tr("Complete the inspection")),
            (keys.key_text(keys.CLOSE_TAB), self.tr("Close the inspection's tab")),
            (keys.key_text(keys.HELP), self.tr("This page")),
        ]

    def _html(self) -> str:
        cells = "".join(
            f"<tr><td style='padding:3px 16px 3px 0'><b>{_esc(key)}</b></td>"
            f"<td style='padding:3px 0'>{_esc(what)}</td></tr>" for key, what in self.rows())
        saving = self.tr("There is no Save: every answer is saved as soon as it is given "
                         "(typed text after a short pause or when you leave the field).")
        return (f"<table cellspacing='0'>{cells}</table>"
                f"<p style='color:#2e7d32'>{_esc(saving)}</p>")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
