"""Stored formats that databases, bundles and old exports keep: UUIDv7 ids, the UTC stamp text,
and the Beijing day boundaries every date filter and report relies on. Pinned with fixed values.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.core.clock import (
    BEIJING,
    beijing_date,
    beijing_day,
    beijing_midnight,
    beijing_text,
    chinese_date,
    format_beijing,
    format_utc,
    parse_stamp,
    parse_stamp_or_none,
    parse_utc,
    to_beijing,
    utc_now,
)
from app.core.ids import new_id, uuid7_at

MAY_1_MS = 1714550400000  # 2024-05-01T08:00:00Z


# ---- UUIDv7 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unix_ms", "bits", "text"),
    [
        (MAY_1_MS, 0, "018f332a-e400-7000-8000-000000000000"),
        (MAY_1_MS, (1 << 74) - 1, "018f332a-e400-7fff-bfff-ffffffffffff"),
        (0x0190F3A27B1C, 0x123456789ABCDEF0123, "0190f3a2-7b1c-748d-8567-89abcdef0123"),
        # Bits above the 48-bit time and the 74 random bits are dropped, never spill over.
        ((1 << 48) + MAY_1_MS, (1 << 80) | 1, "018f332a-e400-7000-8000-000000000001"),
    ],
)
def test_uuid7_at_layout(unix_ms: int, bits: int, text: str) -> None:
    assert uuid7_at(unix_ms, bits) == text
    u = uuid.UUID(text)
    assert u.version == 7 and u.variant == uuid.RFC_4122


def test_uuid7_at_puts_the_time_first() -> None:
    assert int(uuid7_at(MAY_1_MS, 5).replace("-", "")[:12], 16) == MAY_1_MS
    assert uuid7_at(MAY_1_MS, (1 << 74) - 1) < uuid7_at(MAY_1_MS + 1, 0)


def test_new_id_carries_the_current_millisecond() -> None:
    before = int(datetime.now(UTC).timestamp() * 1000)
    made = new_id()
    after = int(datetime.now(UTC).timestamp() * 1000)
    # uuid6 keeps ids monotonic by moving the time on by 1 ms when ids are made faster than one
    # per millisecond, so after thousands of ids in one process it may run a little ahead.
    assert before - 1 <= int(made.replace("-", "")[:12], 16) <= after + 60_000
    assert len(made) == 36 and made == made.lower()


# ---- the stored UTC stamp -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2024, 5, 1, 8, 30, 0, 999_999, tzinfo=UTC), "2024-05-01T08:30:00.999Z"),
        (datetime(2024, 5, 1, 8, 30, 0, 1_000, tzinfo=UTC), "2024-05-01T08:30:00.001Z"),
        (datetime(2024, 5, 1, 8, 30, 0, 999, tzinfo=UTC), "2024-05-01T08:30:00.000Z"),
        (datetime(2024, 5, 1, 0, 0, tzinfo=BEIJING), "2024-04-30T16:00:00.000Z"),
    ],
)
def test_format_utc_truncates_to_milliseconds(moment: datetime, text: str) -> None:
    assert format_utc(moment) == text
    assert parse_utc(text) == moment.astimezone(UTC).replace(
        microsecond=moment.microsecond // 1000 * 1000)


def test_utc_now_is_now() -> None:
    assert abs(parse_utc(utc_now()) - datetime.now(UTC)) < timedelta(seconds=2)


def test_parse_utc_keeps_other_offsets() -> None:
    assert parse_utc("2024-05-01T16:30:00.000+08:00") == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    assert parse_utc("2024-05-01T08:30:00.000Z").tzinfo == UTC


# ---- Beijing days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("2024-05-01T15:59:59.999Z", date(2024, 5, 1)),  # 23:59:59.999 Beijing
        ("2024-05-01T16:00:00.000Z", date(2024, 5, 2)),  # 00:00 Beijing: the next day
        ("2024-02-28T16:00:00.000Z", date(2024, 2, 29)),
        ("2024-12-31T16:00:00.000Z", date(2025, 1, 1)),
        ("2024-12-31T15:59:59.999Z", date(2024, 12, 31)),
    ],
)
def test_beijing_day_boundaries(stamp: str, day: date) -> None:
    assert beijing_date(stamp) == day
    assert beijing_date(parse_stamp(stamp)) == day


@pytest.mark.parametrize("day", [date(2024, 1, 1), date(2024, 2, 29), date(2024, 7, 15)])
def test_beijing_midnight_is_the_first_instant_of_the_day(day: date) -> None:
    midnight = beijing_midnight(day)
    assert midnight.tzinfo == UTC
    assert midnight == datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=8)
    assert beijing_date(midnight) == day
    assert beijing_date(midnight - timedelta(milliseconds=1)) == day - timedelta(days=1)


def test_beijing_offset_and_name() -> None:
    assert BEIJING.utcoffset(None) == timedelta(hours=8)
    assert datetime(2024, 7, 1, tzinfo=BEIJING).strftime("%Z") == "UTC+08:00"


@pytest.mark.parametrize(
    ("stamp", "shown", "with_seconds"),
    [
        ("2024-05-01T15:59:59.999Z", "2024-05-01 23:59", False),
        ("2024-05-01T15:59:59.999Z", "2024-05-01 23:59:59", True),
        ("2024-05-01T16:00:00.000Z", "2024-05-02 00:00", False),
        (" 2024-05-01T16:00:00Z ", "2024-05-02 00:00", False),  # stray spaces in old data
        ("2024-05-02T00:00:00+08:00", "2024-05-02 00:00", False),
        ("不是时间", "不是时间", False),  # shown as stored rather than hidden
        ("", "", False),
        (None, "", True),
    ],
)
def test_format_beijing(stamp: str | None, shown: str, with_seconds: bool) -> None:
    assert format_beijing(stamp, with_seconds=with_seconds) == shown


def test_to_beijing_takes_naive_as_utc_and_keeps_the_instant() -> None:
    naive = datetime(2024, 5, 1, 16, 0)
    assert to_beijing(naive) == datetime(2024, 5, 2, 0, 0, tzinfo=BEIJING)
    west = timezone(timedelta(hours=-5))
    assert to_beijing(datetime(2024, 5, 1, 11, 0, tzinfo=west)).isoformat() == (
        "2024-05-02T00:00:00+08:00")


def test_format_utc_pads_the_year_to_four_digits() -> None:
    assert format_utc(datetime(999, 1, 1, 12, tzinfo=UTC)) == "0999-01-01T12:00:00.000Z"


# ---- on a machine in another zone (a laptop set to New York, a server in UTC) ---------------


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_stamps_are_read_as_utc_whatever_the_machine_zone(new_york: None) -> None:
    for parsed in (parse_stamp("2024-05-01T08:30:00"), parse_stamp("2024-05-01T08:30:00Z"),
                   parse_utc("2024-05-01T16:30:00.000+08:00"), parse_utc("2024-05-01T08:30:00Z")):
        assert parsed.utcoffset() == timedelta(0)
        assert parsed.replace(tzinfo=None) == datetime(2024, 5, 1, 8, 30)
    assert to_beijing(datetime(2024, 5, 1, 16, 0)).isoformat() == "2024-05-02T00:00:00+08:00"
    midnight = beijing_midnight(date(2024, 5, 2))
    assert midnight.utcoffset() == timedelta(0)
    assert midnight.replace(tzinfo=None) == datetime(2024, 5, 1, 16, 0)


def test_format_utc_refuses_a_naive_time_with_a_clear_message() -> None:
    with pytest.raises(ValueError) as refused:
        format_utc(datetime(2024, 5, 1, 8, 30))
    assert str(refused.value) == "format_utc needs a timezone-aware datetime"


# ---- documents: a blank, never a crash, for an odd stored value ------------------------------


@pytest.mark.parametrize(
    ("stamp", "day", "text"),
    [
        ("2024-05-01T15:59:59.999Z", date(2024, 5, 1), "2024-05-01 23:59"),
        ("2024-05-01T16:00:00.000Z", date(2024, 5, 2), "2024-05-02 00:00"),
        ("2024-05-02T00:00:00+08:00", date(2024, 5, 2), "2024-05-02 00:00"),
        ("", None, ""),
        (None, None, ""),
        ("昨天", None, ""),
    ],
)
def test_document_dates_and_times(new_york: None, stamp: str | None, day: date | None,
                                  text: str) -> None:
    assert beijing_day(stamp) == day
    assert beijing_text(stamp) == text
    parsed = parse_stamp_or_none(stamp)
    assert (parsed is None) == (day is None)
    if parsed is not None:
        assert parsed == parse_stamp(stamp or "")


@pytest.mark.parametrize("day", [date(2026, 3, 5), "2026-03-05"])
def test_chinese_date(day: date | str) -> None:
    assert chinese_date(day) == "2026年3月5日"
    assert chinese_date(date(2026, 12, 31)) == "2026年12月31日"
