"""Photos in the real window: drops on the editor and on an item's strip, the viewer from a
double-click, the main window's folder import, completed inspections, demo photos."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.store import photos as repo
from tests.helpers.completion import confirm_completion
from tests.helpers.driver import go_to_section
from tests.helpers.ops import settle
from tests.helpers.photos import write_jpeg
from tests.helpers.window import INSPECTOR, ModalCalls, new_draft

pytestmark = pytest.mark.gui
BJ = timedelta(hours=8)
SITE = (39.9290, 116.4100)


def drag_files(target: QWidget, paths: list[Path]) -> QDragEnterEvent:
    """What a file manager's drag does: enter, move, drop with file URLs, sent to `target`
    (Qt hands them on to the nearest parent that accepts drops). Returns the enter event."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    rest = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(10, 10), *rest)
    QApplication.sendEvent(target, enter)
    QApplication.sendEvent(target, QDragMoveEvent(QPoint(10, 10), *rest))
    QApplication.sendEvent(target, QDropEvent(QPointF(10, 10), *rest))
    return enter


def double_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    """A person's double-click: press and release, then the double-click event (QTest's
    mouseDClick alone sends only the last, which item views take as a first press)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)




def shot(path: Path, seed: int, when: datetime | None = None,
         where: tuple[float, float] | None = SITE) -> Path:
    """A real JPEG with GPS and a Beijing capture time."""
    taken = ((when or datetime.now(UTC)) + BJ).replace(tzinfo=None)
    lat, lon = where if where else (None, None)
    return write_jpeg(path, seed=seed, lat=lat, lon=lon, taken=taken, offset="+08:00")


def stored_answer(db_path: Path, inspection_id: str, item_id: str) -> Any:
    import json

    con = sqlite3.connect(db_path)
    try:
        raw = con.execute("SELECT answers FROM inspections WHERE id = ?",
                          (inspection_id,)).fetchone()[0]
    finally:
        con.close()
    return json.loads(raw).get(item_id)


def test_drop_on_an_item_strip_saves_the_answer_and_updates_progress(
        qtbot: QtBot, main_window: Any, ui_db: Any, db_path: Path, tmp_path: Path) -> None:
    insp = new_draft(ui_db, "underground_group_rental", "中关村")
    editor = main_window.open_inspection(insp)
    slot = editor.photos.slots["scene_photos"]
    row = editor.views[editor.checklist.item("scene_photos").section_id].rows["scene_photos"]
    go_to_section(qtbot, editor, editor.checklist.item("scene_photos").section_id)
    assert slot.count_label.text().startswith("0 张照片")
    assert slot.add_button.isEnabled()
    progress = editor.progress.value()

    with qtbot.waitSignal(editor.photos.photosChanged, timeout=15000):
        drag_files(slot.strip.viewport(), [shot(tmp_path / "entrance.jpg", 1)])
    first = stored_answer(db_path, insp, "scene_photos")
    assert isinstance(first, list) and len(first) == 1
    assert editor.inspection.answers["scene_photos"] == first
    assert editor.progress.value() == progress + 1
    # An optional slot below its minimum (2) warns under the item, in Chinese.
    assert "至少需要 2 张照片" in row.problem_text()
    assert slot.count_label.text().startswith("1 张照片")
    qtbot.waitUntil(lambda: slot.strip.count() == 1, timeout=5000)

    # The second one through "添加照片…" and the file dialog.
    second = shot(tmp_path / "room.jpg", 2)
    original = QFileDialog.getOpenFileNames
    QFileDialog.getOpenFileNames = staticmethod(  # type: ignore[method-assign]
        lambda *a, **k: ([str(second)], ""))
    try:
        with qtbot.waitSignal(editor.photos.photosChanged, timeout=15000):
            qtbot.mouseClick(slot.add_button, Qt.MouseButton.LeftButton)
    finally:
        QFileDialog.getOpenFileNames = original  # type: ignore[method-assign]
    assert len(stored_answer(db_path, insp, "scene_photos")) == 2
    assert row.problem_text() == ""
    assert editor.progress.value() == progress + 1  # still one item answered
    qtbot.waitUntil(lambda: slot.strip.count() == 2, timeout=5000)
    qtbot.waitUntil(lambda: editor.photos.page.strip.count() == 2, timeout=5000)
    assert not slot.strip.item(0).icon().isNull()
    links = repo.list_inspection_photos(ui_db, insp, "scene_photos", all_items=False)
    assert [lk.sha256 for lk in links] == stored_answer(db_path, insp, "scene_photos")


def test_drop_anywhere_on_the_editor_attaches_to_the_inspection(
        qtbot: QtBot, main_window: Any, ui_db: Any, tmp_path: Path) -> None:
    insp = new_draft(ui_db, "street_order", "好邻居")
    editor = main_window.open_inspection(insp)
    near = shot(tmp_path / "front.jpg", 3)
    far = shot(tmp_path / "elsewhere.jpg", 4)  # the site has no location yet: it takes the first
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo")
    before = dict(editor.inspection.answers)

    # Dropped on the header label: Qt passes the drag to the editor, which takes files.
    with qtbot.waitSignal(editor.photos.photosChanged, timeout=15000):
        enter = drag_files(editor.header, [near, far, text])
    assert enter.isAccepted()
    links = repo.list_inspection_photos(ui_db, insp)
    assert len(links) == 2 and all(lk.item_id is None for lk in links)
    assert editor.inspection.answers == before  # no item's answer changed
    # The refused file is named, with the reason, in a message and the status line.
    assert len(editor.photos.last_rejection) == 1
    assert "notes.jpg" in editor.photos.last_rejection[0]
    assert editor.photos.rejection_box is not None
    assert "notes.jpg" in editor.photos.rejection_box.text()
    assert "未添加" in editor.status_label.text()
    page = editor.photos.page
    qtbot.waitUntil(lambda: page.strip.count() == 2, timeout=5000)
    assert page.summary.text().startswith("2 张照片")
    assert editor.photos.entry.text().startswith("照片（2）")
    editor.photos.show_page()
    assert editor.pages.currentWidget() is page


def test_double_click_opens_the_viewer_and_steps_through(
        qtbot: QtBot, main_window: Any, ui_db: Any, db_path: Path, tmp_path: Path) -> None:
    from app.core.geo import format_latlon, wgs84_to_gcj02
    from app.media.importer import attach_files

    insp = new_draft(ui_db, "street_order", "好邻居")
    files = [shot(tmp_path / f"{n}.jpg", 10 + n, where=(SITE[0] + n * 1e-4, SITE[1]))
             for n in range(3)]
    results = attach_files(ui_db, db_path, insp, files, INSPECTOR)
    assert all(r.ok for r in results)
    editor = main_window.open_inspection(insp)
    editor.photos.show_page()
    strip = editor.photos.page.strip
    qtbot.waitUntil(lambda: strip.count() == 3, timeout=5000)

    double_click(qtbot, strip.viewport(), strip.visualItemRect(strip.item(1)).center())
    viewer = strip.viewer
    assert viewer is not None and viewer.index == 1
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        pass
    lat = SITE[0] + 1e-4
    assert viewer.wgs.text() == format_latlon(lat, SITE[1])
    gcj = wgs84_to_gcj02(lat, SITE[1])
    assert viewer.gcj.text() == format_latlon(gcj.lat, gcj.lon)
    assert viewer.windowTitle() == "照片 2 / 3"
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert viewer.index == 2 and not viewer.next_button.isEnabled()
    assert viewer.wgs.text() == format_latlon(SITE[0] + 2e-4, SITE[1])
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        qtbot.mouseClick(viewer.prev_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        qtbot.mouseClick(viewer.prev_button, Qt.MouseButton.LeftButton)
    assert viewer.index == 0 and not viewer.prev_button.isEnabled()
    assert viewer.wgs.text() == format_latlon(*SITE)
    viewer.accept()


def test_folder_import_from_the_main_window(qtbot: QtBot, main_window: Any, ui_db: Any,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            ) -> None:
    from app.store.sites import SiteDraft, create_site

    a, b = SITE, (39.9400, 116.4300)  # about 2.3 km apart
    for name, (lat, lon) in (("甲烟酒店", a), ("乙水果店", b)):
        create_site(ui_db, SiteDraft(district_code="110101", address=f"东城区{name}胡同1号",
                                     name=name, lat=lat, lon=lon), INSPECTOR)
    t0 = datetime.now(UTC) - timedelta(hours=3)
    ia = new_draft(ui_db, "street_order", "甲烟酒店", t0)
    ib = new_draft(ui_db, "street_order", "乙水果店", t0 + timedelta(hours=2))
    open_a = main_window.open_inspection(ia)  # an open editor shows the imported photos
    card = tmp_path / "DCIM"
    shot(card / "IMG_0001.jpg", 21, t0 + timedelta(minutes=5), a)
    shot(card / "IMG_0002.jpg", 22, t0 + timedelta(minutes=125), b)
    shot(card / "IMG_0003.jpg", 23, t0 + timedelta(minutes=130), (39.99, 116.30))  # 11 km off
    shot(card / "IMG_0004.jpg", 24, t0 - timedelta(days=3), a)  # before any inspection
    (card / "IMG_0005.jpg").write_bytes(b"")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *args, **kwargs: str(card)))

    action = main_window.findChild(type(main_window.photo_import.import_action),
                                   "action-import-photos")
    assert action is main_window.photo_import.import_action
    assert action.text() == "导入照片文件夹…"
    action.trigger()
    dialog = main_window.photo_import.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=15000)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == [f"IMG_000{n}.jpg" for n in range(1, 6)]
    assert [dialog.chosen(r) for r in range(5)] == [ia, ib, None, None, None]
    assert "太远" in dialog.table.item(2, 3).text()  # why it was set aside, in Chinese
    assert dialog.table.cellWidget(4, 2).isEnabled() is False  # the empty file: refused
    dialog.set_choice(2, ib)  # the inspector knows it was taken on the way to B

    with qtbot.waitSignal(open_a.photos.photosChanged, timeout=15000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [lk.sha256 for lk in repo.list_inspection_photos(ui_db, ia)] != []
    assert len(repo.list_inspection_photos(ui_db, ia)) == 1
    assert len(repo.list_inspection_photos(ui_db, ib)) == 2
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert "已从文件夹导入 3 张照片" in main_window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: open_a.photos.page.strip.count() == 1, timeout=5000)
    # B's photo taken 11 km away carries its badge.
    checks = repo.checks_for_inspection(ui_db, ib)
    assert any(c.code == "far_from_site" for cs in checks.values() for c in cs)


def test_completed_inspection_refuses_drops(qtbot: QtBot, main_window: Any, ui_db: Any,
                                            tmp_path: Path) -> None:
    import random

    from app.core.checklist import sample_answers
    from app.store.checklists import get_checklist
    from app.store.inspections import complete_inspection, set_answers

    insp = new_draft(ui_db, "underground_group_rental", "中关村")
    set_answers(ui_db, insp, sample_answers(get_checklist(ui_db, "underground_group_rental"),
                                            random.Random(3)), INSPECTOR)
    complete_inspection(ui_db, insp, INSPECTOR)
    editor = main_window.open_inspection(insp)
    assert editor.read_only
    slot = editor.photos.slots["scene_photos"]
    page = editor.photos.page
    photo = shot(tmp_path / "late.jpg", 31)
    assert not slot.add_button.isVisible() and not slot.add_button.isEnabled()
    assert not slot.strip.acceptDrops() and not page.strip.acceptDrops()
    with qtbot.assertNotEmitted(page.strip.attachStarted), \
            qtbot.assertNotEmitted(slot.strip.attachStarted):
        enter = drag_files(editor.header, [photo])
        drag_files(page.strip.viewport(), [photo])
        drag_files(slot.strip.viewport(), [photo])
        slot.attach_files([photo])
        editor.photos.attach_to_inspection([photo])
    assert not enter.isAccepted()
    assert repo.list_inspection_photos(ui_db, insp) == []
    assert not page.add_button.isVisible()


def test_a_draft_completed_in_the_editor_turns_its_strips_read_only(
        qtbot: QtBot, main_window: Any, ui_db: Any, tmp_path: Path) -> None:
    import random

    from app.core.checklist import sample_answers
    from app.store.checklists import get_checklist
    from app.store.inspections import set_answers

    insp = new_draft(ui_db, "street_order", "好邻居")
    set_answers(ui_db, insp, sample_answers(get_checklist(ui_db, "street_order"),
                                            random.Random(5)), INSPECTOR)
    editor = main_window.open_inspection(insp)
    editor.reload_answers_from_store()
    assert editor.evaluation.can_complete, editor.evaluation.missing_required
    confirm_completion(qtbot, editor)
    settle(qtbot)
    assert editor.read_only
    assert not editor.photos.page.strip.acceptDrops()
    assert not editor.photos.slots["scene_photos"].strip.acceptDrops()
    with qtbot.assertNotEmitted(editor.photos.page.strip.attachStarted):
        enter = drag_files(editor.header, [shot(tmp_path / "after.jpg", 41)])
    assert not enter.isAccepted()
    assert repo.list_inspection_photos(ui_db, insp) == []


def test_demo_photos_are_real_imports_with_checks(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from app.cli import main
    from app.media.filestore import MediaStore
    from app.store.db import open_database

    def demo(path: Path) -> dict[str, Any]:
        assert main(["demo", "--db", str(path), "--inspections", "80", "--seed", "5",
                     "--photos", "6", "--json"]) == 0
        return dict(json.loads(capsys.readouterr().out))

    out = demo(tmp_path / "a.db")
    # 6 drafts and the 6 newest completed inspections (their evidence in order: no badge).
    assert out["photo_inspections"] == 12 and out["photos"] >= 12 and out["photo_warnings"] >= 4
    db = open_database(tmp_path / "a.db")
    try:
        store = MediaStore.for_database(tmp_path / "a.db")
        rows = db.execute("SELECT sha256, width, height, lat, taken_at, make FROM photos "
                          "ORDER BY sha256").fetchall()
        assert all((w, h) == (1024, 768) for _, w, h, *_ in rows)
        assert all(taken.endswith("+08:00") for *_, taken, _ in rows)
        assert all(store.verify_original(sha) for sha, *_ in rows)
        assert sum(1 for r in rows if r[3] is None) >= 1  # one without GPS
        codes = {c for (c,) in db.execute("SELECT DISTINCT code FROM photo_checks")}
        assert {"far_from_site", "no_gps", "duplicate", "outside_window",
                "time_mismatch"} <= codes
        # Photo slots hold the hashes, as if the inspector had attached them.
        in_slots = db.execute(
            "SELECT count(*) FROM inspection_photos WHERE item_id IS NOT NULL").fetchone()[0]
        assert in_slots > 0
        statuses = {s for (s,) in db.execute(
            "SELECT DISTINCT i.status FROM inspection_photos p "
            "JOIN inspections i ON i.id = p.inspection_id")}
        assert statuses == {"draft", "completed"}
        first = [r[0] for r in rows]
    finally:
        db.close()
    demo(tmp_path / "b.db")
    db = open_database(tmp_path / "b.db")
    try:
        again = [r[0] for r in db.execute("SELECT sha256 FROM photos ORDER BY sha256")]
    finally:
        db.close()
    assert again == first  # the same seed gives the same photos, byte for byte


def test_first_run_demo_in_the_window_includes_photos(qtbot: QtBot, main_window: Any,
                                                      ui_db: Any, no_modal: ModalCalls) -> None:
    main_window.fill_with_demo_data(60)
    qtbot.waitUntil(lambda: main_window._demo_task.finished, timeout=60000)
    count = ui_db.execute("SELECT count(*) FROM inspection_photos").fetchone()[0]
    checks = ui_db.execute("SELECT count(*) FROM photo_checks").fetchone()[0]
    assert count > 0 and checks > 0


def test_removing_a_photo_takes_it_out_of_the_item_answer(
        qtbot: QtBot, main_window: Any, ui_db: Any, db_path: Path, tmp_path: Path,
        no_modal: ModalCalls) -> None:
    from app.media.importer import attach_files

    insp = new_draft(ui_db, "underground_group_rental", "中关村")
    files = [shot(tmp_path / f"r{n}.jpg", 50 + n) for n in range(2)]
    assert all(r.ok for r in attach_files(ui_db, db_path, insp, files, INSPECTOR,
                                          item_id="scene_photos"))
    editor = main_window.open_inspection(insp)
    slot = editor.photos.slots["scene_photos"]
    row = editor.views[editor.checklist.item("scene_photos").section_id].rows["scene_photos"]
    go_to_section(qtbot, editor, editor.checklist.item("scene_photos").section_id)
    qtbot.waitUntil(lambda: slot.strip is not None and slot.strip.count() == 2, timeout=5000)
    assert slot.strip is not None
    assert row.problem_text() == ""
    kept = stored_answer(db_path, insp, "scene_photos")[1]

    with qtbot.waitSignal(editor.photos.photosChanged, timeout=10000):
        slot.strip.ask_remove(slot.strip.item(0))  # the question is answered "Yes"
    assert any(kind == "question" for kind, _ in no_modal.messages)
    assert stored_answer(db_path, insp, "scene_photos") == [kept]
    assert [lk.sha256 for lk in repo.list_inspection_photos(ui_db, insp)] == [kept]
    assert "至少需要 2 张照片" in row.problem_text()  # below the minimum again
    qtbot.waitUntil(lambda: slot.strip.count() == 1, timeout=5000)
    assert slot.count_label.text().startswith("1 张照片")


def completed_with_photos(ui_db: Any, db_path: Path, tmp_path: Path) -> str:
    """A completed street-order inspection with two photos in its photo item and one of its
    own (attached through the importer, as the window does), the rest answered at random."""
    import random

    from app.core.checklist import sample_answers
    from app.media.importer import attach_files
    from app.store.checklists import get_checklist
    from app.store.inspections import complete_inspection, set_answers

    insp = new_draft(ui_db, "street_order", "好邻居", datetime.now(UTC) - timedelta(hours=1))
    in_item = [shot(tmp_path / f"item{n}.jpg", 60 + n) for n in range(2)]
    assert all(r.ok for r in attach_files(ui_db, db_path, insp, in_item, INSPECTOR,
                                          item_id="scene_photos"))
    own = shot(tmp_path / "own.jpg", 62, where=None)  # no GPS: a badge to carry over
    assert all(r.ok for r in attach_files(ui_db, db_path, insp, [own], INSPECTOR))
    checklist = get_checklist(ui_db, "street_order")
    answers = sample_answers(checklist, random.Random(5))
    set_answers(ui_db, insp, {k: v for k, v in answers.items()
                              if checklist.item(k).type != "photo"}, INSPECTOR)
    complete_inspection(ui_db, insp, INSPECTOR)
    return insp


def test_amending_shows_the_photos_in_the_new_drafts_strips(
        qtbot: QtBot, main_window: Any, ui_db: Any, db_path: Path, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from tests.helpers.driver import click, type_text

    insp = completed_with_photos(ui_db, db_path, tmp_path)
    editor = main_window.open_inspection(insp)
    click(qtbot, editor.amend_button)
    dialog = editor.amend_dialog
    qtbot.waitExposed(dialog)
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "现场照片说明有误")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    amendment = main_window.tabs.currentWidget()
    assert amendment is not editor and not amendment.read_only
    slot = amendment.photos.slots["scene_photos"]
    assert slot.strip is not None
    qtbot.waitUntil(lambda: slot.strip.count() == 2, timeout=5000)
    assert slot.count_label.text().startswith("2 张照片")
    shown = [slot.strip.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(2)]
    assert shown == amendment.inspection.answers["scene_photos"]
    page = amendment.photos.page
    qtbot.waitUntil(lambda: page.strip.count() == 3, timeout=5000)
    # The carried check's badge (the inspection's own photo comes first on the page).
    assert "无定位" in page.strip.item(0).text()
    # The strips are the draft's: new uses, and photos can be added again.
    assert set(slot.strip.link_ids()).isdisjoint(
        {lk.id for lk in repo.list_inspection_photos(ui_db, insp)})
    assert slot.add_button.isEnabled() and slot.strip.acceptDrops()


def test_completed_item_strip_opens_the_viewer_but_takes_nothing(
        qtbot: QtBot, main_window: Any, ui_db: Any, db_path: Path, tmp_path: Path) -> None:
    insp = completed_with_photos(ui_db, db_path, tmp_path)
    editor = main_window.open_inspection(insp)
    section = editor.checklist.item("scene_photos").section_id
    go_to_section(qtbot, editor, section)
    slot = editor.photos.slots["scene_photos"]
    assert slot.strip is not None
    strip = slot.strip
    qtbot.waitUntil(lambda: strip.count() == 2, timeout=5000)
    assert strip.isEnabled() and strip.read_only
    assert not slot.add_button.isVisible() and not slot.add_button.isEnabled()

    double_click(qtbot, strip.viewport(), strip.visualItemRect(strip.item(1)).center())
    viewer = strip.viewer
    assert viewer is not None and viewer.index == 1
    with qtbot.waitSignal(viewer.shown, timeout=5000):
        pass
    assert viewer.read_only and viewer.caption.isReadOnly()
    viewer.accept()

    with qtbot.assertNotEmitted(strip.attachStarted):
        enter = drag_files(strip.viewport(), [shot(tmp_path / "late.jpg", 70)])
    assert not enter.isAccepted()
    strip.ask_remove(strip.item(0))  # refused without asking
    assert len(repo.list_inspection_photos(ui_db, insp)) == 3
