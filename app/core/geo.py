"""Coordinates: distance on the sphere and WGS-84 ↔ GCJ-02 ↔ BD-09 (see DOMAIN.md).

GPS gives WGS-84 and that is what the database stores. Chinese web maps use GCJ-02 (Amap,
Tencent) or BD-09 (Baidu); we convert only for display and export. The forward GCJ-02 formula
is the widely used open one (eviltransform); its inverse has no closed form, so it is solved by
fixed-point iteration to well under the 0.5 m the domain asks for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG): haversine distances
_A = 6378245.0  # Krasovsky semi-major axis used by the GCJ-02 formula
_EE = 0.00669342162296594323  # its eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0  # BD-09 constant

# The bounding box inside which GCJ-02 applies; outside it the coordinates are not shifted.
_CHINA_LON = (72.004, 137.8347)
_CHINA_LAT = (0.8293, 55.8271)

# Fixed-point inverse: stop when the forward image is this close (degrees; ~1 mm).
_INVERSE_EPS_DEG = 1e-8
_INVERSE_MAX_STEPS = 30


@dataclass(frozen=True, slots=True)
class LatLon:
    """A point in decimal degrees; which datum it is in is the caller's to say."""

    lat: float
    lon: float


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points (spherical Earth)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def in_china(lat: float, lon: float) -> bool:
    """True inside the box where GCJ-02 shifts coordinates."""
    return _CHINA_LON[0] <= lon <= _CHINA_LON[1] and _CHINA_LAT[0] <= lat <= _CHINA_LAT[1]


def _raw_offset(x: float, y: float) -> tuple[float, float]:
    """The obfuscation polynomial at (lon − 105, lat − 35), in metres-ish units."""
    xy = x * y
    abs_x = math.sqrt(abs(x))
    x_pi = x * math.pi
    y_pi = y * math.pi
    d = 20.0 * math.sin(6.0 * x_pi) + 20.0 * math.sin(2.0 * x_pi)
    lat = d + 20.0 * math.sin(y_pi) + 40.0 * math.sin(y_pi / 3.0)
    lon = d + 20.0 * math.sin(x_pi) + 40.0 * math.sin(x_pi / 3.0)
    lat += 160.0 * math.sin(y_pi / 12.0) + 320.0 * math.sin(y_pi / 30.0)
    lon += 150.0 * math.sin(x_pi / 12.0) + 300.0 * math.sin(x_pi / 30.0)
    lat *= 2.0 / 3.0
    lon *= 2.0 / 3.0
    lat += -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * xy + 0.2 * abs_x
    lon += 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * xy + 0.1 * abs_x
    return lat, lon


def _gcj_delta(lat: float, lon: float) -> tuple[float, float]:
    d_lat, d_lon = _raw_offset(lon - 105.0, lat - 35.0)
    rad_lat = math.radians(lat)
    magic = 1.0 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat: float, lon: float) -> LatLon:
    """GPS (WGS-84) to the GCJ-02 used by Amap and Tencent maps; unchanged outside China."""
    if not in_china(lat, lon):
        return LatLon(lat, lon)
    d_lat, d_lon = _gcj_delta(lat, lon)
    return LatLon(lat + d_lat, lon + d_lon)


def _invert(forward: Callable[[float, float], LatLon], start: LatLon, lat: float,
            lon: float) -> LatLon:
    """Solve forward(p) == (lat, lon) for p by fixed-point iteration from `start`."""
    g_lat, g_lon = start.lat, start.lon
    for _ in range(_INVERSE_MAX_STEPS):
        img = forward(g_lat, g_lon)
        e_lat, e_lon = img.lat - lat, img.lon - lon
        if abs(e_lat) < _INVERSE_EPS_DEG and abs(e_lon) < _INVERSE_EPS_DEG:
            break
        g_lat -= e_lat
        g_lon -= e_lon
    return LatLon(g_lat, g_lon)


def gcj02_to_wgs84(lat: float, lon: float) -> LatLon:
    """GCJ-02 back to WGS-84 (iterative; within millimetres inside China)."""
    if not in_china(lat, lon):
        return LatLon(lat, lon)
    return _invert(wgs84_to_gcj02, LatLon(lat, lon), lat, lon)


def gcj02_to_bd09(lat: float, lon: float) -> LatLon:
    """GCJ-02 to Baidu's BD-09."""
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return LatLon(z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065)


def bd09_to_gcj02(lat: float, lon: float) -> LatLon:
    """BD-09 back to GCJ-02: the closed-form approximation refined by iteration."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    start = LatLon(z * math.sin(theta), z * math.cos(theta))
    return _invert(gcj02_to_bd09, start, lat, lon)


def wgs84_to_bd09(lat: float, lon: float) -> LatLon:
    """GPS (WGS-84) to Baidu's BD-09 (through GCJ-02; unshifted outside China)."""
    if not in_china(lat, lon):
        return LatLon(lat, lon)
    g = wgs84_to_gcj02(lat, lon)
    return gcj02_to_bd09(g.lat, g.lon)


def bd09_to_wgs84(lat: float, lon: float) -> LatLon:
    """Baidu's BD-09 back to WGS-84."""
    if not in_china(lat, lon):
        return LatLon(lat, lon)
    g = bd09_to_gcj02(lat, lon)
    return gcj02_to_wgs84(g.lat, g.lon)


def format_latlon(lat: float, lon: float, digits: int = 6) -> str:
    """`lat,lon` as Chinese map search boxes accept it (Amap, Tencent: latitude first)."""
    return f"{lat:.{digits}f},{lon:.{digits}f}"
