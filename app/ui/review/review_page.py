"""审核: the completed inspections a team lead (or office) has not reviewed yet — approve, or
return with comments (the inspection goes back to its inspector as a 'return' task).

Rows come from app.store.review.review_queue; every decision is an Operation on the window's
hub calling approve_inspection / return_inspection, the same services as `inspection review`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import format_beijing
from app.store.review import QueueRow, approve_inspection, return_inspection, review_queue
from app.ui.operations import Changes, DataHub, Operation, user_message
from app.ui.table_model import HeadedTableModel

if TYPE_CHECKING:
    import sqlite_utils

Index = QModelIndex | QPersistentModelIndex


class ReviewQueueModel(HeadedTableModel):
    """The queue's rows: completed, current, not reviewed; oldest completion first."""

    def __init__(self, db: sqlite_utils.Database, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self.rows: list[QueueRow] = []
        self._headers = [self.tr("Completed at"), self.tr("Site"), self.tr("Checklist"),
                         self.tr("Inspector"), self.tr("Findings")]

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = review_queue(self.db)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = row.form_title.get(self.lang)
            if row.amendment_no:
                title = self.tr("%1 (amendment %2)").replace("%1", title).replace(
                    "%2", str(row.amendment_no))
            return (format_beijing(row.completed_at), row.site_name or row.site_address, title,
                    row.inspector_name, row.finding_count)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return f"{row.site_name}\n{row.site_address}"
        return None


class ReviewPage(QWidget):
    """The queue, a comments box, and Open / Approve / Return."""

    def __init__(self, db: sqlite_utils.Database, lang: str, hub: DataHub,
                 open_inspection: Callable[[str], Any], actor: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-page")
        self.db = db
        self.lang = lang
        self.hub = hub
        self._open = open_inspection
        self._actor = actor
        self._dirty = True
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("review-heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.model = ReviewQueueModel(db, lang, self)
        self.table = QTableView(self)
        self.table.setObjectName("review-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Comments (required to return):"), self))
        self.comments = QPlainTextEdit(self)
        self.comments.setObjectName("review-comments")
        self.comments.setPlaceholderText(self.tr(
            "What the inspector should correct, e.g. 门头照片缺失，请补拍"))
        self.comments.setMaximumHeight(90)
        layout.addWidget(self.comments)
        buttons = QHBoxLayout()
        self.message = QLabel(self)
        self.message.setObjectName("review-message")
        self.message.setWordWrap(True)
        buttons.addWidget(self.message, 1)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setObjectName("review-open")
        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.approve_button.setObjectName("review-approve")
        self.return_button = QPushButton(self.tr("Return for correction"), self)
        self.return_button.setObjectName("review-return")
        for button in (self.open_button, self.approve_button, self.return_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._connect_signals()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.table.doubleClicked.connect(self.on_open)
        self.open_button.clicked.connect(self.on_open)
        self.approve_button.clicked.connect(self.on_approve)
        self.return_button.clicked.connect(self.on_return)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.hub.changed.connect(self.on_data_changed)

    # ---- state --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self.model.refresh()
        count = self.model.rowCount()
        self.heading.setText(self.tr(
            "<b>%n completed inspection(s) to review</b> — approve, or return with comments: "
            "a returned one goes back to its inspector as a task and is amended there.", "",
            count))

    def on_data_changed(self, changes: Changes) -> None:
        if changes.inspections or changes.profile:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.model.rows):
            return None
        return self.model.rows[rows[0].row()].inspection_id

    def _update_buttons(self, *_args: Any) -> None:
        chosen = self.selected_id() is not None
        for button in (self.open_button, self.approve_button, self.return_button):
            button.setEnabled(chosen)

    # ---- actions ------------------------------------------------------------------------

    def on_open(self, *_args: Any) -> None:
        inspection_id = self.selected_id()
        if inspection_id:
            self._open(inspection_id)

    def on_approve(self) -> None:
        self._decide(True)

    def on_return(self) -> None:
        self._decide(False)

    def _decide(self, approve: bool) -> None:
        inspection_id = self.selected_id()
        if inspection_id is None:
            return
        comments, actor = self.comments.toPlainText().strip(), self._actor()

        def job(db: sqlite_utils.Database) -> Any:
            if approve:
                return approve_inspection(db, inspection_id, actor, comments)
            return return_inspection(db, inspection_id, comments, actor)

        Operation(self.hub, job, Changes.of_inspections(inspection_id), self) \
            .success(self.on_decided).failure(self.on_refused).run()

    def on_decided(self, review: Any) -> None:
        self.comments.clear()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Approved.") if review.decision == "approved" else self.tr(
            "Returned: a correction task goes to its inspector."))
        self.refresh()

    def on_refused(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(user_message(error, self.lang))
