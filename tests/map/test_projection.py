"""Web Mercator and the base map's datum."""

from __future__ import annotations

import math

import pytest

from app.core.geo import wgs84_to_gcj02
from app.map.projection import (
    GCJ02,
    WGS84,
    Rect,
    from_datum,
    project,
    project_site,
    tile_rect,
    tiles_covering,
    unproject,
)

TIANANMEN = (39.9087, 116.3975)


def test_known_points() -> None:
    assert project(0, 0) == pytest.approx((128, 128))
    assert project(0, -180) == pytest.approx((0, 128))
    x, y = project(85.0511287798066, 180)
    assert (x, y) == pytest.approx((256, 0), abs=1e-9)


def osm_tile(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The OpenStreetMap wiki's formula (Slippy map tilenames), written independently."""
    n = 2 ** z
    rad = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n)


def test_tile_of_tiananmen() -> None:
    x, y = project(*TIANANMEN)
    assert osm_tile(*TIANANMEN, 10) == (843, 388)
    for z in (3, 10, 15, 18):
        n = 1 << z
        assert (math.floor(x / 256 * n), math.floor(y / 256 * n)) == osm_tile(*TIANANMEN, z)


@pytest.mark.parametrize("lat,lon", [TIANANMEN, (-33.86, 151.21), (60.0, -150.0)])
def test_round_trip(lat: float, lon: float) -> None:
    assert unproject(*project(lat, lon)) == pytest.approx((lat, lon), abs=1e-9)


def test_sites_drawn_in_the_base_maps_datum() -> None:
    wgs = project_site(*TIANANMEN, WGS84)
    gcj = project_site(*TIANANMEN, GCJ02)
    shifted = wgs84_to_gcj02(*TIANANMEN)
    assert gcj == pytest.approx(project(shifted.lat, shifted.lon))
    # GCJ-02 moves Beijing a few hundred metres: at zoom 17 that is many pixels.
    assert abs(gcj[0] - wgs[0]) * (1 << 17) > 100
    back = from_datum(shifted.lat, shifted.lon, GCJ02)
    assert back == pytest.approx(TIANANMEN, abs=1e-7)
    with pytest.raises(ValueError):
        project_site(*TIANANMEN, "bd09")


def test_tiles_covering_a_rect() -> None:
    r = tile_rect(2, 1, 3)
    assert (r.x0, r.y0, r.x1, r.y1) == (64, 192, 128, 256)
    inner = Rect(r.x0 + 1, r.y0 + 1, r.x1 - 1, r.y1 - 1)
    assert list(tiles_covering(inner, 2)) == [(1, 3)]
    assert list(tiles_covering(Rect(-10, -10, 300, 300), 1)) == [(0, 0), (1, 0), (0, 1), (1, 1)]
