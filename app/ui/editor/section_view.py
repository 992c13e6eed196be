"""One checklist section: its item rows and computed values, shown as the evaluation says."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QRadioButton, QScrollArea, QVBoxLayout, QWidget

from app.ui.editor.item_widgets import ItemRow

if TYPE_CHECKING:
    from app.core.checklist.evaluate import Evaluation
    from app.core.checklist.model import Checklist, Section

HIGHLIGHT_MS = 1500  # how long a row jumped to stays highlighted


def format_computed(value: float | None, unit: str) -> str:
    """A computed number for people: one decimal, its unit; a dash while it cannot be worked out."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:.0f}"
    return f"{text} {unit}".strip()


class SectionView(QScrollArea):
    """The rows of one section; hidden items are hidden, not removed (their answers stay)."""

    edited = Signal(str, object)

    def __init__(self, section: Section, checklist: Checklist, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.lang = lang
        self.setObjectName(f"section-{section.id}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        title = QLabel(section.title.get(lang), body)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.rows: dict[str, ItemRow] = {}
        for item in section.items:
            row = ItemRow(item, lang, body)
            row.edited.connect(self.edited)
            self.rows[item.id] = row
            layout.addWidget(row)
        self.computed: dict[str, tuple[Any, QLabel]] = {}
        for comp in getattr(checklist, "computed", ()):
            if comp.section_id == section.id:
                label = QLabel(body)
                label.setObjectName(f"computed-{comp.id}")
                label.setStyleSheet(
                    "background:#eef3fb; border:1px solid #c5d5ee; border-radius:4px;"
                    "padding:6px;")
                self.computed[comp.id] = (comp, label)
                layout.addWidget(label)
        layout.addStretch(1)
        self.setWidget(body)

    def load_answers(self, answers: dict[str, Any]) -> None:
        """Show stored answers (no saving)."""
        for item_id, row in self.rows.items():
            row.input.set_value(answers.get(item_id))

    def apply(self, evaluation: Evaluation, read_only: bool,
              answers: Mapping[str, Any] | None = None) -> None:
        """Show only visible items, their problems, and the computed values; read-only, the
        answers (as text) instead of the inputs."""
        visible = set(evaluation.visible)
        for item_id, row in self.rows.items():
            row.setVisible(item_id in visible)
            row.set_read_only(read_only, (answers or {}).get(item_id))
            row.set_problems(
                [t.get(self.lang) for t in evaluation.errors.get(item_id, ())],
                [t.get(self.lang) for t in evaluation.warnings.get(item_id, ())],
            )
        for comp_id, (comp, label) in self.computed.items():
            unit = comp.unit.get(self.lang) if comp.unit is not None else ""
            value = evaluation.computed.get(comp_id)
            label.setText(f"{comp.label.get(self.lang)}: <b>{format_computed(value, unit)}</b>")
            label.setTextFormat(Qt.TextFormat.RichText)

    def flush(self) -> None:
        """Save any text still being typed."""
        for row in self.rows.values():
            row.input.flush()

    def show_item(self, item_id: str) -> None:
        """Scroll to an item and put the cursor in it."""
        row = self.rows.get(item_id)
        if row is None:
            if item_id in self.computed:
                self.ensureWidgetVisible(self.computed[item_id][1])
            return
        self._focus_row(row)
        # A brief highlight tells the eye where it landed. The row is the timer's context
        # object: if the editor closes first, Qt drops the timer with the row.
        row.setStyleSheet(f"QFrame#item-{item_id} {{ background: #fff3c4; }}")
        QTimer.singleShot(HIGHLIGHT_MS, row, lambda: row.setStyleSheet(""))

    def focus_first(self) -> None:
        """Put the cursor in the section's first shown question (after 下一部分)."""
        row = next((r for r in self.rows.values() if not r.isHidden()), None)
        if row is not None:
            self._focus_row(row)

    def _focus_row(self, row: ItemRow) -> None:
        self.ensureWidgetVisible(row)
        focusable = _focus_target(row)
        if focusable is not None:
            focusable.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # read-only: the page scrolls


def _focus_target(row: ItemRow) -> QWidget | None:
    """The widget a row's keyboard work starts in: a radio group's checked button (arrow
    keys then move within the group), else the first input that takes focus."""
    if row.input.isHidden():
        return None
    candidates = [w for w in row.input.findChildren(QWidget)
                  if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isEnabled()]
    checked = [w for w in candidates if isinstance(w, QRadioButton) and w.isChecked()]
    return (checked or candidates or [None])[0]
