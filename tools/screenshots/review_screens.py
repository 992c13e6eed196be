"""The team lead's review queue and the inspections list with the inspector filter and 我的检查
(issue 12.7, 12.8, 12.16), rendered offscreen into docs/screenshots/ at 1440×900 and 1024×700
in Chinese and 1440×900 in English.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots.review_screens [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from tools.screenshots.common import SIZES, run, save, settle


def _database(path: Path) -> Any:
    """Demo data on a team lead's database, one inspection returned and one approved."""
    from app.demo.generate import fill_demo
    from app.store.db import open_database
    from app.store.profile import get_profile, save_identity
    from app.store.review import approve_inspection, return_inspection, review_queue

    db = open_database(path, create=True)
    fill_demo(db, inspections=80, seed=3, as_of=date(2026, 11, 30))
    profile = get_profile(db)
    assert profile is not None
    save_identity(db, replace(profile, role="lead", inspector_name="王建国",
                              office_name="朝阳区城管执法监察大队"), "王建国")
    queue = review_queue(db)
    return_inspection(db, queue[0].inspection_id, "门头照片缺失，请补拍", "王建国")
    approve_inspection(db, queue[1].inspection_id, "王建国")
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
            settle(8)
            window.on_first_paint()
            window.data_hub.wait_until_idle()
            settle(8)
            page = window.review.page
            assert page is not None
            window.tabs.setCurrentWidget(page)
            settle(8)
            page.table.selectRow(0)
            page.comments.setPlainText("营业执照照片不清晰，请补拍" if lang == "zh" else
                                       "The licence photo is unreadable: take it again")
            settle(8)
            saved.append(save(window, out_dir / f"review-queue-{lang}-{width}x{height}.png"))
            window.tabs.setCurrentIndex(0)
            window.filter_bar.mine.click()
            window.data_hub.wait_until_idle()
            settle(8)
            name = f"list-my-inspections-{lang}-{width}x{height}.png"
            saved.append(save(window, out_dir / name))
            window.close()
            window.deleteLater()
            settle(8)
        db.close()
    return saved


def main(argv: list[str]) -> int:
    return run(render, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
