"""Base-map tiles read in the background (run_task, the MBTiles file opened per job), decoded
to QImage there and kept as pixmaps; the view asks, and is told when more arrived."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage, QPixmap

from app.map.mbtiles import MBTiles
from app.ui.photos.guard import alive
from app.ui.tasks import TaskContext, TaskHandle, run_task

Tile = tuple[int, int, int]  # XYZ (z, x, y)
CACHE_SIZE = 512
BATCH = 64


def read_tiles(ctx: TaskContext, path: Path, wanted: list[Tile]) -> dict[Tile, QImage | None]:
    """Background job: the tiles asked for, decoded (None where the file has none)."""
    out: dict[Tile, QImage | None] = {}
    with MBTiles(path) as tiles:
        for z, x, y in wanted:
            ctx.check_cancelled()
            data = tiles.tile(z, x, y)
            image = QImage()
            out[(z, x, y)] = image if data is not None and image.loadFromData(data) else None
    return out


class TileCache:
    """Pixmaps of the tiles read so far (the most recent CACHE_SIZE), and the ones asked for."""

    def __init__(self, path: Path, on_arrived: Callable[[], None], owner: QObject) -> None:
        self.path = path
        self._owner = owner
        self._on_arrived = on_arrived
        self._pixmaps: OrderedDict[Tile, QPixmap | None] = OrderedDict()
        self._wanted: list[Tile] = []
        self._task: TaskHandle | None = None
        self.loaded = 0  # tiles with a picture read so far (tests wait on it)

    def get(self, tile: Tile) -> QPixmap | None:
        """The tile's pixmap if read (None: not yet, or the file has none); asks for it."""
        if tile in self._pixmaps:
            self._pixmaps.move_to_end(tile)
            return self._pixmaps[tile]
        if tile not in self._wanted:
            self._wanted.append(tile)
        return None

    def known(self, tile: Tile) -> bool:
        return tile in self._pixmaps

    def fetch(self) -> None:
        """Read the tiles asked for since the last fetch (one job at a time)."""
        if not self._wanted or (self._task is not None and not self._task.finished):
            return
        batch, self._wanted = self._wanted[-BATCH:], []  # the newest view first
        path = self.path
        self._task = run_task(lambda ctx: read_tiles(ctx, path, batch),
                              on_result=alive(self._owner, self._arrived),
                              on_error=lambda _e: None)

    def _arrived(self, images: dict[Tile, QImage | None]) -> None:
        for tile, image in images.items():
            pixmap = QPixmap.fromImage(image) if image is not None else None
            self._pixmaps[tile] = pixmap
            if pixmap is not None:
                self.loaded += 1
        while len(self._pixmaps) > CACHE_SIZE:
            self._pixmaps.popitem(last=False)
        self._on_arrived()
