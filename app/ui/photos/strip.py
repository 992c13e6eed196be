"""PhotoStrip: an inspection's (or one item's) photos as thumbnails with check badges.

Thumbnails are read (and rebuilt if the cache lost them) in the thread pool with the job's own
database connection; the GUI thread only turns finished QImages into icons. Dropping files on
the strip attaches them in the background and emits `photosAttached`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImage,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QWidget,
)

from app.media.detach import remove_photo_use
from app.media.filestore import MediaStore
from app.media.importer import attach_file
from app.media.site_location import locate_site_from_photo, location_candidate
from app.store import photos as repo
from app.store.profile import get_profile
from app.ui.operations import Changes, Operation, hub_for
from app.ui.photos.badges import badge_label, ui_lang
from app.ui.photos.guard import alive
from app.ui.tasks import TaskContext, TaskHandle, run_task

if TYPE_CHECKING:
    import sqlite_utils

ICON = 128
LINK_ROLE = Qt.ItemDataRole.UserRole
SHA_ROLE = Qt.ItemDataRole.UserRole + 1
WARNING_COLOUR = "#b26a00"


def load_strip(ctx: TaskContext, db_path: Path, inspection_id: str, item_id: str | None,
               all_items: bool) -> list[dict[str, Any]]:
    """Background job: the photo uses, their checks and thumbnails (as QImage)."""

    db = ctx.open_database()
    try:
        store = MediaStore.for_database(db_path)
        links = repo.list_inspection_photos(db, inspection_id, item_id, all_items=all_items)
        checks = repo.checks_for_inspection(db, inspection_id)
        rows = []
        for link in links:
            ctx.check_cancelled()
            image = QImage()
            try:
                image.loadFromData(store.thumbnail(link.sha256))
            except Exception:  # a lost original: show the slot without a picture
                image = QImage()
            rows.append({"link": link, "checks": checks.get(link.id, []), "image": image})
        return rows
    finally:
        db.conn.close()


def attach_job(ctx: TaskContext, db_path: Path, inspection_id: str, item_id: str | None,
               paths: list[Path]) -> list[Any]:
    """Background job: attach files (each all-or-nothing) with this thread's connection."""

    db = ctx.open_database()
    try:
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        results = []
        for n, path in enumerate(paths, 1):
            ctx.check_cancelled()
            results.append(attach_file(db, db_path, inspection_id, path, actor, item_id=item_id))
            ctx.progress(n, len(paths), path.name)
        # A photo that could locate a site without a location: proposed, asked on the GUI thread.
        return [results, location_candidate(db, inspection_id)]
    finally:
        db.conn.close()


