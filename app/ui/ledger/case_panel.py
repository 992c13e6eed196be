"""The cases behind a number, a site or a dashboard line: a list, and the chosen case's steps,
its before/after photos (整治前/整治后) and the steps a person may take now (each an
Operation calling app.store.cases)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.cases import ACTION_TITLES
from app.media.filestore import MediaStore
from app.store.cases import (
    cancel_case,
    file_case,
    order_case,
    refer_case,
    reopen_case,
    start_rectification,
)
from app.store.profile import get_profile
from app.ui.ledger.case_rows import CaseDetail, CaseRow, case_detail
from app.ui.operations import Changes, Operation, hub_for, user_message
from app.ui.photos.guard import alive
from app.ui.table_model import HeadedTableModel
from app.ui.tasks import TaskContext, TaskHandle, run_task

Index = QModelIndex | QPersistentModelIndex

OVERDUE_COLOUR = QColor("#b00020")
OVERDUE_BACKGROUND = QColor("#fde2e1")
THUMB = 96
NEEDS_TEXT = ("refer", "cancel", "reopen")


class CaseListModel(HeadedTableModel):
    """Cases as rows: site, problem, work item, state, deadline, days overdue."""

    # The problem column stretches (dashboard); the others stay narrow enough that the deadline
    # and the days overdue are in view at 1024 px.
    COLUMN_WIDTHS = (120, 200, 110, 96, 90, 66)

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[CaseRow] = []
        self._headers = [self.tr("Site"), self.tr("Problem"), self.tr("Work item"),
                         self.tr("State"), self.tr("Deadline"), self.tr("Days overdue")]

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def case_row(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[CaseRow]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.case_row(index.row()) if index.isValid() else None
        if r is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and col == 0:
                return f"{r.site_name}\n{r.site_address}"
            days = "" if r.overdue_days is None else str(r.overdue_days)
            return (r.site_name, r.kind.get(self.lang), r.work_item.get(self.lang),
                    r.state.get(self.lang), r.case.deadline or "—", days)[col]
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue_days is not None and col >= 4:
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole and r.overdue_days is not None:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EventsModel(HeadedTableModel):
    """One case's steps: when (Beijing), what, who, evidence."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._detail: CaseDetail | None = None
        self._headers = [self.tr("When"), self.tr("Step"), self.tr("By"), self.tr("Evidence")]

    def set_detail(self, detail: CaseDetail | None) -> None:
        self.beginResetModel()
        self._detail = detail
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._detail is None:
            return 0
        return len(self._detail.events)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (not index.isValid() or self._detail is None
                or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)):
            return None
        e = self._detail.events[index.row()]
        return (e.when, e.action.get(self.lang), e.actor, e.evidence.get(self.lang))[
            index.column()]


def load_detail(ctx: TaskContext, db_path: Path, case_id: str, as_of: date) -> dict[str, Any]:
    """Background job: the case's detail and its before/after thumbnails (QImage)."""
    db = ctx.open_database()
    try:
        detail = case_detail(db, case_id, as_of)
    finally:
        db.close()
    store = MediaStore.for_database(db_path)

    def images(hashes: tuple[str, ...]) -> list[QImage]:
        out = []
        for sha in hashes[:6]:
            image = QImage()
            try:
                image.loadFromData(store.thumbnail(sha))
            except Exception:  # a lost original: an empty slot, not a failed panel
                image = QImage()
            out.append(image)
        return out

    return {"detail": detail, "before": images(detail.photos.before),
            "after": images(detail.photos.after)}


def _office_code(db: Any) -> str:
    """The 机关代字 the notice of an order is numbered under (this device's profile)."""
    profile = get_profile(db)
    return profile.office_code if profile is not None else ""


