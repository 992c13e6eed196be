"""Photo widgets driven with pytest-qt: drop files on the strip, view, folder import."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from app.store import photos as repo
from tests.helpers.photos import write_jpeg
from tests.helpers.world import PhotoWorld, add_inspection, add_site, open_world, photo_item

pytestmark = pytest.mark.gui
SITE = (39.9290, 116.4100)
BJ = timedelta(hours=8)


@pytest.fixture
def world(tmp_path: Path) -> PhotoWorld:
    return open_world(tmp_path / "db" / "street-audit.db")


@pytest.fixture(params=["America/New_York", "UTC"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The machine's own zone set to another one than Beijing (as in tests/core/test_clock.py)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _drop(widget: object, paths: list[Path]) -> None:
    """What a file manager's drag does: enter, move, drop, with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    viewport = widget.viewport()  # type: ignore[attr-defined]
    rest = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier)
    # Enter/move take an integer QPoint, drop a QPointF (Qt 6's signatures).
    QApplication.sendEvent(viewport, QDragEnterEvent(QPoint(10, 10), *rest))
    QApplication.sendEvent(viewport, QDragMoveEvent(QPoint(10, 10), *rest))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(10, 10), *rest))


def test_dropping_files_on_the_strip_attaches_them(qtbot, world: PhotoWorld,
                                                   tmp_path: Path) -> None:
    from app.ui.photos import PhotoStrip

    now = datetime.now(UTC)
    insp = add_inspection(world, add_site(world, "拖放店", *SITE), now - timedelta(minutes=15))
    item = photo_item(world, insp)
    taken = (now + BJ).replace(tzinfo=None)
    near = write_jpeg(tmp_path / "near.jpg", seed=1, lat=SITE[0], lon=SITE[1], taken=taken)
    far = write_jpeg(tmp_path / "far.jpg", seed=2, lat=SITE[0] + 0.01, lon=SITE[1], taken=taken)
    text = tmp_path / "readme.jpg"
    text.write_text("not a photo")

    strip = PhotoStrip(world.db_path, insp, item)
    qtbot.addWidget(strip)
    with qtbot.waitSignal(strip.loaded, timeout=5000):
        strip.show()
    rejected: list[str] = []
    strip.photosRejected.connect(rejected.extend)
    with qtbot.waitSignal(strip.photosAttached, timeout=10000) as sig:
        _drop(strip, [near, far, text])
    attached = sig.args[0]
    assert len(attached) == 2, rejected
    assert len(rejected) == 1 and "readme.jpg" in rejected[0]
    qtbot.waitUntil(lambda: strip.count() == 2, timeout=5000)
    # In the database: two uses in the item's slot, and the answer holds both hashes.
    links = repo.list_inspection_photos(world.db, insp, item, all_items=False)
    assert [lk.sha256 for lk in links] == attached
    texts = [strip.item(i).text() for i in range(strip.count())]
    assert "far away" not in texts[0] and "far away" in texts[1]
    assert not strip.item(0).icon().isNull()


def test_read_only_strip_refuses_drops(qtbot, world: PhotoWorld, tmp_path: Path) -> None:
    from app.ui.photos import PhotoStrip

    insp = add_inspection(world, add_site(world, "只读", *SITE), datetime.now(UTC))
    strip = PhotoStrip(world.db_path, insp, read_only=True)
    qtbot.addWidget(strip)
    strip.show()
    _drop(strip, [write_jpeg(tmp_path / "a.jpg")])
    qtbot.wait(200)
    assert repo.list_inspection_photos(world.db, insp) == []