class PhotoStrip(QListWidget):
    """Thumbnails of an inspection's photos (item_id=None, all_items) or of one photo slot."""

    photosAttached = Signal(list)  # sha256 of each photo attached by a drop or attach_files
    photosRejected = Signal(list)  # one message line per refused file
    photoRemoved = Signal(str)  # sha256 of a photo taken out of the inspection
    loaded = Signal()  # thumbnails shown (after reload)
    attachStarted = Signal(int)  # number of files being attached in the background

    def __init__(self, db_path: Path, inspection_id: str, item_id: str | None = None, *,
                 all_items: bool | None = None, read_only: bool = False, grid: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.inspection_id = inspection_id
        self.item_id = item_id
        self.all_items = item_id is None if all_items is None else all_items
        self.read_only = read_only
        self._tasks: list[TaskHandle] = []
        self.viewer: Any = None  # the PhotoViewer last opened from this strip
        self.warning_count = 0  # photos shown with at least one warning badge
        # On the inspection's page: a short name per photo item, so each photo says its slot.
        self.slot_names: dict[str, str] = {}
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        # A slot's strip is one row that scrolls; the inspection's page wraps into a grid.
        self.setWrapping(grid)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(QSize(ICON, ICON))
        self.setGridSize(QSize(ICON + 48, ICON + 52))
        self.setWordWrap(True)
        self.setMovement(QListView.Movement.Static)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setMinimumHeight(ICON + 64)
        self.set_read_only(read_only)
        self.itemActivated.connect(self.on_item_activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.on_context_menu)
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        """A completed inspection's photos can be viewed, not added to."""
        self.read_only = read_only
        self.setAcceptDrops(not read_only)
        self.viewport().setAcceptDrops(not read_only)
        self.setToolTip(self.tr("Double-click a photo to view it") if read_only else
                        self.tr("Drop photos here to attach them"))

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Reload the photos and thumbnails in the background."""
        # The job gets plain values, never `self`: the widget may be gone before it ends.
        db_path, insp, item, every = self.db_path, self.inspection_id, self.item_id, self.all_items
        self._tasks.append(run_task(
            lambda ctx: load_strip(ctx, db_path, insp, item, every), db_path=db_path,
            on_result=alive(self, self.on_loaded), on_error=alive(self, self.on_error)))

    def on_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.clear()
        lang = ui_lang()
        self.warning_count = 0
        for row in rows:
            link = row["link"]
            warnings = [c for c in row["checks"] if c.severity == "warning"]
            self.warning_count += bool(warnings)
            badges = " · ".join(badge_label(c.code) for c in warnings)
            text = link.caption or self.tr("Photo %n", "", link.position + 1)
            slot = self.slot_names.get(link.item_id or "") if self.all_items else None
            if slot and not link.caption:
                text = f"{slot} · {link.position + 1}"
            item = QListWidgetItem(f"{text}\n⚠ {badges}" if badges else text)
            if warnings:
                item.setForeground(QBrush(QColor(WARNING_COLOUR)))
            if not row["image"].isNull():
                pixmap = QPixmap.fromImage(row["image"])
                icon = QIcon(pixmap)
                # Should a parent be disabled, the evidence still looks like itself, not
                # greyed out.
                icon.addPixmap(pixmap, QIcon.Mode.Disabled)
                item.setIcon(icon)
            item.setData(LINK_ROLE, link.id)
            item.setData(SHA_ROLE, link.sha256)
            item.setToolTip("\n".join(c.text.get(lang) for c in row["checks"]) or link.sha256)
            self.addItem(item)
        self.loaded.emit()

    def on_error(self, exc: BaseException) -> None:
        self.photosRejected.emit([str(exc)])

    def link_ids(self) -> list[str]:
        """The photo uses shown, in order."""
        return [str(self.item(i).data(LINK_ROLE)) for i in range(self.count())]

    # -- attaching ---------------------------------------------------------------------------
    def attach_files(self, paths: list[Path]) -> None:
        """Attach files in the background; emits photosAttached / photosRejected, reloads."""
        if self.read_only or not paths:
            return
        db_path, insp, item = self.db_path, self.inspection_id, self.item_id
        self.attachStarted.emit(len(paths))
        self._tasks.append(run_task(
            lambda ctx: attach_job(ctx, db_path, insp, item, list(paths)), db_path=db_path,
            on_result=alive(self, self.on_attached), on_error=alive(self, self.on_error)))

    def on_attached(self, outcome: list[Any]) -> None:
        results, candidate = outcome
        ok = [r.sha256 for r in results if r.ok]
        if ok:  # committed on the import's own connection: the window's one notice says so
            hub_for(self, self.db_path).notify(
                Changes.of_inspections(self.inspection_id, photos=True, source=self))
        bad = [r.line() for r in results if not r.ok]
        # Attached first: the editor redraws from the database, then says what was refused.
        if ok:
            self.photosAttached.emit(ok)
        if bad:
            self.photosRejected.emit(bad)
        self.reload()
        if candidate is not None:
            self.ask_locate_site(candidate)

    def ask_locate_site(self, candidate: Any) -> None:
        """Ask before a photo's GPS becomes the site's location (never taken silently)."""
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Site location"),
            self.tr("This site has no location yet. A photo was taken inside the site's "
                    "district at %1, %2 (WGS-84). Use it as the site's location?")
            .replace("%1", f"{candidate.lat:.6f}").replace("%2", f"{candidate.lon:.6f}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.locate_site(candidate.site_id, candidate.sha256)

        box.buttonClicked.connect(answered)
        self.locate_box = box
        box.open()

    def locate_site(self, site_id: str, sha256: str) -> None:
        """Set the site's location from the photo (the person said yes), redraw the badges."""
        actor = self.actor

        Operation(hub_for(self, self.db_path),
                  lambda db: locate_site_from_photo(db, site_id, sha256, actor(db)),
                  Changes(sites=True, photos=True, inspections=True,
                          site_ids=frozenset({site_id}), source=self), self) \
            .success(lambda _done: self.reload()).failure(self.on_error).run()

    @staticmethod
    def _local_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.read_only and self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self.read_only and self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._local_files(event)
        if self.read_only or not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.attach_files(files)

    # -- viewer --------------------------------------------------------------------------------
    def on_item_activated(self, item: QListWidgetItem) -> None:
        from app.ui.photos.viewer import PhotoViewer

        viewer = PhotoViewer(self.db_path, self.inspection_id, self.link_ids(), self.row(item),
                             read_only=self.read_only, parent=self)
        viewer.captionChanged.connect(lambda *_: self.reload())
        self.viewer = viewer
        viewer.open()

    # -- removing -------------------------------------------------------------------------------
    def on_context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("View…"), lambda: self.on_item_activated(item))
        remove = menu.addAction(self.tr("Remove from this inspection…"),
                                lambda: self.ask_remove(item))
        remove.setEnabled(not self.read_only)
        self.menu = menu
        menu.popup(self.viewport().mapToGlobal(pos))

    def ask_remove(self, item: QListWidgetItem) -> None:
        """Confirm, then take the photo out of the inspection (and its item's answer)."""
        if self.read_only:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove photo"),
            self.tr("Remove this photo from the inspection? The file itself is kept."))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_link(str(item.data(LINK_ROLE)))

    def remove_link(self, link_id: str) -> None:
        """Remove one photo use (and its hash from the item's answer) on the window's writer;
        the original stays in the store. Emits photoRemoved, reloads."""
        if self.read_only:
            return
        actor = self.actor
        Operation(hub_for(self, self.db_path),
                  lambda db: remove_photo_use(db, link_id, actor(db)).sha256,
                  Changes.of_inspections(self.inspection_id, photos=True, source=self), self) \
            .success(self.on_removed).failure(self.on_error).run()

    @staticmethod
    def actor(db: sqlite_utils.Database) -> str:
        """Who the audit log names (read on the writer, with the change)."""
        profile = get_profile(db)
        return profile.inspector_name if profile else ""

    def on_removed(self, sha256: str) -> None:
        self.photoRemoved.emit(sha256)
        self.reload()
