"""Web Mercator ("slippy map") projection, and the datum the base map is drawn in.

Scene coordinates are world pixels at zoom 0: the whole world is 256 × 256, x to the east,
y to the south (the XYZ tile scheme). A tile (z, x, y) covers a square of 256 / 2**z there.
Sites are stored in WGS-84; Chinese base maps are drawn in GCJ-02, so points are shifted into
the base map's datum before they are projected (app.core.geo).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.geo import gcj02_to_wgs84, wgs84_to_gcj02

TILE_SIZE = 256
MAX_LAT = 85.0511287798066  # Web Mercator's limit: the square world
WGS84 = "wgs84"
GCJ02 = "gcj02"
DATUMS = (WGS84, GCJ02)


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle in scene coordinates (x0 ≤ x1, y0 ≤ y1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


def project(lat: float, lon: float) -> tuple[float, float]:
    """A point (degrees) to scene coordinates (Web Mercator, world pixels at zoom 0)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = (lon + 180.0) / 360.0 * TILE_SIZE
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * TILE_SIZE
    return x, y


def unproject(x: float, y: float) -> tuple[float, float]:
    """Scene coordinates back to (lat, lon) degrees."""
    lon = x / TILE_SIZE * 360.0 - 180.0
    n = math.pi - 2 * math.pi * y / TILE_SIZE
    lat = math.degrees(math.atan(math.sinh(n)))
    return lat, lon


def to_datum(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """A stored WGS-84 point in the base map's datum."""
    if datum == GCJ02:
        p = wgs84_to_gcj02(lat, lon)
        return p.lat, p.lon
    if datum != WGS84:
        raise ValueError(f"unknown datum {datum!r}")
    return lat, lon


def from_datum(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """A point read off the base map (in its datum) back to WGS-84."""
    if datum == GCJ02:
        p = gcj02_to_wgs84(lat, lon)
        return p.lat, p.lon
    return lat, lon


def project_site(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """A stored WGS-84 site to scene coordinates on a base map in `datum`."""
    return project(*to_datum(lat, lon, datum))


def tile_rect(z: int, x: int, y: int) -> Rect:
    """The scene rectangle of XYZ tile (z, x, y)."""
    size = TILE_SIZE / (1 << z)
    return Rect(x * size, y * size, (x + 1) * size, (y + 1) * size)


def tiles_covering(rect: Rect, z: int) -> Iterator[tuple[int, int]]:
    """The XYZ tiles (x, y) of zoom z that a scene rectangle touches, row by row."""
    n = 1 << z
    size = TILE_SIZE / n
    x0 = max(0, math.floor(rect.x0 / size))
    x1 = min(n - 1, math.floor(rect.x1 / size))
    y0 = max(0, math.floor(rect.y0 / size))
    y1 = min(n - 1, math.floor(rect.y1 / size))
    for ty in range(y0, y1 + 1):
        for tx in range(x0, x1 + 1):
            yield tx, ty


def zoom_of_scale(scale: float) -> float:
    """The slippy-map zoom level at which the view shows `scale` screen pixels per scene unit."""
    return math.log2(max(scale, 1e-9))


def scale_of_zoom(zoom: float) -> float:
    return float(2.0 ** zoom)
