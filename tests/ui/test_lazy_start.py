"""The main window's start defers what the first screen does not show, and nothing is lost.

The summary tab's page, the photo and report modules, the calendar pop-ups of the date filters
and the district list are made when first needed; these tests check they are not made at the
start (what bench/bench_startup.py times) and that they work the same once they are.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar

ROOT = Path(__file__).resolve().parents[2]


def click_tab(qtbot: Any, tabs: Any, index: int) -> None:
    bar: QTabBar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


# ---- the summary tab ------------------------------------------------------------------------


def test_summary_page_is_built_when_its_tab_is_clicked(qtbot: Any, main_window: Any) -> None:
    reports = main_window.reports
    assert reports._summary_page is None  # not built by the start
    index = main_window.tabs.indexOf(reports.summary_placeholder)
    assert index == 2 and main_window.tabs.tabText(index) == "汇总报告"
    with qtbot.waitSignal(reports.summary_page_built, timeout=5000) as built:
        click_tab(qtbot, main_window.tabs, index)
    page = built.args[0]
    assert page is reports.summary_page
    assert main_window.tabs.indexOf(page) == index
    assert main_window.tabs.currentWidget() is page and page.isVisible()
    assert main_window.tabs.tabText(index) == "汇总报告"
    assert main_window.tabs.indexOf(reports.summary_placeholder) == -1
    # Still a fixed tab: no close button, and the count of tabs did not change.
    side = QTabBar.ButtonPosition.RightSide
    assert main_window.tabs.tabBar().tabButton(index, side) is None
    assert main_window.tabs.count() == 3
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)  # counted when shown


def test_summary_page_asked_for_before_shown_takes_its_tab(qtbot: Any, main_window: Any,
                                                          ui_db: Any) -> None:
    page = main_window.reports.summary_page
    index = main_window.tabs.indexOf(page)
    assert index == 2 and not page.isVisible()
    assert main_window.tabs.currentIndex() == 0  # the inspections list stays in front
    main_window.tabs.setCurrentIndex(index)
    assert page.isVisible()
    click_tab(qtbot, main_window.tabs, 0)
    click_tab(qtbot, main_window.tabs, index)
    assert main_window.tabs.currentWidget() is page


def test_summary_page_built_while_an_editor_is_open(qtbot: Any, main_window: Any,
                                                   ui_db: Any) -> None:
    from app.store.checklists import current_checklists
    from app.store.inspections import start_inspection
    from app.store.profile import get_profile
    from app.store.sites import search_sites

    site = search_sites(ui_db, "好邻居")[0]
    form = current_checklists(ui_db)[0]
    inspection = start_inspection(ui_db, form.id, str(site.id), get_profile(ui_db))
    editor = main_window.open_inspection(str(inspection.id))
    assert main_window.tabs.indexOf(editor) == 3
    click_tab(qtbot, main_window.tabs, 2)
    page = main_window.reports.summary_page
    assert main_window.tabs.currentWidget() is page
    assert main_window.tabs.indexOf(editor) == 3 and main_window.tabs.count() == 4


# ---- what the start imports -------------------------------------------------------------------


START = textwrap.dedent("""
    import sys
    from pathlib import Path
    import app.store.db, app.store.inspections, app.store.profile, app.store.sites
    from PySide6.QtCore import QEvent, QObject, QTimer
    from app.ui import app as ui_app
    from app.ui.main_window import MainWindow
    qapp = ui_app.create_application()
    db = app.store.db.open_database(Path(sys.argv[1]), create=True)
    ui_app.install_translations(qapp, "zh")
    window = MainWindow(db, Path(sys.argv[1]), ui_app.Settings(), "zh")

    def report():
        from app.core.divisions import load_divisions
        parsed = load_divisions.cache_info().currsize  # filled after the first paint
        print(" ".join(sorted(sys.modules)), f"divisions-parsed:{parsed}")
        qapp.quit()

    class FirstExpose(QObject):  # as bench/bench_startup.py: the first expose handled
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Expose and watched.isExposed():
                watched.removeEventFilter(self)
                QTimer.singleShot(0, report)
            return False

    window.show()
    first_expose = FirstExpose()
    window.windowHandle().installEventFilter(first_expose)
    qapp.exec()
