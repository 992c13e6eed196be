"""FolderImportDialog: shows which inspection each photo of a folder is proposed for; the
inspector confirms or changes each line, then the photos are attached in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import format_beijing
from app.core.geo import haversine_m
from app.media.batch import apply_proposal, open_candidates, propose_folder
from app.media.reading import photo_files_in
from app.store.profile import get_profile
from app.ui.photos.badges import ui_lang
from app.ui.photos.guard import alive
from app.ui.tasks import TaskContext, TaskHandle, run_task

COL_FILE = 0
COL_TIME = 1
COL_INSPECTION = 2
COL_REASON = 3
THUMB = 64
CHOICES = 30  # inspections offered per photo
SET_ASIDE = "#757575"
REFUSED = "#c62828"


class _Progress:
    """Progress callback for the batch functions: reports, and stops on cancel."""

    def __init__(self, ctx: TaskContext) -> None:
        self.ctx = ctx

    def __call__(self, done: int, total: int) -> None:
        self.ctx.check_cancelled()
        self.ctx.progress(done, total, "")


def propose_job(ctx: TaskContext, folder: Path) -> dict[str, Any]:
    """Background job: list the folder's photos, read them, propose an inspection each."""

    db = ctx.open_database()
    try:
        candidates = open_candidates(db)
        files = photo_files_in(folder)
        proposal = propose_folder(db, files, candidates=candidates, progress=_Progress(ctx))
        return {"candidates": candidates, "proposal": proposal}
    finally:
        db.conn.close()


def apply_job(ctx: TaskContext, db_path: Path, assignments: list[Any]) -> list[Any]:
    """Background job: attach the confirmed photos."""

    db = ctx.open_database()
    try:
        profile = get_profile(db)
        return apply_proposal(db, db_path, assignments,
                              profile.inspector_name if profile else "",
                              progress=_Progress(ctx))
    finally:
        db.conn.close()


def likely_candidates(assignment: Any, candidates: list[Any], limit: int = CHOICES) -> list[Any]:
    """The inspections offered on a line: the proposed one, then the nearest sites (or, for a
    photo without GPS, those started last before it) — an office may have thousands of drafts."""

    meta = assignment.meta
    lat, lon = (meta.lat, meta.lon) if meta is not None else (None, None)
    when = (meta.taken_utc() or meta.gps_time) if meta is not None else None

    def nearness(c: Any) -> tuple[int, float]:
        if lat is not None and lon is not None and c.site_lat is not None \
                and c.site_lon is not None:
            return 0, haversine_m(lat, lon, c.site_lat, c.site_lon)
        if when is not None:
            return 1, abs((when - c.start).total_seconds())
        return 2, -c.start.timestamp()

    ranked = sorted(candidates, key=nearness)[:limit]
    proposed = [c for c in candidates if c.inspection_id == assignment.inspection_id]
    return proposed + [c for c in ranked if c.inspection_id != assignment.inspection_id]


