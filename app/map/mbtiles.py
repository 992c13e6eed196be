"""MBTiles base maps: a SQLite file of PNG/JPEG tiles (the MBTiles 1.3 spec), read-only, no
network. Rows are stored in the TMS scheme (row 0 at the south), the view asks in XYZ (row 0 at
the north): `tile` flips the row.

The datum: Chinese tile sets are drawn in GCJ-02. The spec has no key for it, so we read our
own `datum` metadata key (also `crs` / `coordinate_system`, values like "gcj02", "GCJ-02",
"wgs84", "EPSG:3857"); a file that says nothing is taken as WGS-84 unless the user says
otherwise (the map page's setting).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import InputRefused
from app.core.text import Text
from app.map.projection import GCJ02, WGS84


class NotMBTiles(InputRefused):
    """The file cannot be read as an MBTiles base map."""


@dataclass(frozen=True)
class TileSetInfo:
    """What the metadata table says, with sensible defaults."""

    name: str
    format: str  # png / jpg / webp…
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None  # west, south, east, north
    center: tuple[float, float, int] | None  # lon, lat, zoom
    datum: str | None  # wgs84 / gcj02, or None when the file does not say


def datum_of(metadata: dict[str, str]) -> str | None:
    """The datum the metadata names, or None."""
    for key in ("datum", "crs", "coordinate_system", "coordinates"):
        value = metadata.get(key, "").strip().lower().replace("-", "").replace("_", "")
        if not value:
            continue
        if "gcj" in value or "mars" in value:
            return GCJ02
        if "wgs" in value or "4326" in value or "3857" in value or "900913" in value:
            return WGS84
    return None


def tms_row(z: int, y: int) -> int:
    """The stored (TMS) row of XYZ row y at zoom z; the same formula goes back."""
    return (1 << z) - 1 - y


class MBTiles:
    """An open MBTiles file. One connection, used by the thread that opened it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise NotMBTiles(Text(f"找不到底图文件：{self.path}",
                                  f"base map file not found: {self.path}"))
        try:
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            names = {r[0] for r in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            metadata = dict(self._conn.execute("SELECT name, value FROM metadata").fetchall()) \
                if "metadata" in names else {}
        except sqlite3.DatabaseError as exc:
            raise NotMBTiles(Text(f"不是 MBTiles 底图文件：{self.path}（{exc}）",
                                  f"not an MBTiles base map: {self.path} ({exc})")) from exc
        if "tiles" not in names:
            self._conn.close()
            raise NotMBTiles(Text(f"不是 MBTiles 底图文件（没有 tiles 表）：{self.path}",
                                  f"not an MBTiles base map (no tiles table): {self.path}"))
        self.metadata = {str(k): str(v) for k, v in metadata.items()}
        self.info = self._info()

    def _info(self) -> TileSetInfo:
        m = self.metadata
        zooms = self._conn.execute(
            "SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        min_zoom = _int(m.get("minzoom"), zooms[0] if zooms[0] is not None else 0)
        max_zoom = _int(m.get("maxzoom"), zooms[1] if zooms[1] is not None else 18)
        return TileSetInfo(m.get("name", self.path.stem), m.get("format", "png").lower(),
                           min_zoom, max_zoom, _floats(m.get("bounds"), 4),  # type: ignore[arg-type]
                           _center(m.get("center")), datum_of(m))

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The image bytes of XYZ tile (z, x, y), or None where the file has none."""
        if z < 0 or not (0 <= x < (1 << z) and 0 <= y < (1 << z)):
            return None
        row = self._conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
            "AND tile_row = ?", (z, x, tms_row(z, y))).fetchone()
        return bytes(row[0]) if row is not None and row[0] is not None else None

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> MBTiles:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _int(value: str | None, default: int) -> int:
    try:
        return int(float(value)) if value not in (None, "") else int(default)
    except ValueError:
        return int(default)


def _floats(value: str | None, n: int) -> tuple[float, ...] | None:
    try:
        parts = tuple(float(v) for v in (value or "").split(","))
    except ValueError:
        return None
    return parts if len(parts) == n else None


def _center(value: str | None) -> tuple[float, float, int] | None:
    parts = _floats(value, 3)
    if parts is None:
        two = _floats(value, 2)
        return (two[0], two[1], 12) if two else None
    return parts[0], parts[1], int(parts[2])


def write_mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes],
                  metadata: dict[str, str]) -> None:
    """Write a small MBTiles file (tests, demo base maps): `tiles` keyed by XYZ (z, x, y)."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
            conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                         "tile_row INTEGER, tile_data BLOB)")
            conn.execute("CREATE UNIQUE INDEX tile_index ON tiles "
                         "(zoom_level, tile_column, tile_row)")
            conn.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(metadata.items()))
            conn.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                             [(z, x, tms_row(z, y), data) for (z, x, y), data in tiles.items()])
    finally:
        conn.close()