""")


def modules_loaded_by_start(db_path: Path) -> set[str]:
    out = subprocess.run([sys.executable, "-c", START, str(db_path)], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60)
    return set(out.stdout.split())


def test_start_loads_only_what_the_first_screen_needs(db_path: Path) -> None:
    loaded = modules_loaded_by_start(db_path)
    assert "app.ui.main_window" in loaded and "app.ui.inspection_list_model" in loaded
    # The window's data hub (its one writer) is made with the window; app.ui.tasks, which it
    # shares the error mapping with, comes along (QtCore only: no widgets).
    assert "app.ui.operations" in loaded
    deferred = {
        "uuid6",  # no id is made before the window shows
        "app.ui.photos.folder_import", "app.ui.photos.strip", "app.ui.photos.viewer",
        "app.ui.reports.jobs", "app.ui.reports.summary_page", "app.ui.sites_page",
        "app.ui.reports.report_status",  # its status-line bar: made for the first document
        "app.ui.editor.inspection_editor", "app.core.checklist", "yaml", "reportlab", "PIL",
    }
    assert deferred & loaded == set()
    assert "divisions-parsed:0" in loaded


# ---- the filter bar and the sites tab -----------------------------------------------------------


def test_districts_are_filled_after_the_first_paint_with_the_stored_choice(
        qtbot: Any, ui_db: Any, db_path: Path, tmp_path: Path) -> None:
    from app.ui import settings as s
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow

    settings = s.Settings(tmp_path / "settings.ini")
    settings.set(s.FILTER_DISTRICT, "110108")  # 海淀区, chosen in the last run
    install_translations(create_application(), "zh")
    window = MainWindow(ui_db, db_path, settings, "zh")
    qtbot.addWidget(window)
    bar = window.filter_bar
    assert bar.district.count() == 1  # "all districts" only, until the first paint
    assert window.model.filter().district_code == "110108"  # the list is filtered at once
    assert bar.choice().district_code == "110108"  # a change before the fill keeps it
    window.show()
    qtbot.waitUntil(lambda: bar.district.count() == 17, timeout=5000)
    assert bar.district.currentText() == "海淀区"
    assert bar.choice().district_code == "110108"
    with qtbot.waitSignal(bar.changed, timeout=1000) as changed:
        bar.district.setCurrentIndex(bar.district.findData("110105"))
    assert changed.args[0].district_code == "110105"
    assert window.model.filter().district_code == "110105"
    assert settings.get(s.FILTER_DISTRICT) == "110105"


def test_date_filter_calendar_opens_on_todays_month(qtbot: Any, main_window: Any) -> None:
    from PySide6.QtCore import QPoint

    from app.ui.date_edit import NO_DATE, beijing_qdate

    edit = main_window.filter_bar.date_from
    assert edit.date() == NO_DATE  # "any date"
    arrow = QPoint(edit.width() - 5, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=5000)
    today = beijing_qdate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())


def test_sites_tab_is_built_and_searched_when_first_shown(qtbot: Any, main_window: Any) -> None:
    assert main_window._sites_page is None  # not built by the start
    assert main_window.tabs.tabText(1) == "场所"
    click_tab(qtbot, main_window.tabs, 1)
    page = main_window.sites_page
    assert main_window.tabs.indexOf(page) == 1 and main_window.tabs.currentWidget() is page
    assert main_window.tabs.tabText(1) == "场所" and main_window.tabs.count() == 3
    assert main_window.tabs.tabBar().tabButton(1, QTabBar.ButtonPosition.RightSide) is None
    assert page.isVisible()
    assert page.model.rowCount() == 2 and page.count_label.text()
    assert page.district.count() == 17
    page.district.setCurrentIndex(page.district.findData("110108"))
    assert [page.model.site(r).name for r in range(page.model.rowCount())] == ["中关村地下旅馆"]


def test_sites_page_asked_for_before_shown_searches_when_shown(qtbot: Any,
                                                               main_window: Any) -> None:
    page = main_window.sites_page  # e.g. the screenshots
    assert main_window.tabs.indexOf(page) == 1 and main_window.tabs.currentIndex() == 0
    assert page.model.rowCount() == 0 and page.district.count() == 1  # nothing done unseen
    main_window.on_refresh()  # a refresh does search it
    assert page.model.rowCount() == 2 and page.district.count() == 17
    main_window.tabs.setCurrentIndex(1)
    assert main_window.tabs.currentWidget() is page


def test_a_site_double_clicked_starts_a_new_inspection_there(qtbot: Any,
                                                            main_window: Any) -> None:
    click_tab(qtbot, main_window.tabs, 1)
    page = main_window.sites_page
    row = next(r for r in range(page.model.rowCount()) if page.model.site(r).name == "好邻居便利店")
    rect = page.table.visualRect(page.model.index(row, 0))
    # A press first: the view emits doubleClicked only for the index the press was on.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = main_window.new_inspection_dialog
    assert dialog.isVisible()
    assert "好邻居便利店" in dialog.sites.currentItem().text()


def test_report_bar_is_made_in_the_status_line_when_first_needed(qtbot: Any,
                                                                  main_window: Any) -> None:
    from PySide6.QtWidgets import QStatusBar

    reports = main_window.reports
    assert reports._status is None
    reports.on_failed(OSError("磁盘已满"))  # e.g. a document that could not be written
    status = reports.status
    assert isinstance(status.parentWidget(), QStatusBar)
    assert status.isVisible() and "磁盘已满" in status.message.toolTip()
    assert reports.status is status  # made once
    reports.error_box.close()
