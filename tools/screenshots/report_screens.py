"""Screenshots of the document screens for docs/screenshots/ (called by app/ui/screenshots.py)."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

# The demo data covers the year before today (Beijing): show its last quarter.
SUMMARY_DAYS = 90


def _save(widget: QWidget, path: Path) -> Path:
    for _ in range(3):
        QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"截图保存失败 (could not write the screenshot): {path}")
    return path


def _wait_for(signal: Any, start: Any, timeout_ms: int = 60_000) -> None:
    """Run `start()` and wait (events flowing) until `signal` fires or the time is up."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    start()
    loop.exec()
    signal.disconnect(loop.quit)


def _completed_with_findings(db: Any) -> str | None:
    row = db.execute("SELECT id FROM inspections WHERE status = 'completed' AND finding_count > 1 "
                     "AND superseded_by IS NULL ORDER BY started_at DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None


def render_report_screens(window: Any, db: Any, out_dir: Path) -> list[Path]:
    """The summary tab with its counts, and an editor's document buttons after a print."""
    from app.ui.reports.jobs import make_document

    saved: list[Path] = []
    reports = window.reports
    reports.open_documents = False
    page = reports.summary_page
    from app.core.clock import beijing_today

    last = beijing_today()
    first = last - timedelta(days=SUMMARY_DAYS)
    page.date_from.setDate(QDate(first.year, first.month, first.day))
    page.date_to.setDate(QDate(last.year, last.month, last.day))
    _wait_for(page.preview_ready, lambda: window.tabs.setCurrentWidget(page))
    saved.append(_save(window, out_dir / "report-summary-page.png"))

    inspection_id = _completed_with_findings(db)
    if inspection_id is not None:
        editor = window.open_inspection(inspection_id)
        editor.sections.setCurrentRow(0)
        with tempfile.TemporaryDirectory() as tmp:
            target = reports_target(db, inspection_id, Path(tmp))
            reports.on_document_made(make_document(db, "inspection", inspection_id, target))
            saved.append(_save(window, out_dir / "report-editor-actions.png"))
        reports.status.hide()
    reports.open_documents = True
    return saved


def reports_target(db: Any, inspection_id: str, folder: Path) -> Path:
    """Where the screenshot's document goes: the name the save dialog would propose."""
    from app.ui.reports.jobs import describe_target

    return folder / describe_target(db, inspection_id).file_name("inspection")
