"""A date field that changes only when the user chooses a date (issue 12.4).

Qt's QDateEdit changes its value — and emits dateChanged — on every day the calendar pop-up's
selection passes over with the arrow keys, on every digit typed, and when a pop-up first shows
(its selection is synced back into the field). A form that saves on dateChanged therefore saved
each day browsed past, and a date filter was set merely by opening it. `DateEdit` keeps the
value the user last *committed* and emits `committed` only when one is chosen: a click or Enter
in the calendar, Enter or leaving the field after typing, or code calling `commit`. Browsing and
then closing the pop-up (Escape, a click elsewhere) puts the committed value back. An empty
field (the minimum date, shown as `empty_text`) opens its calendar on today in Beijing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import QDateEdit, QWidget

from app.core.clock import beijing_today

NO_DATE = QDate(1900, 1, 1)  # QDateEdit has no empty state: its minimum means "not set"


def beijing_qdate() -> QDate:
    """Today's date in Beijing as a QDate, whatever zone the machine is set to."""
    day = beijing_today()
    return QDate(day.year, day.month, day.day)


class DateEdit(QDateEdit):
    """YYYY-MM-DD with a calendar pop-up; `committed(QDate)` (NO_DATE when cleared)."""

    committed = Signal(QDate)

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(empty_text)
        self._saved = NO_DATE
        super().setDate(NO_DATE)
        self._popup: QObject | None = None  # the calendar's pop-up window, once made
        self._picked = False
        self.editingFinished.connect(self._on_editing_finished)

    # -- the value ------------------------------------------------------------------------

    def saved_date(self) -> QDate:
        """The committed date (NO_DATE when none)."""
        return self._saved

    def setDate(self, date: QDate) -> None:
        """Show and keep `date` as the committed value, without `committed` (code, not user)."""
        self._saved = date if date.isValid() and date >= NO_DATE else NO_DATE
        super().setDate(self._saved)

    def commit(self, date: QDate) -> None:
        """The user chose `date`: show it, keep it, and emit `committed` if it changed."""
        date = date if date.isValid() and date >= NO_DATE else NO_DATE
        self.blockSignals(True)
        super().setDate(date)
        self.blockSignals(False)
        if date != self._saved:
            self._saved = date
            self.committed.emit(date)

    def clear_date(self) -> None:
        self.commit(NO_DATE)

    # -- the calendar pop-up -----------------------------------------------------------------

    def _hook_calendar(self) -> None:
        if self._popup is not None:
            return
        calendar = self.calendarWidget()
        calendar.clicked.connect(self._on_pick)
        calendar.activated.connect(self._on_pick)
        self._popup = calendar.window()
        self._popup.installEventFilter(self)

    def _prepare_popup(self) -> None:
        self._hook_calendar()
        self._picked = False
        # An empty field opens on today (Beijing), not on January 1900.
        start = self._saved if self._saved != NO_DATE else beijing_qdate()
        self.calendarWidget().setSelectedDate(start)

    def mousePressEvent(self, event: Any) -> None:
        self._prepare_popup()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        self._hook_calendar()
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._popup and event.type() == QEvent.Type.Hide and not self._picked:
            # Closed without a choice: what was browsed is not an answer.
            self.blockSignals(True)
            super().setDate(self._saved)
            self.blockSignals(False)
        return False

    def _popup_open(self) -> bool:
        return self._popup is not None and self.calendarWidget().isVisible()

    def _on_pick(self, date: QDate) -> None:
        self._picked = True
        self.commit(date)

    def _on_editing_finished(self) -> None:
        # Typing ends with Enter or leaving the field; a pop-up taking the focus is not an end.
        if not self._popup_open():
            self.commit(self.date())
