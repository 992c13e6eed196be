"""The sites the map draws: every located site (a merged site counted with the one it was merged
into), with the status its cases give it on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.map.cluster import CLOSED, NONE, OPEN, OVERDUE

if TYPE_CHECKING:
    import sqlite_utils

_OPEN = "('found', 'filed', 'ordered', 'rectifying', 'reinspected')"


@dataclass(frozen=True, slots=True)
class MapSite:
    """A located site: WGS-84 as stored, its status and case counts."""

    id: str
    name: str
    address: str
    district_code: str
    lat: float
    lon: float
    status: str
    open_cases: int
    overdue_cases: int
    cases: int


def site_status(cases: int, open_cases: int, overdue: int) -> str:
    """overdue > open > closed (cases, none open) > none (no case)."""
    if overdue:
        return OVERDUE
    if open_cases:
        return OPEN
    return CLOSED if cases else NONE


def map_sites(db: sqlite_utils.Database, as_of: date,
              district_code: str | None = None) -> list[MapSite]:
    """Every located site not merged into another, with its cases (and those of the sites
    merged into it) counted as of a Beijing day: overdue = open with the deadline passed."""
    where, args = ["s.merged_into IS NULL", "s.lat IS NOT NULL", "s.lon IS NOT NULL"], []
    if district_code:
        where.append("s.district_code = ?")
        args.append(district_code)
    sql = (
        "SELECT s.id, s.name, s.address, s.district_code, s.lat, s.lon, "
        "coalesce(k.n, 0), coalesce(k.open, 0), coalesce(k.overdue, 0) FROM sites s "
        "LEFT JOIN (SELECT coalesce(ss.merged_into, ss.id) AS site, count(*) AS n, "
        f"sum(c.state IN {_OPEN}) AS open, "
        f"sum(c.state IN {_OPEN} AND c.deadline IS NOT NULL AND c.deadline < ?) AS overdue "
        "FROM cases c JOIN sites ss ON ss.id = c.site_id GROUP BY 1) k ON k.site = s.id "
        f"WHERE {' AND '.join(where)} ORDER BY s.id")
    return [MapSite(str(r[0]), r[1] or "", r[2] or "", r[3] or "", float(r[4]), float(r[5]),
                    site_status(int(r[6]), int(r[7]), int(r[8])), int(r[7]), int(r[8]),
                    int(r[6]))
            for r in db.execute(sql, [as_of.isoformat(), *args])]
