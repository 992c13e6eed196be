"""Open conflicts: the list, the two versions side by side (differing fields highlighted), and
保留当前 / 采用对方 — an Operation calling app.sync.conflicts.resolve_conflict."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.sync.conflicts import (
    KEEP_CURRENT,
    KEEP_OTHER,
    Conflict,
    FieldRow,
    list_conflicts,
    resolve_conflict,
    side_by_side,
)
from app.ui.operations import Changes, Operation, hub_for, user_message
from app.ui.table_model import HeadedTableModel

if TYPE_CHECKING:
    import sqlite_utils

Index = QModelIndex | QPersistentModelIndex

DIFFERS_BACKGROUND = QColor("#fff1b8")


class ConflictListModel(HeadedTableModel):
    """The open conflicts, as list_conflicts gives them."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._conflicts: list[Conflict] = []
        self._headers = [self.tr("Record"), self.tr("Kind"), self.tr("Differs in"),
                         self.tr("Current version"), self.tr("Other version")]

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        self.beginResetModel()
        self._conflicts = list(conflicts)
        self.endResetModel()

    def conflict(self, row: int) -> Conflict | None:
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._conflicts)

    def side_text(self, rev: int, label: str, deleted: bool) -> str:
        text = self.tr("rev %1, %2").replace("%1", str(rev)).replace("%2", label or "—")
        return text + (self.tr(" (deleted)") if deleted else "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        c = self.conflict(index.row()) if index.isValid() else None
        if c is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        sep = self.tr(", ")
        values = (c.title, c.entity_name.get(self.lang),
                  sep.join(d.label.get(self.lang) for d in c.differences),
                  self.side_text(c.current.rev, c.current.device_label, c.current.content is None),
                  self.side_text(c.other.rev, c.other.device_label, c.other.content is None))
        return values[index.column()]


class ComparisonModel(HeadedTableModel):
    """One conflict's two versions side by side; the rows that differ highlighted."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[FieldRow] = []
        self._headers = [self.tr("Field"), self.tr("Current version"), self.tr("Other version")]

    def set_rows(self, rows: tuple[FieldRow, ...], current: str, other: str) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._headers = [self.tr("Field"), current, other]
        self.endResetModel()

    def field_row(self, row: int) -> FieldRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.field_row(index.row()) if index.isValid() else None
        if r is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (r.label.get(self.lang), r.current, r.other)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and r.differs:
            return QBrush(DIFFERS_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and r.differs:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ConflictsView(QWidget):
    """The open conflicts and the two buttons that resolve the selected one."""

    count_changed = Signal(int)

    def __init__(self, db: sqlite_utils.Database, db_path: Path, lang: str, actor: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts-view")
        self.db = db
        self.db_path = db_path
        self.lang = lang
        self.actor = actor
        self.model = ConflictListModel(lang, self)
        self.comparison = ComparisonModel(lang, self)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("conflicts-summary")
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableView(split)
        self.table.setObjectName("conflicts-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((260, 90, 200, 170)):
            self.table.setColumnWidth(col, width)
        detail = QWidget(split)
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 0, 0, 0)
        self.detail_title = QLabel(detail)
        self.detail_title.setObjectName("conflict-title")
        self.detail_title.setWordWrap(True)
        box.addWidget(self.detail_title)
        self.compare = QTableView(detail)
        self.compare.setObjectName("conflict-compare")
        self.compare.setModel(self.comparison)
        self.compare.verticalHeader().hide()
        self.compare.verticalHeader().setDefaultSectionSize(26)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.compare.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.compare, 1)
        buttons = QHBoxLayout()
        self.message = QLabel(detail)
        self.message.setObjectName("conflict-message")
        self.message.setWordWrap(True)
        buttons.addWidget(self.message, 1)
        self.keep_current = QPushButton(self.tr("Keep current"), detail)
        self.keep_current.setObjectName("keep-current")
        self.keep_other = QPushButton(self.tr("Take the other"), detail)
        self.keep_other.setObjectName("keep-other")
        buttons.addWidget(self.keep_current)
        buttons.addWidget(self.keep_other)
        box.addLayout(buttons)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.keep_current.clicked.connect(lambda: self.on_resolve(KEEP_CURRENT))
        self.keep_other.clicked.connect(lambda: self.on_resolve(KEEP_OTHER))

    def refresh(self) -> None:
        """Read the open conflicts again, keeping the selected one if it is still open."""
        chosen = self.selected()
        conflicts = list_conflicts(self.db)
        self.model.set_conflicts(conflicts)
        self.summary.setText(self.tr("%1 open conflict(s): choose which version to keep.")
                             .replace("%1", str(len(conflicts))) if conflicts
                             else self.tr("No open conflicts."))
        row = next((i for i, c in enumerate(conflicts) if chosen and c.id == chosen.id), 0)
        if conflicts:
            self.table.selectRow(row)
        else:
            self.show_conflict(None)
        self.count_changed.emit(len(conflicts))

    def selected(self) -> Conflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.conflict(rows[0].row()) if rows else None

    def on_selection_changed(self, *_args: Any) -> None:
        self.show_conflict(self.selected())

    def show_conflict(self, conflict: Conflict | None) -> None:
        self.keep_current.setEnabled(conflict is not None)
        self.keep_other.setEnabled(conflict is not None)
        if conflict is None:
            self.detail_title.clear()
            self.comparison.set_rows((), self.tr("Current version"), self.tr("Other version"))
            return
        self.detail_title.setText(f"{conflict.entity_name.get(self.lang)}：{conflict.title}")
        current = self.tr("Current version (%1, rev %2)").replace(
            "%1", conflict.current.device_label or "—").replace("%2", str(conflict.current.rev))
        other = self.tr("Other version (%1, rev %2)").replace(
            "%1", conflict.other.device_label or "—").replace("%2", str(conflict.other.rev))
        self.comparison.set_rows(side_by_side(self.db, conflict), current, other)

    def on_resolve(self, keep: str) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        question = (self.tr("Keep the current version of “%1”? The other version is set aside.")
                    if keep == KEEP_CURRENT else
                    self.tr("Take the other version of “%1”? It replaces the current one."))
        answer = QMessageBox.question(self, self.tr("Resolve conflict"),
                                      question.replace("%1", conflict.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        conflict_id, actor = conflict.id, self.actor
        entity, record_id = conflict.entity, conflict.record_id
        changes = Changes(sites=entity == "site", inspections=entity != "site",
                          photos=entity == "inspection_photo",
                          site_ids=frozenset({record_id} if entity == "site" else ()),
                          inspection_ids=frozenset({record_id} if entity == "inspection" else ()),
                          source=self)
        self.keep_current.setEnabled(False)
        self.keep_other.setEnabled(False)
        Operation(hub_for(self, self.db_path),
                  lambda db: resolve_conflict(db, conflict_id, keep, actor), changes, self) \
            .success(self.on_resolved).failure(self.on_failed).run()

    def on_resolved(self, conflict: Conflict) -> None:
        self.message.setText(self.tr("Resolved: “%1”. The next bundle carries the choice.")
                             .replace("%1", conflict.title))
        self.refresh()

    def on_failed(self, error: BaseException) -> None:
        self.message.setText(self.tr("Not resolved: %1").replace(
            "%1", user_message(error, self.lang)))
        self.refresh()
