"""PDF documents with reportlab (imported lazily). No Qt.

The public functions take the frozen values of `app.reports.model` (filled from a database by
`app.reports.gather`) and write a PDF atomically. reportlab is imported only inside them, so
importing this package stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.reports.model import InspectionReportData, NoticeData, SummaryData


@dataclass(frozen=True)
class DocumentWritten:
    """What was written: the file, its page count and size in bytes."""

    path: Path
    pages: int
    size_bytes: int


def _written(out: Path, pages: int) -> DocumentWritten:
    out = Path(out)
    return DocumentWritten(out, pages, out.stat().st_size)


def write_inspection_report(data: InspectionReportData, out: Path,
                            photo_cache: Path | None = None) -> DocumentWritten:
    """Write the inspection report (检查记录) PDF to `out`.

    `photo_cache`: a folder where print-size copies of the photos are kept between documents
    (e.g. `gather.print_cache_dir(db)`); None scales them afresh into a temporary folder.
    """
    from app.reports.inspection_pdf import render_inspection_report

    return _written(out, render_inspection_report(data, Path(out), photo_cache))


def write_notice(data: NoticeData, out: Path) -> DocumentWritten:
    """Write the one-page rectification notice (整改通知书) with its stub to `out`."""
    from app.reports.notice_pdf import render_notice

    return _written(out, render_notice(data, Path(out)))


def write_summary(data: SummaryData, out: Path, photo_cache: Path | None = None
                  ) -> DocumentWritten:
    """Write the team lead's summary (巡查汇总) PDF to `out` (photo_cache as above)."""
    from app.reports.summary_pdf import render_summary

    return _written(out, render_summary(data, Path(out), photo_cache))


__all__ = [
    "DocumentWritten",
    "write_inspection_report",
    "write_notice",
    "write_summary",
]
