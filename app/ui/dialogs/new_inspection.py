"""Starting an inspection: pick the checklist, then find the site or create a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.output_guard import database_file
from app.store.checklists import current_checklists
from app.store.inspections import remembered_second_officer
from app.store.sites import SiteDraft, create_site, get_site, search_sites
from app.ui.dialogs.site_dialog import SiteDialog

if TYPE_CHECKING:
    import sqlite_utils

    from app.store.profile import Profile

SITE_ROLE = Qt.ItemDataRole.UserRole


class NewInspectionDialog(QDialog):
    """`chosen()` gives (form id, site id) once accepted."""

    def __init__(self, db: sqlite_utils.Database, lang: str, profile: Profile, actor: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)

        self.db = db
        self.lang = lang
        self.profile = profile
        self.actor = actor
        self.setWindowTitle(self.tr("New inspection"))
        self.setObjectName("new-inspection-dialog")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.checklist = QComboBox(self)
        self.checklist.setObjectName("new-checklist")
        for checklist in current_checklists(db):
            self.checklist.addItem(checklist.title.get(lang), checklist.id)
        form.addRow(self.tr("Checklist"), self.checklist)
        search_row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("new-site-search")
        self.search.setPlaceholderText(self.tr("Search name, address or credit code…"))
        self.search.setClearButtonEnabled(True)
        self.new_site_button = QPushButton(self.tr("New site…"), self)
        self.new_site_button.setObjectName("new-site")
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.new_site_button)
        form.addRow(self.tr("Site"), search_row)
        # 行政处罚法 第四十二条: an inspection is made by at least two officers; the record
        # prints both. Prefilled with the one named last on this device.
        name, badge = remembered_second_officer(db)
        officer_row = QHBoxLayout()
        self.second_name = QLineEdit(name, self)
        self.second_name.setObjectName("new-second-officer")
        self.second_name.setPlaceholderText(self.tr("Name"))
        self.second_badge = QLineEdit(badge, self)
        self.second_badge.setObjectName("new-second-badge")
        self.second_badge.setPlaceholderText(self.tr("Badge number"))
        officer_row.addWidget(self.second_name, 1)
        officer_row.addWidget(self.second_badge, 1)
        form.addRow(self.tr("Second officer"), officer_row)
        layout.addLayout(form)
        self.sites = QListWidget(self)
        self.sites.setObjectName("new-site-list")
        self.sites.setAlternatingRowColors(True)
        self.sites.setSpacing(1)
        layout.addWidget(self.sites, 1)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("color:#555;")
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Start inspection"))
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self.resize(640, 520)
        self._connect_signals()
        self.on_search()

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self._timer.timeout.connect(self.on_search)
        self.search.returnPressed.connect(self.on_search)
        self.sites.currentItemChanged.connect(self.on_selection_changed)
        self.sites.itemDoubleClicked.connect(lambda _item: self.on_accept())
        self.new_site_button.clicked.connect(self.on_new_site)
        self.buttons.accepted.connect(self.on_accept)
        self.buttons.rejected.connect(self.reject)

    def on_search(self) -> None:
        """List the sites matching the search text (all recent ones when empty)."""

        self._timer.stop()
        self.sites.clear()
        for site in search_sites(self.db, self.search.text().strip(), limit=100):
            self._add_site(site)
        self.hint.setText(self.tr("%n site(s) found. Not there? Create it with “New site…”.",
                                  "", self.sites.count()))
        self.on_selection_changed()

    def _add_site(self, site: Any) -> QListWidgetItem:
        from app.ui.sites_page import district_name

        title = site.name or site.address
        district = district_name(site.district_code)
        where = site.address if site.address.startswith(district) else (
            f"{district} · {site.address}")
        entry = QListWidgetItem(f"{title}\n{where}")
        entry.setData(SITE_ROLE, site.id)
        self.sites.addItem(entry)
        return entry

    def select_site(self, site_id: str) -> None:
        """Preselect a site (started from the sites list)."""

        for row in range(self.sites.count()):
            if self.sites.item(row).data(SITE_ROLE) == site_id:
                self.sites.setCurrentRow(row)
                return
        self.sites.setCurrentItem(self._add_site(get_site(self.db, site_id)))

    def on_selection_changed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.sites.currentItem() is not None and self.checklist.count() > 0)

    def on_new_site(self) -> None:
        dialog = SiteDialog(self.lang, self.profile.district_code, self)
        dialog.accepted.connect(lambda: self.on_site_created(dialog))
        self.site_dialog = dialog
        dialog.open()

    def on_site_created(self, dialog: SiteDialog) -> None:
        """Save the new site on the window's writer, then select it."""
        from app.ui.operations import Changes, Operation, hub_for, user_message

        draft, actor = SiteDraft(**dialog.site_fields()), self.actor

        def created(site: Any) -> None:
            self.sites.setCurrentItem(self._add_site(site))

        def failed(error: BaseException) -> None:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Site not saved"),
                              user_message(error, self.lang), QMessageBox.StandardButton.Ok,
                              self)
            self.site_error = box
            box.open()

        Operation(hub_for(self, database_file(self.db)), lambda db: create_site(db, draft, actor),
                  lambda site: Changes(sites=True, site_ids=frozenset({site.id})), self) \
            .success(created).failure(failed).run()

    def on_accept(self) -> None:
        if self.sites.currentItem() is not None and self.checklist.count() > 0:
            self.accept()

    def second_officer(self) -> tuple[str, str]:
        """(name, badge number) of the second officer, as typed."""
        return self.second_name.text().strip(), self.second_badge.text().strip()

    def chosen(self) -> tuple[str | None, str | None]:
        """(form id, site id)."""
        entry = self.sites.currentItem()
        return self.checklist.currentData(), (entry.data(SITE_ROLE) if entry else None)
