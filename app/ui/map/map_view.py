"""The map: a QGraphicsView over the Web Mercator world (scene units: world pixels at zoom 0),
the base-map tiles drawn in the background, the clusters or sites in view painted by one layer.

Markers are made again from the cluster index (app.map.cluster) whenever the view moves or
zooms: only the cells on screen are asked for, as arrays, so 100,000 sites cost what a screen
of markers costs, not what the sites do."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.map.cluster import (
    CLOSED,
    NONE,
    OPEN,
    OVERDUE,
    STATUSES,
    Cluster,
    ClusterIndex,
    Markers,
)
from app.map.projection import TILE_SIZE, Rect, tile_rect, tiles_covering, zoom_of_scale
from app.ui.map.tiles import TileCache

STATUS_COLOURS = {OVERDUE: QColor("#d32f2f"), OPEN: QColor("#f59e0b"),
                  CLOSED: QColor("#2e7d32"), NONE: QColor("#8a8f98")}
MIN_ZOOM, MAX_ZOOM = 2.0, 19.0
BACKGROUND = QColor("#eef1f4")


_LOOKS = 1 << 40  # sprite keys: status rank × _LOOKS + count


def marker_radius_of(count: int) -> float:
    """A site's dot, or a cluster's disc (wider for more digits), in screen pixels."""
    return 7.0 if count == 1 else 11.0 + 3.0 * max(0, len(str(count)) - 1)


def marker_radii(counts: np.ndarray) -> np.ndarray:
    """marker_radius_of for an array of counts."""
    digits = np.floor(np.log10(np.maximum(counts, 1))).astype(np.int64)
    return np.where(counts == 1, 7.0, 11.0 + 3.0 * digits)


def marker_radius(cluster: Cluster) -> float:
    return marker_radius_of(cluster.count)


class Marker:
    """One site (a dot) or a cluster (a disc with its count) in view: where, and how big on
    screen. Drawn by the layer, not an item of its own (so making hundreds costs nothing)."""

    __slots__ = ("cluster", "radius")

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.radius = marker_radius(cluster)

    def pos(self) -> QPointF:
        return QPointF(self.cluster.x, self.cluster.y)


class MarkerLayer(QGraphicsItem):
    """Every marker in view, painted in one pass in screen coordinates (the same size at every
    zoom); the view finds the marker under a click itself (MapView.marker_at).

    The markers come as arrays (app.map.cluster.Markers); `set_markers` orders them (sites
    first, clusters over them) and picks each one's cached sprite once, so a paint is one
    array transform and one `drawPixmap` per marker, no Python object per marker."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0  # how many times it was painted (the benchmark checks it drew)
        self._sprites: dict[tuple[int, int], QPixmap] = {}
        self._x = np.zeros(0)
        self._y = np.zeros(0)
        self._half = np.zeros(0)
        self._order_sprites: list[QPixmap] = []
        self.setZValue(1)

    def set_markers(self, markers: Markers | None) -> None:
        if markers is None or not len(markers):
            self._x = self._y = self._half = np.zeros(0)
            self._order_sprites = []
        else:
            single = markers.count == 1
            order = np.argsort(~single, kind="stable")  # sites first, clusters over them
            count = np.where(single, 1, markers.count)[order]
            rank = markers.rank[order]
            looks, which = np.unique(rank.astype(np.int64) * _LOOKS + count,
                                     return_inverse=True)
            sprites = [self._sprite(int(k) // _LOOKS, int(k) % _LOOKS) for k in looks.tolist()]
            halves = np.array([sp.width() / sp.devicePixelRatio() / 2 for sp in sprites])
            self._x, self._y = markers.x[order], markers.y[order]
            self._half = halves[which]
            self._order_sprites = [sprites[j] for j in which.tolist()]
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, TILE_SIZE, TILE_SIZE)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        self.paints += 1
        if not self._order_sprites:
            return
        t = painter.worldTransform()  # the view only scales and moves: x·m11 + dx
        xs = np.rint(self._x * t.m11() + t.dx() - self._half).astype(np.int64).tolist()
        ys = np.rint(self._y * t.m22() + t.dy() - self._half).astype(np.int64).tolist()
        painter.save()
        painter.resetTransform()
        draw = painter.drawPixmap
        for x, y, sprite in zip(xs, ys, self._order_sprites, strict=True):
            draw(x, y, sprite)
        painter.restore()

    def _sprite(self, rank: int, count: int) -> QPixmap:
        """A marker's picture: its status colour, and its count when a cluster (drawn once)."""
        key = (rank, count)
        sprite = self._sprites.get(key)
        if sprite is None:
            status = STATUSES[rank]
            radius = marker_radius_of(count)
            size = int(2 * radius + 4)
            sprite = QPixmap(size, size)
            sprite.fill(Qt.GlobalColor.transparent)
            p = QPainter(sprite)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(QPen(QColor("white"), 2))
            p.setBrush(QBrush(STATUS_COLOURS[status]))
            centre = QPointF(size / 2, size / 2)
            p.drawEllipse(centre, radius, radius)
            if count > 1:  # the count badge
                font = QFont(p.font())
                font.setBold(True)
                font.setPixelSize(11)
                p.setFont(font)
                p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, str(count))
            p.end()
            if len(self._sprites) > 4096:
                self._sprites.clear()
            self._sprites[key] = sprite
        return sprite


