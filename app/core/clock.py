"""Time in one place: stored stamps are UTC ISO 8601 text; people see Beijing time.

Every module asks this one for time: making a stamp (`utc_now`, `format_utc`), reading one
back (`parse_utc`: a stamp without an offset is UTC, because that is how we store them), and
showing one (`format_beijing`, `beijing_date`, `chinese_date`). A naive datetime is UTC here,
never the machine's local time.

China keeps UTC+8 all year (no daylight saving since 1991), so Beijing time is a fixed
offset, not a zone database entry: the result never depends on the machine's own zone
(a server in UTC, a laptop set to another zone) or on tzdata being installed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# The name is what `%Z` prints; reports and the window show times without a zone name.
BEIJING = timezone(timedelta(hours=8), "UTC+08:00")


def utc_now() -> str:
    """The current time as ISO 8601 UTC with millisecond precision and a `Z` suffix."""
    return format_utc(datetime.now(UTC))


def format_utc(moment: datetime) -> str:
    """A timezone-aware datetime as the stored text form (`2024-05-01T08:30:00.000Z`)."""
    if moment.tzinfo is None:
        raise ValueError("format_utc needs a timezone-aware datetime")
    # Not strftime("%Y"): glibc does not pad years before 1000, which is not ISO 8601.
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_stamp(stamp: str) -> datetime:
    """A stored stamp (`2024-05-01T08:30:00.000Z`, or any ISO 8601 with an offset) as aware UTC.

    A stamp without an offset is taken as UTC (that is how we store them). ValueError when
    the text is not ISO 8601.
    """
    moment = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


parse_utc = parse_stamp  # the name the store and media code use for reading a stored stamp


def parse_stamp_or_none(text: str | None) -> datetime | None:
    """A stored stamp as aware UTC; None if empty or unreadable (a document prints a blank
    rather than failing on one odd value)."""
    if not text:
        return None
    try:
        return parse_stamp(text)
    except ValueError:
        return None


def to_beijing(moment: datetime | str) -> datetime:
    """An aware datetime (or a stored stamp) as Beijing time; a naive datetime is taken as UTC."""
    if isinstance(moment, str):
        moment = parse_stamp(moment)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def format_beijing(stamp: datetime | str | None, with_seconds: bool = False) -> str:
    """Beijing time as "YYYY-MM-DD HH:MM" (":SS" added on request); "" for no stamp.

    Text that is not a stamp is returned as it is: showing what is stored beats showing nothing.
    """
    if stamp is None or stamp == "":
        return ""
    try:
        local = to_beijing(stamp)
    except ValueError:
        return str(stamp)
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def beijing_date(stamp: datetime | str) -> date:
    """The Beijing calendar date of a moment (an inspection at 01:00 Beijing is that day's)."""
    return to_beijing(stamp).date()


def beijing_day(stamp: str | None) -> date | None:
    """The Beijing date of a stored stamp; None if empty or unreadable (for documents)."""
    moment = parse_stamp_or_none(stamp)
    return moment.astimezone(BEIJING).date() if moment else None


def beijing_text(stamp: str | None) -> str:
    """A stored stamp as "YYYY-MM-DD HH:MM" Beijing time; "" if empty or unreadable: a
    document prints a blank rather than a raw value."""
    moment = parse_stamp_or_none(stamp)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if moment else ""


def beijing_today() -> date:
    """Today's date in Beijing, whatever the machine's zone."""
    return datetime.now(BEIJING).date()


def beijing_midnight(day: date) -> datetime:
    """00:00 Beijing time on `day`, as an aware datetime in UTC (the previous day 16:00 UTC)."""
    return datetime(day.year, day.month, day.day, tzinfo=BEIJING).astimezone(UTC)


def chinese_date(day: date | str) -> str:
    """2026-03-05 → "2026年3月5日", as official documents date themselves."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"
