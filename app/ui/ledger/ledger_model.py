"""The ledger's lines as a table (one per work item × district × street × period, a 合计 row
per filter), and the people's lines; each number knows the cell it drills down to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.divisions import get_division
from app.ledger.build import totals, work_item_title
from app.ledger.drill import DAY_OF_COLUMN, LedgerCell
from app.store.ledger_query import LedgerRow, PersonRow
from app.ui.table_model import HeadedTableModel

Index = QModelIndex | QPersistentModelIndex

# (field, English header) — the Chinese comes from the translation, as everywhere.
NUMBER_FIELDS = ("sites", "inspections", "findings", "opened", "rectified", "rate", "overdue",
                 "rebounds", "reinspections_due", "failed_reinspections")
PERSON_FIELDS = ("sites", "inspections", "findings", "opened", "rectified")
OVERDUE_COLOUR = QColor("#b00020")
TOTAL_BACKGROUND = QColor("#eef2f7")


def division_name(code: str) -> str:
    """A district's or street's name, or its code where the table does not know it."""
    if not code:
        return "—"
    try:
        found = get_division(code)
    except (KeyError, ValueError):
        return code
    return found.name if found is not None else code


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class LedgerTableModel(HeadedTableModel):
    """Lines of the ledger with a totals row at the bottom."""

    LEAD_COLUMNS = 4  # work item, district, street, period

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[LedgerRow] = []
        self._total: LedgerRow | None = None
        self._headers = [self.tr("Work item"), self.tr("District"), self.tr("Street / town"),
                         self.tr("Period"), self.tr("Sites inspected"), self.tr("Inspections"),
                         self.tr("Findings"), self.tr("Cases opened"), self.tr("Rectified"),
                         self.tr("Rectification rate"), self.tr("Overdue"), self.tr("Rebounds"),
                         self.tr("Re-inspections due"), self.tr("Re-inspections failed")]

    def set_rows(self, rows: list[LedgerRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._total = totals(self._rows) if self._rows else None
        self.endResetModel()

    def line(self, row: int) -> LedgerRow | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return self._total if row == len(self._rows) else None

    def is_total(self, row: int) -> bool:
        return self._total is not None and row == len(self._rows)

    def field_of(self, column: int) -> str | None:
        n = column - self.LEAD_COLUMNS
        return NUMBER_FIELDS[n] if 0 <= n < len(NUMBER_FIELDS) else None

    def column_of(self, field: str) -> int:
        return self.LEAD_COLUMNS + NUMBER_FIELDS.index(field)

    def cell(self, index: Index) -> LedgerCell | None:
        """The ledger number under an index (the totals row: every line of the table)."""
        line = self.line(index.row()) if index.isValid() else None
        field = self.field_of(index.column()) if index.isValid() else None
        if line is None or field is None or field not in DAY_OF_COLUMN:
            return None
        return LedgerCell(field, line.work_item, line.district_code, line.street_code,
                          line.period)

    def value(self, line: LedgerRow, field: str) -> Any:
        return line.rate if field == "rate" else getattr(line, field)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._total is not None else 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line(index.row()) if index.isValid() else None
        if line is None:
            return None
        col, total = index.column(), self.is_total(index.row())
        field = self.field_of(col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col < self.LEAD_COLUMNS:
                if total:
                    return self.tr("Total") if col == 0 else ""
                return (work_item_title(line.work_item).get(self.lang),
                        division_name(line.district_code), division_name(line.street_code),
                        self.period_text(line.period))[col]
            value = self.value(line, field or "")
            return rate_text(value) if field == "rate" else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and field in DAY_OF_COLUMN:
            return self.tr("Double-click to list the cases behind this number")
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.LEAD_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (role == Qt.ItemDataRole.ForegroundRole and field == "overdue"
                and line.overdue):
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole and total:
            return QBrush(TOTAL_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and (total or (field == "overdue" and line.overdue)):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def period_text(self, period: str) -> str:
        if period == "campaign":
            return self.tr("Campaign to date")
        if len(period) == 10:
            return self.tr("Week of %1").replace("%1", period)
        return period


class PeopleTableModel(HeadedTableModel):
    """Per inspector and team: sites, inspections, findings, cases opened and closed."""

    LEAD_COLUMNS = 3

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[PersonRow] = []
        self._headers = [self.tr("Inspector"), self.tr("Team"), self.tr("Period"),
                         self.tr("Sites inspected"), self.tr("Inspections"),
                         self.tr("Findings"), self.tr("Cases opened"), self.tr("Rectified")]

    def set_rows(self, rows: list[PersonRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def person(self, row: int) -> PersonRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def field_of(self, column: int) -> str | None:
        n = column - self.LEAD_COLUMNS
        return PERSON_FIELDS[n] if 0 <= n < len(PERSON_FIELDS) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        p = self.person(index.row()) if index.isValid() else None
        if p is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col < self.LEAD_COLUMNS:
                period = (self.tr("Campaign to date") if p.period == "campaign" else p.period)
                return (p.inspector_name or "—", p.team or "—", period)[col]
            return str(getattr(p, self.field_of(col) or ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.LEAD_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
