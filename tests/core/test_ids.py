"""UUIDv7 ids sort by creation time; timestamps are ISO 8601 UTC with Z."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.core.clock import format_utc, parse_utc, utc_now
from app.core.ids import new_id


def test_new_id_is_uuid7_and_unique() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 7 for i in ids)


def test_new_ids_are_time_ordered() -> None:
    ids = [new_id() for _ in range(500)]
    assert ids == sorted(ids)


def test_utc_now_round_trips() -> None:
    text = utc_now()
    assert text.endswith("Z") and len(text) == len("2024-01-01T00:00:00.000Z")
    assert abs(parse_utc(text) - datetime.now(UTC)) < timedelta(seconds=5)


def test_format_utc_converts_offsets_and_refuses_naive() -> None:
    beijing = timezone(timedelta(hours=8))
    assert format_utc(datetime(2024, 5, 1, 8, 30, tzinfo=beijing)) == "2024-05-01T00:30:00.000Z"
    with pytest.raises(ValueError):
        format_utc(datetime(2024, 5, 1, 8, 30))