def test_viewer_shows_wgs84_and_gcj02_and_edits_captions(qtbot, world: PhotoWorld,
                                                         tmp_path: Path) -> None:
    from app.core.geo import format_latlon, wgs84_to_gcj02
    from app.media.importer import attach_files
    from app.ui.photos import PhotoViewer

    now = datetime.now(UTC)
    insp = add_inspection(world, add_site(world, "看图", *SITE), now - timedelta(minutes=5))
    taken = (now + BJ).replace(tzinfo=None)
    files = [write_jpeg(tmp_path / f"{i}.jpg", seed=i, lat=SITE[0] + i * 1e-4, lon=SITE[1],
                        taken=taken, size=(900, 600)) for i in range(2)]
    attach_files(world.db, world.db_path, insp, files, "王巡查")
    links = [lk.id for lk in repo.list_inspection_photos(world.db, insp)]
    viewer = PhotoViewer(world.db_path, insp, links, 0)
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        viewer.show()
    g = wgs84_to_gcj02(SITE[0], SITE[1])
    assert viewer.wgs.text() == format_latlon(SITE[0], SITE[1])
    assert viewer.gcj.text() == format_latlon(g.lat, g.lon)
    qtbot.mouseClick(viewer.copy_gcj, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == format_latlon(g.lat, g.lon)
    assert viewer.picture.pixmap() is not None and not viewer.picture.pixmap().isNull()
    viewer.caption.setText("门头招牌")
    with qtbot.waitSignal(viewer.captionChanged):
        qtbot.mouseClick(viewer.save_caption, Qt.MouseButton.LeftButton)
    assert repo.get_link(world.db, links[0]).caption == "门头招牌"
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert viewer.index == 1 and not viewer.next_button.isEnabled()


def test_folder_import_assigns_by_time_and_place(qtbot, world: PhotoWorld,
                                                 tmp_path: Path) -> None:
    from app.ui.photos import FolderImportDialog

    a, b = SITE, (39.9400, 116.4300)
    t0 = datetime.now(UTC) - timedelta(hours=3)
    ia = add_inspection(world, add_site(world, "甲", *a), t0)
    ib = add_inspection(world, add_site(world, "乙", *b), t0 + timedelta(hours=2))
    card = tmp_path / "card"

    def shot(name: str, minutes: int, where: tuple[float, float], seed: int) -> Path:
        taken = (t0 + BJ + timedelta(minutes=minutes)).replace(tzinfo=None)
        return write_jpeg(card / name, seed=seed, lat=where[0], lon=where[1], taken=taken)

    shot("1.jpg", 5, a, 1)
    shot("2.jpg", 125, b, 2)
    shot("3.jpg", 130, (39.99, 116.30), 3)  # during B's visit but 9 km away: set aside
    (card / "4.jpg").write_bytes(b"")

    dialog = FolderImportDialog(world.db_path, card)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.proposalReady, timeout=10000):
        dialog.show()
    assert [dialog.chosen(r) for r in range(4)] == [ia, ib, None, None]
    # Window A's "1.jpg" can also be in B's window (B is still open); the rule chose by place.
    dialog.set_choice(2, ib)  # the inspector knows better: it was taken on the way
    with qtbot.waitSignal(dialog.imported, timeout=10000) as sig:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(sig.args[0]) == 3 and all(r.ok for r in sig.args[0])
    assert len(repo.list_inspection_photos(world.db, ia)) == 1
    assert len(repo.list_inspection_photos(world.db, ib)) == 2


def test_chinese_translation_of_badges_and_buttons(qtbot, world: PhotoWorld) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from app.paths import resources_dir
    from app.ui.photos.badges import badge_label, ui_lang
    from app.ui.photos.strip import PhotoStrip

    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "photos_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert badge_label("no_gps") == "无定位" and ui_lang() == "zh"
        insp = add_inspection(world, add_site(world, "中文", *SITE), datetime.now(UTC))
        strip = PhotoStrip(world.db_path, insp)
        qtbot.addWidget(strip)
        assert strip.toolTip() == "把照片拖到这里即可添加"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert badge_label("no_gps") == "no GPS"


