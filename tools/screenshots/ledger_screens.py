"""The team lead's 今日概况 (dashboard), 台账 (ledger) and 地图 (map) pages on demo data with
ordered, overdue and closed cases, rendered offscreen into docs/screenshots/ at 1440×900 and
1024×700 in Chinese and 1440×900 in English (issue 11).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots.ledger_screens [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from tools.screenshots.common import SIZES, run, save, settle


def _database(path: Path) -> Any:
    """Demo data; the open cases of the earlier half ordered on the day they were found (so
    many are overdue now), a team lead's profile with an office code."""
    from app.core.clock import beijing_day, beijing_today
    from app.demo.generate import fill_demo
    from app.store.cases import list_cases, order_case, update_cases
    from app.store.db import open_database
    from app.store.profile import get_profile, save_identity

    db = open_database(path, create=True)
    fill_demo(db, inspections=400, seed=7, days=60)
    profile = get_profile(db)
    assert profile is not None
    save_identity(db, replace(profile, role="lead", office_name="朝阳区城管执法监察大队",
                              office_code="朝城管责改"), "王建国")
    update_cases(db, "王建国")
    today = beijing_today()
    for n, case in enumerate(c for c in list_cases(db) if c.is_open):
        found = beijing_day(case.opened_at or "")
        if found is None or found > today - timedelta(days=10) or n % 3 == 2:
            continue
        try:
            order_case(db, case.id, "朝城管责改", "王建国", issue_date=found)
        except Exception:  # a case the rules do not let be ordered now: leave it as it is
            continue
    return db



def render(out_dir: Path) -> list[Path]:
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = create_application()
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="sa-shots-") as tmp:
        db_path = Path(tmp) / "street-audit.db"
        db = _database(db_path)
        for lang, width, height in SIZES:
            install_translations(app, lang)
            window = MainWindow(db, db_path, Settings(Path(tmp) / f"{lang}{width}.ini"), lang)
            window.resize(width, height)
            window.show()
            settle(12)
            window.on_first_paint()
            window.data_hub.wait_until_idle()
            for key in ("dashboard", "ledger", "map"):
                page = window.ledger_pages.open_page(key)
                for _ in range(60):  # the page counts in the background
                    settle(4)
                    QApplication.instance().thread().msleep(50)  # type: ignore[union-attr]
                    if getattr(page, "busy", lambda: False)() is False and _ > 20:
                        break
                saved.append(save(window, out_dir / f"{key}-{lang}-{width}x{height}.png"))
            window.close()
            window.deleteLater()
            settle(12)
        db.close()
    return saved


def main(argv: list[str]) -> int:
    return run(render, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
