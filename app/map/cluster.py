"""Grid clustering of map points in scene coordinates, one grid per zoom level.

A cell is `cell_px` screen pixels wide at its level (so `cell_px / 2**level` scene units): the
cells on screen are about the same size whatever the zoom, so the markers to draw are bounded
by the viewport, not by the number of sites. The points are sorted once by their finest cell's
Morton code, which makes every cell of every level one run of the sorted points; the levels
are built from those runs with numpy (about 0.1 s for 100,000 points). A view asks for the
clusters of one level inside its rectangle: the cells covering the rectangle are looked up
(binary searches per row of cells), never the points, and it gets them as arrays (`Markers`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

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
CELL_PX = 80
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

    Above `max_level` the view draws the points themselves, found through the finest grid.

    Built with numpy: each point's finest cell is given a Morton (Z-order) code and the points
    are sorted by it once. A cell of any coarser level is then a prefix of those codes, so its
    points are one contiguous run of the sorted points at every level: a level is the runs of
    `code >> 2·(max_level - level)` (counts, centroid sums and worst status by `reduceat`), and a
    cluster's sites are a slice of the sorted order, read only when asked for. Each level's
    cells are also kept in row-major order, so a view finds its cells with two binary searches
    per row of cells, whatever the number of points."""

    def __init__(self, points: Iterable[MapPoint], *, max_level: int = MAX_LEVEL,
                 cell_px: float = CELL_PX) -> None:
        self.max_level = max_level
        self.cell_px = cell_px
        self.count = 0
        self._bounds: Rect | None = None
        self._points: list[MapPoint] = list(points)
        self._order = np.zeros(0, dtype=np.int64)  # point indices sorted by finest cell
        self._levels: list[_Level] = []
        self._build()

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
        return len(self._levels[level].count) if self._levels else 0

    def _build(self) -> None:
        points = self._points
        n = self.count = len(points)
        if not n:
            return
        xs = np.fromiter((p.x for p in points), dtype=np.float64, count=n)
        ys = np.fromiter((p.y for p in points), dtype=np.float64, count=n)
        rank_of = _RANK
        ranks = np.fromiter((rank_of[p.status] for p in points), dtype=np.int8, count=n)
        self._bounds = Rect(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        f = (1 << self.max_level) / self.cell_px
        # Scene coordinates are ≥ 0 (the world is [0, 256]²): truncation is the floor.
        ix = np.clip(xs * f, 0, _MAX_CELL).astype(np.int64)
        iy = np.clip(ys * f, 0, _MAX_CELL).astype(np.int64)
        code = _spread(ix) | (_spread(iy) << np.uint64(1))
        order = np.argsort(code, kind="stable")
        self._order = order
        code, ix, iy = code[order], ix[order], iy[order]
        sx, sy, sr = xs[order], ys[order], ranks[order]
        self._sorted_xy = (sx, sy, sr)
        for level in range(self.max_level + 1):
            shift = self.max_level - level
            c = code >> np.uint64(2 * shift)
            starts = np.flatnonzero(np.concatenate(([True], c[1:] != c[:-1])))
            counts = np.diff(np.append(starts, n))
            kx = ix[starts] >> shift
            ky = iy[starts] >> shift
            row_key = (ky << 32) | kx
            by_row = np.argsort(row_key, kind="stable")
            self._levels.append(_Level(
                count=counts, x=np.add.reduceat(sx, starts) / counts,
                y=np.add.reduceat(sy, starts) / counts,
                rank=np.maximum.reduceat(sr, starts), start=starts,
                by_row=by_row, row_key=row_key[by_row]))

    def _cells_in(self, level: int, rect: Rect) -> np.ndarray:
        """Indices of the level's cells touching the rectangle (row by row)."""
        if not self._levels:
            return np.zeros(0, dtype=np.int64)
        lv = self._levels[level]
        f = 1.0 / self.cell_size(level)
        top = _MAX_CELL >> (self.max_level - level)
        kx0, kx1 = max(0, math.floor(rect.x0 * f)), min(top, math.floor(rect.x1 * f))
        ky0, ky1 = max(0, math.floor(rect.y0 * f)), min(top, math.floor(rect.y1 * f))
        if kx1 < kx0 or ky1 < ky0:
            return np.zeros(0, dtype=np.int64)
        rows = np.arange(ky0, ky1 + 1, dtype=np.int64) << 32
        lo = np.searchsorted(lv.row_key, rows | kx0, side="left")
        hi = np.searchsorted(lv.row_key, rows | kx1, side="right")
        parts = [lv.by_row[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def markers_in(self, level: int, rect: Rect) -> Markers:
        """The clusters of one level whose cell touches the rectangle, as arrays."""
        level = max(0, min(self.max_level, level))
        if not self._levels:
            return Markers.empty(self, level)
        lv = self._levels[level]
        cells = self._cells_in(level, rect)
        return Markers(self, level, lv.x[cells], lv.y[cells], lv.count[cells], lv.rank[cells],
                       lv.start[cells])

    def point_markers_in(self, rect: Rect) -> Markers:
        """The points inside the rectangle, one marker each (past the finest level)."""
        if not self._levels:
            return Markers.empty(self, self.max_level + 1)
        lv = self._levels[self.max_level]
        cells = self._cells_in(self.max_level, rect)
        if not len(cells):
            return Markers.empty(self, self.max_level + 1)
        starts, counts = lv.start[cells], lv.count[cells]
        # Every sorted position of those cells' points: the runs start .. start + count.
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
        pos = np.arange(int(counts.sum()), dtype=np.int64) + offsets
        sx, sy, sr = self._sorted_xy
        x, y = sx[pos], sy[pos]
        inside = (x >= rect.x0) & (x <= rect.x1) & (y >= rect.y0) & (y <= rect.y1)
        pos = pos[inside]
        return Markers(self, self.max_level + 1, sx[pos], sy[pos],
                       np.ones(len(pos), dtype=np.int64), sr[pos], pos)

    def keys_of(self, start: int, count: int) -> tuple[str, ...]:
        """The keys of the sorted points start .. start + count."""
        points = self._points
        return tuple(points[i].key for i in self._order[start:start + count].tolist())

    def clusters_in(self, level: int, rect: Rect) -> list[Cluster]:
        """The clusters of one level whose cell touches the rectangle."""
        return self.markers_in(level, rect).clusters()

    def points_in(self, rect: Rect) -> list[MapPoint]:
        """The points inside the rectangle (through the finest grid)."""
        m = self.point_markers_in(rect)
        points, order = self._points, self._order
        return [points[i] for i in order[m.start].tolist()]

    def all_clusters(self, level: int) -> list[Cluster]:
        """Every cluster of one level."""
        b = self._bounds
        return [] if b is None else self.clusters_in(level, b)


_MAX_CELL = (1 << 31) - 1  # cell numbers fit 31 bits (Morton codes in 62)


def _spread(v: np.ndarray) -> np.ndarray:
    """The bits of each value spread to the even bit positions (half a Morton code)."""
    v = v.astype(np.uint64)
    for shift, mask in ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF),
                        (4, 0x0F0F0F0F0F0F0F0F), (2, 0x3333333333333333),
                        (1, 0x5555555555555555)):
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


@dataclass(frozen=True, slots=True)
class _Level:
    """One level's cells in Morton order: count, centroid, worst rank, first sorted point;
    `by_row` orders them by `row_key` (row << 32 | column) for the view's lookups."""

    count: np.ndarray
    x: np.ndarray
    y: np.ndarray
    rank: np.ndarray
    start: np.ndarray
    by_row: np.ndarray
    row_key: np.ndarray


class Markers:
    """The clusters (or sites) of a view as arrays: centroid, count, worst status rank, and
    where their sites are in the index (keys are read only for a cluster asked for)."""

    __slots__ = ("count", "index", "level", "rank", "start", "x", "y")

    def __init__(self, index: ClusterIndex, level: int, x: np.ndarray, y: np.ndarray,
                 count: np.ndarray, rank: np.ndarray, start: np.ndarray) -> None:
        self.index = index
        self.level = level
        self.x, self.y, self.count, self.rank, self.start = x, y, count, rank, start

    @classmethod
    def empty(cls, index: ClusterIndex, level: int) -> Markers:
        none = np.zeros(0, dtype=np.int64)
        return cls(index, level, none.astype(np.float64), none.astype(np.float64), none,
                   none.astype(np.int8), none)

    def __len__(self) -> int:
        return len(self.count)

    def keys(self, i: int) -> tuple[str, ...]:
        """The keys of marker i's sites: kept up to KEYS_KEPT, and at the finest level."""
        count = int(self.count[i])
        if count > KEYS_KEPT and self.level < self.index.max_level:
            return ()
        return self.index.keys_of(int(self.start[i]), count)

    def cluster(self, i: int) -> Cluster:
        return Cluster(float(self.x[i]), float(self.y[i]), int(self.count[i]),
                       STATUSES[int(self.rank[i])], self.keys(i), self.level)

    def take(self, which: np.ndarray) -> Markers:
        """The markers selected by a mask or index array."""
        return Markers(self.index, self.level, self.x[which], self.y[which], self.count[which],
                       self.rank[which], self.start[which])

    def clusters(self) -> list[Cluster]:
        return [self.cluster(i) for i in range(len(self))]


def worst_status(statuses: Iterable[str]) -> str:
    """The status a group of sites is drawn in."""
    return max(statuses, key=_RANK.__getitem__, default=NONE)
