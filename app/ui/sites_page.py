"""The sites list: search by name, address or credit code (Chinese works), filter by district;
double-click starts an inspection there; 查看/修改场所… opens the site's page
(app/ui/site_page.py) to view and edit it with its inspections; 疑似重复（N） lists the likely
duplicate sites to compare and merge (app/ui/site_duplicates_dialog.py, issue 11.7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.divisions import districts, get_division
from app.store.sites import search_sites

if TYPE_CHECKING:
    import sqlite_utils

SEARCH_LIMIT = 200
SEARCH_PAUSE_MS = 250

Index = QModelIndex | QPersistentModelIndex


class SiteListModel(QAbstractTableModel):
    """The sites `search_sites` returns for the current text and district."""

    def __init__(self, db: sqlite_utils.Database, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self._sites: list[Any] = []
        self._headers = [self.tr("Site name"), self.tr("Address"), self.tr("District"),
                         self.tr("Credit code")]

    def search(self, text: str, district_code: str | None) -> None:
        """Run the search and show its results."""

        self.beginResetModel()
        self._sites = list(search_sites(self.db, text, district_code=district_code or None,
                                        limit=SEARCH_LIMIT))
        self.endResetModel()

    def site(self, row: int) -> Any:
        return self._sites[row] if 0 <= row < len(self._sites) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sites)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        site = self.site(index.row())
        if site is None:
            return None
        column = index.column()
        if column == 0:
            return site.name
        if column == 1:
            return site.address
        if column == 2:
            return district_name(site.district_code)
        if column == 3:
            code = site.credit_code or ""
            if code and getattr(site, "credit_code_check", "ok") not in (None, "ok"):
                return f"{code} ⚠"
            return code
        return None


def district_name(code: str | None) -> str:
    """The district's Chinese name (division names are official Chinese names)."""
    if not code:
        return ""

    division = get_division(code)
    return division.name if division is not None else code


