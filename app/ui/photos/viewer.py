"""PhotoViewer: the large picture, what the photo records, its position for Chinese maps,
its check badges, the caption, and previous/next.

The caption is saved like every answer (issue 12.6): after a short typing pause, when the field
is left, before moving to another photo and when the viewer closes (or its editor's tab does:
`flush_caption`); "Save caption" saves at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import format_beijing
from app.core.geo import format_latlon, wgs84_to_gcj02
from app.media.filestore import MediaStore
from app.store import photos as repo
from app.store.profile import get_profile
from app.ui.photos.badges import badge_label, ui_lang
from app.ui.photos.guard import alive
from app.ui.tasks import TaskContext, TaskHandle, run_task

if TYPE_CHECKING:
    import sqlite_utils

TYPING_PAUSE_MS = 400  # as the editor's text answers (app.ui.editor.item_widgets)


def load_photo(ctx: TaskContext, db_path: Path, link_id: str) -> dict[str, Any]:
    """Background job: one photo use, its metadata, checks and the preview picture."""

    db = ctx.open_database()
    try:
        link = repo.get_link(db, link_id)
        record = repo.get_photo(db, link.sha256)
        checks = repo.checks_for_inspection(db, link.inspection_id).get(link_id, [])
    finally:
        db.conn.close()
    image = QImage()
    try:
        image.loadFromData(MediaStore.for_database(db_path).preview(link.sha256))
    except Exception:
        image = QImage()
    return {"link": link, "record": record, "checks": checks, "image": image}


class PhotoViewer(QDialog):
    """One photo large, with next/previous through `link_ids` (the strip's order)."""

    captionChanged = Signal(str, str)  # link id, new caption
    shown = Signal(str)  # link id, after its picture and metadata are displayed

    def __init__(self, db_path: Path, inspection_id: str, link_ids: list[str], index: int = 0,
                 *, read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.inspection_id = inspection_id
        self.link_ids = list(link_ids)
        self.index = max(0, min(index, len(self.link_ids) - 1))
        self.read_only = read_only
        self._tasks: list[TaskHandle] = []
        self._gcj_text = ""
        self._caption_link = ""  # the photo use whose caption the field shows …
        self._caption_saved = ""  # … and its caption as stored (or as last sent to be saved)
        self._caption_timer = QTimer(self)
        self._caption_timer.setSingleShot(True)
        self._caption_timer.setInterval(TYPING_PAUSE_MS)
        self.setWindowTitle(self.tr("Photo"))
        self.resize(1120, 720)
        self._build()
        self._connect_signals()
        self.show_current()

    def _build(self) -> None:
        self.picture = QLabel(self.tr("Loading…"))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(640, 480)
        self.taken = QLabel()
        self.gps_time = QLabel()
        self.wgs = QLabel()
        self.wgs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.gcj = QLabel()
        self.gcj.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_gcj = QPushButton(self.tr("Copy GCJ-02"))
        self.copy_gcj.setToolTip(self.tr("Copy the GCJ-02 position to paste into Amap or "
                                         "Tencent maps"))
        self.alt = QLabel()
        self.camera = QLabel()
        self.size_label = QLabel()
        self.badges = QLabel()
        self.badges.setWordWrap(True)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(self.tr("Caption (what the photo shows)"))
        self.caption.setReadOnly(self.read_only)
        self.save_caption = QPushButton(self.tr("Save caption"))
        self.save_caption.setEnabled(not self.read_only)
        self.prev_button = QPushButton(self.tr("Previous"))
        self.next_button = QPushButton(self.tr("Next"))
        self.close_button = QPushButton(self.tr("Close"))
        form = QFormLayout()
        form.addRow(self.tr("Taken at"), self.taken)
        form.addRow(self.tr("GPS time"), self.gps_time)
        form.addRow(self.tr("WGS-84 (GPS)"), self.wgs)
        form.addRow(self.tr("GCJ-02 (Chinese maps)"), self.gcj)
        form.addRow("", self.copy_gcj)
        form.addRow(self.tr("Altitude"), self.alt)
        form.addRow(self.tr("Camera"), self.camera)
        form.addRow(self.tr("Size"), self.size_label)
        form.addRow(self.tr("Checks"), self.badges)
        cap = QHBoxLayout()
        cap.addWidget(self.caption, 1)
        cap.addWidget(self.save_caption)
        form.addRow(self.tr("Caption"), cap)
        side = QWidget()
        side.setLayout(form)
        side.setMinimumWidth(420)
        top = QHBoxLayout()
        top.addWidget(self.picture, 1)
        top.addWidget(side)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        nav.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(nav)

    def _connect_signals(self) -> None:
        self.prev_button.clicked.connect(self.on_previous)
        self.next_button.clicked.connect(self.on_next)
        self.close_button.clicked.connect(self.accept)
        self.copy_gcj.clicked.connect(self.on_copy_gcj)
        self.save_caption.clicked.connect(self.on_save_caption)
        self._caption_timer.timeout.connect(self.flush_caption)
        self.caption.textEdited.connect(lambda _text: self._caption_timer.start())
        self.caption.editingFinished.connect(self.flush_caption)

    def current_link(self) -> str:
        return self.link_ids[self.index]

    def show_current(self) -> None:
        """Load the current photo in the background; the dialog stays responsive."""
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.link_ids) - 1)
        self.setWindowTitle(self.tr("Photo %1 of %2").replace("%1", str(self.index + 1))
                            .replace("%2", str(len(self.link_ids))))
        link_id = self.current_link()
        db_path = self.db_path
        self._tasks.append(run_task(lambda ctx: load_photo(ctx, db_path, link_id),
                                    db_path=db_path, on_result=alive(self, self.on_loaded)))

    def on_loaded(self, data: dict[str, Any]) -> None:
        if data["link"].id != self.current_link():
            return  # the user moved on meanwhile
        rec = data["record"]
        none = self.tr("not recorded")
        if not data["image"].isNull():
            self.picture.setPixmap(QPixmap.fromImage(data["image"]).scaled(
                self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        self._show_time(self.taken, rec.taken_at)
        if rec.taken_at and rec.taken_offset_assumed:
            self.taken.setText(self.taken.text() + " " + self.tr(
                "(no time zone recorded: Beijing time assumed)"))
        self._show_time(self.gps_time, rec.gps_time)
        if rec.lat is not None and rec.lon is not None:
            g = wgs84_to_gcj02(rec.lat, rec.lon)
            self.wgs.setText(format_latlon(rec.lat, rec.lon))
            self._gcj_text = format_latlon(g.lat, g.lon)
            self.gcj.setText(self._gcj_text)
        else:
            self.wgs.setText(none)
            self.gcj.setText(none)
            self._gcj_text = ""
        self.copy_gcj.setEnabled(bool(self._gcj_text))
        self.alt.setText(f"{rec.alt:.1f} m" if rec.alt is not None else none)
        self.camera.setText(" ".join(x for x in (rec.make, rec.model) if x) or none)
        self.size_label.setText(f"{rec.width}×{rec.height}, {rec.size / 1e6:.1f} MB")
        lang = ui_lang()
        self.badges.setText("\n".join(f"⚠ {badge_label(c.code)}: {c.text.get(lang)}"
                                      if c.severity == "warning" else
                                      f"ℹ {badge_label(c.code)}: {c.text.get(lang)}"
                                      for c in data["checks"]) or self.tr("No problems found"))
        self.flush_caption()  # (a caption typed meanwhile belongs to the photo it was typed on)
        self.caption.setText(data["link"].caption)
        self._caption_link = data["link"].id
        self._caption_saved = data["link"].caption
        self.shown.emit(data["link"].id)

    def _show_time(self, label: QLabel, stored: str | None) -> None:
        """A photo's time as Beijing time (what people here read), whatever zone the camera or
        this machine is set to; the time as recorded (with its offset, or UTC) in the tooltip."""
        if not stored:
            label.setText(self.tr("not recorded"))
            label.setToolTip("")
            return
        label.setText(self.tr("%1 Beijing time").replace(
            "%1", format_beijing(stored, with_seconds=True)))
        label.setToolTip(self.tr("As recorded: %1").replace("%1", _recorded_time(stored)))

    def on_previous(self) -> None:
        self.flush_caption()
        if self.index > 0:
            self.index -= 1
            self.show_current()

    def on_next(self) -> None:
        self.flush_caption()
        if self.index < len(self.link_ids) - 1:
            self.index += 1
            self.show_current()

    def on_copy_gcj(self) -> None:
        if self._gcj_text:
            QGuiApplication.clipboard().setText(self._gcj_text)

    def done(self, result: int) -> None:
        self.flush_caption()  # closed with Close, Esc or the window's X: nothing typed is lost
        super().done(result)

    def flush_caption(self) -> None:
        """Save the caption typed into the field if it differs from the stored one."""
        self._caption_timer.stop()
        if self.read_only or not self._caption_link:
            return
        if self.caption.text().strip() != self._caption_saved:
            self.on_save_caption()

    def on_save_caption(self) -> None:
        """Save the caption on the window's writer (app.ui.operations), like every answer."""
        from app.ui.operations import Changes, Operation, hub_for, user_message

        self._caption_timer.stop()
        if self.read_only or not self._caption_link:
            return
        text = self.caption.text().strip()
        link_id, inspection_id = self._caption_link, self.inspection_id
        self._caption_saved = text

        def save(db: sqlite_utils.Database) -> None:
            profile = get_profile(db)
            repo.set_caption(db, link_id, text, profile.inspector_name if profile else "")

        def saved(_none: None) -> None:
            self.captionChanged.emit(link_id, text)

        def failed(error: BaseException) -> None:
            self.caption_status = user_message(error)
            self.caption.setToolTip(self.caption_status)
            if self._caption_link == link_id:
                self._caption_saved = "\x00"  # not saved: the next flush tries again

        Operation(hub_for(self, self.db_path), save,
                  Changes.of_inspections(inspection_id, photos=True, source=self), self) \
            .success(saved).failure(failed).run()


def _recorded_time(stored: str) -> str:
    """"2024-12-31T12:40:31+08:00" → "2024-12-31 12:40:31 +08:00"; a UTC "…Z" time says UTC."""
    text = stored.replace("T", " ", 1)
    if text.endswith("Z"):
        return text[:-1].split(".")[0] + " UTC"
    for sign in ("+", "-"):
        head, found, zone = text[11:].rpartition(sign)
        if found and ":" in zone:
            return f"{text[:11]}{head.split('.')[0]} {sign}{zone}"
    return text
