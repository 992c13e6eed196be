"""The 同步 page (issue 10, "What must be shown"): the import page merges several real bundles
(two laptops → office) with progress and a result per bundle, a tampered one refused with its
reason and a missing number shown; cancel stops before the next bundle; a conflict resolved in
the window stays resolved after the next merge; export writes a bundle, or says why not."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.store.db import connection_path
from app.store.sites import get_site
from app.sync.conflicts import list_conflicts
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.driver import click
from tests.helpers.ops import settle
from tests.helpers.sync_conflict_world import make_conflict_world
from tests.helpers.sync_edits import add_photo, new_inspection, new_site, rename_site
from tests.helpers.sync_hostile import entries, rezip
from tests.helpers.sync_world import enrol_both, make_device

pytestmark = pytest.mark.gui


@dataclass
class Field:
    office: sqlite_utils.Database
    a: sqlite_utils.Database
    b: sqlite_utils.Database
    a1: Path
    a2: Path  # never handed in: the office sees it missing
    a3: Path
    b1: Path
    tampered: Path  # b's second bundle with one byte of its records changed


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    office = make_device(tmp_path / "office" / "street-audit.db", "office", "朝阳区办公室")
    a = make_device(tmp_path / "a" / "street-audit.db", "field", "王巡查")
    b = make_device(tmp_path / "b" / "street-audit.db", "field", "李巡查")
    for laptop in (a, b):
        enrol_both(laptop, office)
    out = tmp_path / "stick"
    site = new_site(a, "好邻居便利店")
    add_photo(a, new_inspection(a, site), 1)
    a1 = export_bundle(a, out / "1").paths[0]
    rename_site(a, site, "好邻居便利店（工体店）")
    a2 = export_bundle(a, out / "2").paths[0]
    new_inspection(a, new_site(a, "中关村地下旅馆"))
    a3 = export_bundle(a, out / "3").paths[0]
    new_inspection(b, new_site(b, "三里屯早餐铺"))
    b1 = export_bundle(b, out / "4").paths[0]
    new_site(b, "工体北路报刊亭")
    b2 = export_bundle(b, out / "5").paths[0]
    items: list[tuple[zipfile.ZipInfo | str, bytes]] = [
        (i, bytes([d[0] ^ 1]) + d[1:] if i.filename == "data/records.jsonl" else d)
        for i, d in entries(b2)]
    (tmp_path / "tampered").mkdir()
    tampered = rezip(tmp_path / "tampered" / b2.name, items)
    yield Field(office, a, b, a1, a2, a3, b1, tampered)
    close_windows()
    for db in (office, a, b):
        db.close()


WINDOWS: list[Any] = []


def close_windows() -> None:
    """Close the test's windows (their first-paint work done) before their databases."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    while WINDOWS:
        window = WINDOWS.pop()
        window.close()
    QApplication.processEvents()


def open_window(qtbot: Any, db: sqlite_utils.Database, tmp_path: Path) -> Any:
    """The real main window, in Chinese, on a sync device's database."""
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = create_application()
    install_translations(app, "zh")
    window = MainWindow(db, connection_path(db.conn), Settings(tmp_path / "settings.ini"), "zh")
    qtbot.addWidget(window)
    WINDOWS.append(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_sync_page(qtbot: Any, window: Any) -> Any:
    toolbar_action = window.findChild(type(window.sync.open_action), "action-sync")
    assert toolbar_action.text() == "同步…"
    toolbar_action.trigger()
    page = window.sync.page
    assert window.tabs.currentWidget() is page
    return page


def choose_files(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in paths], "")))


def wait_import(qtbot: Any, page: Any) -> None:
    qtbot.waitUntil(lambda: page.import_task is None, timeout=60000)
    settle(qtbot)


def test_import_merges_several_bundles_with_progress_and_results(
        qtbot: Any, field: Field, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, field.office, tmp_path)
    page = open_sync_page(qtbot, window)
    assert "还没有登记接收单位" in page.receiver_label.text()  # an office sends to no office
    seen: list[tuple[int, int]] = []
    shown = page.on_import_progress

    def progress(done: int, total: int, name: str) -> None:
        seen.append((done, total))
        shown(done, total, name)

    monkeypatch.setattr(page, "on_import_progress", progress)
    choose_files(monkeypatch, [field.a1, field.a3, field.b1, field.tampered])
    click(qtbot, page.import_button)
    wait_import(qtbot, page)
    assert (0, 4) in seen and (4, 4) in seen
    model = page.results
    rows = [model.row(i) for i in range(model.rowCount())]
    assert [(r.file, r.status) for r in rows] == [
        (field.a1.name, "merged"), (field.a3.name, "merged"), (field.b1.name, "merged"),
        (field.tampered.name, "refused")]
    assert [model.index(i, 1).data() for i in range(3)] == ["王巡查", "王巡查", "李巡查"]
    assert [model.index(i, 2).data() for i in range(3)] == ["1", "3", "1"]
    assert model.index(0, 3).data() == "已合并" and model.index(3, 3).data() == "拒收"
    assert "新增" in model.index(0, 4).data() and "照片" in model.index(0, 4).data()
    reason = model.index(3, 6).data()
    assert "哈希" in reason or "不符" in reason, reason
    assert "does not match" not in reason and "the " not in reason, reason  # Chinese only
    summary = page.import_summary.text()
    assert "3 个已合并" in summary and "1 个拒收" in summary, summary
    assert "王巡查：第 2 号数据包未收到" in summary, summary
    # The data-changed notice: the inspections list shows the merged ones when looked at.
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    # Again: nothing new, said so.
    click(qtbot, page.import_button)
    window.tabs.setCurrentWidget(page)
    wait_import(qtbot, page)
    assert [model.index(i, 3).data() for i in range(3)] == ["已合并过"] * 3
    assert [model.index(i, 1).data() for i in range(3)] == ["王巡查", "王巡查", "李巡查"]
    page.grab().save(str(tmp_path / "sync-import.png"))


