"""Times as documents print them: Beijing time (app.core.clock), whatever the machine's zone."""

from __future__ import annotations

from datetime import date, datetime

from app.core.clock import BEIJING, parse_stamp

__all__ = ["BEIJING", "chinese_date", "local_date", "local_datetime_text", "parse_utc"]


def parse_utc(text: str) -> datetime | None:
    """A stored timestamp as an aware datetime; None if empty or unreadable (a document prints
    a blank rather than failing on one odd value)."""
    if not text:
        return None
    try:
        return parse_stamp(text)
    except ValueError:
        return None


def local_datetime_text(text: str) -> str:
    """"2026-03-15T01:12:00Z" → "2026-03-15 09:12" (Beijing); "" if empty or unreadable."""
    value = parse_utc(text)
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if value else ""


def local_date(text: str) -> date | None:
    """The Beijing calendar date of a stored UTC timestamp."""
    value = parse_utc(text)
    return value.astimezone(BEIJING).date() if value else None


def chinese_date(day: date | str) -> str:
    """2026-03-05 → "2026年3月5日", as official documents date themselves."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"
