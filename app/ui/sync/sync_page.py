"""The 同步 page: export this device's next bundle, import many bundles at once (dialog or drag
and drop) with progress, cancel and a result per bundle, and the open conflicts."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AppError
from app.sync.bundle import PART_NAME
from app.sync.devices import get_device, local_device, receiver_for
from app.sync.export import ExportResult
from app.ui.operations import Changes, hub_for, user_message
from app.ui.sync.conflicts_view import ConflictsView
from app.ui.sync.jobs import ImportOutcome, export_job, import_job
from app.ui.sync.results_model import BundleResultModel
from app.ui.tasks import TaskContext, TaskHandle, run_task

if TYPE_CHECKING:
    import sqlite_utils

    from app.sync.devices import Device

BUNDLE_SUFFIX = ".sabundle"


def is_bundle_file(path: Path) -> bool:
    """A bundle or one numbered part of a split one."""
    return path.name.endswith(BUNDLE_SUFFIX) or PART_NAME.match(path.name) is not None


class SyncPage(QWidget):
    """Export, import and conflicts on one page."""

    def __init__(self, db: sqlite_utils.Database, db_path: Path, lang: str, actor: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync-page")
        self.db = db
        self.db_path = db_path
        self.lang = lang
        self.actor = actor
        self.export_task: TaskHandle | None = None
        self.import_task: TaskHandle | None = None
        self.last_export: ExportResult | None = None
        self.last_import: ImportOutcome | None = None
        self._stop = threading.Event()
        self.results = BundleResultModel(lang, self)
        self.setAcceptDrops(True)
        self._build()
        self._connect_signals()
        self.refresh()

    # ---- construction -------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        export_box = QGroupBox(self.tr("Export"), self)
        ebox = QVBoxLayout(export_box)
        self.receiver_label = QLabel(export_box)
        self.receiver_label.setObjectName("export-receiver")
        self.receiver_label.setWordWrap(True)
        ebox.addWidget(self.receiver_label)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export bundle…"), export_box)
        self.export_button.setObjectName("export-bundle")
        row.addWidget(self.export_button)
        self.export_progress = QProgressBar(export_box)
        self.export_progress.setRange(0, 0)
        self.export_progress.hide()
        row.addWidget(self.export_progress, 1)
        ebox.addLayout(row)
        self.export_result = QLabel(export_box)
        self.export_result.setObjectName("export-result")
        self.export_result.setWordWrap(True)
        self.export_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ebox.addWidget(self.export_result)
        ebox.addStretch(1)
        top.addWidget(export_box, 1)

        import_box = QGroupBox(self.tr("Import"), self)
        ibox = QVBoxLayout(import_box)
        hint = QLabel(self.tr("Choose bundle files (.sabundle), several at once, or drop them "
                              "on this page. Each is checked in full before anything is "
                              "merged."), import_box)
        hint.setWordWrap(True)
        ibox.addWidget(hint)
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import bundles…"), import_box)
        self.import_button.setObjectName("import-bundles")
        row.addWidget(self.import_button)
        self.import_progress = QProgressBar(import_box)
        self.import_progress.setObjectName("import-progress")
        self.import_progress.hide()
        row.addWidget(self.import_progress, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"), import_box)
        self.cancel_button.setObjectName("import-cancel")
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        ibox.addLayout(row)
        self.import_summary = QLabel(import_box)
        self.import_summary.setObjectName("import-summary")
        self.import_summary.setWordWrap(True)
        ibox.addWidget(self.import_summary)
        ibox.addStretch(1)
        top.addWidget(import_box, 2)
        layout.addLayout(top)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sync-tabs")
        self.results_table = QTableView(self.tabs)
        self.results_table.setObjectName("import-results")
        self.results_table.setModel(self.results)
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_table.verticalHeader().hide()
        self.results_table.setWordWrap(True)
        self.results_table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate(BundleResultModel.COLUMN_WIDTHS):
            self.results_table.setColumnWidth(col, width)
        self.tabs.addTab(self.results_table, self.tr("Import results"))
        self.conflicts = ConflictsView(self.db, self.db_path, self.lang, self.actor, self.tabs)
        self.tabs.addTab(self.conflicts, self.tr("Conflicts"))
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.export_button.clicked.connect(self.on_export)
        self.import_button.clicked.connect(self.on_import)
        self.cancel_button.clicked.connect(self.on_cancel_import)
        self.conflicts.count_changed.connect(self.on_conflict_count)
        hub_for(self, self.db_path).changed.connect(self.on_data_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # ---- state --------------------------------------------------------------------------

    def refresh(self) -> None:
        """The receiver line and the conflicts, read again."""
        receiver = self.receiver()
        if isinstance(receiver, str):
            self.receiver_label.setText(receiver)
        else:
            self.receiver_label.setText(self.tr("Bundles go to: %1 (device %2)").replace(
                "%1", receiver.label or receiver.id).replace("%2", receiver.id[-12:]))
        self.conflicts.refresh()

    def receiver(self) -> Device | str:
        """The enrolled office the next bundle is sealed to, or why there is none."""
        try:
            local_device(self.db)
            return receiver_for(self.db, None)
        except AppError as exc:
            return self.tr("Export is not possible: %1").replace("%1", exc.text.get(self.lang))

    def on_conflict_count(self, count: int) -> None:
        title = self.tr("Conflicts (%1)").replace("%1", str(count)) if count else self.tr(
            "Conflicts")
        self.tabs.setTabText(self.tabs.indexOf(self.conflicts), title)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.source is self.conflicts:
            return  # the view refreshed itself
        if changes.sites or changes.inspections or changes.photos:
            self.conflicts.refresh()

    # ---- export -------------------------------------------------------------------------

    def on_export(self) -> None:
        receiver = self.receiver()
        if isinstance(receiver, str):
            self.export_result.setText(receiver)
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export bundle to folder (USB stick or sync folder)"))
        if folder:
            self.start_export(Path(folder))

    def start_export(self, folder: Path) -> None:
        """Write the next bundle into `folder` in the background."""
        receiver = self.receiver()
        if isinstance(receiver, str):
            self.export_result.setText(receiver)
            return
        actor = self.actor
        self.export_button.setEnabled(False)
        self.export_progress.show()
        self.export_result.setText(self.tr("Writing the bundle…"))
        self.export_task = run_task(lambda ctx: export_job(ctx, folder, actor),
                                    db_path=self.db_path, on_result=self.on_exported,
                                    on_error=self.on_export_failed)

    def on_exported(self, result: ExportResult) -> None:
        self.last_export = result
        self.export_button.setEnabled(True)
        self.export_progress.hide()
        device = get_device(self.db, result.receiver)
        label = device.label if device is not None and device.label else result.receiver
        files = "\n".join(str(p) for p in result.paths)
        self.export_result.setText(
            self.tr("Bundle no. %1 written for %2:\n%3").replace("%1", str(result.seq))
            .replace("%2", label).replace("%3", files))

    def on_export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.export_progress.hide()
        self.export_result.setText(self.tr("Not exported: %1").replace(
            "%1", user_message(error, self.lang)))

    # ---- import -------------------------------------------------------------------------

    def on_import(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Import bundles"), "",
            self.tr("Street Audit bundles (*.sabundle *.sabundle.*);;All files (*)"))
        if files:
            self.start_import([Path(f) for f in files])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_bundles(event.mimeData()) and self.import_task is None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_bundles(event.mimeData())
        if paths and self.import_task is None:
            event.acceptProposedAction()
            self.start_import(paths)

    @staticmethod
    def _dropped_bundles(mime: Any) -> list[Path]:
        if not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if is_bundle_file(p)]

    def start_import(self, paths: list[Path]) -> None:
        """Merge the bundles one by one in the background; results as a table."""
        if self.import_task is not None:
            return
        self._stop = threading.Event()
        stop, actor = self._stop, self.actor
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.import_progress.setRange(0, max(len(paths), 1))
        self.import_progress.setValue(0)
        self.import_progress.show()
        self.import_summary.setText(self.tr("Checking and merging %1 bundle(s)…").replace(
            "%1", str(len(paths))))
        self.tabs.setCurrentWidget(self.results_table)

        def job(ctx: TaskContext) -> ImportOutcome:
            return import_job(ctx, paths, actor, stop)

        self.import_task = run_task(job, db_path=self.db_path, on_result=self.on_imported,
                                    on_error=self.on_import_failed,
                                    on_progress=self.on_import_progress)

    def on_import_progress(self, done: int, total: int, name: str) -> None:
        self.import_progress.setRange(0, max(total, 1))
        self.import_progress.setValue(done)
        if name:
            self.import_summary.setText(self.tr("Bundle %1 of %2: %3").replace(
                "%1", str(done + 1)).replace("%2", str(total)).replace("%3", name))

    def on_cancel_import(self) -> None:
        """Stop before the next bundle (one being merged finishes: it is all or nothing)."""
        self._stop.set()
        self.cancel_button.setEnabled(False)
        self.import_summary.setText(self.tr("Stopping after the current bundle…"))

    def _import_ended(self) -> None:
        self.import_task = None
        self.import_button.setEnabled(True)
        self.cancel_button.hide()
        self.import_progress.hide()

    def on_imported(self, outcome: ImportOutcome) -> None:
        self._import_ended()
        self.last_import = outcome
        self.results.set_rows(list(outcome.rows))
        self.results_table.resizeRowsToContents()
        counts = {s: sum(1 for r in outcome.rows if r.status == s)
                  for s in ("merged", "already", "refused", "cancelled")}
        summary = self.tr("%1 merged, %2 already merged, %3 refused.").replace(
            "%1", str(counts["merged"])).replace("%2", str(counts["already"])).replace(
            "%3", str(counts["refused"]))
        if outcome.cancelled:
            summary += " " + self.tr("Cancelled: %1 bundle(s) not merged.").replace(
                "%1", str(counts["cancelled"]))
        for label, number in outcome.missing:
            summary += "\n" + self.tr("%1: bundle no. %2 has not been received.").replace(
                "%1", label).replace("%2", str(number))
        self.import_summary.setText(summary)
        if counts["merged"]:
            # What a merge changes: any site, inspection or photo; every view reads again.
            hub_for(self, self.db_path).notify(Changes(sites=True, inspections=True,
                                                       photos=True, checklists=True))
        self.refresh()

    def on_import_failed(self, error: BaseException) -> None:
        self._import_ended()
        self.import_summary.setText(self.tr("Import failed: %1").replace(
            "%1", user_message(error, self.lang)))
        self.refresh()
