"""One input widget per checklist item type, and the row that frames it (label, help, problems).

Inputs emit `edited(value)` only for the user's own edits (never for `set_value`), with the
JSON answer value of docs/architecture.md (None when cleared). Typed text is saved after a
short pause or when the field is left, so a keystroke burst makes one saved change, not ten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.date_edit import NO_DATE, DateEdit, beijing_qdate
from app.ui.editor.flow_layout import FlowLayout, flow_policy

if TYPE_CHECKING:
    from app.core.checklist.model import Item

TYPING_PAUSE_MS = 400
RADIO_LIMIT = 4  # choices with more options than this use a drop-down list


class AnswerInput(QWidget):
    """Edits one answer; `edited` carries the new JSON value, None when cleared."""

    edited = Signal(object)

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.lang = lang
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_value(self, value: Any) -> None:
        """Show a stored value without emitting `edited`."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        """A completed inspection shows its answers but takes no edits."""
        for child in self.findChildren(QWidget):
            child.setEnabled(not read_only)

    def flush(self) -> None:
        """Emit a pending typed value now (before completing or closing)."""

    def describe(self, value: Any) -> str:
        """The answer as a completed record reads it; "" when there is none."""
        if value is None or value == "" or value == []:
            return ""
        return str(value)

    def live_when_read_only(self) -> bool:
        """Whether a completed record still shows this input (not its answer as text)."""
        return False


class YesNoInput(AnswerInput):
    """Yes / No / Not applicable as three radio buttons."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        self._group = QButtonGroup(self)
        self._buttons: dict[str, QRadioButton] = {}
        choices = [("yes", self.tr("Yes")), ("no", self.tr("No"))]
        if getattr(item, "allow_na", True):
            choices.append(("na", self.tr("Not applicable")))
        self._labels = dict(choices)
        row = _radio_row(self)
        for value, label in choices:
            button = QRadioButton(label, self)
            button.setObjectName(f"{item.id}:{value}")
            self._group.addButton(button)
            self._buttons[value] = button
            row.addWidget(button)
            button.clicked.connect(lambda _checked=False, v=value: self.edited.emit(v))
        _add_clear_button(self, item, row)

    def set_value(self, value: Any) -> None:
        _check_exclusive(self._group, self._buttons.get(str(value)) if value else None)

    def describe(self, value: Any) -> str:
        return self._labels.get(str(value), str(value)) if value else ""


class ChoiceInput(AnswerInput):
    """Single choice: radio buttons for a few options, a drop-down list for many."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        options = list(item.options)
        self._combo: QComboBox | None = None
        self._buttons: dict[str, QRadioButton] = {}
        self._group = QButtonGroup(self)
        if len(options) > RADIO_LIMIT:
            combo = QComboBox(self)
            combo.setObjectName(f"{item.id}:combo")
            combo.addItem(self.tr("— choose —"), None)
            for option in options:
                combo.addItem(option.label.get(lang), option.value)
            combo.activated.connect(lambda index: self.edited.emit(combo.itemData(index)))
            self._combo = combo
            self._layout.addWidget(combo, 1)
        else:
            row = _radio_row(self)
            for option in options:
                button = QRadioButton(option.label.get(lang), self)
                button.setObjectName(f"{item.id}:{option.value}")
                self._group.addButton(button)
                self._buttons[option.value] = button
                row.addWidget(button)
                button.clicked.connect(
                    lambda _checked=False, v=option.value: self.edited.emit(v))
            _add_clear_button(self, item, row)

    def set_value(self, value: Any) -> None:
        if self._combo is not None:
            index = self._combo.findData(value) if value is not None else 0
            self._combo.setCurrentIndex(max(index, 0))
        else:
            _check_exclusive(self._group, self._buttons.get(value) if value else None)

    def describe(self, value: Any) -> str:
        return _option_label(self.item, self.lang, value) if value is not None else ""


class MultiChoiceInput(AnswerInput):
    """Multiple choice as check boxes; the value lists the ticked options in form order."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        self._boxes: dict[str, QCheckBox] = {}
        column = QVBoxLayout()
        column.setSpacing(2)
        for option in item.options:
            box = QCheckBox(option.label.get(lang), self)
            box.setObjectName(f"{item.id}:{option.value}")
            self._boxes[option.value] = box
            column.addWidget(box)
            box.clicked.connect(self._on_clicked)
        self._layout.addLayout(column)
        self._layout.addStretch(1)

    def _on_clicked(self) -> None:
        self.edited.emit([v for v, box in self._boxes.items() if box.isChecked()])

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for option_value, box in self._boxes.items():
            box.setChecked(option_value in chosen)

    def describe(self, value: Any) -> str:
        return "、".join(_option_label(self.item, self.lang, v) for v in value or [])