def test_cancel_stops_before_the_next_bundle(
        qtbot: Any, field: Field, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.ui.sync.jobs as jobs

    window = open_window(qtbot, field.office, tmp_path)
    page = open_sync_page(qtbot, window)
    first_done = threading.Event()
    real_merge = jobs.merge_bundle

    def merge_then_wait(db: Any, path: Path, actor: str = "") -> Any:
        result = real_merge(db, path, actor)
        if not first_done.is_set():
            first_done.set()
            page._stop.wait(20)  # the person clicks 取消 while this bundle is merged
        return result

    monkeypatch.setattr(jobs, "merge_bundle", merge_then_wait)
    page.start_import([field.a1, field.a3, field.b1])
    assert page.cancel_button.isVisible()
    qtbot.waitUntil(first_done.is_set)
    click(qtbot, page.cancel_button)
    wait_import(qtbot, page)
    statuses = [page.results.row(i).status for i in range(page.results.rowCount())]
    assert statuses == ["merged", "cancelled", "cancelled"]
    assert "已取消" in page.import_summary.text()
    assert not page.cancel_button.isVisible()


def test_a_conflict_resolved_in_the_window_stays_resolved(
        qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = make_conflict_world(tmp_path / "w")
    try:
        window = open_window(qtbot, world.office, tmp_path)
        page = open_sync_page(qtbot, window)
        view = page.conflicts
        assert page.tabs.tabText(page.tabs.indexOf(view)) == "冲突 (2)"
        row = next(i for i in range(view.model.rowCount())
                   if view.model.conflict(i).entity == "site")
        view.table.selectRow(row)
        compare = view.comparison
        differing = [compare.field_row(i) for i in range(compare.rowCount())
                     if compare.field_row(i).differs]
        assert [(r.label.zh, r.current, r.other) for r in differing] == [
            ("名称", "乙又改的名字", "甲改的名字")]
        assert compare.index(0, 0).data() == "名称"
        assert "李巡查" in compare.headerData(1, Qt.Orientation.Horizontal)
        assert "王巡查" in compare.headerData(2, Qt.Orientation.Horizontal)
        assert view.keep_other.text() == "采用对方" and view.keep_current.text() == "保留当前"
        click(qtbot, view.keep_other)
        settle(qtbot)
        assert get_site(world.office, world.site_id).name == "甲改的名字"
        assert [c.entity for c in list_conflicts(world.office)] == ["inspection"]
        assert page.tabs.tabText(page.tabs.indexOf(view)) == "冲突 (1)"
        assert "已解决" in view.message.text()
        # The next merge: the same bundles again and new work from the losing laptop.
        new_site(world.a, "另一家店")
        more = export_bundle(world.a, tmp_path / "more").paths[0]
        page.start_import([*world.bundles, more])
        wait_import(qtbot, page)
        assert [page.results.row(i).status for i in range(4)] == ["already"] * 3 + ["merged"]
        assert get_site(world.office, world.site_id).name == "甲改的名字"
        assert [view.model.conflict(i).entity for i in range(view.model.rowCount())] == [
            "inspection"]
        # 保留当前 on the other one, through the window too.
        view.table.selectRow(0)
        click(qtbot, view.keep_current)
        settle(qtbot)
        assert list_conflicts(world.office) == []
        assert view.summary.text() == "没有未解决的冲突。"
    finally:
        close_windows()
        world.close()


def test_export_writes_a_bundle_or_says_why_not(
        qtbot: Any, field: Field, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, field.a, tmp_path)
    page = open_sync_page(qtbot, window)
    assert "朝阳区办公室" in page.receiver_label.text()
    out = tmp_path / "usb"
    out.mkdir()
    new_site(field.a, "新开的水果店")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(out)))
    click(qtbot, page.export_button)
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=30000)
    (written,) = sorted(out.glob("*.sabundle"))
    text = page.export_result.text()
    assert "第 4 号数据包" in text and "朝阳区办公室" in text and str(written) in text, text
    assert merge_bundle(field.office, written).status == "merged"


def test_export_refused_without_an_office(qtbot: Any, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    alone = make_device(tmp_path / "alone" / "street-audit.db", "field", "赵巡查")
    try:
        window = open_window(qtbot, alone, tmp_path)
        page = open_sync_page(qtbot, window)
        asked: list[bool] = []

        def folder(*_args: Any, **_kwargs: Any) -> str:
            asked.append(True)
            return ""

        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))
        click(qtbot, page.export_button)
        assert not asked and page.export_task is None
        assert "还没有登记接收单位" in page.export_result.text()
        assert "devices enrol" in page.export_result.text()
    finally:
        close_windows()
        alone.close()