class CasePanel(QWidget):
    """A list of cases above, the chosen one's steps, photos and actions below."""

    case_shown = Signal(object)  # CaseDetail
    case_changed = Signal(str)  # case id, after a step was taken

    def __init__(self, db_path: Path, lang: str, actor: str, parent: QWidget | None = None,
                 as_of: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case-panel")
        self.db_path = db_path
        self.lang = lang
        self.actor = actor
        self.as_of = as_of
        self.detail: CaseDetail | None = None
        self._task: TaskHandle | None = None
        self.model = CaseListModel(lang, self)
        self.events = EventsModel(lang, self)
        self._build()
        self.table.selectionModel().currentRowChanged.connect(self.on_current_changed)
        self.table.activated.connect(lambda index: self.show_case_at(index.row()))

    def today(self) -> date:
        return self.as_of or clock.beijing_today()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setObjectName("case-panel-title")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableView(splitter)
        self.table.setObjectName("case-list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate(CaseListModel.COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        detail = QWidget(splitter)
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 4, 0, 0)
        self.heading = QLabel(self.tr("Choose a case to see its steps."), detail)
        self.heading.setObjectName("case-heading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.heading)
        self.event_table = QTableView(detail)
        self.event_table.setObjectName("case-events")
        self.event_table.setModel(self.events)
        self.event_table.verticalHeader().hide()
        self.event_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.event_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        box.addWidget(self.event_table, 1)
        photos = QHBoxLayout()
        self.before_box, self.before_row = self._photo_box(self.tr("Before (整治前)"), detail)
        self.after_box, self.after_row = self._photo_box(self.tr("After (整治后)"), detail)
        photos.addWidget(self.before_box, 1)
        photos.addWidget(self.after_box, 1)
        box.addLayout(photos)
        actions = QHBoxLayout()
        self.step_text = QLineEdit(detail)
        self.step_text.setObjectName("case-step-text")
        self.step_text.setPlaceholderText(self.tr("To whom / why (refer, cancel, reopen)"))
        self.step_buttons: dict[str, QPushButton] = {}
        for action in ("file", "order", "start", "refer", "cancel", "reopen"):
            button = QPushButton(ACTION_TITLES[action].get(self.lang), detail)
            button.setObjectName(f"case-step-{action}")
            button.hide()
            button.clicked.connect(lambda _checked=False, a=action: self.take_step(a))
            self.step_buttons[action] = button
            actions.addWidget(button)
        actions.addWidget(self.step_text, 1)
        box.addLayout(actions)
        self.step_note = QLabel(detail)
        self.step_note.setObjectName("case-step-note")
        self.step_note.setWordWrap(True)
        box.addWidget(self.step_note)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

    def _photo_box(self, title: str, parent: QWidget) -> tuple[QGroupBox, QHBoxLayout]:
        box = QGroupBox(title, parent)
        outer = QVBoxLayout(box)
        area = QScrollArea(box)
        area.setWidgetResizable(True)
        area.setFixedHeight(THUMB + 24)
        inner = QWidget(area)
        row = QHBoxLayout(inner)
        row.setContentsMargins(2, 2, 2, 2)
        row.addStretch(1)
        area.setWidget(inner)
        outer.addWidget(area)
        return box, row

    # ---- what is shown ------------------------------------------------------------------

    def set_rows(self, rows: list[CaseRow], title: str = "") -> None:
        """Show these cases (the first one opened)."""
        self.title.setText(title)
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
            self.show_case_at(0)
        else:
            self.clear_detail()

    def clear_detail(self) -> None:
        self.detail = None
        self.events.set_detail(None)
        self.heading.setText(self.tr("No cases.") if not self.model.rowCount() else self.tr(
            "Choose a case to see its steps."))
        for button in self.step_buttons.values():
            button.hide()
        self._set_photos(self.before_row, [])
        self._set_photos(self.after_row, [])

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_case_at(current.row())

    def show_case_at(self, row: int) -> None:
        r = self.model.case_row(row)
        if r is not None:
            self.show_case(r.case.id)

    def show_case(self, case_id: str) -> None:
        """Load the case's steps and photos in the background."""
        db_path, as_of = self.db_path, self.today()
        self.step_note.setText("")
        self._task = run_task(lambda ctx: load_detail(ctx, db_path, case_id, as_of),
                              db_path=db_path, on_result=alive(self, self.on_detail),
                              on_error=alive(self, self.on_detail_failed))

    def on_detail(self, loaded: dict[str, Any]) -> None:
        detail: CaseDetail = loaded["detail"]
        self.detail = detail
        r = detail.row
        lines = [f"<b>{r.site_name}</b> — {r.kind.get(self.lang)}",
                 self.tr("%1 · state: %2 · deadline: %3").replace("%1", r.work_item.get(
                     self.lang)).replace("%2", r.state.get(self.lang)).replace(
                     "%3", r.case.deadline or "—")]
        if r.overdue_days is not None:
            lines.append("<span style='color:#b00020'>" + self.tr(
                "Overdue by %n day(s)", "", r.overdue_days) + "</span>")
        if r.case.rebound_of:
            lines.append(self.tr("Rebound: came back after a closed case"))
        self.heading.setText("<br>".join(lines))
        self.events.set_detail(detail)
        for action, button in self.step_buttons.items():
            button.setVisible(action in detail.allowed)
        self.step_text.setVisible(any(a in detail.allowed for a in NEEDS_TEXT))
        self._set_photos(self.before_row, loaded["before"])
        self._set_photos(self.after_row, loaded["after"])
        self.before_box.setTitle(self.tr("Before (整治前): %1 photo(s)").replace(
            "%1", str(len(detail.photos.before))))
        self.after_box.setTitle(self.tr("After (整治后): %1 photo(s)").replace(
            "%1", str(len(detail.photos.after))))
        self.case_shown.emit(detail)

    def on_detail_failed(self, error: BaseException) -> None:
        self.heading.setText(self.tr("Could not read the case: %1").replace(
            "%1", user_message(error, self.lang)))

    def _set_photos(self, row: QHBoxLayout, images: list[QImage]) -> None:
        while row.count() > 1:
            item = row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for n, image in enumerate(images):
            label = QLabel()
            label.setFixedSize(THUMB, THUMB)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: #eeeeee;")
            if not image.isNull():
                label.setPixmap(QPixmap.fromImage(image).scaled(
                    THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
            row.insertWidget(n, label)

    # ---- steps ----------------------------------------------------------------------------

    def take_step(self, action: str) -> None:
        """Take a step on the case shown, through an Operation (refused steps say why)."""
        if self.detail is None:
            return
        case = self.detail.row.case
        case_id, actor, text = case.id, self.actor, self.step_text.text().strip()
        if action in NEEDS_TEXT and not text:
            self.step_note.setText(self.tr("Say to whom or why first."))
            self.step_text.setFocus()
            return
        jobs = {
            "file": lambda db: file_case(db, case_id, actor),
            "order": lambda db: order_case(db, case_id, _office_code(db), actor),
            "start": lambda db: start_rectification(db, case_id, actor),
            "refer": lambda db: refer_case(db, case_id, text, actor),
            "cancel": lambda db: cancel_case(db, case_id, text, actor),
            "reopen": lambda db: reopen_case(db, case_id, text, actor),
        }
        # Changes has no flag of its own for cases: a case step is announced as a change of
        # its site, which every page showing cases listens to.
        Operation(hub_for(self, self.db_path), jobs[action],
                  Changes(sites=True, site_ids=frozenset({case.site_id}), source=self), self) \
            .success(lambda _case: self.on_step_taken(case_id)) \
            .failure(self.on_step_failed).run()

    def on_step_taken(self, case_id: str) -> None:
        self.step_text.clear()
        self.step_note.setText(self.tr("Saved."))
        self.show_case(case_id)
        self.case_changed.emit(case_id)

    def on_step_failed(self, error: BaseException) -> None:
        self.step_note.setText(self.tr("Not saved: %1").replace(
            "%1", user_message(error, self.lang)))
