"""Record ids and timestamps: UUIDv7 text ids (time-ordered) and ISO 8601 UTC times."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A new UUIDv7 as text: unique across devices without coordination, sorts by creation."""
    # Imported here, not at the top: uuid6 loads importlib.metadata, email and socket (~20 ms),
    # and the window's start reaches this module (through the store) without making an id.
    import uuid6

    return str(uuid6.uuid7())


def utc_now() -> str:
    """The current time as ISO 8601 UTC with millisecond precision and a `Z` suffix."""
    return format_utc(datetime.now(UTC))


def format_utc(moment: datetime) -> str:
    """A timezone-aware datetime as the stored text form (`2024-05-01T08:30:00.000Z`)."""
    if moment.tzinfo is None:
        raise ValueError("format_utc needs a timezone-aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_utc(text: str) -> datetime:
    """The stored text form back to an aware datetime in UTC."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def uuid7_at(unix_ms: int, random_bits: int) -> str:
    """A UUIDv7 for a given time and 74 random bits (deterministic demo data, imports)."""
    rand_a = (random_bits >> 62) & 0xFFF
    rand_b = random_bits & ((1 << 62) - 1)
    value = (unix_ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))
