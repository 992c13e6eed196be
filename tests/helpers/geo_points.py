"""Points at a chosen distance from another, for distance rules pinned at their boundaries."""

from __future__ import annotations

import math

from app.core.geo import EARTH_RADIUS_M, haversine_m


def north_of(lat: float, lon: float, metres: float) -> tuple[float, float]:
    """The point `metres` due north (along the meridian the haversine distance is R·Δφ)."""
    point = (lat + math.degrees(metres / EARTH_RADIUS_M), lon)
    # Guard the helper itself: a wrong point would make a boundary test meaningless.
    assert abs(haversine_m(lat, lon, *point) - metres) < 1e-6
    return point
