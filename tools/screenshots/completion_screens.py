"""The completion dialog with a signature drawn (issue 12.1), rendered offscreen into
docs/screenshots/: 1440×900 and 1024×700 in Chinese, 1440×900 in English.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots.completion_screens [OUT_DIR]
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtTest import QTest

from tools.screenshots.common import SIZES, run, settle


def _database(path: Path) -> tuple[Any, str]:
    """A device, the shipped checklists, a site and a street-order draft with findings and
    no photos (so the dialog asks why)."""
    from app.core.checklist import evaluate, sample_answers
    from app.store.checklists import get_checklist, register_shipped_checklists
    from app.store.db import open_database
    from app.store.inspections import set_answers, start_inspection
    from app.store.profile import get_profile, initialize_device
    from app.store.sites import SiteDraft, create_site

    db = open_database(path, create=True)
    initialize_device(db, "field", "张伟", badge_no="11010500123", team="朝阳一队",
                      district_code="110105", office_name="朝阳区城管执法监察大队")
    register_shipped_checklists(db, actor="张伟")
    site = create_site(db, SiteDraft(district_code="110105", address="朝阳区工体北路8号",
                                     name="好邻居便利店", contact_name="刘建国"), "张伟")
    checklist = get_checklist(db, "street_order")
    insp = start_inspection(db, checklist.id, site.id, get_profile(db),
                            second_officer=("李卫东", "京朝阳0416"))
    rng = random.Random(4)
    for _ in range(200):
        answers = sample_answers(checklist, rng, complete=True, clean=False)
        answers = {k: v for k, v in answers.items() if checklist.item(k).type != "photo"}
        if evaluate(checklist, answers).can_complete and evaluate(checklist, answers).findings:
            break
    set_answers(db, insp.id, answers, "张伟")
    return db, str(insp.id)


def _sign(pad: Any, wave: int) -> None:
    """A signature drawn with the mouse, as the tests draw it."""
    w, h = pad.width(), pad.height()
    for stroke in range(2):
        y0 = h // 2 + (stroke - 1) * h // 6
        x = w // 6 + stroke * w // 3
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(x, y0))
        for step in range(1, 14):
            point = QPoint(x + step * w // 48, y0 + ((step * wave) % 5 - 2) * h // 14)
            QTest.mouseMove(pad, point)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(x + w // 4, y0))


def render(out_dir: Path) -> list[Path]:
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from tools.screenshots.main_screens import _settle as settle_main

    app = create_application()
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="sa-shots-") as tmp:
        db_path = Path(tmp) / "street-audit.db"
        db, insp = _database(db_path)
        for lang, width, height in SIZES:
            install_translations(app, lang)
            window = MainWindow(db, db_path, Settings(Path(tmp) / f"{lang}{width}.ini"), lang)
            window.resize(width, height)
            window.show()
            settle_main()
            editor = window.open_inspection(insp)
            editor.on_complete()
            window.data_hub.wait_until_idle()
            settle(5)
            dialog = editor.complete_dialog
            dialog.move(window.geometry().center() - dialog.rect().center())
            settle(5)
            dialog.reason.setPlainText("店主不在场，店内不允许拍照" if lang == "zh" else
                                       "The owner was away and photos inside were refused")
            _sign(dialog.inspector.pad, 3)
            _sign(dialog.party.pad, 2)
            settle(5)
            picture = window.grab()
            painter = QPainter(picture)
            painter.drawPixmap(dialog.geometry().topLeft() - window.geometry().topLeft(),
                               dialog.grab())
            painter.end()
            path = out_dir / f"complete-dialog-{lang}-{width}x{height}.png"
            if not picture.save(str(path)):
                raise OSError(f"截图保存失败 (could not write the screenshot): {path}")
            saved.append(path)
            dialog.reject()
            window.close()
            window.deleteLater()
            settle(5)
        db.close()
    return saved


def main(argv: list[str]) -> int:
    return run(render, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