def test_viewer_shows_beijing_time_whatever_the_machine_zone(
        qtbot, world: PhotoWorld, tmp_path: Path, machine_zone: str) -> None:
    """A camera set to Tokyo time and the GPS's UTC both read as Beijing time; the times as
    recorded stay in the tooltips."""
    from app.media.importer import attach_files
    from app.ui.photos import PhotoViewer

    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    insp = add_inspection(world, add_site(world, "东京相机", *SITE), moment - timedelta(minutes=5))
    tokyo = (moment + timedelta(hours=9)).replace(tzinfo=None)
    photo = write_jpeg(tmp_path / "tokyo.jpg", lat=SITE[0], lon=SITE[1], taken=tokyo,
                       offset="+09:00", gps_time=moment.replace(tzinfo=None))
    assert all(r.ok for r in attach_files(world.db, world.db_path, insp, [photo], "王巡查"))
    [link] = repo.list_inspection_photos(world.db, insp)
    viewer = PhotoViewer(world.db_path, insp, [link.id], 0)
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        viewer.show()
    beijing = (moment + BJ).strftime("%Y-%m-%d %H:%M:%S")
    assert viewer.taken.text().startswith(beijing), viewer.taken.text()
    assert viewer.gps_time.text().startswith(beijing), viewer.gps_time.text()
    assert "UTC" not in viewer.gps_time.text()
    assert tokyo.strftime("%Y-%m-%d %H:%M:%S") + " +09:00" in viewer.taken.toolTip()
    assert moment.strftime("%Y-%m-%d %H:%M:%S") + " UTC" in viewer.gps_time.toolTip()


def test_folder_import_lists_photo_times_in_beijing_time(
        qtbot, world: PhotoWorld, tmp_path: Path, machine_zone: str) -> None:
    from app.ui.photos import FolderImportDialog
    from app.ui.photos.folder_import import COL_TIME

    moment = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    add_inspection(world, add_site(world, "时区店", *SITE), moment - timedelta(minutes=10))
    card = tmp_path / "card"
    write_jpeg(card / "tokyo.jpg", seed=1, lat=SITE[0], lon=SITE[1], offset="+09:00",
               taken=(moment + timedelta(hours=9)).replace(tzinfo=None))
    write_jpeg(card / "gps-only.jpg", seed=2, lat=SITE[0], lon=SITE[1],
               gps_time=(moment + timedelta(minutes=2)).replace(tzinfo=None))
    dialog = FolderImportDialog(world.db_path, card)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.proposalReady, timeout=10000):
        dialog.show()
    times = {dialog.table.item(r, 0).text(): dialog.table.item(r, COL_TIME).text()
             for r in range(dialog.table.rowCount())}
    assert times == {"tokyo.jpg": (moment + BJ).strftime("%Y-%m-%d %H:%M"),
                     "gps-only.jpg": (moment + BJ + timedelta(minutes=2)).strftime(
                         "%Y-%m-%d %H:%M")}


def test_a_photo_locates_the_site_only_when_the_person_says_yes(
        qtbot, world: PhotoWorld, tmp_path: Path) -> None:
    """Issue 7.4 in the window: the strip asks; No leaves the site as it was, Yes locates it."""
    from PySide6.QtWidgets import QMessageBox

    from app.store.sites import get_site
    from app.ui.photos import PhotoStrip

    now = datetime.now(UTC)
    site = add_site(world, "无坐标")
    insp = add_inspection(world, site, now - timedelta(minutes=15))
    taken = (now + BJ).replace(tzinfo=None)
    strip = PhotoStrip(world.db_path, insp)
    qtbot.addWidget(strip)
    with qtbot.waitSignal(strip.loaded, timeout=5000):
        strip.show()
    for answer, seed in ((QMessageBox.StandardButton.No, 1), (QMessageBox.StandardButton.Yes, 2)):
        photo = write_jpeg(tmp_path / f"{seed}.jpg", seed=seed, lat=SITE[0], lon=SITE[1],
                           taken=taken)
        with qtbot.waitSignal(strip.photosAttached, timeout=10000):
            _drop(strip, [photo])
        qtbot.waitUntil(lambda: getattr(strip, "locate_box", None) is not None
                        and strip.locate_box.isVisible(), timeout=5000)
        box = strip.locate_box
        assert "39.929000" in box.text() and "116.410000" in box.text()
        box.button(answer).click()
        if answer == QMessageBox.StandardButton.No:
            qtbot.wait(100)
            assert get_site(world.db, site).lat is None
            strip.locate_box = None
        else:
            qtbot.waitUntil(lambda: get_site(world.db, site).lat is not None, timeout=5000)
    assert get_site(world.db, site).location_source == "photo"
