"""Time in one place: stored stamps are UTC ISO 8601 text; people see Beijing time.

China keeps UTC+8 all year (no daylight saving since 1991), so Beijing time is a fixed
offset, not a zone database entry: the result never depends on the machine's own zone
(a server in UTC, a laptop set to another zone) or on tzdata being installed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# The name is what `%Z` prints; reports and the window show times without a zone name.
BEIJING = timezone(timedelta(hours=8), "UTC+08:00")


def parse_stamp(stamp: str) -> datetime:
    """A stored stamp (`2024-05-01T08:30:00.000Z`, or any ISO 8601 with an offset) as aware UTC.

    A stamp without an offset is taken as UTC (that is how we store them). ValueError when
    the text is not ISO 8601.
    """
    moment = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


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


def beijing_today() -> date:
    """Today's date in Beijing, whatever the machine's zone."""
    return datetime.now(BEIJING).date()


def beijing_midnight(day: date) -> datetime:
    """00:00 Beijing time on `day`, as an aware datetime in UTC (the previous day 16:00 UTC)."""
    return datetime(day.year, day.month, day.day, tzinfo=BEIJING).astimezone(UTC)
