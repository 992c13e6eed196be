"""The window's document actions: save dialog, background job, open the PDF, say what happened.

One `WindowReports` per main window. The editor's buttons, the list's export action and the
summary page ask it for documents; it asks where to save (remembering the folder), makes the
document in a worker thread on its own database connection, opens it in the system's PDF viewer
and reports the result in a small bar in the status line. Errors name the cause and what to do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from app.core.errors import AppError
from app.store.inspection_list import list_inspections
from app.ui.settings import Setting, Settings

# What is only used once a document is asked for (dialogs, the worker pool, the jobs, the
# summary page) is imported there: each Qt class costs start-up time on its first import.
if TYPE_CHECKING:
    import sqlite_utils
    from PySide6.QtCore import QItemSelectionModel, QThreadPool
    from PySide6.QtWidgets import QMessageBox, QTableView

    from app.ui.editor.inspection_editor import InspectionEditor
    from app.ui.inspection_list_model import InspectionListModel
    from app.ui.reports.jobs import DocumentMade, ExportResult
    from app.ui.reports.report_status import ReportStatus
    from app.ui.reports.summary_page import SummaryPage
    from app.ui.tasks import TaskContext, TaskHandle

REPORTS_FOLDER: Setting[str] = Setting("reports/folder", "")
# An export of more inspections than this asks first: each is a PDF of a few pages, and a
# select-all on a long list would otherwise start hours of work with one click.
CONFIRM_ABOVE = 50
LOOKUP_CHUNK = 1000  # rows read per list page when turning selected rows into ids


def selected_spans(selection: QItemSelectionModel) -> list[tuple[int, int]]:
    """The selected rows as merged (first, last) runs, top to bottom.

    Built from the selection's ranges, not its rows: a select-all of 100,000 rows is one range,
    so this costs nothing on the GUI thread whatever the count."""
    ranges = selection.selection()
    runs = sorted((ranges.at(i).top(), ranges.at(i).bottom()) for i in range(ranges.size()))
    merged: list[tuple[int, int]] = []
    for top, bottom in runs:
        if merged and top <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


def ids_of_rows(db: sqlite_utils.Database, flt: Any, sort: Any, spans: Sequence[tuple[int, int]], *,
                cancelled: Callable[[], bool] = lambda: False,
                chunk: int = LOOKUP_CHUNK) -> list[str]:
    """The inspection ids at these rows of the list (its filter and sort), a page at a time.

    Run in the export job on its own connection: the list model would fetch every page of a
    huge selection on the GUI thread. Stops (returning what it has) when `cancelled()`."""

    ids: list[str] = []
    for top, bottom in spans:
        offset = top
        while offset <= bottom:
            if cancelled():
                return ids
            limit = min(chunk, bottom - offset + 1)
            page = list_inspections(db, flt, sort, offset, limit)
            ids.extend(str(row.id) for row in page)
            if len(page) < limit:
                break  # the list got shorter since the rows were selected
            offset += limit
    return ids

_pool: QThreadPool | None = None


def report_pool() -> QThreadPool:
    """One document at a time: reportlab keeps module-level state (fonts, caches), and a second
    document started meanwhile simply waits its turn without holding up the window."""
    from PySide6.QtCore import QThreadPool

    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setMaxThreadCount(1)
    return _pool


class WindowReports(QObject):
    """Makes documents for one main window; results and failures are also signals (tests)."""

    document_ready = Signal(object)  # DocumentMade
    export_finished = Signal(object)  # ExportResult
    failed = Signal(str)  # the message shown
    summary_page_built = Signal(object)  # the SummaryPage, to put in place of the placeholder

    def __init__(self, window: QMainWindow, db: sqlite_utils.Database, db_path: Path,
                 settings: Settings, lang: str, table: QTableView,
                 model: InspectionListModel) -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.db_path = db_path
        self.settings = settings
        self.table = table
        self.model = model
        self._status: ReportStatus | None = None  # the status line's bar, made on first use
        self.export_action = QAction(self.tr("Export reports…"), window)
        self.export_action.setObjectName("action-export-reports")
        self.export_action.setToolTip(self.tr(
            "Save the inspection report of each selected inspection as a PDF into a folder"))
        self.export_action.setEnabled(False)
        self.lang = lang
        # The summary tab's page is built the first time it is shown or asked for (its filters,
        # tables and date fields cost start-up time for a tab nobody sees at first): until then
        # the window shows this empty placeholder in its place.
        self.summary_placeholder = QWidget(window)
        self.summary_placeholder.setObjectName("summary-placeholder")
        self._summary_page: SummaryPage | None = None
        self.error_box: QMessageBox | None = None
        self.confirm_box: QMessageBox | None = None  # "export N reports?" while it is open
        self.open_documents = True  # off for screenshots: nothing is shown outside the window
        self.running: list[TaskHandle] = []
        self._export_stop: threading.Event | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.export_action.triggered.connect(self.on_export_selected)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.model.modelReset.connect(self.on_selection_changed)

    @property
    def status(self) -> ReportStatus:
        """The bar in the window's status line saying what is being made and what was made;
        made (hidden) the first time it is needed."""
        if self._status is None:
            from app.ui.reports.report_status import ReportStatus

            status = ReportStatus(self.window)
            status.open_file_requested.connect(self.open_path)
            status.open_folder_requested.connect(self.open_path)
            status.cancel_requested.connect(self.on_cancel_export)
            self.window.statusBar().addPermanentWidget(status)
            self._status = status
        return self._status

    def built_summary_page(self) -> SummaryPage | None:
        """The summary page if it has been built (a change notice need not build it)."""
        return self._summary_page

    @property
    def summary_page(self) -> SummaryPage:
        """The summary tab's page, built on first use; `summary_page_built` announces it."""
        if self._summary_page is None:
            from app.ui.reports.summary_page import SummaryPage

            page = SummaryPage(self.db_path, self.lang, self.window)
            page.generate_requested.connect(self.on_generate_summary)
            self._summary_page = page
            self.summary_page_built.emit(page)
        return self._summary_page

    def summary_title(self) -> str:
        """The summary tab's title (the page's own, without building the page)."""
        return QCoreApplication.translate("SummaryPage", "Summary report")

    def attach_editor(self, editor: InspectionEditor) -> None:
        """Wire an inspection editor's document buttons to this window's actions."""
        editor.report_buttons.print_requested.connect(self.print_inspection_report)
        editor.report_buttons.notice_requested.connect(self.print_notice)

    # ---- where to save ------------------------------------------------------------------

    def default_folder(self) -> Path:
        """The folder last saved to, else the user's documents folder."""
        from PySide6.QtCore import QStandardPaths

        saved = self.settings.get(REPORTS_FOLDER)
        if saved and Path(saved).is_dir():
            return Path(saved)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def ask_save_path(self, title: str, file_name: str) -> Path | None:
        """The save dialog, opened in the remembered folder with a proposed name."""
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getSaveFileName(
            self.window, title, str(self.default_folder() / file_name),
            self.tr("PDF documents (*.pdf)"))
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.settings.set(REPORTS_FOLDER, str(path.parent))
        return path

    # ---- one inspection -----------------------------------------------------------------

    def print_inspection_report(self, inspection_id: str) -> None:
        """Save the inspection report (检查记录) of one inspection, then open it."""
        self._one_document("inspection", inspection_id)

    def print_notice(self, inspection_id: str) -> None:
        """Save the rectification notice (整改通知书) of one inspection, then open it."""
        self._one_document("notice", inspection_id)

    def _one_document(self, kind: str, inspection_id: str) -> None:
        from app.ui.reports.jobs import describe_target, make_document

        try:
            target = describe_target(self.db, inspection_id)
        except Exception as exc:  # e.g. deleted meanwhile: say so, never crash the window
            self.on_failed(exc)
            return
        title = (self.tr("Save the inspection report") if kind == "inspection"
                 else self.tr("Save the rectification notice"))
        out = self.ask_save_path(title, target.file_name(kind))
        if out is None:
            return
        if kind == "notice":
            self._issue_notice(inspection_id, out)
            return

        def job(ctx: TaskContext) -> DocumentMade:
            db = ctx.open_database()
            try:
                return make_document(db, kind, inspection_id, out)
            finally:
                db.close()

        self.status.show_working(self.tr("Making %1…").replace("%1", out.name))
        self._start(job, self.on_document_made)

    def _issue_notice(self, inspection_id: str, out: Path) -> None:
        """Issuing a notice takes its 文号 (a write): an Operation on the window's writer, then
        the PDF is made in the report pool from what was issued."""
        from app.ui.operations import Changes, Operation, hub_for
        from app.ui.reports.jobs import issue_notice_job, write_notice_document

        def issued(data: Any) -> None:
            self._start(lambda _ctx: write_notice_document(data, out, self.db_path),
                        self.on_document_made)

        self.status.show_working(self.tr("Making %1…").replace("%1", out.name))
        Operation(hub_for(self.window, self.db_path),
                  lambda db: issue_notice_job(db, inspection_id),
                  Changes.of_inspections(inspection_id, source=self), parent=self) \
            .success(issued).failure(self.on_failed).run()

    def on_document_made(self, made: DocumentMade) -> None:
        text = self.tr("Saved %1 (%n page(s)).", "", made.pages).replace("%1", made.path.name)
        if made.damaged_photos:
            text += " " + self.tr("%n photo file(s) are missing or damaged: check the photos "
                                  "folder (%1).", "", len(made.damaged_photos)).replace(
                "%1", str(made.damaged_photos[0].parent))
        if self.open_documents and not self.open_path(made.path):
            text += " " + self.tr("No PDF viewer opened it: the file is in %1.").replace(
                "%1", str(made.path.parent))
        self.status.show_result(text, made.path, made.path.parent)
        self.document_ready.emit(made)

    # ---- a selection of inspections ---------------------------------------------------

    def selected_ids(self) -> list[str]:
        """The inspections selected in the list, top to bottom (reads the list's pages on this
        thread: for a few rows; an export looks its rows up in the job, see ids_of_rows)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        ids = (self.model.inspection_id(row) for row in rows)
        return [i for i in ids if i]

    def on_selection_changed(self, *_args: Any) -> None:
        # hasSelection, not selectedRows: the latter lists every row of a select-all.
        self.export_action.setEnabled(self.table.selectionModel().hasSelection())

    def on_export_selected(self) -> None:
        """One PDF per selected inspection into a chosen folder, with progress and Cancel;
        more than CONFIRM_ABOVE inspections are confirmed first."""
        from PySide6.QtWidgets import QMessageBox

        spans = selected_spans(self.table.selectionModel())
        count = sum(bottom - top + 1 for top, bottom in spans)
        if not count:
            return
        # What the rows mean now: the list may be filtered or sorted again meanwhile.
        flt, sort = self.model.filter(), self.model.sort_spec()
        if count <= CONFIRM_ABOVE:
            self._export_rows(spans, count, flt, sort)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Export many reports"),
            self.tr("Export the inspection reports of %n inspections? Each is a PDF file; this "
                    "can take a long time (it can be cancelled, keeping the files written).",
                    "", count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)

        def answered(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is yes:
                self._export_rows(spans, count, flt, sort)

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()  # window-modal, never blocks the event loop

    def _export_rows(self, spans: list[tuple[int, int]], count: int, flt: Any,
                     sort: Any) -> None:
        """Ask for the folder, then export those rows in the background."""
        from PySide6.QtWidgets import QFileDialog

        from app.ui.reports.jobs import ExportResult, describe_target, export_inspection_reports

        chosen = QFileDialog.getExistingDirectory(
            self.window, self.tr("Folder for the inspection reports"), str(self.default_folder()))
        if not chosen:
            return
        folder = Path(chosen)
        self.settings.set(REPORTS_FOLDER, str(folder))
        # Our own flag rather than the task's: a cancelled export still returns what it wrote.
        stop = threading.Event()
        self._export_stop = stop

        def job(ctx: TaskContext) -> ExportResult:
            db = ctx.open_database()
            try:
                targets = []
                for inspection_id in ids_of_rows(db, flt, sort, spans, cancelled=stop.is_set):
                    if stop.is_set():
                        break
                    targets.append(describe_target(db, inspection_id))
                if stop.is_set():
                    return ExportResult((), count, cancelled=True)
                return export_inspection_reports(db, targets, folder, ctx.progress, stop.is_set)
            finally:
                db.close()

        self.status.show_working(self.tr("Exporting %n report(s)…", "", count), 0, count,
                                 cancellable=True)
        self._start(job, self.on_export_done, self.on_export_progress)

    def on_export_progress(self, done: int, total: int, site: str) -> None:
        text = self.tr("Exporting %1 of %2: %3").replace("%1", str(min(done + 1, total))).replace(
            "%2", str(total)).replace("%3", site)
        self.status.show_working(text, done, total, cancellable=True)

    def on_cancel_export(self) -> None:
        if self._export_stop is not None:
            self._export_stop.set()
            self.status.cancel_button.setEnabled(False)

    def on_export_done(self, result: ExportResult) -> None:
        self._export_stop = None
        folder = result.made[0].path.parent if result.made else None
        if result.cancelled:
            text = self.tr("Export cancelled: %1 of %2 reports written; they are complete.")
            text = text.replace("%1", str(len(result.made))).replace("%2", str(result.requested))
        else:
            text = self.tr("%n report(s) written to %1.", "", len(result.made)).replace(
                "%1", str(folder or ""))
        self.status.show_result(text, None, folder)
        self.export_finished.emit(result)

    # ---- the summary -------------------------------------------------------------------

    def on_generate_summary(self, flt: Any, include_photos: bool, file_name: str) -> None:
        """Save the summary (巡查汇总) for the summary page's filters, then open it."""
        from app.ui.reports.jobs import make_summary

        out = self.ask_save_path(self.tr("Save the summary report"), file_name)
        if out is None:
            return

        def job(ctx: TaskContext) -> DocumentMade:
            db = ctx.open_database()
            try:
                return make_summary(db, flt, include_photos, out)
            finally:
                db.close()

        self.status.show_working(self.tr("Making %1…").replace("%1", out.name))
        self._start(job, self.on_document_made)

    # ---- running and reporting -------------------------------------------------------------

    def _start(self, job: Callable[[TaskContext], Any], on_result: Callable[[Any], None],
               on_progress: Callable[[int, int, str], None] | None = None) -> None:
        from app.ui.tasks import run_task

        handle = run_task(job, db_path=self.db_path, on_result=on_result,
                          on_error=self.on_failed, on_progress=on_progress, pool=report_pool())
        self.running = [h for h in self.running if not h.finished] + [handle]

    def open_path(self, path: Path) -> bool:
        """Open a document in the system's viewer, or a folder in the file manager."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))

    def failure_text(self, exc: BaseException) -> str:
        """What went wrong, what to do, then the technical detail (which file, which error)."""
        from app.ui.reports.jobs import ExportInterrupted, failure_kind

        headlines = {
            "no_font": self.tr("No Chinese font to embed in the PDF. Install fonts-wqy-microhei "
                               "(Debian/Ubuntu) or set STREET_AUDIT_FONT to a .ttf/.ttc file."),
            "disk_full": self.tr("The disk is full: the PDF was not saved and no partial file "
                                 "was left. Free some space or choose another folder."),
            "no_permission": self.tr("No permission to write there: the PDF was not saved. "
                                     "Choose another folder."),
            "io": self.tr("The PDF could not be written; no partial file was left."),
            "notice_not_possible": self.tr("No notice can be made for this inspection."),
            "missing": self.tr("The inspection no longer exists."),
            "other": self.tr("The document could not be made."),
        }
        text = headlines.get(failure_kind(exc), headlines["other"])
        if isinstance(exc, ExportInterrupted):
            text += "\n" + self.tr("%1 of %2 reports were written before the error; they are "
                                   "complete. Not written: inspection %3.").replace(
                "%1", str(len(exc.made))).replace("%2", str(exc.requested)).replace(
                "%3", exc.inspection_id)
            exc = exc.cause
        if isinstance(exc, AppError):  # our own message: in the window's language only
            from PySide6.QtCore import QLocale

            detail = exc.text.get(QLocale().name())
        else:
            detail = str(exc).strip()
        return f"{text}\n{detail}" if detail else text

    def on_failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._export_stop = None
        text = self.failure_text(exc)
        self.status.show_failure(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Document not made"), text,
                          QMessageBox.StandardButton.Ok, self.window)
        self.error_box = box
        box.open()  # window-modal, never blocks the event loop
        self.failed.emit(text)
