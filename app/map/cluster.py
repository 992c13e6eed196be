"""Grid clustering of map points in scene coordinates, one grid per zoom level.

A cell is `cell_px` screen pixels wide at its level (so `cell_px / 2**level` scene units): the
cells on screen are about the same size whatever the zoom, so the markers to draw are bounded
by the viewport, not by the number of sites. The finest level is bucketed once from the points
(one pass); each coarser level is built from the one below by halving the cell keys, so the
whole pyramid costs about two passes over the points. A view asks for the clusters of one
level inside its rectangle: the cells covering the rectangle are looked up, never the points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.map.projection import Rect

# Site statuses, in the order a cluster takes the worst of them.
NONE = "none"        # no case
CLOSED = "closed"    # every case closed (销号), cancelled or referred
OPEN = "open"        # an open case, none overdue
OVERDUE = "overdue"  # an open case past its deadline
STATUSES = (NONE, CLOSED, OPEN, OVERDUE)
_RANK = {s: n for n, s in enumerate(STATUSES)}

MAX_LEVEL = 16  # the finest grid (a 60 px cell is about 120 m in Beijing at zoom 16);
# closer in, the sites themselves are drawn
CELL_PX = 60
KEYS_KEPT = 25  # a cluster this small keeps its sites' keys at every level


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A site to draw: its key (site id), scene position and status."""

    key: str
    x: float
    y: float
    status: str = NONE


@dataclass(frozen=True, slots=True)
class Cluster:
    """The points of one grid cell: their centroid, count, worst status, and their keys when
    there are at most KEYS_KEPT of them (or at the finest level)."""

    x: float
    y: float
    count: int
    status: str
    keys: tuple[str, ...]
    level: int

    @property
    def single(self) -> bool:
        return self.count == 1


class ClusterIndex:
    """The cluster pyramid of a set of points (built once; queries cost the viewport's cells).

    Above `max_level` the view draws the points themselves, found through the finest grid."""

    def __init__(self, points: Iterable[MapPoint], *, max_level: int = MAX_LEVEL,
                 cell_px: float = CELL_PX) -> None:
        self.max_level = max_level
        self.cell_px = cell_px
        self.count = 0
        self._bounds: Rect | None = None
        # Per level: cell key -> [count, sum x, sum y, worst rank, points or None]; the finest
        # level keeps all its points, the others only up to KEYS_KEPT.
        self._levels: list[dict[tuple[int, int], list[Any]]] = [
            {} for _ in range(max_level + 1)]
        self._build(list(points))

    def __len__(self) -> int:
        return self.count

    def cell_size(self, level: int) -> float:
        """A cell's width in scene units at this level."""
        return self.cell_px / (1 << level)

    def level_for_zoom(self, zoom: float) -> int | None:
        """The grid to show at a (fractional) view zoom; None: past the finest, draw points."""
        level = math.floor(zoom)
        return None if level > self.max_level else max(0, level)

    def bounds(self) -> Rect | None:
        """The points' bounding rectangle (None when there are none)."""
        return self._bounds

    def cells(self, level: int) -> int:
        """How many non-empty cells the level has."""
        return len(self._levels[level])

    def _build(self, points: list[MapPoint]) -> None:
        self.count = len(points)
        if not points:
            return
        self._bounds = Rect(min(p.x for p in points), min(p.y for p in points),
                            max(p.x for p in points), max(p.y for p in points))
        finest = self._levels[self.max_level]
        get = finest.get
        f = (1 << self.max_level) / self.cell_px
        rank_of = _RANK
        for p in points:
            x, y = p.x, p.y
            key = (int(x * f), int(y * f))
            cell = get(key)
            if cell is None:
                finest[key] = [1, x, y, rank_of[p.status], [p]]
            else:
                cell[0] += 1
                cell[1] += x
                cell[2] += y
                rank = rank_of[p.status]
                if rank > cell[3]:
                    cell[3] = rank
                cell[4].append(p)
        kept = KEYS_KEPT
        for level in range(self.max_level - 1, -1, -1):
            coarse: dict[tuple[int, int], list[Any]] = {}
            cget = coarse.get
            for (cx, cy), a in self._levels[level + 1].items():
                key = (cx >> 1, cy >> 1)
                b = cget(key)
                if b is None:
                    pts = a[4]
                    coarse[key] = [a[0], a[1], a[2], a[3],
                                   list(pts) if pts is not None and a[0] <= kept else None]
                    continue
                b[0] += a[0]
                b[1] += a[1]
                b[2] += a[2]
                if a[3] > b[3]:
                    b[3] = a[3]
                if b[4] is not None:
                    if a[4] is not None and b[0] <= kept:
                        b[4].extend(a[4])
                    else:
                        b[4] = None
            self._levels[level] = coarse

    def _cells_in(self, level: int, rect: Rect) -> list[list[Any]]:
        cells = self._levels[level]
        f = 1.0 / self.cell_size(level)
        kx0, kx1 = math.floor(rect.x0 * f), math.floor(rect.x1 * f)
        ky0, ky1 = math.floor(rect.y0 * f), math.floor(rect.y1 * f)
        if (kx1 - kx0 + 1) * (ky1 - ky0 + 1) <= len(cells):
            get = cells.get
            found = (get((kx, ky)) for ky in range(ky0, ky1 + 1) for kx in range(kx0, kx1 + 1))
            return [a for a in found if a is not None]
        return [a for k, a in cells.items() if kx0 <= k[0] <= kx1 and ky0 <= k[1] <= ky1]

    def clusters_in(self, level: int, rect: Rect) -> list[Cluster]:
        """The clusters of one level whose cell touches the rectangle."""
        level = max(0, min(self.max_level, level))
        return [Cluster(a[1] / a[0], a[2] / a[0], a[0], STATUSES[a[3]],
                        tuple(p.key for p in a[4]) if a[4] is not None else (), level)
                for a in self._cells_in(level, rect)]

    def points_in(self, rect: Rect) -> list[MapPoint]:
        """The points inside the rectangle (through the finest grid)."""
        return [p for a in self._cells_in(self.max_level, rect) for p in a[4]
                if rect.contains(p.x, p.y)]

    def all_clusters(self, level: int) -> list[Cluster]:
        """Every cluster of one level."""
        b = self._bounds
        return [] if b is None else self.clusters_in(level, b)


def worst_status(statuses: Iterable[str]) -> str:
    """The status a group of sites is drawn in."""
    return max(statuses, key=_RANK.__getitem__, default=NONE)