class MapView(QGraphicsView):
    """Pan with the mouse, zoom with the wheel (or zoom_by); a click on a marker says which
    sites it holds (a cluster of many zooms in instead)."""

    sites_clicked = Signal(list)  # site ids
    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map-view")
        self.setScene(QGraphicsScene(0, 0, TILE_SIZE, TILE_SIZE, self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(BACKGROUND)
        self.index: ClusterIndex | None = None
        self.tiles: TileCache | None = None
        self.tile_zooms = (0, 18)
        self.shown: Markers | None = None  # the clusters (or sites) in view, as arrays
        self._markers: list[Marker] | None = None
        self.layer = MarkerLayer()
        self.scene().addItem(self.layer)
        self._press: QPointF | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh_markers)
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._fetch_tiles)

    # ---- content ------------------------------------------------------------------------

    def set_index(self, index: ClusterIndex) -> None:
        """Draw these sites (the index was built in the background)."""
        self.index = index
        self.refresh_markers()

    def set_base_map(self, path: Path | None, min_zoom: int = 0, max_zoom: int = 18) -> None:
        """Draw the tiles of this MBTiles file under the sites (None: no base map)."""
        self.tiles = TileCache(path, self._tiles_arrived, self) if path is not None else None
        self.tile_zooms = (min_zoom, max_zoom)
        self.viewport().update()

    def _tiles_arrived(self) -> None:
        self.viewport().update()

    def _fetch_tiles(self) -> None:
        if self.tiles is not None:
            self.tiles.fetch()

    # ---- where the view is ---------------------------------------------------------------

    def zoom(self) -> float:
        """The slippy-map zoom level shown (fractional)."""
        return zoom_of_scale(self.transform().m11())

    def visible_rect(self) -> Rect:
        r = self.mapToScene(self.viewport().rect()).boundingRect()
        return Rect(r.left(), r.top(), r.right(), r.bottom())

    def show_rect(self, rect: Rect, margin: float = 0.1) -> None:
        """Fit the view to a scene rectangle (the sites' extent), within the zoom limits."""
        w = max(rect.x1 - rect.x0, 1e-6)
        h = max(rect.y1 - rect.y0, 1e-6)
        vw, vh = max(self.viewport().width(), 1), max(self.viewport().height(), 1)
        scale = min(vw / (w * (1 + 2 * margin)), vh / (h * (1 + 2 * margin)))
        zoom = max(MIN_ZOOM, min(MAX_ZOOM - 2, zoom_of_scale(scale)))
        self.set_zoom(zoom, QPointF((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2))

    def set_zoom(self, zoom: float, centre: QPointF | None = None) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        centre = centre if centre is not None else self.mapToScene(
            self.viewport().rect().center())
        s = 2.0 ** zoom
        self.resetTransform()
        self.scale(s, s)
        self.centerOn(centre)
        self._changed()

    def zoom_by(self, steps: float, at: QPointF | None = None) -> None:
        """Zoom in (positive) or out by whole or half levels, keeping `at` (scene) in place."""
        old = self.zoom()
        new = max(MIN_ZOOM, min(MAX_ZOOM, old + steps))
        if new == old:
            return
        factor = 2.0 ** (new - old)
        if at is None:
            self.scale(factor, factor)
        else:
            before = self.mapFromScene(at)
            self.scale(factor, factor)
            after = self.mapFromScene(at)
            delta = after - before
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(h.value() + round(delta.x()))
            v.setValue(v.value() + round(delta.y()))
        self._changed()

    def _changed(self) -> None:
        self._refresh_timer.start()
        self.view_changed.emit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._refresh_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh_timer.start()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 240.0  # a notch is half a level
        if steps:
            self.zoom_by(steps, self.mapToScene(event.position().toPoint()))
        event.accept()

    # ---- markers --------------------------------------------------------------------------

    @property
    def markers(self) -> list[Marker]:
        """The markers in view as objects (made when asked for: clicks and tests)."""
        if self._markers is None:
            shown = self.shown
            self._markers = ([] if shown is None else
                             [Marker(shown.cluster(i)) for i in range(len(shown))])
        return self._markers

    def refresh_markers(self) -> None:
        """Replace the markers by the clusters (or sites) of the cells in view."""
        self._refresh_timer.stop()
        self._markers = None
        if self.index is None or not len(self.index):
            self.shown = None
            self.layer.set_markers(None)
            return
        view = self.visible_rect()
        pad = self.index.cell_size(min(self.index.max_level, max(0, math.floor(self.zoom()))))
        rect = Rect(view.x0 - pad, view.y0 - pad, view.x1 + pad, view.y1 + pad)
        level = self.index.level_for_zoom(self.zoom())
        shown = (self.index.point_markers_in(rect) if level is None
                 else self.index.markers_in(level, rect))
        # Only the markers whose picture reaches into the view are drawn: a cell of the margin
        # whose centroid lies further out than its sprite's half is left out.
        reach = (marker_radii(shown.count) + 2) / self.transform().m11()
        self.shown = shown.take((shown.x >= view.x0 - reach) & (shown.x <= view.x1 + reach)
                                & (shown.y >= view.y0 - reach) & (shown.y <= view.y1 + reach))
        self.layer.set_markers(self.shown)

    def marker_at(self, pos: QPointF) -> Marker | None:
        """The marker under a viewport position (a cluster before a site, the nearest)."""
        shown = self.shown
        if shown is None or not len(shown):
            return None
        t = self.viewportTransform()
        d = np.hypot(shown.x * t.m11() + t.dx() - pos.x(), shown.y * t.m22() + t.dy() - pos.y())
        radius = marker_radii(shown.count)
        hit = np.flatnonzero(d <= radius + 1)
        if not len(hit):
            return None
        # Clusters before sites, then the nearest.
        best = hit[np.lexsort((d[hit], shown.count[hit] == 1))[0]]
        return Marker(shown.cluster(int(best)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or (event.position() - press).manhattanLength() > 4:
            return  # a drag, not a click
        marker = self.marker_at(event.position())
        if marker is not None:
            self.on_marker_clicked(marker)

    def on_marker_clicked(self, marker: Marker) -> None:
        c = marker.cluster
        if c.keys and (c.count <= 10 or self.zoom() >= MAX_ZOOM - 0.5
                       or c.level >= (self.index.max_level if self.index else 0)):
            self.sites_clicked.emit(list(c.keys))
        else:  # many sites: go closer
            self.zoom_by(2, QPointF(c.x, c.y))
            self.centerOn(QPointF(c.x, c.y))

    # ---- base map ------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, exposed: QRectF | QRect) -> None:
        super().drawBackground(painter, exposed)
        rect = QRectF(exposed)
        if self.tiles is None:
            return
        lo, hi = self.tile_zooms
        z = max(lo, min(hi, round(self.zoom())))
        area = Rect(rect.left(), rect.top(), rect.right(), rect.bottom())
        missing = False
        for tx, ty in tiles_covering(area, z):
            t = tile_rect(z, tx, ty)
            target = QRectF(t.x0, t.y0, t.x1 - t.x0, t.y1 - t.y0)
            pixmap = self.tiles.get((z, tx, ty))
            if pixmap is not None:
                painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
                continue
            if not self.tiles.known((z, tx, ty)):
                missing = True
            self._draw_parent(painter, z, tx, ty, target)
        if missing:
            self._fetch_timer.start()

    def _draw_parent(self, painter: QPainter, z: int, tx: int, ty: int, target: QRectF) -> None:
        """A tile not read yet (or missing) is drawn from a coarser one already read."""
        assert self.tiles is not None
        for up in range(1, 4):
            pz = z - up
            if pz < self.tile_zooms[0]:
                return
            key = (pz, tx >> up, ty >> up)
            if self.tiles.known(key):
                parent = self.tiles.get(key)
                if parent is None:
                    continue
                part = parent.width() / (1 << up)
                source = QRectF((tx % (1 << up)) * part, (ty % (1 << up)) * part, part, part)
                painter.drawPixmap(target, parent, source)
                return
