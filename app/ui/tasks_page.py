"""今日任务: the tasks an office gave this laptop — overdue, due today, later — in a panel of the
main window; double-click (or "Start inspection") starts the task's inspection through an
Operation and opens it. (app/ui/tasks.py is the background-work helper: another thing.)

The rows come from app.store.tasks (`task_board`); no SQL here. The panel refreshes itself on
the window hub's `changed` notice (a merge brings tasks, completing an inspection finishes one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import beijing_today
from app.store.audit import local_device_id
from app.store.profile import get_profile
from app.store.tasks import KIND_TEXT, STATE_TEXT, TaskRow, board_device, start_task, task_board
from app.ui.first_paint import after_first_paint
from app.ui.operations import Changes, DataHub, Operation
from app.ui.table_model import HeadedTableModel

if TYPE_CHECKING:
    import sqlite_utils

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#b3261e")
PANEL_HEIGHT = 220


class TaskBoardModel(HeadedTableModel):
    """The open tasks of the board (app.store.tasks.task_board): overdue, today, later."""

    def __init__(self, db: sqlite_utils.Database, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self._rows: list[TaskRow] = []
        self._me = ""
        self.counts = (0, 0, 0)
        self._headers = [self.tr("Due"), self.tr("Site"), self.tr("Checklist"), self.tr("Kind"),
                         self.tr("State"), self.tr("Notes")]

    def refresh(self) -> None:
        """Ask the store again (today is the Beijing date now)."""
        board = task_board(self.db, beijing_today(), board_device(self.db))
        self.beginResetModel()
        self._rows = list(board.rows())
        self._me = local_device_id(self.db)
        self.counts = (len(board.overdue), len(board.due_today), len(board.later))
        self.endResetModel()

    def row(self, number: int) -> TaskRow | None:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def can_start(self, number: int) -> bool:
        """The task is this device's and open or started."""
        found = self.row(number)
        return found is not None and found.task.assigned_to == self._me and found.task.is_open

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self.row(index.row()) if index.isValid() else None
        if found is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole and found.group == "overdue":
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.UserRole:
            return found.task.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        task = found.task
        column = index.column()
        if column == 0:
            return self._due_text(found)
        if column == 1:
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{found.site_name}\n{found.site_address}"
            return found.site_name or found.site_address
        if column == 2:
            return found.form_title(self.lang)
        if column == 3:
            return KIND_TEXT[task.kind].get(self.lang)
        if column == 4:
            return STATE_TEXT[task.state].get(self.lang)
        if column == 5:
            return task.notes
        return None

    def _due_text(self, found: TaskRow) -> str:
        if found.group == "today":
            return self.tr("Today")
        if found.group == "overdue":
            return self.tr("Overdue: %1").replace("%1", found.task.due_on)
        return found.task.due_on


class TasksPanel(QDockWidget):
    """The 今日任务 panel: counts, the table, and the button that starts a task."""

    def __init__(self, db: sqlite_utils.Database, lang: str, hub: DataHub,
                 open_inspection: Callable[[str], Any],
                 on_failure: Callable[[BaseException], None], actor: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Today's tasks"), parent)
        self.setObjectName("tasks-panel")
        # Movable and floatable, never closed: there would be no way to bring it back.
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.hub = hub
        self._open_inspection = open_inspection
        self._on_failure = on_failure
        self._actor = actor
        self._loaded = False
        self._stale = False
        self._had_rows: bool | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.summary = QLabel(body)
        self.summary.setObjectName("tasks-summary")
        layout.addWidget(self.summary)
        self.model = TaskBoardModel(db, lang, body)
        self.table = QTableView(body)
        self.table.setObjectName("tasks-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 160, 160, 60, 60)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton(self.tr("Start inspection"), body)
        self.start_button.setObjectName("tasks-start")
        self.start_button.setEnabled(False)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        self.setWidget(body)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.table.doubleClicked.connect(self.on_row_activated)
        self.table.activated.connect(self.on_row_activated)
        self.start_button.clicked.connect(self.on_start_clicked)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.model.modelReset.connect(self.on_selection_changed)
        self.hub.changed.connect(self.on_data_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            # The window's first screen comes first; the list right after it is painted.
            after_first_paint(self.window(), self.refresh)
        elif self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the tasks again and say how many are overdue, due today and later."""
        self._stale = False
        self.model.refresh()
        overdue, today, later = self.model.counts
        if not overdue + today + later:
            self.summary.setText(self.tr("No open tasks"))
        else:
            self.summary.setText(self.tr("Overdue %1 · today %2 · later %3")
                                 .replace("%1", str(overdue)).replace("%2", str(today))
                                 .replace("%3", str(later)))
        # An empty board is one line, not an empty table taking the list's room.
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.start_button.setVisible(has_rows)
        if has_rows != self._had_rows:
            self._had_rows = has_rows
            self._fit(PANEL_HEIGHT if has_rows else self.minimumSizeHint().height())

    def _fit(self, height: int) -> None:
        """Give the docked panel this height (about five rows, or its one line)."""
        window = self.parentWidget()
        if isinstance(window, QMainWindow) and not self.isFloating():
            window.resizeDocks([self], [height], Qt.Orientation.Vertical)

    def on_data_changed(self, _changes: Changes) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def on_selection_changed(self, *_args: object) -> None:
        self.start_button.setEnabled(self.model.can_start(self.selected_row()))

    def on_start_clicked(self) -> None:
        self.start_row(self.selected_row())

    def on_row_activated(self, index: QModelIndex) -> None:
        self.start_row(index.row())

    def start_row(self, number: int) -> None:
        """Start (or continue) the row's task through an Operation, then open its inspection."""
        found = self.model.row(number)
        if found is None or not self.model.can_start(number):
            return
        task_id, actor = found.task.id, self._actor()
        Operation(self.hub,
                  lambda db: str(start_task(db, task_id, get_profile(db), actor).inspection_id),
                  lambda inspection_id: Changes.of_inspections(inspection_id), self) \
            .success(self._open_inspection).failure(self._on_failure).run()
