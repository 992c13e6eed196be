"""The work behind the report actions, without Qt: runs in a worker thread on its own connection.

Every document goes through `app.reports.write_*`, which writes a temporary file beside the
target and renames it at the end: a failed job leaves no half PDF and an older file untouched.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.clock import beijing_day
from app.fonts import FontNotFound
from app.output_guard import check_output, database_file
from app.store.inspection_records import get_inspection
from app.store.sites import get_site
from app.ui.reports.naming import document_file_name

if TYPE_CHECKING:
    import sqlite_utils

    from app.reports.model import NoticeData, SummaryData
    from app.reports.summary_gather import SummaryFilter

DOCUMENT_KINDS = ("inspection", "notice")


@dataclass(frozen=True)
class DocumentTarget:
    """What the save dialog needs to propose a file name for one inspection's document."""

    inspection_id: str
    site_name: str
    day: date | None  # the Beijing date the inspection started
    status: str
    finding_count: int

    def file_name(self, kind: str, with_id: bool = False) -> str:
        return document_file_name(kind, self.site_name, self.day,
                                  self.inspection_id if with_id else None)


@dataclass(frozen=True)
class DocumentMade:
    """A written document, and the photo originals found missing or damaged while making it."""

    path: Path
    pages: int
    size_bytes: int
    damaged_photos: tuple[Path, ...] = ()


@dataclass(frozen=True)
class ExportResult:
    """The documents an export wrote; `cancelled` if the user stopped it part way."""

    made: tuple[DocumentMade, ...]
    requested: int
    cancelled: bool = False


class ExportInterrupted(Exception):
    """An export stopped by an error; the documents made before it are complete and kept."""

    def __init__(self, made: tuple[DocumentMade, ...], requested: int, inspection_id: str,
                 cause: BaseException) -> None:
        super().__init__(str(cause))
        self.made = made
        self.requested = requested
        self.inspection_id = inspection_id
        self.cause = cause


def describe_target(db: sqlite_utils.Database, inspection_id: str) -> DocumentTarget:
    """The site name, date and state of an inspection (a few rows; fine on the GUI thread)."""

    inspection = get_inspection(db, inspection_id)
    site = get_site(db, inspection.site_id)
    return DocumentTarget(
        inspection_id=str(inspection.id),
        site_name=site.name or site.address,
        day=beijing_day(inspection.started_at),
        status=str(inspection.status),
        finding_count=int(inspection.finding_count),
    )


def damaged_photos(paths: Sequence[Path]) -> tuple[Path, ...]:
    """Photo originals that are missing or not images (their header is read, not the pixels).

    The document prints them from a cached print copy where one exists, else as a placeholder;
    either way the evidence file itself needs looking after, so the window says so."""
    from PIL import Image, UnidentifiedImageError

    bad = []
    for path in paths:
        try:
            with Image.open(path):
                pass
        except (OSError, UnidentifiedImageError, ValueError):
            bad.append(path)
    return tuple(bad)


def make_document(db: sqlite_utils.Database, kind: str, inspection_id: str, out: Path,
                  *, replace: bool = True) -> DocumentMade:
    """Write the inspection report or the notice of one inspection to `out`.

    `replace`: the person already agreed to replace an existing file (the save dialog asks);
    the database, its photo store and Street Audit databases are refused all the same.
    """
    from app.reports import write_inspection_report
    from app.reports.gather import inspection_report_data, print_cache_dir

    check_output(out, database_file(db), force=replace)
    if kind == "notice":  # the window issues on its writer first (issue_notice_job)
        return write_notice_document(issue_notice_job(db, inspection_id), out,
                                     database_file(db), replace=replace)
    if kind != "inspection":
        raise ValueError(f"unknown document kind {kind!r}")
    data = inspection_report_data(db, inspection_id)
    bad = damaged_photos([p.path for p in data.photos])
    written = write_inspection_report(data, out, print_cache_dir(db))
    return DocumentMade(written.path, written.pages, written.size_bytes, bad)


