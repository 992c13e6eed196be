"""The window's one way to change data (issue 8.1): operations on one writer, one notice.

A change made in the editor reaches the inspections list and the summary tab through the hub's
`changed` notice; a write that fails (the database made read-only under the running window)
shows the message in the user's language and loses nothing typed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.store.inspection_records import get_inspection
from app.store.inspections import start_inspection
from app.store.profile import get_profile
from app.store.sites import search_sites
from app.ui.operations import Changes, Operation
from tests.helpers.ops import settle

pytestmark = pytest.mark.gui


def _draft(ui_db: Any, answers: dict[str, Any] | None = None) -> str:
    site = search_sites(ui_db, "好邻居")[0]
    return str(start_inspection(ui_db, "street_order", site.id, get_profile(ui_db),
                                answers=answers).id)


def _row_findings(window: Any, inspection_id: str) -> int | None:
    model = window.model
    for row in range(model.rowCount()):
        if model.inspection_id(row) == inspection_id:
            return int(model._row(row).finding_count)
    return None


def test_an_edit_reaches_the_list_and_the_summary_through_one_notice(
        qtbot: QtBot, main_window: Any, ui_db: Any) -> None:
    inspection_id = _draft(ui_db, {"business_kind": "shop"})
    main_window.on_refresh()
    editor = main_window.open_inspection(inspection_id)
    summary = main_window.reports.summary_page
    main_window.tabs.setCurrentWidget(summary)
    qtbot.waitUntil(lambda: summary.data is not None, timeout=10000)
    counted_before = summary.data
    assert _row_findings(main_window, inspection_id) == 0

    notices: list[Changes] = []
    main_window.data_hub.changed.connect(notices.append)
    editor.on_answer_edited("beyond_line", "yes")  # a finding: 店外经营
    settle(qtbot)
    assert len(notices) == 1 and notices[0].touches_inspection(inspection_id)
    assert notices[0].source is editor
    # The summary tab, in view, counted again from the notice (a draft's findings are counted
    # apart from the figures since issue 9.9, so the new count is what shows it).
    qtbot.waitUntil(lambda: summary.data is not counted_before, timeout=10000)
    # The list, not in view, redraws when it is looked at again.
    main_window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: _row_findings(main_window, inspection_id) == 1, timeout=5000)


def test_answers_are_saved_in_the_order_typed(qtbot: QtBot, main_window: Any,
                                              ui_db: Any) -> None:
    inspection_id = _draft(ui_db)
    editor = main_window.open_inspection(inspection_id)
    for name in ("老", "老王", "老王面", "老王面馆"):
        editor.on_answer_edited("business_kind", "shop")
        editor.on_answer_edited("business_name", name)
    settle(qtbot)
    assert get_inspection(ui_db, inspection_id).answers["business_name"] == "老王面馆"
    assert editor.unsaved == {}


@pytest.mark.parametrize("lang, words", [("zh", "只读"), ("en", "read-only")])
def test_a_read_only_database_says_so_and_loses_nothing_typed(
        qtbot: QtBot, main_window: Any, ui_db: Any, db_path: Path, lang: str,
        words: str) -> None:
    """The database turns read-only under the running window. As an ordinary user its file
    and folder lose their write bits; as root (CI), which file modes do not stop, the
    writer's connection is made read-only (`PRAGMA query_only`: SQLite then refuses writes
    with the same SQLITE_READONLY a read-only file gives)."""
    from PySide6.QtCore import QLocale

    as_root = os.geteuid() == 0
    inspection_id = _draft(ui_db, {"business_kind": "shop"})
    editor = main_window.open_inspection(inspection_id)
    editor.lang = lang
    QLocale.setDefault(QLocale(QLocale.Language.English if lang == "en"
                               else QLocale.Language.Chinese))
    hub = main_window.data_hub
    files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
    if as_root:
        Operation(hub, lambda db: db.execute("PRAGMA query_only = ON"), None).run()
    else:
        hub.close()  # the next operation opens the file again, now read-only
        for path in files:
            if path.exists():
                path.chmod(stat.S_IRUSR)
        db_path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    failures: list[str] = []
    editor.save_failed.connect(failures.append)
    try:
        editor.on_answer_edited("business_name", "老王面馆")
        settle(qtbot)
        assert failures and words in failures[-1], failures
        assert words in editor.status_label.text()
        # Nothing typed is lost: still shown, still waiting to be saved.
        assert editor.unsaved == {"business_name": "老王面馆"}
        assert editor._answers_shown()["business_name"] == "老王面馆"
        assert "business_name" not in get_inspection(ui_db, inspection_id).answers
    finally:
        if as_root:
            Operation(hub, lambda db: db.execute("PRAGMA query_only = OFF"), None).run()
        else:
            db_path.parent.chmod(stat.S_IRWXU)
            for path in files:
                if path.exists():
                    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
            hub.close()
        settle(qtbot)
    # Writable again: the next edit carries what was not saved.
    editor.on_answer_edited("goods_sold", ["daily_goods"])
    settle(qtbot)
    stored = get_inspection(ui_db, inspection_id).answers
    assert stored["business_name"] == "老王面馆" and editor.unsaved == {}
