"""Times as documents print them: Beijing local time (UTC+8), whatever the machine's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "CST")


def parse_utc(text: str) -> datetime | None:
    """An ISO 8601 timestamp (as stored, "…Z") as an aware datetime; None if empty or unreadable."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:  # stored times are UTC; a naive one is taken as UTC too
        value = value.replace(tzinfo=UTC)
    return value


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
