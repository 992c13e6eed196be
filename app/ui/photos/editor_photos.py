"""The inspection editor's photos: each photo item's slot, the inspection's own photo page,
and files dropped anywhere on the editor.

Kept out of the editor module so it stays about answers: `EditorPhotos(editor)` binds the
slots the section views made, adds the "Photos" page after the checklist's sections, and
listens for drops. Every attach runs in the background through the importer (which saves the
item's answer with `set_answer`); when it reports back, the editor re-reads the inspection so
the answers, progress and findings match the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.output_guard import database_file as open_database_file
from app.ui.photos.slot import PhotoSlot, choose_photo_files
from app.ui.photos.strip import PhotoStrip
from app.ui.photos.viewer import PhotoViewer

if TYPE_CHECKING:
    import sqlite_utils

PAGE_ROLE = Qt.ItemDataRole.UserRole


class PhotoHost(Protocol):
    """What the photos need of the editor they live in (app.ui.editor.inspection_editor's
    InspectionEditor). Named here, not imported: the editor imports this module, and the two
    would otherwise import each other."""

    db: Any
    inspection: Any
    checklist: Any
    lang: str
    views: dict[str, Any]
    pages: Any  # the QStackedWidget of sections
    sections: Any  # the QListWidget of section entries
    status_label: Any
    completed: Any  # Signal
    changed: Any  # Signal(str)

    @property
    def read_only(self) -> bool: ...
    @property
    def inspection_id(self) -> str: ...
    def reload_answers_from_store(self) -> None: ...
    def setAcceptDrops(self, on: bool) -> None: ...
    def installEventFilter(self, watcher: Any) -> None: ...
    def findChildren(self, kind: Any) -> Any: ...


def database_file(db: sqlite_utils.Database) -> Path:
    """The file of an open sqlite-utils database (the photos live beside it)."""
    path = open_database_file(db)
    if path is None:
        raise ValueError("照片需要数据库文件，内存数据库不支持 (photos need a database file)")
    return path


def dropped_files(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> list[Path]:
    """Local files carried by a drag (a file manager's URLs)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def short_label(label: str) -> str:
    """An item's label without its explanation in brackets (for a thumbnail caption)."""
    for mark in ("（", "("):
        label = label.split(mark)[0]
    return label.strip()


class InspectionPhotosPage(QWidget):
    """Every photo of the inspection (its own and each item's), as a grid that takes drops."""

    def __init__(self, db_path: Path, inspection_id: str, read_only: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspection-photos")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel(self.tr("Photos of this inspection"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.hint = QLabel(self.tr(
            "All photos: the inspection's own and each item's. Drop photo files anywhere on "
            "the editor to add them to the inspection, or on an item's strip to add them to "
            "that item. Double-click a photo for the large picture, where and when it was "
            "taken."), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555;")
        layout.addWidget(self.hint)
        head = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("inspection-photos-summary")
        self.add_button = QPushButton(self.tr("Add photos…"), self)
        self.add_button.setObjectName("inspection-add-photos")
        head.addWidget(self.summary, 1)
        head.addWidget(self.add_button)
        layout.addLayout(head)
        self.strip = PhotoStrip(db_path, inspection_id, None, all_items=True,
                                read_only=read_only, grid=True, parent=self)
        self.strip.setObjectName("inspection-strip")
        layout.addWidget(self.strip, 1)
        self.add_button.clicked.connect(self.on_add)
        self.strip.loaded.connect(self._show_summary)
        self.strip.attachStarted.connect(self._on_started)
        self.set_read_only(read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setVisible(not read_only)
        self.strip.set_read_only(read_only)

    def on_add(self) -> None:
        self.strip.attach_files(choose_photo_files(self))

    def _on_started(self, count: int) -> None:
        self.summary.setText(self.tr("Attaching %n photo(s)…", "", count))

    def _show_summary(self) -> None:
        warned = self.strip.warning_count
        text = self.tr("%n photo(s)", "", self.strip.count())
        if warned:
            text += " · " + self.tr("%n with warnings", "", warned)
        self.summary.setText(text)


class EditorPhotos(QObject):
    """Wires the photo slots, the photo page and drops into one InspectionEditor."""

    photosChanged = Signal()  # the editor shows the database's state after an attach
    photosRejected = Signal(list)

    def __init__(self, editor: PhotoHost) -> None:
        super().__init__(cast(QObject, editor))  # the editor is a QWidget (its Qt parent)
        self.editor = editor
        self.db_path = database_file(editor.db)
        self.last_rejection: list[str] = []
        self.rejection_box: QMessageBox | None = None
        read_only = editor.read_only
        insp = editor.inspection_id
        self.slots: dict[str, PhotoSlot] = {}
        for view in editor.views.values():
            for item_id, row in view.rows.items():
                slot = getattr(row.input, "slot", None)
                if isinstance(slot, PhotoSlot):
                    slot.bind(self.db_path, insp, read_only)
                    slot.photosAttached.connect(self.on_attached)
                    slot.photosRejected.connect(self.on_rejected)
                    slot.photoRemoved.connect(self.on_removed)
                    self.slots[item_id] = slot
        self.page = InspectionPhotosPage(self.db_path, insp, read_only, editor.pages)
        self.page.strip.slot_names = {
            item_id: short_label(editor.checklist.item(item_id).label.get(editor.lang))
            for item_id in self.slots}
        editor.pages.addWidget(self.page)
        self.entry = QListWidgetItem(self.tr("Photos"))
        self.entry.setData(PAGE_ROLE, "photos")
        editor.sections.addItem(self.entry)
        self.page.strip.photosAttached.connect(self.on_attached)
        self.page.strip.photosRejected.connect(self.on_rejected)
        self.page.strip.photoRemoved.connect(self.on_removed)
        self.page.strip.loaded.connect(self._show_entry)
        editor.completed.connect(self.on_completed)
        editor.setAcceptDrops(True)
        editor.installEventFilter(self)

    # ---- drops anywhere on the editor -----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragEnterEvent | QDragMoveEvent):
            if not self.editor.read_only and dropped_files(event):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            files = dropped_files(event)
            if self.editor.read_only or not files:
                event.ignore()
                return True
            event.acceptProposedAction()
            self.attach_to_inspection(files)
            return True
        return super().eventFilter(watched, event)

    def attach_to_inspection(self, paths: list[Path]) -> None:
        """Attach files to the inspection itself (not to an item), in the background."""
        if not self.editor.read_only:
            self.page.strip.attach_files(paths)

    def flush(self) -> None:
        """Save captions still being typed in this editor's photo viewers (the tab closes)."""
        for viewer in self.editor.findChildren(PhotoViewer):
            viewer.flush_caption()

    def show_page(self) -> None:
        """Show the inspection's photo page."""
        self.editor.sections.setCurrentItem(self.entry)

    # ---- results -------------------------------------------------------------------------

    def on_attached(self, _hashes: list[str]) -> None:
        """Photos were attached: re-read the inspection (answers, findings) and the strips."""
        self.refresh()
        self.editor.changed.emit(self.editor.inspection_id)

    def on_removed(self, _sha256: str) -> None:
        """A photo was taken out: the same redraw as after an attach."""
        self.refresh()
        self.editor.changed.emit(self.editor.inspection_id)

    def refresh(self) -> None:
        """Show what the database holds now (after an attach here or a folder import)."""
        self.editor.reload_answers_from_store()
        answers = self.editor.inspection.answers
        for item_id, slot in self.slots.items():
            slot.set_photos(list(answers.get(item_id) or []))
            if slot.strip is not None:
                slot.strip.reload()  # badges may change (e.g. a duplicate elsewhere)
        self.page.strip.reload()
        self.photosChanged.emit()

    def on_rejected(self, lines: list[str]) -> None:
        """Say which files were refused and why (the rest were attached)."""
        self.last_rejection = list(lines)
        self.editor.status_label.setText(self.tr("%n photo(s) not attached", "", len(lines)))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Photos not attached"),
                          self.tr("These files were not attached:") + "\n\n" + "\n".join(lines),
                          QMessageBox.StandardButton.Ok, cast(QWidget, self.editor))
        box.setObjectName("photos-rejected")
        self.rejection_box = box
        box.open()
        self.photosRejected.emit(lines)

    def on_completed(self, _inspection_id: str) -> None:
        self.page.set_read_only(True)

    def _show_entry(self) -> None:
        n = self.page.strip.count()
        warned = self.page.strip.warning_count
        text = self.tr("Photos (%1)").replace("%1", str(n))
        if warned:
            text += " ⚠"
        self.entry.setText(text)
