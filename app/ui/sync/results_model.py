"""The import results: one row per bundle (file, sender, number, status, what it brought,
conflicts, the reason for a refusal)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.ui.sync.jobs import BundleRow
from app.ui.table_model import HeadedTableModel

Index = QModelIndex | QPersistentModelIndex

REFUSED_BACKGROUND = QColor("#fde2e1")
CANCELLED_FOREGROUND = QColor("#777777")


class BundleResultModel(HeadedTableModel):
    """The rows of the last import."""

    COLUMN_WIDTHS = (250, 120, 60, 100, 260, 60)

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[BundleRow] = []
        self._headers = [self.tr("File"), self.tr("Sender"), self.tr("No."), self.tr("Status"),
                         self.tr("Brought"), self.tr("Conflicts"), self.tr("Reason")]

    def set_rows(self, rows: list[BundleRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> BundleRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def status_text(self, status: str) -> str:
        return {"merged": self.tr("Merged"), "already": self.tr("Already merged"),
                "refused": self.tr("Refused"),
                "cancelled": self.tr("Not merged (cancelled)")}.get(status, status)

    def brought_text(self, r: BundleRow) -> str:
        if r.status != "merged":
            return ""
        c = r.counts
        parts = [self.tr("%1 new").replace("%1", str(c.get("inserted", 0))),
                 self.tr("%1 updated").replace("%1", str(c.get("updated", 0)))]
        if c.get("deleted"):
            parts.append(self.tr("%1 deleted").replace("%1", str(c["deleted"])))
        if c.get("photos"):
            parts.append(self.tr("%1 photos").replace("%1", str(c["photos"])))
        if c.get("forms"):
            parts.append(self.tr("%1 checklists").replace("%1", str(c["forms"])))
        return self.tr(", ").join(parts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row(index.row()) if index.isValid() else None
        if r is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            reason = r.reason.get(self.lang) if r.reason is not None else ""
            values = (r.file, r.sender_label or "—", str(r.seq) if r.seq else "—",
                      self.status_text(r.status), self.brought_text(r),
                      str(r.counts.get("conflicts", 0)) if r.status == "merged" else "",
                      reason)
            return values[col]
        if role == Qt.ItemDataRole.BackgroundRole and r.status == "refused":
            return QBrush(REFUSED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and r.status in ("already", "cancelled"):
            return QBrush(CANCELLED_FOREGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
