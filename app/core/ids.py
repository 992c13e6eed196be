"""Record ids: UUIDv7 text ids, time-ordered and unique across devices (times: app.core.clock)."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A new UUIDv7 as text: unique across devices without coordination, sorts by creation."""
    # Imported here, not at the top: uuid6 loads importlib.metadata, email and socket (~20 ms),
    # and the window's start reaches this module (through the store) without making an id.
    import uuid6

    return str(uuid6.uuid7())


def uuid7_at(unix_ms: int, random_bits: int) -> str:
    """A UUIDv7 for a given time and 74 random bits (deterministic demo data, imports)."""
    rand_a = (random_bits >> 62) & 0xFFF
    rand_b = random_bits & ((1 << 62) - 1)
    value = (unix_ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))