class _TypedInput(AnswerInput):
    """A line edit saved after a typing pause or when left; subclasses parse the text."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        self.line = QLineEdit(self)
        self.line.setObjectName(f"{item.id}:edit")
        self._layout.addWidget(self.line, 1)
        self._last: Any = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        self.line.textEdited.connect(lambda _text: self._timer.start())
        self.line.editingFinished.connect(self.flush)

    def parse(self, text: str) -> tuple[bool, Any]:
        """(complete, value): an unfinished entry such as "-" is not saved yet."""
        return True, text.strip() or None

    def format(self, value: Any) -> str:
        return "" if value is None else str(value)

    def flush(self) -> None:
        self._timer.stop()
        if self.line.isReadOnly() or not self.line.isEnabled():
            return
        complete, value = self.parse(self.line.text())
        if complete and value != self._last:
            self._last = value
            self.edited.emit(value)

    def set_value(self, value: Any) -> None:
        self._timer.stop()
        self._last = value
        if self.parse(self.line.text()) != (True, value):
            self.line.setText(self.format(value))


class NumberInput(_TypedInput):
    """Integer or decimal with its unit; the validator keeps out anything but a number."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        self._integer = item.type == "integer"
        pattern = r"-?\d{0,9}" if self._integer else r"-?\d{0,9}([.]\d{0,4})?"
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        self.line.setMaximumWidth(160)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        if item.unit is not None:
            self._layout.addWidget(QLabel(item.unit.get(lang), self))
        self._layout.addStretch(1)

    def parse(self, text: str) -> tuple[bool, Any]:
        text = text.strip()
        if not text:
            return True, None
        try:
            return True, int(text) if self._integer else float(text)
        except ValueError:
            return False, None

    def format(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer() and not self._integer:
            return f"{value:g}"
        return str(value)

    def describe(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        unit = self.item.unit.get(self.lang) if self.item.unit is not None else ""
        return f"{self.format(value)} {unit}".strip()


class TextInput(_TypedInput):
    """Free text, limited to the item's max_length where it has one."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        if item.max_length:
            self.line.setMaxLength(int(item.max_length))


class CreditCodeInput(_TypedInput):
    """A unified social credit code: 18 characters, upper case; the check warns, never blocks."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        self.line.setMaxLength(18)
        self.line.setPlaceholderText("91110000600037341L")
        self.line.setMaximumWidth(240)
        self.line.textEdited.connect(self._upper)
        self._layout.addStretch(1)

    def _upper(self, text: str) -> None:
        if text != text.upper():
            pos = self.line.cursorPosition()
            self.line.setText(text.upper())
            self.line.setCursorPosition(pos)

    def parse(self, text: str) -> tuple[bool, Any]:
        return True, text.strip().upper() or None


class DateInput(AnswerInput):
    """A date as YYYY-MM-DD, saved only when one is chosen (app.ui.date_edit)."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        self.edit = DateEdit(self.tr("Not set"), self)
        self.edit.setObjectName(f"{item.id}:date")
        today = QPushButton(self.tr("Today"), self)
        today.setObjectName(f"{item.id}:today")
        # Today in Beijing, not on the machine's clock (a laptop set to another zone).
        today.clicked.connect(lambda: self.edit.commit(beijing_qdate()))
        self.edit.committed.connect(self._on_date)
        self._layout.addWidget(self.edit)
        self._layout.addWidget(today)
        if not item.required:
            # An optional date can be taken back (issue 12.6).
            clear = QPushButton(self.tr("Clear"), self)
            clear.setObjectName(f"{item.id}:clear")
            clear.clicked.connect(self.edit.clear_date)
            self._layout.addWidget(clear)
        self._layout.addStretch(1)

    def _on_date(self, date: QDate) -> None:
        self.edited.emit(None if date == NO_DATE else date.toString("yyyy-MM-dd"))

    def set_value(self, value: Any) -> None:
        date = QDate.fromString(str(value), "yyyy-MM-dd") if value else NO_DATE
        self.edit.blockSignals(True)
        self.edit.setDate(date if date.isValid() else NO_DATE)
        self.edit.blockSignals(False)


class PhotoSlotInput(AnswerInput):
    """The photo slot: count against min/max, "Add photos…", the item's photo strip.

    The answer (a list of photo hashes) is saved by the importer when files are attached, so
    this input never emits `edited`; the editor binds the slot to its inspection
    (app/ui/photos/editor_photos.py) and re-reads the answers after each attach.
    """

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, parent)
        self.slot = _photo_slot_widget(item, lang, self)
        self._layout.addWidget(self.slot, 1)

    def set_value(self, value: Any) -> None:
        self.slot.set_photos(list(value or []))

    def live_when_read_only(self) -> bool:
        return True

    def set_read_only(self, read_only: bool) -> None:
        # Not disabled like the other inputs: the slot itself takes no photos (no drops, no
        # add button, no removal) but its strip stays live, so a double-click shows a photo.
        self.slot.set_read_only(read_only)


def _photo_slot_widget(item: Item, lang: str, parent: QWidget) -> Any:
    """The widget of a photo item: the PhotoSlot (loaded here: photo code only when needed)."""
    from app.ui.photos.slot import PhotoSlot

    return PhotoSlot(item, parent)


INPUTS: dict[str, type[AnswerInput]] = {
    "yes_no_na": YesNoInput,
    "choice": ChoiceInput,
    "multi_choice": MultiChoiceInput,
    "integer": NumberInput,
    "decimal": NumberInput,
    "text": TextInput,
    "date": DateInput,
    "photo": PhotoSlotInput,
    "credit_code": CreditCodeInput,
}


def make_input(item: Item, lang: str, parent: QWidget | None = None) -> AnswerInput:
    """The input widget for an item's type."""
    return INPUTS[item.type](item, lang, parent)


class ItemRow(QFrame):
    """One checklist item: label (required marked), help, input, inline problems."""

    edited = Signal(str, object)  # item id, value

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName(f"item-{item.id}")
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        label = item.label.get(lang)
        if item.required:
            label += ' <span style="color:#c62828">*</span>'
        self.label = QLabel(label, self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        if item.required:
            self.label.setToolTip(self.tr("Required"))
        layout.addWidget(self.label)
        if item.help is not None:
            help_label = QLabel(item.help.get(lang), self)
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color: #666;")
            layout.addWidget(help_label)
        self.input = make_input(item, lang, self)
        self.input.edited.connect(lambda value: self.edited.emit(item.id, value))
        layout.addWidget(self.input)
        # A completed record reads as text, not as greyed inputs (issue 12.13): built on first
        # use, shown in the input's place.
        self.reading: QLabel | None = None
        self.problem = QLabel(self)
        self.problem.setObjectName(f"{item.id}:problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

    def set_read_only(self, read_only: bool, value: Any) -> None:
        """A draft shows its input; a completed record shows the answer `value` as text (an
        empty answer as a grey 未填写, never a placeholder that looks recorded)."""
        self.input.set_read_only(read_only)
        if self.input.live_when_read_only():
            return
        if read_only:
            if self.reading is None:
                self.reading = QLabel(self)
                self.reading.setObjectName(f"{self.item.id}:answer")
                self.reading.setWordWrap(True)
                self.reading.setTextInteractionFlags(
                    Qt.TextInteractionFlag.TextSelectableByMouse)
                layout = self.layout()
                assert isinstance(layout, QVBoxLayout)
                layout.insertWidget(layout.indexOf(self.input) + 1, self.reading)
            text = self.input.describe(value)
            if text:
                self.reading.setText(_html(text))
            else:
                empty = _html(self.tr("Not filled in"))
                self.reading.setText(f'<span style="color:#9e9e9e">{empty}</span>')
            self.reading.setTextFormat(Qt.TextFormat.RichText)
        self.input.setVisible(not read_only)
        if self.reading is not None:
            self.reading.setVisible(read_only)

    def answer_text(self) -> str:
        """What a completed record shows as the answer ("" while the input is shown)."""
        if self.reading is None or self.reading.isHidden():
            return ""
        return self.reading.text()

    def set_problems(self, errors: list[str], warnings: list[str]) -> None:
        """Explain constraint errors (red) and warnings (amber) under the input."""
        lines = [f'<span style="color:#c62828">✖ {_html(e)}</span>' for e in errors]
        lines += [f'<span style="color:#b26a00">⚠ {_html(w)}</span>' for w in warnings]
        self.problem.setText("<br>".join(lines))
        self.problem.setVisible(bool(lines))

    def problem_text(self) -> str:
        """The problems as plain text (for tests and accessibility)."""
        return self.problem.text() if self.problem.isVisibleTo(self) else ""


def _radio_row(owner: AnswerInput) -> FlowLayout:
    """The row a radio group sits in: it wraps onto a second line in a narrow window."""
    holder = QWidget(owner)
    flow_policy(holder)
    row = FlowLayout(holder)
    owner._layout.addWidget(holder, 1)
    return row


def _option_label(item: Item, lang: str, value: Any) -> str:
    for option in item.options:
        if option.value == value:
            return str(option.label.get(lang))
    return str(value)


def _add_clear_button(owner: AnswerInput, item: Item, row: FlowLayout) -> None:
    """An optional radio answer can be taken back (issue 12.6): a checked radio group has no
    way back to none, so a small Clear button sends the cleared answer (None)."""
    if item.required:
        return
    clear = QPushButton(QCoreApplication.translate("AnswerInput", "Clear"), owner)
    clear.setObjectName(f"{item.id}:clear")
    clear.setFlat(True)
    clear.setToolTip(QCoreApplication.translate("AnswerInput",
                                                "Take the answer back (none chosen)"))

    def on_clear() -> None:
        owner.set_value(None)
        owner.edited.emit(None)

    clear.clicked.connect(on_clear)
    row.addWidget(clear)


def _check_exclusive(group: QButtonGroup, button: QRadioButton | None) -> None:
    """Check one radio button of a group, or none (an exclusive group cannot uncheck)."""
    group.setExclusive(False)
    for other in group.buttons():
        other.setChecked(other is button)
    group.setExclusive(True)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
