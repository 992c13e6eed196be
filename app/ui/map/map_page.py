"""The 地图 page: sites by status over an optional MBTiles base map (offline), clustered when
zoomed out; a click on a site lists its cases beside the map.

Sites are stored in WGS-84 and drawn in the base map's datum: the file's `datum` metadata, or
the choice made here (GCJ-02 for Chinese tiles). The sites are read, projected and clustered
in the background (run_task); the view only asks the index for the cells on screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.map.cluster import CLOSED, NONE, OPEN, OVERDUE, ClusterIndex, MapPoint
from app.map.mbtiles import MBTiles, TileSetInfo
from app.map.projection import GCJ02, WGS84, project, project_site, to_datum
from app.map.sites import MapSite, map_sites
from app.store.cases import list_cases
from app.ui import settings as s
from app.ui.ledger.case_panel import CasePanel
from app.ui.ledger.case_rows import CaseRow, case_rows
from app.ui.map.map_view import STATUS_COLOURS, MapView
from app.ui.operations import Changes, hub_for, user_message
from app.ui.photos.guard import alive
from app.ui.tasks import TaskContext, TaskHandle, run_task

BASE_MAP: s.Setting[str] = s.Setting("map/base_map", "")
DATUM: s.Setting[str] = s.Setting("map/datum", "")  # "" = as the file says, else WGS-84

AUTO = ""


def load_sites(ctx: TaskContext, as_of: date, datum: str) -> tuple[dict[str, MapSite],
                                                                   ClusterIndex]:
    """Background job: the located sites, projected into the datum and clustered."""
    db = ctx.open_database()
    try:
        sites = map_sites(db, as_of)
    finally:
        db.close()
    points = [MapPoint(site.id, *project_site(site.lat, site.lon, datum), site.status)
              for site in sites]
    return {site.id: site for site in sites}, ClusterIndex(points)


def site_cases(ctx: TaskContext, site_ids: list[str], as_of: date) -> list[CaseRow]:
    """Background job: the cases of the sites clicked, open ones first."""
    db = ctx.open_database()
    try:
        cases = [c for site_id in site_ids for c in list_cases(db, site_id=site_id)]
        cases.sort(key=lambda c: (not c.is_open, not c.is_overdue(as_of), c.deadline or ""))
        return case_rows(db, cases, as_of)
    finally:
        db.close()


def base_map_info(path: Path) -> TileSetInfo:
    with MBTiles(path) as tiles:
        return tiles.info


class MapPage(QWidget):
    """The map, its base map and datum, and the cases of the site clicked."""

    def __init__(self, db_path: Path, lang: str, actor: str,
                 settings: s.Settings | None = None, parent: QWidget | None = None,
                 as_of: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map-page")
        self.db_path = db_path
        self.lang = lang
        self.actor = actor
        self.settings = settings
        self.as_of = as_of
        self.sites: dict[str, MapSite] = {}
        self.base_map: Path | None = None
        self.base_info: TileSetInfo | None = None
        self.clicked_sites: list[str] = []
        self.shown_datum: str | None = None  # the datum of the sites drawn now
        self._dirty = True
        self._fitted = False
        self._generation = 0
        self._task: TaskHandle | None = None
        self._cases_task: TaskHandle | None = None
        self._build()
        self._connect_signals()
        stored = settings.get(BASE_MAP) if settings is not None else ""
        if stored and Path(stored).is_file():
            self.load_base_map(Path(stored), remember=False)

    def title(self) -> str:
        return self.tr("Map")

    def today(self) -> date:
        return self.as_of or clock.beijing_today()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.base_button = QPushButton(self.tr("Load base map (MBTiles)…"), self)
        self.base_button.setObjectName("map-load-base")
        self.datum = QComboBox(self)
        self.datum.setObjectName("map-datum")
        self.datum.addItem(self.tr("Datum: as the base map says"), AUTO)
        self.datum.addItem(self.tr("Datum: WGS-84 (GPS, OpenStreetMap)"), WGS84)
        self.datum.addItem(self.tr("Datum: GCJ-02 (Chinese maps)"), GCJ02)
        if self.settings is not None:
            self.datum.setCurrentIndex(max(0, self.datum.findData(self.settings.get(DATUM))))
        self.zoom_in = QPushButton("+", self)
        self.zoom_in.setObjectName("map-zoom-in")
        self.zoom_out = QPushButton("−", self)
        self.zoom_out.setObjectName("map-zoom-out")
        self.fit_button = QPushButton(self.tr("All sites"), self)
        self.fit_button.setObjectName("map-fit")
        for button in (self.zoom_in, self.zoom_out):
            button.setFixedWidth(32)
        bar.addWidget(self.base_button)
        bar.addWidget(self.datum)
        bar.addWidget(self.zoom_in)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.fit_button)
        bar.addSpacing(12)
        for status, text in ((OVERDUE, self.tr("overdue")), (OPEN, self.tr("open case")),
                             (CLOSED, self.tr("closed")), (NONE, self.tr("no case"))):
            swatch = QLabel("●", self)
            swatch.setStyleSheet(f"color: {STATUS_COLOURS[status].name()}; font-size: 14pt;")
            bar.addWidget(swatch)
            bar.addWidget(QLabel(text, self))
        bar.addStretch(1)
        layout.addLayout(bar)
        splitter = QSplitter(self)
        self.view = MapView(splitter)
        self.cases = CasePanel(self.db_path, self.lang, self.actor, splitter, as_of=self.as_of)
        self.cases.title.setText(self.tr("Click a site to list its cases."))
        splitter.addWidget(self.view)
        splitter.addWidget(self.cases)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.note = QLabel(self)
        self.note.setObjectName("map-note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

    def _connect_signals(self) -> None:
        self.base_button.clicked.connect(self.on_choose_base_map)
        self.datum.currentIndexChanged.connect(self.on_datum_changed)
        self.zoom_in.clicked.connect(lambda: self.view.zoom_by(1))
        self.zoom_out.clicked.connect(lambda: self.view.zoom_by(-1))
        self.fit_button.clicked.connect(self.fit_sites)
        self.view.sites_clicked.connect(self.on_sites_clicked)
        self.cases.case_changed.connect(lambda _id: self.refresh())
        hub_for(self, self.db_path).changed.connect(self.on_data_changed)

    # ---- datum and base map ----------------------------------------------------------------

    def current_datum(self) -> str:
        """The datum sites are drawn in: the choice, else what the base map says, else WGS-84."""
        chosen = self.datum.currentData() or AUTO
        if chosen != AUTO:
            return str(chosen)
        if self.base_info is not None and self.base_info.datum:
            return self.base_info.datum
        return WGS84

    def on_choose_base_map(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Load base map"), "", self.tr("MBTiles base maps (*.mbtiles);;"
                                                        "All files (*)"))
        if path:
            self.load_base_map(Path(path))

    def load_base_map(self, path: Path, remember: bool = True) -> bool:
        """Use an MBTiles file as the base map (read in the background, tile by tile)."""
        try:
            info = base_map_info(path)  # the metadata table only: a few rows
        except Exception as exc:  # NotMBTiles and file errors alike: say why, keep the map
            self.note.setText(self.tr("Base map not loaded: %1").replace(
                "%1", user_message(exc, self.lang)))
            return False
        before = self.current_datum()
        self.base_map, self.base_info = path, info
        self.view.set_base_map(path, info.min_zoom, info.max_zoom)
        if remember and self.settings is not None:
            self.settings.set(BASE_MAP, str(path))
        self._say_base_map()
        if self.current_datum() != before:
            self.refresh()
        elif not self.sites and info.center is not None:
            lon, lat, zoom = info.center
            x, y = project(*to_datum(lat, lon, WGS84))
            self.view.set_zoom(zoom, QPointF(x, y))
        return True

    def _say_base_map(self) -> None:
        datum = {WGS84: "WGS-84", GCJ02: "GCJ-02"}[self.current_datum()]
        if self.base_info is None:
            text = self.tr("No base map: sites on a plain background (%1).").replace("%1", datum)
        else:
            text = self.tr("Base map: %1 (zoom %2–%3), sites drawn in %4.").replace(
                "%1", self.base_info.name).replace("%2", str(self.base_info.min_zoom)).replace(
                "%3", str(self.base_info.max_zoom)).replace("%4", datum)
        self.note.setText(text + " " + self.tr("%n site(s) on the map.", "", len(self.sites)))

    def on_datum_changed(self) -> None:
        if self.settings is not None:
            self.settings.set(DATUM, self.datum.currentData() or AUTO)
        self.refresh()

    # ---- sites ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def on_data_changed(self, changes: Changes) -> None:
        if changes.inspections or changes.sites:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        """Read, project and cluster the sites in the background."""
        self._dirty = False
        self._generation += 1
        generation, as_of, datum = self._generation, self.today(), self.current_datum()
        self._task = run_task(lambda ctx: load_sites(ctx, as_of, datum), db_path=self.db_path,
                              on_result=alive(self, lambda result: self.on_sites(generation, datum,
                                                                                  result)),
                              on_error=alive(self, self.on_failed))

    def on_sites(self, generation: int, datum: str,
                 result: tuple[dict[str, MapSite], ClusterIndex]) -> None:
        if generation != self._generation:
            return
        self.shown_datum = datum
        self.sites, index = result
        self.view.set_index(index)
        if not self._fitted and index.bounds() is not None:
            self._fitted = True
            self.fit_sites()
        self._say_base_map()

    def on_failed(self, error: BaseException) -> None:
        self.note.setText(self.tr("Could not read the sites: %1").replace(
            "%1", user_message(error, self.lang)))

    def fit_sites(self) -> None:
        index = self.view.index
        bounds = index.bounds() if index is not None else None
        if bounds is not None:
            self.view.show_rect(bounds)

    # ---- a click --------------------------------------------------------------------------

    def on_sites_clicked(self, site_ids: list[str]) -> None:
        """List the cases of the sites under the marker clicked."""
        self.clicked_sites = list(site_ids)
        names = [self.sites[i].name for i in site_ids if i in self.sites]
        title = "<b>" + "、".join(names[:3]) + ("…" if len(names) > 3 else "") + "</b>"
        as_of = self.today()
        self.cases.title.setText(self.tr("Listing the cases…"))
        shown = alive(self, lambda rows: self.on_site_cases(title, rows))
        self._cases_task = run_task(lambda ctx: site_cases(ctx, site_ids, as_of),
                                    db_path=self.db_path, on_result=shown,
                                    on_error=alive(self, self.on_failed))

    def on_site_cases(self, title: str, rows: list[CaseRow]) -> None:
        self.cases.set_rows(rows, title + " — " + self.tr("%n case(s)", "", len(rows)))


