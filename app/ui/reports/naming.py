"""Default file names of the documents (what a clerk would type, safe on every file system)
and the default summary period."""

from __future__ import annotations

import re
from datetime import date

# Characters Windows refuses in file names, plus control characters; spaces are kept.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_PART = 40  # characters of a site name kept: long names make unwieldy files

DOCUMENT_PREFIX = {"inspection": "检查记录", "notice": "整改通知书", "summary": "巡查汇总"}


def safe_file_part(text: str) -> str:
    """`text` without characters a file name cannot hold, trimmed; "未命名" if nothing is left."""
    cleaned = _UNSAFE.sub("_", text or "").strip(" ._")
    return cleaned[:MAX_PART].rstrip(" ._") or "未命名"


def document_file_name(kind: str, site_name: str, day: date | None,
                       record_id: str | None = None) -> str:
    """检查记录-<site>-<date>.pdf; with `record_id` its last 6 characters are added, so two
    inspections of one site on one day get different files in an export."""
    parts = [DOCUMENT_PREFIX[kind], safe_file_part(site_name)]
    if day is not None:
        parts.append(day.isoformat())
    if record_id:
        parts.append(record_id[-6:].upper())
    return "-".join(parts) + ".pdf"


def summary_file_name(date_from: date | None, date_to: date | None) -> str:
    """巡查汇总-2026-03-01至2026-03-31.pdf (open ends are left out)."""
    span = "至".join(d.isoformat() for d in (date_from, date_to) if d is not None)
    return f"{DOCUMENT_PREFIX['summary']}-{span}.pdf" if span else (
        f"{DOCUMENT_PREFIX['summary']}.pdf")


def month_span(today: date) -> tuple[date, date]:
    """The first and last day of the month `today` is in (the summary's default period)."""
    first = today.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)
