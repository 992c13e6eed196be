"""Grid clustering: counts kept at every level, cells bounded by the view, the worst status."""

from __future__ import annotations

import random

import pytest

from app.map.cluster import (
    CLOSED,
    KEYS_KEPT,
    NONE,
    OPEN,
    OVERDUE,
    ClusterIndex,
    MapPoint,
    worst_status,
)
from app.map.projection import Rect, project


def beijing_points(n: int, seed: int = 3) -> list[MapPoint]:
    rng = random.Random(seed)
    statuses = (NONE, CLOSED, OPEN, OVERDUE)
    return [MapPoint(f"s{i}", *project(39.9 + rng.gauss(0, 0.08), 116.4 + rng.gauss(0, 0.1)),
                     rng.choice(statuses)) for i in range(n)]


def test_every_level_keeps_every_point() -> None:
    points = beijing_points(3000)
    index = ClusterIndex(points)
    for level in range(index.max_level + 1):
        clusters = index.all_clusters(level)
        assert sum(c.count for c in clusters) == 3000
        assert len(clusters) == index.cells(level)
    assert index.cells(0) == 1
    assert index.cells(index.max_level) > index.cells(10) > index.cells(5)


def test_a_cluster_is_its_cell() -> None:
    points = beijing_points(500)
    index = ClusterIndex(points)
    level = 12
    size = index.cell_size(level)
    for cluster in index.all_clusters(level):
        if cluster.keys:
            members = [p for p in points if p.key in set(cluster.keys)]
            assert len(members) == cluster.count
            cells = {(int(p.x // size), int(p.y // size)) for p in members}
            assert len(cells) == 1
            assert cluster.x == pytest.approx(sum(p.x for p in members) / len(members))
            assert cluster.status == worst_status(p.status for p in members)


def test_worst_status_wins() -> None:
    x, y = project(39.9, 116.4)
    index = ClusterIndex([MapPoint("a", x, y, CLOSED), MapPoint("b", x, y, OVERDUE),
                          MapPoint("c", x, y, OPEN)])
    (cluster,) = index.all_clusters(5)
    assert (cluster.count, cluster.status, set(cluster.keys)) == (3, OVERDUE, {"a", "b", "c"})
    assert worst_status([]) == NONE


def test_big_clusters_forget_their_keys_but_not_their_count() -> None:
    x, y = project(39.9, 116.4)
    index = ClusterIndex([MapPoint(str(i), x, y, OPEN) for i in range(KEYS_KEPT + 1)])
    (coarse,) = index.all_clusters(3)
    assert coarse.count == KEYS_KEPT + 1 and coarse.keys == ()
    (finest,) = index.all_clusters(index.max_level)
    assert len(finest.keys) == KEYS_KEPT + 1  # the finest level keeps them all


def test_the_view_asks_only_for_its_cells() -> None:
    points = beijing_points(5000)
    index = ClusterIndex(points)
    x, y = project(39.9, 116.4)
    level = 14
    span = index.cell_size(level) * 10  # a 10 × 10-cell view
    view = Rect(x, y, x + span, y + span)
    clusters = index.clusters_in(level, view)
    assert 0 < len(clusters) <= 11 * 11
    # Every point inside the view is in one of them.
    inside = sum(1 for p in points if view.contains(p.x, p.y))
    assert sum(c.count for c in clusters) >= inside


def test_points_past_the_finest_level() -> None:
    points = beijing_points(2000)
    index = ClusterIndex(points)
    assert index.level_for_zoom(index.max_level + 0.5) == index.max_level
    assert index.level_for_zoom(index.max_level + 1) is None
    assert index.level_for_zoom(-3) == 0
    x, y = project(39.9, 116.4)
    d = 0.002
    view = Rect(x - d, y - d, x + d, y + d)
    assert sorted(p.key for p in index.points_in(view)) == sorted(
        p.key for p in points if view.contains(p.x, p.y))


def test_empty() -> None:
    index = ClusterIndex([])
    assert len(index) == 0 and index.bounds() is None and index.all_clusters(3) == []


def test_every_level_matches_a_plain_grid() -> None:
    """Each cluster of each level is exactly one cell of a plain grid over the points: the
    same count, centroid, worst status, and its keys while small (or at the finest level)."""
    points = [*beijing_points(1500, seed=11), MapPoint("edge", 0.0, 0.0, CLOSED)]
    index = ClusterIndex(points)
    for level in range(index.max_level + 1):
        f = (1 << level) / index.cell_px
        cells: dict[tuple[int, int], list[MapPoint]] = {}
        for p in points:
            cells.setdefault((int(p.x * f), int(p.y * f)), []).append(p)
        got = {(int(c.x * f), int(c.y * f)): c for c in index.all_clusters(level)}
        assert len(got) == len(cells) == index.cells(level)
        for key, members in cells.items():
            c = got[key]
            assert c.count == len(members)
            assert (c.x, c.y) == pytest.approx((sum(p.x for p in members) / len(members),
                                                sum(p.y for p in members) / len(members)))
            assert c.status == worst_status(p.status for p in members)
            if len(members) <= KEYS_KEPT or level == index.max_level:
                assert sorted(c.keys) == sorted(p.key for p in members)
            else:
                assert c.keys == ()
