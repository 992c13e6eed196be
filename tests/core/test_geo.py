"""Coordinates: the DOMAIN.md vector, round trips within 0.5 m, no shift outside China."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import geo

# Mainland China, well inside the box (the box edges cross the sea and other countries).
china_lat = st.floats(min_value=18.0, max_value=53.0)
china_lon = st.floats(min_value=74.0, max_value=134.0)


def test_domain_vector_beijing() -> None:
    g = geo.wgs84_to_gcj02(39.911954, 116.377817)
    assert g.lat == pytest.approx(39.91334545536069, abs=1e-9)
    assert g.lon == pytest.approx(116.38404722455657, abs=1e-9)
    shift = geo.haversine_m(39.911954, 116.377817, g.lat, g.lon)
    assert 500 < shift < 600  # "an offset of about 554 m"


def test_domain_vector_inverse_within_half_a_metre() -> None:
    w = geo.gcj02_to_wgs84(39.91334545536069, 116.38404722455657)
    assert geo.haversine_m(w.lat, w.lon, 39.911954, 116.377817) < 0.5


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(48.8584, 2.2945), (-33.8568, 151.2153), (40.6892, -74.0445), (43.4671, 11.8851), (0.0, 0.0)],
)
def test_no_shift_outside_china(lat: float, lon: float) -> None:
    for f in (geo.wgs84_to_gcj02, geo.gcj02_to_wgs84, geo.wgs84_to_bd09, geo.bd09_to_wgs84):
        p = f(lat, lon)
        assert (p.lat, p.lon) == (lat, lon)


def test_haversine_known_distances() -> None:
    assert geo.haversine_m(0, 0, 0, 0) == 0
    # One degree of latitude on the mean sphere: pi * R / 180.
    assert geo.haversine_m(0, 0, 1, 0) == pytest.approx(math.pi * geo.EARTH_RADIUS_M / 180)
    # Tiananmen to the Temple of Heaven: about 2.9 km (map measurement).
    d = geo.haversine_m(39.9087, 116.3975, 39.8822, 116.4066)
    assert 2_850 < d < 3_050
    # Antipodes: half the circumference, no NaN from rounding.
    assert geo.haversine_m(10, 20, -10, -160) == pytest.approx(math.pi * geo.EARTH_RADIUS_M)


def test_bd09_known_point() -> None:
    # Baidu's published sample: Tiananmen GCJ-02 (39.908692, 116.397477) is about
    # (39.915, 116.404) in BD-09; the shift is some 700-800 m north-east.
    b = geo.gcj02_to_bd09(39.908692, 116.397477)
    assert b.lat == pytest.approx(39.9151, abs=5e-4)
    assert b.lon == pytest.approx(116.4039, abs=5e-4)


@settings(max_examples=300, deadline=None)
@given(china_lat, china_lon)
def test_gcj02_round_trip_within_half_a_metre(lat: float, lon: float) -> None:
    g = geo.wgs84_to_gcj02(lat, lon)
    assert geo.haversine_m(lat, lon, g.lat, g.lon) > 1  # inside China it really shifts
    w = geo.gcj02_to_wgs84(g.lat, g.lon)
    assert geo.haversine_m(lat, lon, w.lat, w.lon) < 0.5


@settings(max_examples=300, deadline=None)
@given(china_lat, china_lon)
def test_bd09_round_trip_within_half_a_metre(lat: float, lon: float) -> None:
    b = geo.wgs84_to_bd09(lat, lon)
    w = geo.bd09_to_wgs84(b.lat, b.lon)
    assert geo.haversine_m(lat, lon, w.lat, w.lon) < 0.5
    g = geo.bd09_to_gcj02(b.lat, b.lon)
    g2 = geo.wgs84_to_gcj02(lat, lon)
    assert geo.haversine_m(g.lat, g.lon, g2.lat, g2.lon) < 0.5


@settings(max_examples=200, deadline=None)
@given(st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180))
def test_haversine_symmetric_and_bounded(a: float, b: float, c: float, d: float) -> None:
    x = geo.haversine_m(a, b, c, d)
    assert x == pytest.approx(geo.haversine_m(c, d, a, b), abs=1e-6)
    assert 0 <= x <= math.pi * geo.EARTH_RADIUS_M + 1e-6


def test_format_latlon_latitude_first() -> None:
    assert geo.format_latlon(39.9133454, 116.3840472) == "39.913345,116.384047"
