"""Beijing time everywhere: stored UTC stamps shown as Beijing time whatever the machine's zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.clock import (
    BEIJING,
    beijing_date,
    beijing_midnight,
    beijing_today,
    format_beijing,
    format_utc,
    parse_stamp,
    to_beijing,
)


@pytest.fixture(params=["America/New_York", "UTC", "Asia/Kolkata", "Pacific/Kiritimati"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with the process's local zone set to another zone than Beijing."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_beijing_is_utc_plus_8_without_dst() -> None:
    for month in range(1, 13):
        moment = datetime(2026, month, 15, 12, tzinfo=UTC)
        assert moment.astimezone(BEIJING).utcoffset() == timedelta(hours=8)


def test_format_beijing_ignores_the_machine_zone(machine_zone: str) -> None:
    # The failure the issue names: an 11:48 Beijing inspection shown as 03:48 on a UTC server.
    assert format_beijing("2026-03-10T03:48:12.345Z") == "2026-03-10 11:48"
    assert format_beijing("2026-03-10T03:48:12.345Z", with_seconds=True) == "2026-03-10 11:48:12"
    # Past 16:00 UTC it is already the next day in Beijing.
    assert format_beijing("2025-12-31T16:30:00.000Z") == "2026-01-01 00:30"
    assert beijing_date("2025-12-31T16:30:00.000Z") == date(2026, 1, 1)
    assert beijing_date("2025-12-31T15:59:59.999Z") == date(2025, 12, 31)
    assert time.timezone != -8 * 3600  # the machine really is in another zone


def test_list_model_shows_beijing_time(machine_zone: str) -> None:
    from app.ui.inspection_list_model import _local_time

    assert _local_time("2026-03-10T03:48:00.000Z") == "2026-03-10 11:48"
    assert _local_time(None) == "" and _local_time("") == ""
    assert _local_time("not a time") == "not a time"


def test_parse_and_convert() -> None:
    assert parse_stamp("2024-05-01T08:30:00.000Z") == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    # Other offsets and offset-less stamps (taken as UTC) are accepted.
    assert parse_stamp("2024-05-01T16:30:00+08:00") == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    assert parse_stamp("2024-05-01T08:30:00") == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_stamp("yesterday")
    assert to_beijing(datetime(2024, 5, 1, 8, 30)).hour == 16  # naive = UTC
    assert to_beijing("2024-05-01T08:30:00.000Z").tzinfo is BEIJING
    other = timezone(timedelta(hours=-5))
    assert to_beijing(datetime(2024, 5, 1, 3, 30, tzinfo=other)).hour == 16
    assert format_beijing(None) == ""
    assert format_beijing(datetime(2024, 5, 1, 8, 30, tzinfo=UTC)) == "2024-05-01 16:30"


def test_midnight_and_today(machine_zone: str) -> None:
    assert format_utc(beijing_midnight(date(2026, 1, 1))) == "2025-12-31T16:00:00.000Z"
    today = beijing_today()
    assert today == datetime.now(UTC).astimezone(BEIJING).date()


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_round_trip_through_stored_text(naive: datetime) -> None:
    moment = naive.replace(tzinfo=UTC, microsecond=naive.microsecond // 1000 * 1000)
    stamp = format_utc(moment)
    assert parse_stamp(stamp) == moment
    local = to_beijing(stamp)
    assert local.replace(tzinfo=None) == naive.replace(microsecond=moment.microsecond) + timedelta(
        hours=8
    )
    assert beijing_date(stamp) == local.date()
    assert (
        beijing_midnight(beijing_date(stamp))
        <= moment
        < beijing_midnight(beijing_date(stamp) + timedelta(days=1))
    )


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo", "UTC"])
def test_a_naive_stored_time_is_utc_whatever_the_machine_zone(
        zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 8.5: ids.parse_utc once read a naive stamp as machine-local time."""
    import time as _time

    from app.core import clock

    monkeypatch.setenv("TZ", zone)
    _time.tzset()
    try:
        moment = clock.parse_utc("2026-11-24T08:45:00")
        assert moment == datetime(2026, 11, 24, 8, 45, tzinfo=UTC)
        assert clock.format_beijing("2026-11-24T08:45:00") == "2026-11-24 16:45"
        assert clock.format_utc(moment) == "2026-11-24T08:45:00.000Z"
    finally:
        monkeypatch.undo()
        _time.tzset()


def test_photo_evidence_messages_print_beijing_time() -> None:
    """Issue 8.5: "拍摄时间 2026-11-24 16:45" once stood beside "08:45 UTC 早于本次检查时段"."""
    from datetime import timedelta

    from app.media.checks import OUTSIDE_WINDOW, InspectionFacts, PhotoFacts, check_photo

    start = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    photo = PhotoFacts(sha256="a" * 64, lat=None, lon=None,
                       taken_utc=datetime(2026, 11, 24, 8, 45, tzinfo=UTC), gps_time=None,
                       offset_assumed=False, problems=())
    insp = InspectionFacts(inspection_id="i", started_at=start, completed_at=start
                           + timedelta(hours=1), site_lat=None, site_lon=None)
    [result] = [c for c in check_photo(photo, insp, now=start) if c.code == OUTSIDE_WINDOW]
    assert "2026-11-24 16:45（北京时间）" in result.text.zh and "UTC" not in result.text.zh
    assert "2026-11-24 16:45 Beijing time" in result.text.en