class SitesPage(QWidget):
    """Search field, district filter and the sites table; double-click starts an inspection,
    the open button shows the site's page."""

    new_inspection_requested = Signal(str)  # site id
    inspection_requested = Signal(str)  # inspection id, from a site's history

    def __init__(self, db: sqlite_utils.Database, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sites-page")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("sites-search")
        self.search_edit.setPlaceholderText(self.tr("Search name, address or credit code…"))
        self.search_edit.setClearButtonEnabled(True)
        self.district = QComboBox(self)
        self.district.setObjectName("sites-district")
        self.district.addItem(self.tr("All districts"), "")
        self.inspect_button = QPushButton(self.tr("New inspection here…"), self)
        self.inspect_button.setObjectName("sites-inspect")
        self.open_button = QPushButton(self.tr("View / edit site…"), self)
        self.open_button.setObjectName("sites-open")
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.district)
        self.duplicates_button = QPushButton(self)
        self.duplicates_button.setObjectName("sites-duplicates")
        self.duplicates_button.setToolTip(self.tr(
            "Sites that look like one place: the same credit code, the same address, or "
            "within 30 m with a similar name"))
        bar.addWidget(self.open_button)
        bar.addWidget(self.inspect_button)
        bar.addWidget(self.duplicates_button)
        self.db = db
        self.lang = lang
        self.site_page: Any = None  # the open site's page (one at a time)
        self.duplicates_dialog: Any = None  # the likely duplicates (one at a time)
        self.duplicate_count = 0
        layout.addLayout(bar)
        self.model = SiteListModel(db, lang, self)
        self.table = QTableView(self)
        self.table.setObjectName("sites-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((260, 420, 90)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("sites-count")
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._searched = False
        self._connect_signals()
        # The districts and the first search wait until the page is first shown (or refreshed):
        # the window starts on the inspections tab, and this one costs start-up time unseen.

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._searched:
            self.refresh()

    def fill_districts(self) -> None:
        """Add the 16 districts to the district filter (once)."""

        if self.district.count() > 1:
            return
        self.district.blockSignals(True)
        for division in districts():
            self.district.addItem(division.name, division.code[:6])
        self.district.blockSignals(False)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self.search)
        self._timer.timeout.connect(self.search)
        self.district.currentIndexChanged.connect(self.search)
        self.table.doubleClicked.connect(self.on_site_activated)
        self.inspect_button.clicked.connect(self.on_inspect_clicked)
        self.open_button.clicked.connect(self.on_open_clicked)
        self.duplicates_button.clicked.connect(self.open_duplicates)

    def refresh(self) -> None:
        """The data changed (or the page is first shown): search again and count the likely
        duplicate sites."""
        self.search()
        self.count_duplicates()

    def count_duplicates(self) -> None:
        """Count the likely duplicates in the background: comparing every site takes seconds
        on a city's 100,000 sites, and the window must not wait for it."""
        from app.output_guard import database_file
        from app.ui.tasks import run_task

        path = database_file(self.db)
        if path is None:
            return

        def job(ctx: Any) -> int:
            from app.store.site_duplicates import find_duplicates

            db = ctx.open_database()
            try:
                return len(find_duplicates(db))
            finally:
                db.close()

        run_task(job, db_path=path, on_result=self._on_duplicates_counted)

    def _on_duplicates_counted(self, count: int) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return  # the page went away while counting
        self.duplicate_count = count
        self.duplicates_button.setText(
            self.tr("Likely duplicates (%1)").replace("%1", str(count)))
        if self.duplicates_dialog is not None:
            self.duplicates_dialog.refresh()

    def search(self) -> None:
        """Search again with the current text and district."""
        self._timer.stop()
        self.fill_districts()
        self._searched = True
        self.model.search(self.search_edit.text().strip(), self.district.currentData())
        count = self.model.rowCount()
        text = self.tr("%n site(s) found", "", count)
        if count >= SEARCH_LIMIT:
            text += " " + self.tr("(showing the first %1: refine the search)").replace(
                "%1", str(SEARCH_LIMIT))
        self.count_label.setText(text)

    def on_open_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_site_at(rows[0])

    def open_site_at(self, index: QModelIndex) -> None:
        site = self.model.site(index.row())
        if site is not None:
            self.open_site(str(site.id))

    def open_site(self, site_id: str) -> Any:
        """Show the site's page (view, edit, its inspections); returns it."""
        from app.output_guard import database_file
        from app.ui.site_page import SitePage

        if self.site_page is not None:
            self.site_page.close()
        page = SitePage(self.db, site_id, self.lang, self._actor(), database_file(self.db),
                        self)
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page.inspection_requested.connect(self.on_inspection_requested)
        page.new_inspection_requested.connect(self.on_new_inspection_from_page)
        page.saved.connect(lambda _site: self.refresh())
        page.destroyed.connect(lambda *_: setattr(self, "site_page", None))
        self.site_page = page
        page.show()
        return page

    def open_duplicates(self) -> Any:
        """Show the likely duplicate sites to compare and merge; returns the dialog."""
        from app.output_guard import database_file
        from app.ui.site_duplicates_dialog import SiteDuplicatesDialog

        if self.duplicates_dialog is not None:
            self.duplicates_dialog.raise_()
            self.duplicates_dialog.activateWindow()
            return self.duplicates_dialog
        dialog = SiteDuplicatesDialog(self.db, self.lang, self._actor(), database_file(self.db),
                                      self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(lambda *_: self.refresh())
        dialog.destroyed.connect(lambda *_: setattr(self, "duplicates_dialog", None))
        self.duplicates_dialog = dialog
        dialog.show()
        return dialog

    def on_inspection_requested(self, inspection_id: str) -> None:
        """Open an inspection of a site's history: the window's open_inspection, else whoever
        listens to inspection_requested (a page shown on its own)."""
        window = self.window()
        opener = getattr(window, "open_inspection", None)
        if callable(opener):
            if self.site_page is not None:
                self.site_page.close()
            opener(inspection_id)
            return
        self.inspection_requested.emit(inspection_id)

    def on_new_inspection_from_page(self, site_id: str) -> None:
        if self.site_page is not None:
            self.site_page.close()
        self.new_inspection_requested.emit(site_id)

    def _actor(self) -> str:
        """Who the audit log names: the window's inspector, else this database's profile."""
        actor = getattr(self.window(), "actor", None)
        if callable(actor):
            return str(actor())
        from app.store.profile import get_profile

        profile = get_profile(self.db)
        return (profile.inspector_name if profile is not None else "") or \
            self.tr("(unnamed inspector)")

    def on_site_activated(self, index: QModelIndex) -> None:
        site = self.model.site(index.row())
        if site is not None:
            self.new_inspection_requested.emit(str(site.id))

    def on_inspect_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.on_site_activated(rows[0])
