"""Screenshots of the photo screens (called by app/ui/screenshots.py): the editor's photo slot
and Photos page with badges, the viewer, and the folder import dialog."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

TIMEOUT_S = 30.0


def wait_until(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> None:
    """Let background loads finish (thumbnails, previews, proposals) before a picture."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("截图等待超时 (timed out waiting for the window to load)")
        QApplication.processEvents()
        time.sleep(0.02)


def _save(widget: QWidget, path: Path) -> Path:
    for _ in range(3):
        QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"截图保存失败 (could not write the screenshot): {path}")
    return path


def ensure_demo_photos(db: Any, db_path: Path) -> None:
    """A database without photos (made before photos existed) gets the demo ones."""
    if db.execute("SELECT 1 FROM inspection_photos LIMIT 1").fetchone() is None:
        from app.demo.photos import add_demo_photos

        add_demo_photos(db, db_path, seed=1)


def _showcase(db: Any) -> str | None:
    """The draft whose photos show the most badges (and fill a photo slot)."""
    row = db.execute(
        "SELECT p.inspection_id FROM inspection_photos p JOIN inspections i "
        "ON i.id = p.inspection_id LEFT JOIN photo_checks c ON c.link_id = p.id "
        "AND c.severity = 'warning' WHERE i.status = 'draft' GROUP BY p.inspection_id "
        "HAVING count(DISTINCT p.item_id) > 0 "
        "ORDER BY count(DISTINCT CASE WHEN p.item_id IS NOT NULL THEN c.code END) DESC, "
        "count(DISTINCT c.code) DESC, count(DISTINCT p.id) DESC, p.inspection_id "
        "LIMIT 1").fetchone()
    return str(row[0]) if row else None


def _card_folder(db: Any, folder: Path) -> Path:
    """A camera card: photos taken at three draft inspections, one elsewhere, one broken."""
    from app.core.clock import parse_utc
    from app.demo.photos import DemoShot, demo_jpeg

    rng = random.Random(7)
    rows = db.execute(
        # Sites with one open inspection each, so the picture shows a plain proposal.
        "SELECT i.id, i.started_at, s.name, s.address, s.lat, s.lon FROM inspections i "
        "JOIN sites s ON s.id = i.site_id WHERE i.status = 'draft' AND s.lat IS NOT NULL "
        "AND (SELECT count(*) FROM inspections j WHERE j.site_id = s.id "
        "AND j.status = 'draft') = 1 ORDER BY i.started_at DESC LIMIT 3").fetchall()
    n = 0
    for _id, started, name, address, lat, lon in rows:
        for k in range(2):
            when = parse_utc(started) + timedelta(minutes=3 + 7 * k)
            shot = DemoShot("", lat + rng.uniform(-2e-4, 2e-4), lon + rng.uniform(-2e-4, 2e-4),
                            when)
            n += 1
            (folder / f"IMG_{n:04d}.jpg").write_bytes(
                demo_jpeg(shot, name or address, address, seed=100 + n, size=(640, 480)))
    if rows:
        started = parse_utc(rows[0][1])
        far = DemoShot("", 39.9990, 116.3000, started + timedelta(minutes=20))
        n += 1
        (folder / f"IMG_{n:04d}.jpg").write_bytes(
            demo_jpeg(far, "路边", "在路上顺手拍的", seed=200, size=(640, 480)))
    (folder / "IMG_9999.jpg").write_bytes(b"")  # a card's half-written file
    return folder


def render_photo_screenshots(window: Any, db: Any, db_path: Path, out_dir: Path) -> list[Path]:
    """editor-photos.png, editor-photos-page.png, photo-viewer.png, photo-folder-import.png."""
    ensure_demo_photos(db, db_path)
    saved: list[Path] = []
    inspection_id = _showcase(db)
    if inspection_id is not None:
        editor = window.open_inspection(inspection_id)
        photos = editor.photos
        slot_id = next((i for i, s in photos.slots.items() if s.hashes), None)
        if slot_id is not None:
            section = editor.checklist.item(slot_id).section_id
            row = [s.id for s in editor.checklist.sections].index(section)
            editor.sections.setCurrentRow(row)
            strip = photos.slots[slot_id].strip
            wait_until(lambda: strip is not None and strip.count() == len(
                photos.slots[slot_id].hashes))
            editor.views[section].ensureWidgetVisible(photos.slots[slot_id])
            saved.append(_save(window, out_dir / "editor-photos.png"))
        photos.show_page()
        page_strip = photos.page.strip
        expected = db.execute("SELECT count(*) FROM inspection_photos WHERE inspection_id = ?",
                              (inspection_id,)).fetchone()[0]
        wait_until(lambda: page_strip.count() == expected)
        saved.append(_save(window, out_dir / "editor-photos-page.png"))
        warned = next((i for i in range(page_strip.count())
                       if "⚠" in page_strip.item(i).text()), 0)
        page_strip.setCurrentRow(warned)
        page_strip.on_item_activated(page_strip.item(warned))
        viewer = page_strip.viewer
        wait_until(lambda: viewer.picture.pixmap() is not None
                   and not viewer.picture.pixmap().isNull())
        saved.append(_save(viewer, out_dir / "photo-viewer.png"))
        viewer.accept()

    with tempfile.TemporaryDirectory(prefix="street-audit-card-") as tmp:
        dialog = window.photo_import.open_dialog(_card_folder(db, Path(tmp)))
        wait_until(lambda: dialog.import_button.isEnabled())
        table = dialog.table
        rows_height = sum(table.rowHeight(r) for r in range(table.rowCount()))
        dialog.resize(1000, min(900, rows_height + 150))
        saved.append(_save(dialog, out_dir / "photo-folder-import.png"))
        dialog.reject()
    return saved
