"""PDF documents with reportlab (imported lazily). No Qt.

The public functions take the frozen values of `app.reports.model` (filled from a database by
`app.reports.gather`) and write a PDF atomically. reportlab is imported only inside them, so
importing this package stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from app.core.errors import AppError
from app.core.text import Text
from app.reports.model import InspectionReportData, NoticeData, SummaryData
from app.reports.safe_text import printable

D = TypeVar("D")
# Every text prints whole up to the first limit (far above any real name or answer; beyond it
# layout time grows into minutes). Only when one is still too long for a page (reportlab's
# LayoutError: a table row taller than the page) is the document made again with every text
# shortened to the next limit. Each cut is marked with what was left out.
_LIMITS = (10_000, 2000, 300)


class DocumentTooLong(AppError):
    """A text cannot be fitted on a page even shortened; nothing was written."""


@dataclass(frozen=True)
class DocumentWritten:
    """What was written: the file, its page count and size in bytes."""

    path: Path
    pages: int
    size_bytes: int


def _written(out: Path, pages: int) -> DocumentWritten:
    out = Path(out)
    return DocumentWritten(out, pages, out.stat().st_size)


def _render(render: Callable[[D], int], data: D, what: Text) -> int:
    """Render with clean texts, shortening them only if the layout cannot place one."""
    from reportlab.platypus.doctemplate import LayoutError

    for limit in _LIMITS:
        try:
            return render(printable(data, limit))
        except LayoutError:
            continue
    raise DocumentTooLong(Text(f"{what.zh}中有内容过长，无法排入页面，未生成文件",
                               f"the {what.en} holds a text too long to fit on a page; "
                               "nothing was written"))


def write_inspection_report(data: InspectionReportData, out: Path,
                            photo_cache: Path | None = None) -> DocumentWritten:
    """Write the inspection report (检查记录) PDF to `out`.

    `photo_cache`: a folder where print-size copies of the photos are kept between documents
    (e.g. `gather.print_cache_dir(db)`); None scales them afresh into a temporary folder.
    """
    from app.reports.inspection_pdf import render_inspection_report

    return _written(out, _render(lambda d: render_inspection_report(d, Path(out), photo_cache),
                                 data, Text("检查记录", "inspection report")))


def write_notice(data: NoticeData, out: Path) -> DocumentWritten:
    """Write the one-page rectification notice (整改通知书) with its stub to `out`."""
    from app.reports.notice_pdf import render_notice

    return _written(out, _render(lambda d: render_notice(d, Path(out)), data,
                                 Text("整改通知书", "notice")))


def write_summary(data: SummaryData, out: Path, photo_cache: Path | None = None
                  ) -> DocumentWritten:
    """Write the team lead's summary (巡查汇总) PDF to `out` (photo_cache as above)."""
    from app.reports.summary_pdf import render_summary

    return _written(out, _render(
        lambda d: render_summary(d, Path(out), photo_cache), data, Text("巡查汇总", "summary")))


__all__ = [
    "DocumentTooLong",
    "DocumentWritten",
    "write_inspection_report",
    "write_notice",
    "write_summary",
]
