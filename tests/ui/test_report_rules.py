"""The window's document rules without a window: file names, month spans, failure kinds."""

from __future__ import annotations

import errno
from datetime import date

from app.ui.reports.jobs import ExportInterrupted, failure_kind
from app.ui.reports.naming import (
    document_file_name,
    month_span,
    safe_file_part,
    summary_file_name,
)


def test_file_names_are_safe_and_say_what_they_hold() -> None:
    assert document_file_name("inspection", "好邻居便利店", date(2026, 3, 15)) == (
        "检查记录-好邻居便利店-2026-03-15.pdf")
    assert document_file_name("notice", "A/B:C*店?", date(2026, 3, 15),
                              "01a2212c-0cf9-75b8-8334-3612f3b1398b") == (
        "整改通知书-A_B_C_店-2026-03-15-B1398B.pdf")
    assert safe_file_part("  ..  ") == "未命名"
    assert safe_file_part("\n") == "未命名"
    assert len(safe_file_part("长" * 200)) == 40
    assert summary_file_name(date(2026, 3, 1), date(2026, 3, 31)) == (
        "巡查汇总-2026-03-01至2026-03-31.pdf")
    assert summary_file_name(None, None) == "巡查汇总.pdf"


def test_month_span_includes_december_and_leap_february() -> None:
    assert month_span(date(2025, 12, 31)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert month_span(date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_span(date(2026, 1, 1)) == (date(2026, 1, 1), date(2026, 1, 31))


def test_failure_kinds() -> None:
    from app.fonts import FontNotFound
    from app.reports.gather import InspectionMissing, NoticeNotPossible

    assert failure_kind(OSError(errno.ENOSPC, "No space left on device")) == "disk_full"
    assert failure_kind(PermissionError(errno.EACCES, "Permission denied")) == "no_permission"
    assert failure_kind(OSError(errno.EROFS, "Read-only file system")) == "no_permission"
    assert failure_kind(OSError(errno.EIO, "I/O error")) == "io"
    assert failure_kind(FontNotFound("x")) == "no_font"
    assert failure_kind(NoticeNotPossible("x")) == "notice_not_possible"
    assert failure_kind(InspectionMissing("x")) == "missing"
    assert failure_kind(ValueError("x")) == "other"
    wrapped = ExportInterrupted((), 3, "id", OSError(errno.ENOSPC, "full"))
    assert failure_kind(wrapped) == "disk_full"
