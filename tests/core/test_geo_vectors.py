"""Coordinates pinned with fixed vectors: distances the evidence checks rely on, the GCJ-02 and
BD-09 shifts maps show, and the edge of the box where China's shift starts.

The GCJ-02 vector is DOMAIN.md's; the others were computed once with today's formula (the
widely used open one) and are what inspectors copy into Amap and Baidu.
"""

from __future__ import annotations

import math

import pytest

from app.core import geo

BEIJING_WGS = (39.911954, 116.377817)
BEIJING_GCJ = (39.91334545536069, 116.38404722455657)


def close(p: geo.LatLon, lat: float, lon: float, tol: float = 1e-9) -> bool:
    return abs(p.lat - lat) <= tol and abs(p.lon - lon) <= tol


# ---- haversine ----------------------------------------------------------------------------


def test_earth_radius_is_the_iugg_mean() -> None:
    assert geo.EARTH_RADIUS_M == 6_371_008.8


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        # Tiananmen to the Temple of Heaven (computed once; a map gives about 2.9 km).
        ((39.9087, 116.3975), (39.8822, 116.4066), 3_047.2193),
        # 0.001° of longitude at Beijing: east-west distances shrink with cos(latitude).
        ((39.9, 116.4), (39.9, 116.401), 85.3050),
        # Both coordinates change: the two terms of the formula add.
        ((39.9, 116.4), (39.9006, 116.4007), 89.5368),
        # Kansas to Chaoyang (issue 7's forged site location): about 10,700 km.
        ((39.05, -94.29), (39.92, 116.46), 10_694_310.5),
    ],
)
def test_haversine_vectors(a: tuple[float, float], b: tuple[float, float], metres: float) -> None:
    assert geo.haversine_m(*a, *b) == pytest.approx(metres, abs=0.01 if metres < 1e4 else 1.0)
    assert geo.haversine_m(*b, *a) == pytest.approx(metres, abs=0.01 if metres < 1e4 else 1.0)


def test_one_degree_of_latitude_and_of_longitude_at_the_equator() -> None:
    degree = math.pi * geo.EARTH_RADIUS_M / 180
    assert geo.haversine_m(0, 0, 1, 0) == pytest.approx(degree, rel=1e-12)
    assert geo.haversine_m(0, 0, 0, 1) == pytest.approx(degree, rel=1e-12)
    assert geo.haversine_m(60, 10, 60, 11) == pytest.approx(degree / 2, rel=1e-3)


def test_haversine_never_exceeds_half_the_circumference() -> None:
    half = math.pi * geo.EARTH_RADIUS_M
    assert geo.haversine_m(90, 0, -90, 0) == pytest.approx(half)
    assert geo.haversine_m(0, 0, 0, 180) == pytest.approx(half)


# ---- GCJ-02 -------------------------------------------------------------------------------


def test_gcj02_domain_vector_and_back() -> None:
    g = geo.wgs84_to_gcj02(*BEIJING_WGS)
    assert close(g, *BEIJING_GCJ)
    w = geo.gcj02_to_wgs84(*BEIJING_GCJ)
    assert close(w, *BEIJING_WGS, tol=1e-7)  # about a centimetre


@pytest.mark.parametrize(
    ("wgs", "gcj"),
    [
        # Computed once with today's formula, far from the DOMAIN.md point so that every term
        # of the polynomial (x, y, x², xy, √|x|, the sines) weighs differently.
        ((22.5431, 114.0579), (22.54038281422246, 114.06301399856547)),  # Shenzhen
        ((45.75, 126.65), (45.75196555514378, 126.65598759031859)),  # Harbin
        ((29.65, 91.1), (29.647300329055074, 91.10156828347536)),  # Lhasa (x < 0)
        ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
    ],
)
def test_gcj02_vectors(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    assert close(geo.wgs84_to_gcj02(*wgs), *gcj)
    assert close(geo.gcj02_to_wgs84(*gcj), *wgs, tol=1e-7)


# ---- BD-09 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gcj", "bd"),
    [
        ((39.908692, 116.397477), (39.915035, 116.403850)),  # Tiananmen (Baidu's sample)
        (BEIJING_GCJ, (39.919576, 116.390455)),
    ],
)
def test_bd09_vectors(gcj: tuple[float, float], bd: tuple[float, float]) -> None:
    assert close(geo.gcj02_to_bd09(*gcj), *bd, tol=2e-6)
    assert close(geo.bd09_to_gcj02(*bd), *gcj, tol=2e-6)


def test_wgs84_to_bd09_goes_through_gcj02_and_back() -> None:
    b = geo.wgs84_to_bd09(*BEIJING_WGS)
    g = geo.gcj02_to_bd09(*BEIJING_GCJ)
    assert close(b, g.lat, g.lon)
    w = geo.bd09_to_wgs84(b.lat, b.lon)
    assert geo.haversine_m(w.lat, w.lon, *BEIJING_WGS) < 0.01


def test_bd09_inverse_is_better_than_the_closed_form() -> None:
    """The closed-form inverse alone is off by 2–16 cm; the iteration gets to millimetres."""
    for gcj in [(39.908692, 116.397477), (22.54, 114.06), (45.75, 126.65)]:
        b = geo.gcj02_to_bd09(*gcj)
        back = geo.bd09_to_gcj02(b.lat, b.lon)
        assert geo.haversine_m(back.lat, back.lon, *gcj) < 0.005


# ---- the box where the shift applies -------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [
        (30.0, 72.004, True), (30.0, 72.0039, False),
        (30.0, 137.8347, True), (30.0, 137.8348, False),
        (0.8293, 100.0, True), (0.8292, 100.0, False),
        (55.8271, 100.0, True), (55.8272, 100.0, False),
    ],
)
def test_the_box_edges_are_inclusive(lat: float, lon: float, inside: bool) -> None:
    assert geo.in_china(lat, lon) is inside
    for convert in (geo.wgs84_to_gcj02, geo.wgs84_to_bd09):
        p = convert(lat, lon)
        assert ((p.lat, p.lon) != (lat, lon)) is inside


def test_format_latlon_is_latitude_first_with_six_decimals() -> None:
    assert geo.format_latlon(39.91334545536069, 116.38404722455657) == "39.913345,116.384047"
    assert geo.format_latlon(-1.5, 2, digits=2) == "-1.50,2.00"


@pytest.mark.parametrize("gcj", [BEIJING_GCJ, (22.54, 114.06), (45.75, 126.65), (29.65, 91.1)])
def test_inverses_converge_in_both_coordinates(gcj: tuple[float, float]) -> None:
    """Both latitude and longitude must meet the 1e-8° stop, not just one of them."""
    w = geo.gcj02_to_wgs84(*gcj)
    back = geo.wgs84_to_gcj02(w.lat, w.lon)
    assert abs(back.lat - gcj[0]) < 1e-8 and abs(back.lon - gcj[1]) < 1e-8
    b = geo.gcj02_to_bd09(*gcj)
    g = geo.bd09_to_gcj02(b.lat, b.lon)
    again = geo.gcj02_to_bd09(g.lat, g.lon)
    assert abs(again.lat - b.lat) < 1e-8 and abs(again.lon - b.lon) < 1e-8
