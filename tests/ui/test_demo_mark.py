"""The window says "demo data" while the profile is the demo's made-up inspector (issue 8.9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.demo import fill_demo
from app.store.db import open_database
from app.store.profile import get_profile, save_profile


def _window(qtbot: Any, db: Any, path: Path, lang: str) -> Any:
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = create_application()
    install_translations(app, lang)
    window = MainWindow(db, path, Settings(path.parent / "settings.ini"), lang)
    qtbot.addWidget(window)
    return window


@pytest.mark.gui
@pytest.mark.parametrize(("lang", "mark"), [("zh", "演示数据"), ("en", "demo data")])
def test_title_marks_the_demo_identity_until_the_user_sets_their_own(
    qtbot: Any, tmp_path: Path, lang: str, mark: str
) -> None:
    path = tmp_path / "demo.db"
    db = open_database(path, create=True)
    try:
        fill_demo(db, inspections=20, seed=1, as_of=date(2026, 3, 31))
        window = _window(qtbot, db, path, lang)
        assert mark in window.windowTitle()
        window.close()
        demo = get_profile(db)
        assert demo is not None
        save_profile(db, replace(demo, inspector_name="陈静"))
        window = _window(qtbot, db, path, lang)
        assert mark not in window.windowTitle() and window.windowTitle()
        window.close()
    finally:
        db.close()