def issue_notice_job(db: sqlite_utils.Database, inspection_id: str,
                     actor: str | None = None) -> NoticeData:
    """Issue the inspection's notice (or find the one issued): a write, so the window runs it as
    an Operation on its DataHub writer. Its 文号 is taken from the office's sequence with an audit
    entry in one transaction; a reprint gives the same number and writes nothing."""
    from app.reports.notice_gather import issue_notice_data

    return issue_notice_data(db, inspection_id, actor=actor)


def write_notice_document(data: NoticeData, out: Path, db_file: Path | None, *,
                          replace: bool = True) -> DocumentMade:
    """Write an issued notice's PDF (no database: the report pool runs it after the issue)."""
    from app.reports import write_notice

    check_output(out, db_file, force=replace)
    written = write_notice(data, out)
    return DocumentMade(written.path, written.pages, written.size_bytes)


def export_inspection_reports(
    db: sqlite_utils.Database,
    targets: Sequence[DocumentTarget],
    folder: Path,
    progress: Callable[[int, int, str], None],
    cancelled: Callable[[], bool],
) -> ExportResult:
    """One inspection report per inspection into `folder`, named by site, date and record.

    Stops between documents when `cancelled()`; an error stops the export with
    ExportInterrupted, keeping the complete documents already written.
    """
    made: list[DocumentMade] = []
    total = len(targets)
    for done, target in enumerate(targets):
        if cancelled():
            return ExportResult(tuple(made), total, cancelled=True)
        progress(done, total, target.site_name)
        try:
            # Nobody was asked about the files in the folder: only our own earlier copies
            # of these documents are replaced.
            made.append(make_document(db, "inspection", target.inspection_id,
                                      folder / target.file_name("inspection", with_id=True),
                                      replace=False))
        except Exception as exc:
            raise ExportInterrupted(tuple(made), total, target.inspection_id, exc) from exc
    progress(total, total, "")
    return ExportResult(tuple(made), total)


def make_summary(db: sqlite_utils.Database, flt: SummaryFilter, include_photos: bool,
                 out: Path) -> DocumentMade:
    """Gather and write the summary for the filter (an app.reports.gather.SummaryFilter)."""
    from app.reports import write_summary
    from app.reports.gather import print_cache_dir
    from app.reports.summary_gather import summary_data

    check_output(out, database_file(db), force=True)  # the save dialog asked about replacing
    data = summary_data(db, flt, include_photos=include_photos)
    written = write_summary(data, out, print_cache_dir(db))
    return DocumentMade(written.path, written.pages, written.size_bytes)


FailureKind = str  # one of the keys of window_reports' headlines


def failure_kind(exc: BaseException) -> FailureKind:
    """Which kind of trouble an exception is, so the window can say what to do about it."""
    from app.reports.gather import InspectionMissing, NoticeNotPossible

    if isinstance(exc, ExportInterrupted):
        return failure_kind(exc.cause)
    if isinstance(exc, FontNotFound):
        return "no_font"
    if isinstance(exc, NoticeNotPossible):
        return "notice_not_possible"
    if isinstance(exc, InspectionMissing):
        return "missing"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "disk_full"
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM,
                                                             errno.EROFS):
            return "no_permission"
        return "io"
    return "other"


@dataclass(frozen=True)
class KeyFigures:
    """The four numbers at the top of the summary, counted as the PDF counts them."""

    inspections: int
    findings: int
    open_items: int
    overdue: int


def key_figures(data: SummaryData) -> KeyFigures:
    """From a SummaryData: inspections, findings (all listed), open items and overdue ones."""
    return KeyFigures(
        inspections=data.total_inspections,
        findings=sum(row.findings for row in data.inspections),
        open_items=len(data.open_items),
        overdue=data.overdue_count,
    )
