"""Which Beijing district a WGS-84 point lies in (offline district boundaries).

The boundaries come with the geotool-cn package (MIT code; its data is DataV.GeoAtlas's,
converted to WGS-84, a few metres of residual at the edges: see docs/photos.md). Loaded on
first use (~70 ms): only a site's location check needs it, never the window's start.
"""

from __future__ import annotations

import math
import threading
from typing import Any

_lock = threading.Lock()
_tool: Any = None


def _geotool() -> Any:
    global _tool
    with _lock:
        if _tool is None:
            from GeoToolCN import GeoTool  # heavy edge: 6 MB of boundaries, mapped on first use

            _tool = GeoTool()
        return _tool


def district_at(lat: float, lon: float) -> str | None:
    """The 6-digit code of the Beijing district containing the point, or None outside Beijing."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    found = _geotool().reverse(lat, lon)
    district = getattr(found, "district", None)
    code = getattr(district, "code", None)
    if not isinstance(code, str) or not code.startswith("11"):
        return None
    return code


def in_district(lat: float, lon: float, district_code: str) -> bool:
    """True when the point lies inside that Beijing district."""
    return district_at(lat, lon) == district_code
