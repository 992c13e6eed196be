"""MBTiles: tiles read by XYZ address from TMS rows, metadata, the datum, refusals."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from app.map.mbtiles import MBTiles, NotMBTiles, datum_of, tms_row, write_mbtiles
from app.map.projection import GCJ02, WGS84


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, "PNG")
    return out.getvalue()


def test_rows_are_flipped(tmp_path: Path) -> None:
    path = tmp_path / "base.mbtiles"
    north, south = png((255, 0, 0)), png((0, 0, 255))
    # Written directly in TMS: at zoom 1 row 1 is the northern half.
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                     "tile_row INTEGER, tile_data BLOB)")
        conn.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                         [(1, 0, 1, north), (1, 0, 0, south)])
        conn.executemany("INSERT INTO metadata VALUES (?, ?)",
                         [("name", "test"), ("format", "png")])
    conn.close()
    with MBTiles(path) as tiles:
        assert tiles.tile(1, 0, 0) == north  # XYZ row 0 is the north
        assert tiles.tile(1, 0, 1) == south
        assert tiles.tile(1, 1, 0) is None
        assert tiles.tile(1, 2, 0) is None and tiles.tile(-1, 0, 0) is None
        assert (tiles.info.min_zoom, tiles.info.max_zoom) == (1, 1)
        assert tiles.info.datum is None
    assert tms_row(1, 0) == 1 and tms_row(3, 2) == 5 and tms_row(3, tms_row(3, 2)) == 2


def test_written_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "beijing.mbtiles"
    tile = png((10, 200, 10))
    write_mbtiles(path, {(10, 843, 388): tile},
                  {"name": "北京", "format": "png", "minzoom": "10", "maxzoom": "12",
                   "bounds": "116.0,39.6,116.8,40.2", "center": "116.4,39.9,11",
                   "datum": "GCJ-02"})
    with MBTiles(path) as tiles:
        assert tiles.tile(10, 843, 388) == tile
        info = tiles.info
        assert (info.name, info.format, info.min_zoom, info.max_zoom) == ("北京", "png", 10, 12)
        assert info.bounds == (116.0, 39.6, 116.8, 40.2)
        assert info.center == (116.4, 39.9, 11)
        assert info.datum == GCJ02


def test_datum_names() -> None:
    assert datum_of({"datum": "gcj02"}) == GCJ02
    assert datum_of({"crs": "GCJ-02 (火星坐标)"}) == GCJ02
    assert datum_of({"crs": "EPSG:3857"}) == WGS84
    assert datum_of({"coordinate_system": "WGS-84"}) == WGS84
    assert datum_of({"name": "x"}) is None


def test_refusals(tmp_path: Path) -> None:
    with pytest.raises(NotMBTiles, match="找不到底图文件"):
        MBTiles(tmp_path / "missing.mbtiles")
    junk = tmp_path / "junk.mbtiles"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(NotMBTiles, match="不是 MBTiles"):
        MBTiles(junk)
    other = tmp_path / "other.mbtiles"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(NotMBTiles, match="tiles"):
        MBTiles(other)