class FolderImportDialog(QDialog):
    """Review and apply the proposed assignment of a folder's photos to inspections."""

    proposalReady = Signal()
    imported = Signal(list)  # AttachResult per attached file

    def __init__(self, db_path: Path, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.folder = Path(folder)
        self.assignments: list[Any] = []
        self.candidates: list[Any] = []
        self._tasks: list[TaskHandle] = []
        self._importing = False
        self.setWindowTitle(self.tr("Import photos from a folder"))
        self.resize(980, 640)
        self.status = QLabel(self.tr("Reading the photos…"))
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy until the first photo is read
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Taken (Beijing time)"),
                                              self.tr("Inspection"), self.tr("Reason")])
        self.table.setIconSize(QSize(THUMB, THUMB))
        self.table.verticalHeader().setDefaultSectionSize(THUMB + 8)
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(COL_FILE, 220)
        self.table.setColumnWidth(COL_TIME, 130)
        self.table.setColumnWidth(COL_INSPECTION, 300)
        self.table.horizontalHeader().setSectionResizeMode(COL_REASON,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import assigned photos"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.on_import)
        folder = self.folder
        self._tasks.append(run_task(lambda ctx: propose_job(ctx, folder),
                                    db_path=self.db_path, on_result=alive(self, self.on_proposal),
                                    on_error=alive(self, self.on_error),
                                    on_progress=alive(self, self.on_progress)))

    def on_progress(self, done: int, total: int, _message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.show()
        text = (self.tr("Attaching photo %1 of %2") if self._importing else
                self.tr("Reading photo %1 of %2"))
        self.status.setText(text.replace("%1", str(done)).replace("%2", str(total)))

    def on_error(self, exc: BaseException) -> None:
        self.progress.hide()
        self.status.setText(str(exc))

    def on_proposal(self, data: dict[str, Any]) -> None:
        self.candidates = data["candidates"]
        self.assignments = list(data["proposal"])
        lang = ui_lang()
        self.progress.hide()
        self.table.setRowCount(len(self.assignments))
        for row, a in enumerate(self.assignments):
            name = QTableWidgetItem(a.path.name)
            if a.thumbnail:
                image = QImage()
                if image.loadFromData(a.thumbnail):
                    name.setIcon(QIcon(QPixmap.fromImage(image.scaled(
                        THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation))))
            self.table.setItem(row, COL_FILE, name)
            # Beijing time, like the inspections offered beside it: a camera set to another
            # zone, or only a GPS time (UTC), still reads as the hour of the visit.
            moment = (a.meta.taken_at or a.meta.gps_time) if a.meta else None
            self.table.setItem(row, COL_TIME, QTableWidgetItem(
                format_beijing(moment) if moment else "—"))
            combo = QComboBox()
            combo.addItem(self.tr("Put aside"), None)
            for c in likely_candidates(a, self.candidates):
                combo.addItem(f"{c.label} · {format_beijing(c.start)}", c.inspection_id)
            combo.setCurrentIndex(max(0, combo.findData(a.inspection_id)))
            combo.setEnabled(a.error is None)
            self.table.setCellWidget(row, COL_INSPECTION, combo)
            reason = QTableWidgetItem(a.reason.get(lang))
            reason.setToolTip(a.reason.get(lang))
            if a.error is not None:
                reason.setForeground(QBrush(QColor(REFUSED)))
            elif not a.inspection_id:
                reason.setForeground(QBrush(QColor(SET_ASIDE)))
            self.table.setItem(row, COL_REASON, reason)
        assigned = sum(1 for a in self.assignments if a.inspection_id)
        self.status.setText(self.tr("%1 photos, %2 assigned; check each line, then import")
                            .replace("%1", str(len(self.assignments)))
                            .replace("%2", str(assigned)))
        self.import_button.setEnabled(True)
        self.proposalReady.emit()

    def chosen(self, row: int) -> str | None:
        """The inspection chosen on a line (None: put aside)."""
        combo = self.table.cellWidget(row, COL_INSPECTION)
        assert isinstance(combo, QComboBox)
        value = combo.currentData()
        return str(value) if value else None

    def set_choice(self, row: int, inspection_id: str | None) -> None:
        """Change a line's inspection (as the inspector does with the combo box)."""
        combo = self.table.cellWidget(row, COL_INSPECTION)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(max(0, combo.findData(inspection_id)))

    def on_import(self) -> None:
        decided = []
        for row, a in enumerate(self.assignments):
            choice = self.chosen(row)
            decided.append(a if choice == a.inspection_id else a.assign(choice))
        self.import_button.setEnabled(False)
        self._importing = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(self.tr("Importing…"))
        db_path = self.db_path
        self._tasks.append(run_task(lambda ctx: apply_job(ctx, db_path, decided),
                                    db_path=db_path, on_result=alive(self, self.on_imported),
                                    on_error=alive(self, self.on_error),
                                    on_progress=alive(self, self.on_progress)))

    def on_imported(self, results: list[Any]) -> None:
        self.progress.hide()
        self.imported.emit(results)
        failed = [r for r in results if not r.ok]
        if failed:
            self.status.setText("\n".join(r.line() for r in failed))
            return
        self.accept()
