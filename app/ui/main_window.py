"""The main window: inspections list, sites list, open inspections as tabs, and the actions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.store.checklists import current_checklists, register_shipped_checklists
from app.store.inspection_query import inspector_names
from app.store.inspections import start_inspection
from app.store.profile import Profile, get_profile, save_identity
from app.ui import settings as s
from app.ui.demo_mark import window_title
from app.ui.editor import keys
from app.ui.editor.tab_memory import TabMemory
from app.ui.inspection_filter_bar import InspectionFilterBar, load_choice, save_choice
from app.ui.inspection_list_model import COLUMN_SORT_KEYS, InspectionListModel
from app.ui.ledger.window_pages import WindowLedgerPages
from app.ui.operations import Changes, DataHub, Operation, user_message
from app.ui.photos.window_photos import WindowPhotos
from app.ui.reports.window_reports import WindowReports
from app.ui.review.window_review import WindowReview
from app.ui.sync.window_sync import WindowSync
from app.ui.tasks_page import TasksPanel

if TYPE_CHECKING:
    import sqlite_utils

    from app.ui.editor.inspection_editor import InspectionEditor
    from app.ui.sites_page import SitesPage

FIXED_TABS = 3  # the inspections and sites lists and the summary page cannot be closed


class MainWindow(QMainWindow):
    """Lists on the first two tabs; each open inspection is a tab of its own."""

    language_changed = Signal(str)

    def __init__(self, db: sqlite_utils.Database, db_path: Path, settings: s.Settings, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.db_path = db_path
        self.settings = settings
        self.lang = lang
        # None on a database made by the window itself until the demo data (or the first
        # saved settings, see current_profile) creates this device's profile.
        self.profile: Profile | None = get_profile(db)
        # Every change this window makes runs on this hub's one writer; its `changed` notice
        # is how every view here learns what to redraw (app.ui.operations).
        self.data_hub = DataHub(db_path, self)
        self.setObjectName("main-window")
        self.setWindowTitle(window_title(db))
        self.resize(1280, 800)
        self._lists_dirty = False
        self._demo_task: Any = None
        self._shown = False
        self._build()
        self._connect_signals()
        self.restoreGeometry(settings.get(s.MAIN_GEOMETRY))
        self._update_status()

    # ---- construction -----------------------------------------------------------------

    def _build(self) -> None:
        toolbar = QToolBar(self.tr("Actions"), self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        self.new_action = QAction(self.tr("New inspection…"), self)
        self.new_action.setObjectName("action-new")
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.open_action = QAction(self.tr("Open"), self)
        self.open_action.setObjectName("action-open")
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setObjectName("action-settings")
        for action in (self.new_action, self.open_action, self.refresh_action,
                       self.settings_action):
            toolbar.addAction(action)
        self._build_key_actions()

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main-tabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        page = QWidget(self.tabs)
        layout = QVBoxLayout(page)
        # The checklist names come from parsing their YAML: done in the background (see
        # load_checklist_names) so the window shows at once.
        self.filter_bar = InspectionFilterBar([], self.lang, page)
        choice = load_choice(self.settings)
        self.filter_bar.set_choice(choice)
        layout.addWidget(self.filter_bar)
        self.model = InspectionListModel(self.db, self.lang, page)
        self.model.set_choice(choice)
        column = self.settings.get(s.SORT_COLUMN)
        descending = self.settings.get(s.SORT_DESCENDING)
        self.table = QTableView(page)
        self.table.setObjectName("inspections-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows at once: their reports are exported together (app/ui/reports).
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate(self.model.COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        if column < 0 or COLUMN_SORT_KEYS[column % len(COLUMN_SORT_KEYS)] is None:
            column = self.model.DEFAULT_SORT_COLUMN
        header.setSortIndicator(column, order)
        self.table.setSortingEnabled(True)  # sorts the model by the indicator
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(page)
        self.count_label.setObjectName("inspections-count")
        layout.addWidget(self.count_label)
        self.tabs.addTab(page, self.tr("Inspections"))

        # The sites and summary tabs hold placeholders until first shown or asked for
        # (sites_page, reports.summary_page): the window starts on the inspections list.
        self._sites_page: SitesPage | None = None
        self._sites_placeholder = QWidget(self.tabs)
        self._sites_placeholder.setObjectName("sites-placeholder")
        self.tabs.addTab(self._sites_placeholder, self.tr("Sites"))
        self.reports = WindowReports(self, self.db, self.db_path, self.settings, self.lang,
                                     self.table, self.model)
        toolbar.addAction(self.reports.export_action)
        self.photo_import = WindowPhotos(self)  # 导入照片文件夹… (app/ui/photos)
        toolbar.addAction(self.photo_import.import_action)
        self.sync = WindowSync(self)  # 同步: export, import, conflicts (app/ui/sync)
        toolbar.addAction(self.sync.open_action)
        self.ledger_pages = WindowLedgerPages(self)  # 今日概况, 台账, 地图 (app/ui/ledger)
        toolbar.addActions(self.ledger_pages.actions)
        toolbar.addAction(self.help_action)
        self.tabs.addTab(self.reports.summary_placeholder, self.reports.summary_title())
        for index in range(FIXED_TABS):
            self._remove_close_button(index)
        self.review = WindowReview(self, FIXED_TABS)  # 审核, for a lead or an office (issue 12.8)

        self.who_label = QLabel(self)
        self.who_label.setObjectName("status-who")
        self.statusBar().addWidget(self.who_label, 1)
        self.task_progress = QProgressBar(self)
        self.task_progress.setMaximumWidth(240)
        self.task_progress.hide()
        self.statusBar().addPermanentWidget(self.task_progress)
        # 今日任务: the work an office gave this device (app/ui/tasks_page.py).
        self.tasks_panel = TasksPanel(self.db, self.lang, self.data_hub, self.open_inspection,
                                      self.on_operation_failed, self.actor, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.tasks_panel)
        # The editor tabs and their sections come back after a restart or a crash.
        self.tab_memory = TabMemory(self, self.tabs, self.settings, self.editors,
                                    self.open_inspection)

    def _build_key_actions(self) -> None:
        """Close tab, find, and the 快捷键 page (issue 12.14); tooltips name the keys."""
        self.new_action.setToolTip(keys.with_keys(self.tr("New inspection"), keys.NEW_INSPECTION))
        self.close_tab_action = QAction(self.tr("Close tab"), self)
        self.close_tab_action.setShortcuts(keys.sequences(keys.CLOSE_TAB))
        self.find_action = QAction(self.tr("Find site"), self)
        self.find_action.setShortcuts(keys.sequences(keys.FIND))
        self.addActions([self.close_tab_action, self.find_action])
        self.help_action = QAction(self.tr("Shortcuts"), self)
        self.help_action.setObjectName("action-shortcuts")
        self.help_action.setShortcuts(keys.sequences(keys.HELP))
        self.help_action.setToolTip(keys.with_keys(self.tr("Keyboard shortcuts"), keys.HELP))
        self.close_tab_action.triggered.connect(self.on_close_current_tab)
        self.find_action.triggered.connect(self.on_find)
        self.help_action.triggered.connect(self.on_shortcuts)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            from app.ui.first_paint import after_first_paint

            after_first_paint(self, self.on_first_paint)

    def on_first_paint(self) -> None:
        """What the first screen can do without: done once it is drawn, so it shows sooner."""
        self.filter_bar.fill_districts()
        self.filter_bar.set_inspectors(inspector_names(self.db))
        self.tab_memory.restore()
        # Parsing the checklists runs in a worker, which would compete for the GIL with the paint.
        self.load_checklist_names()

    def _remove_close_button(self, index: int) -> None:
        self.tabs.tabBar().setTabButton(index, self.tabs.tabBar().ButtonPosition.RightSide, None)

    def _form_titles(self) -> list[tuple[str, str]]:
        return [(c.id, c.title.get(self.lang)) for c in current_checklists(self.db)]

    def load_checklist_names(self) -> None:
        """Fill the checklist filter from a worker thread (parsing YAML takes a moment)."""
        from app.ui.checklist_titles import load_checklist_titles

        self._names_task = load_checklist_titles(self.db_path, self.lang,
                                                 self.filter_bar.set_forms)

    def _connect_signals(self) -> None:
        self.new_action.triggered.connect(self.on_new_inspection)
        self.open_action.triggered.connect(self.on_open_selected)
        self.refresh_action.triggered.connect(self.on_refresh)
        self.settings_action.triggered.connect(self.on_settings)
        self.filter_bar.changed.connect(self.on_filter_changed)
        self.table.doubleClicked.connect(self.on_row_activated)
        self.table.activated.connect(self.on_row_activated)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.on_sort_changed)
        self.model.modelReset.connect(self._update_count)
        self.tabs.tabCloseRequested.connect(self.on_tab_close_requested)
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.reports.summary_page_built.connect(self.on_summary_page_built)
        self.data_hub.changed.connect(self.on_data_changed)

    # ---- status -----------------------------------------------------------------------

    def current_profile(self) -> Profile:
        """This device's profile, or a blank field-laptop one before anything is saved (the
        first save makes the device: app.store.profile.save_identity)."""
        return self.profile or Profile(device_id="", role="field", inspector_name="")

    def actor(self) -> str:
        """Who the audit log names for changes made in this window."""
        name = self.profile.inspector_name if self.profile is not None else ""
        return str(name or self.tr("(unnamed inspector)"))

    def _update_status(self) -> None:
        """Who works here and as what (issue 12.16); the database's path in the tooltip."""
        self.who_label.setToolTip(self.tr("Database: %1").replace("%1", str(self.db_path)))
        if self.profile is None:
            self.who_label.setText(self.tr("No profile yet: open Settings"))
            self._update_count()
            return
        p = self.profile
        self.filter_bar.set_me(p.inspector_name)
        who = p.inspector_name or self.tr("(no inspector set: open Settings)")
        roles = {"field": self.tr("Field inspector"), "lead": self.tr("Team lead"),
                 "office": self.tr("Office")}
        parts = [who, roles.get(p.role, p.role), p.badge_no, p.team, p.office_name]
        self.who_label.setText(" · ".join(part for part in parts if part))
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%n inspection(s)", "", self.model.rowCount()))

    # ---- inspections ----------------------------------------------------------------------

    def on_filter_changed(self, choice: Any) -> None:
        save_choice(self.settings, choice)
        self.model.set_choice(choice)

    def on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMN_SORT_KEYS[column] is None:
            # Not sortable: put the indicator back on the column the rows are sorted by.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder
                                    if self.model.is_descending() else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            return
        self.settings.set(s.SORT_COLUMN, column)
        self.settings.set(s.SORT_DESCENDING, order == Qt.SortOrder.DescendingOrder)

    def on_row_activated(self, index: QModelIndex) -> None:
        inspection_id = self.model.inspection_id(index.row())
        if inspection_id:
            self.open_inspection(inspection_id)

    def on_open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.on_row_activated(rows[0])

    def on_refresh(self) -> None:
        self.model.refresh()
        if self._shown:
            self.filter_bar.set_inspectors(inspector_names(self.db))
        if self._sites_page is not None:
            self._sites_page.refresh()
        self._lists_dirty = False

    def on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self._sites_placeholder:
            _ = self.sites_page  # built now, in its placeholder's place
            return
        if widget is self.reports.summary_placeholder:
            _ = self.reports.summary_page  # built now; on_summary_page_built puts it in place
            return
        if index < FIXED_TABS and self._lists_dirty:
            self.on_refresh()

    @property
    def sites_page(self) -> SitesPage:
        """The sites tab's page, built the first time it is shown or asked for."""
        if self._sites_page is None:
            from app.ui.sites_page import SitesPage

            page = SitesPage(self.db, self.lang, self.tabs)
            page.new_inspection_requested.connect(self.on_new_inspection_at_site)
            self._sites_page = page
            self._replace_placeholder(self._sites_placeholder, page, self.tr("Sites"))
        return self._sites_page

    def on_summary_page_built(self, page: QWidget) -> None:
        """Put the summary page, built on first use, in its placeholder's tab."""
        self._replace_placeholder(self.reports.summary_placeholder, page,
                                  self.reports.summary_title())
        page.inspection_requested.connect(self.open_inspection)  # type: ignore[attr-defined]

    def _replace_placeholder(self, placeholder: QWidget, page: QWidget, title: str) -> None:
        index = self.tabs.indexOf(placeholder)
        if index < 0:
            return
        was_current = self.tabs.currentIndex() == index
        self.tabs.insertTab(index, page, title)
        self._remove_close_button(index)
        self.tabs.removeTab(index + 1)
        placeholder.deleteLater()
        if was_current:
            self.tabs.setCurrentIndex(index)

    def on_data_changed(self, changes: Changes) -> None:
        """The one notice after every change: each list redraws what it shows, now if it is
        in view, else when it is next looked at (not on every keystroke in an editor)."""
        if changes.inspections or changes.sites or changes.profile:
            self._lists_dirty = True
            if self.tabs.currentIndex() < FIXED_TABS:
                self.on_refresh()
        if changes.checklists:
            self.filter_bar.set_forms(self._form_titles())
        page = self.reports.built_summary_page()
        if page is not None and (changes.inspections or changes.sites):
            page.on_data_changed(changes)
        if changes.source is not None:
            for editor in self.editors():
                if editor is not changes.source and any(
                        changes.touches_inspection(i) for i in (editor.inspection_id,)):
                    editor.reload_answers_from_store()

    def editors(self) -> list[InspectionEditor]:
        """The open inspections, in tab order (the editor module loads on first use)."""
        editors: list[Any] = []
        for index in range(FIXED_TABS, self.tabs.count()):
            widget = self.tabs.widget(index)
            if widget is not None and widget.objectName() == "inspection-editor":
                editors.append(widget)
        return editors

    def open_inspection_ids(self) -> list[str]:
        return [e.inspection_id for e in self.editors()]

    def restore_open_inspections(self, ids: list[str]) -> None:
        for inspection_id in ids:
            self.open_inspection(inspection_id)

    def open_inspection(self, inspection_id: str) -> InspectionEditor:
        """Show the inspection's tab, opening it if needed."""
        from app.ui.editor.inspection_editor import InspectionEditor

        for editor in self.editors():
            if editor.inspection_id == inspection_id:
                self.tabs.setCurrentWidget(editor)
                return editor
        editor = InspectionEditor(self.db, inspection_id, self.lang, self.actor(), self.tabs,
                                  hub=self.data_hub)
        editor.amendment_opened.connect(self.on_amendment_opened)
        editor.save_failed.connect(self.on_save_failed)
        self.tab_memory.watch(editor)
        self.reports.attach_editor(editor)
        index = self.tabs.addTab(editor, editor.title())
        self.tabs.setTabToolTip(index, editor.title())
        self.tabs.setCurrentIndex(index)
        return editor

    def on_amendment_opened(self, new_id: str) -> None:
        self.open_inspection(new_id)

    def on_save_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Not saved: %1").replace("%1", message), 10000)

    def on_tab_close_requested(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if index < FIXED_TABS or self.review.owns(widget):
            return
        for editor in self.editors():
            if editor is widget:
                editor.flush()
        self.tabs.removeTab(index)
        if widget is not None:
            widget.deleteLater()

    def on_close_current_tab(self) -> None:
        self.on_tab_close_requested(self.tabs.currentIndex())

    def on_find(self) -> None:
        """Ctrl+F: the inspections list, the cursor in its site search."""
        self.tabs.setCurrentIndex(0)
        self.filter_bar.site_text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.site_text.selectAll()

    def on_shortcuts(self) -> None:
        from app.ui.help_dialog import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.open()

    # ---- dialogs --------------------------------------------------------------------------

    def on_new_inspection(self) -> None:
        self._open_new_inspection_dialog(None)

    def on_new_inspection_at_site(self, site_id: str) -> None:
        self._open_new_inspection_dialog(site_id)

    def _open_new_inspection_dialog(self, site_id: str | None) -> None:
        from app.ui.dialogs.new_inspection import NewInspectionDialog

        dialog = NewInspectionDialog(self.db, self.lang, self.current_profile(), self.actor(),
                                     self)
        if site_id:
            dialog.select_site(site_id)
        dialog.accepted.connect(lambda: self.on_new_inspection_accepted(dialog))
        self.new_inspection_dialog = dialog
        dialog.open()

    def on_new_inspection_accepted(self, dialog: Any) -> None:
        form_id, site_id = dialog.chosen()
        if not form_id or not site_id:
            return
        second = dialog.second_officer()
        Operation(self.data_hub,
                  lambda db: str(start_inspection(db, form_id, site_id, get_profile(db),
                                                  second_officer=second).id),
                  lambda new_id: Changes.of_inspections(new_id), self) \
            .success(self.on_inspection_started) \
            .failure(self.on_operation_failed).run()

    def on_inspection_started(self, inspection_id: str) -> None:
        self.open_inspection(inspection_id)

    def on_operation_failed(self, error: BaseException) -> None:
        """A change refused or failed: say it in the user's language; nothing was changed."""
        self.statusBar().showMessage(self.tr("Not saved: %1").replace(
            "%1", user_message(error, self.lang)), 15000)

    def on_settings(self) -> None:
        from app.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.current_profile(), self.lang, self)
        dialog.accepted.connect(lambda: self.on_settings_accepted(dialog))
        self.settings_dialog = dialog
        dialog.open()

    def on_settings_accepted(self, dialog: Any) -> None:
        edited, actor = dialog.profile(), self.actor()
        Operation(self.data_hub, lambda db: save_identity(db, edited, actor),
                  Changes(profile=True), self) \
            .success(self.on_profile_saved).failure(self.on_operation_failed).run()
        if dialog.language() != self.lang:
            # The new window waits for the save on the same hub's writer (see app.ui.app), and
            # takes this one's size and place.
            self.settings.set(s.MAIN_GEOMETRY, self.saveGeometry())
            self.language_changed.emit(dialog.language())

    def on_profile_saved(self, profile: Profile) -> None:
        self.profile = profile
        self.setWindowTitle(window_title(self.db))
        self._update_status()
        self.review.update_role()

    # ---- background work at start ---------------------------------------------------

    def register_shipped_checklists(self) -> None:
        """Register new checklist versions from forms/ without holding up the window."""
        from app.ui.tasks import TaskContext, run_task

        def job(ctx: TaskContext) -> int:
            db = ctx.open_database()
            try:
                return len(register_shipped_checklists(db))
            finally:
                db.close()

        self._forms_task = run_task(job, db_path=self.db_path, on_result=self.on_forms_registered,
                                    on_error=self.on_forms_failed)

    def on_forms_registered(self, _count: int) -> None:
        self.data_hub.notify(Changes(checklists=True))

    def on_forms_failed(self, error: BaseException) -> None:
        # A broken file in forms/ must not stop the program; the message names file and item.
        self.statusBar().showMessage(self.tr("Checklists not loaded: %1").replace(
            "%1", str(error)))


    def fill_with_demo_data(self, inspections: int) -> None:
        """First start: fill the new database in a worker thread; the window stays usable."""
        from app.ui.tasks import TaskContext, run_task

        db_path = self.db_path

        def job(ctx: TaskContext) -> None:
            from app.demo import make_demo

            db = ctx.open_database()
            try:  # real geotagged photos and checks for the newest drafts and completed ones
                make_demo(db, db_path, inspections=inspections, seed=1,
                          progress=lambda done, total: ctx.progress(done, total))
            finally:
                db.close()

        self.task_progress.setFormat(self.tr("Creating demo data… %p%"))
        self.task_progress.show()
        self._demo_task = run_task(job, db_path=self.db_path, on_result=self.on_demo_done,
                                   on_error=self.on_demo_failed, on_progress=self.on_demo_progress)

    def on_demo_progress(self, done: int, total: int, _message: str) -> None:
        self.task_progress.setMaximum(max(total, 1))
        self.task_progress.setValue(done)

    def on_demo_done(self, _result: Any) -> None:
        self.task_progress.hide()
        self.profile = get_profile(self.db) or self.profile
        self.setWindowTitle(window_title(self.db))
        self.filter_bar.set_forms(self._form_titles())
        self.on_refresh()
        self._update_status()
        self.review.update_role()
        self.statusBar().showMessage(self.tr("Demo data created."), 5000)

    def on_demo_failed(self, error: BaseException) -> None:
        self.task_progress.hide()
        self.statusBar().showMessage(self.tr("Demo data failed: %1").replace("%1", str(error)))

    # ---- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in self.editors():
            editor.flush()
        self.data_hub.shutdown()  # what was typed is written before the window goes
        self.settings.set(s.MAIN_GEOMETRY, self.saveGeometry())
        super().closeEvent(event)
