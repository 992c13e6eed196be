"""The map page: sites from the database over an MBTiles base map made here, in its datum,
coloured by status, clustered when zoomed out; a click on a site lists its cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt

from app.map.cluster import CLOSED, OPEN, OVERDUE
from app.map.projection import GCJ02, WGS84, project_site
from app.ui.map.map_page import MapPage
from app.ui.map.map_view import STATUS_COLOURS, Marker
from app.ui.settings import Settings
from tests.helpers.case_pages import AS_OF, PagesWorld, beijing_mbtiles, make_pages_world

pytestmark = pytest.mark.gui
TILE_COLOUR = (200, 230, 255)


@pytest.fixture
def pages(tmp_path: Path) -> PagesWorld:
    return make_pages_world(tmp_path / "map.db")


def shown_map(qtbot: Any, pages: PagesWorld, tmp_path: Path) -> MapPage:
    page = MapPage(pages.path, "en", "王建国", Settings(tmp_path / "settings.ini"), as_of=AS_OF)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitUntil(lambda: len(page.sites) == 3 and bool(page.view.markers), timeout=15000)
    return page


def marker_of(page: MapPage, site_id: str) -> Marker:
    (marker,) = [m for m in page.view.markers if m.cluster.keys == (site_id,)]
    return marker


def test_sites_over_a_base_map_and_a_click(qtbot: Any, pages: PagesWorld,
                                           tmp_path: Path) -> None:
    page = shown_map(qtbot, pages, tmp_path)
    assert page.load_base_map(beijing_mbtiles(tmp_path / "beijing.mbtiles", TILE_COLOUR))
    assert page.base_info is not None and page.base_info.datum == GCJ02
    qtbot.waitUntil(lambda: page.shown_datum == GCJ02, timeout=15000)
    # Close in, every site is a marker of its own, at its GCJ-02 place, in its status colour.
    xing = pages.shops["兴隆小吃"]
    site = page.sites[xing]
    x, y = project_site(site.lat, site.lon, GCJ02)
    places = [project_site(s.lat, s.lon, GCJ02) for s in page.sites.values()]
    centre = QPointF(sum(p[0] for p in places) / 3, sum(p[1] for p in places) / 3)
    page.view.set_zoom(14, centre)
    page.view.refresh_markers()
    marker = marker_of(page, xing)
    assert (marker.pos().x(), marker.pos().y()) == pytest.approx((x, y))
    statuses = {page.sites[k].name: m.cluster.status for m in page.view.markers
                for k in m.cluster.keys}
    assert statuses == {"兴隆小吃": OVERDUE, "晨光便利店": OPEN, "东四杂货": CLOSED}
    # The base map's tiles are read in the background and drawn under the sites.
    qtbot.waitUntil(lambda: page.view.tiles is not None and page.view.tiles.loaded > 0,
                    timeout=10000)
    page.view.viewport().repaint()
    image = page.view.grab().toImage()
    # A spot of the base map away from every marker: the tile's own colour.
    spots = [page.view.mapFromScene(QPointF(*project_site(39.93, 116.44, WGS84)) + QPointF(
        dx, 0) / (1 << 14)) for dx in range(0, 200, 10)]
    free = next(p for p in spots if page.view.marker_at(QPointF(p)) is None)
    colour = image.pixelColor(free.x(), free.y())
    assert (colour.red(), colour.green(), colour.blue()) == TILE_COLOUR
    at = page.view.mapFromScene(marker.pos())
    dot = image.pixelColor(at.x(), at.y())
    assert dot.name() == STATUS_COLOURS[OVERDUE].name()
    # A click on the site lists its cases, the overdue one first, and opens it.
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: page.cases.model.rowCount() == 1 and page.cases.detail is not None,
                    timeout=10000)
    assert page.clicked_sites == [xing]
    assert page.cases.model.case_row(0).case.id == pages.overdue.id
    assert page.cases.detail.row.overdue_days == 12


def test_zoomed_out_sites_cluster(qtbot: Any, pages: PagesWorld, tmp_path: Path) -> None:
    page = shown_map(qtbot, pages, tmp_path)
    assert page.current_datum() == WGS84  # no base map: drawn as stored
    page.view.set_zoom(9)
    page.view.refresh_markers()
    (cluster,) = page.view.markers
    assert cluster.cluster.count == 3 and cluster.cluster.status == OVERDUE
    # A click on a cluster of a few sites lists all their cases.
    at = page.view.mapFromScene(cluster.pos())
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: page.cases.model.rowCount() == 4, timeout=10000)
    # The datum chosen by hand moves the sites.
    before = cluster.pos()
    page.datum.setCurrentIndex(page.datum.findData(GCJ02))
    qtbot.waitUntil(lambda: page.shown_datum == GCJ02, timeout=10000)
    page.view.refresh_markers()
    assert page.view.markers[0].pos() != before


def test_a_file_that_is_not_a_base_map(qtbot: Any, pages: PagesWorld, tmp_path: Path) -> None:
    page = shown_map(qtbot, pages, tmp_path)
    junk = tmp_path / "junk.mbtiles"
    junk.write_bytes(b"junk" * 500)
    assert not page.load_base_map(junk)
    assert "MBTiles" in page.note.text() and page.base_map is None
