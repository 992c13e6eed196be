"""PhotoSlot: a checklist item's photos in the editor — how many against the item's min/max,
an "Add photos…" button, and the item's PhotoStrip (drop files on it, double-click to view).

The slot is built with the item row, before the editor knows where the photos live; `bind`
gives it the database file and the inspection, and only then is the strip made. Attaching
goes through the importer in the background, which also saves the item's answer (the list
of hashes): the slot emits `photosAttached` and the editor re-reads the inspection.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.media.reading import PHOTO_SUFFIXES
from app.ui.photos.strip import PhotoStrip

if TYPE_CHECKING:
    from app.core.checklist.model import Item


def photo_file_filter() -> str:
    """The file dialog's filter: the formats the importer reads."""

    patterns = " ".join(f"*{s}" for s in PHOTO_SUFFIXES)
    patterns += " " + patterns.upper()
    return (QCoreApplication.translate("PhotoSlot", "Photos (%1)").replace("%1", patterns)
            + ";;" + QCoreApplication.translate("PhotoSlot", "All files (*)"))


def choose_photo_files(owner: QWidget) -> list[Path]:
    """Ask for photo files (QFileDialog; an empty list when cancelled)."""
    names, _ = QFileDialog.getOpenFileNames(
        owner, QCoreApplication.translate("PhotoSlot", "Add photos"), "", photo_file_filter())
    return [Path(n) for n in names]


class PhotoSlot(QWidget):
    """The photo slot of one checklist item."""

    photosAttached = Signal(list)  # sha256 of each attached photo
    photosRejected = Signal(list)  # one line per refused file
    photoRemoved = Signal(str)  # sha256 of a photo taken out of the slot

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName(f"{item.id}:photos")
        self.hashes: list[str] = []
        self.strip: PhotoStrip | None = None
        self.read_only = False
        self._busy = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName(f"{item.id}:photo-count")
        self.add_button = QPushButton(self.tr("Add photos…"), self)
        self.add_button.setObjectName(f"{item.id}:add-photos")
        self.add_button.setEnabled(False)  # until bound to an inspection
        head.addWidget(self.count_label, 1)
        head.addWidget(self.add_button)
        layout.addLayout(head)
        self._layout = layout
        self.add_button.clicked.connect(self.on_add)
        self._show_count()

    def bind(self, db_path: Path, inspection_id: str, read_only: bool) -> None:
        """Show the strip of this item's photos in this inspection."""
        if self.strip is not None:
            return
        self.strip = PhotoStrip(db_path, inspection_id, self.item.id, all_items=False,
                                read_only=read_only, parent=self)
        self.strip.setObjectName(f"{self.item.id}:strip")
        self.strip.setMaximumHeight(self.strip.minimumHeight() + 24)
        self._layout.addWidget(self.strip)
        self.strip.photosAttached.connect(self._on_attached)
        self.strip.photosRejected.connect(self._on_rejected)
        self.strip.attachStarted.connect(self._on_started)
        self.strip.photoRemoved.connect(self.photoRemoved)
        self.set_read_only(read_only)

    def set_photos(self, hashes: list[str]) -> None:
        """The item's answer (photo hashes) changed: show the count, reload the strip."""
        changed = list(hashes) != self.hashes
        self.hashes = list(hashes)
        self._show_count()
        if changed and self.strip is not None:
            self.strip.reload()

    def set_read_only(self, read_only: bool) -> None:
        """Completed inspections: photos can be viewed (double-click), not added or removed.

        The strip stays enabled on purpose (a disabled list takes no double-click); it is the
        strip's own read-only mode that refuses drops and removal.
        """
        self.read_only = read_only
        self.add_button.setVisible(not read_only)
        self.add_button.setEnabled(not read_only and self.strip is not None)
        if self.strip is not None:
            self.strip.set_read_only(read_only)
        self._show_count()

    def attach_files(self, paths: list[Path]) -> None:
        """Attach files to this item (in the background)."""
        if self.strip is not None and not self.read_only:
            self.strip.attach_files(paths)

    def on_add(self) -> None:
        self.attach_files(choose_photo_files(self))

    def _on_started(self, count: int) -> None:
        self._busy += count
        self._show_count()

    def _on_attached(self, hashes: list[str]) -> None:
        self._busy = 0
        self._show_count()
        self.photosAttached.emit(hashes)

    def _on_rejected(self, lines: list[str]) -> None:
        self._busy = 0
        self._show_count()
        self.photosRejected.emit(lines)

    def _show_count(self) -> None:
        n = len(self.hashes)
        text = self.tr("%n photo(s)", "", n)
        low, high = self.item.photo_min or 0, self.item.photo_max
        if low or high:
            text += "  " + self.tr("(needs %1–%2)").replace("%1", str(low)).replace(
                "%2", str(high) if high else "…")
        if self._busy:
            text += "  " + self.tr("attaching %n photo(s)…", "", self._busy)
        if self.read_only and n:
            text += "  " + self.tr("(double-click a photo to view it)")
        short = n < low
        over = high is not None and n > high
        colour = "#c62828" if over else "#b26a00" if short else "#2e7d32"
        self.count_label.setStyleSheet(f"color:{colour};")
        self.count_label.setText(text)
