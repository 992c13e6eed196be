"""Run in a subprocess by test_kill: edits an inspection through the editor, says so, waits.

The parent SIGKILLs this process after the marker line and reopens the database: every edit
made through the window must be there, with no chance for Python or Qt to clean up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MARKER = "EDITS-DONE"

# (item, value) in the order an inspector goes; values as the driver takes them.
EDITS: list[tuple[str, Any]] = [
    ("building_type", "half_basement"),
    ("registered_use", "residential"),
    ("wall_exterior", "yes"),
    ("property_owner", "李秀英"),
    ("has_opening", "yes"),
    ("opening_kinds", ["new_door", "enlarged"]),
    ("opening_count", 3),
    ("opening_width_m", "1.8"),
    ("inspected_on", "today"),
]


class QTestBot:
    """The few qtbot calls the driver uses, on plain QTest (no pytest in this process)."""

    def mouseClick(self, widget: Any, button: Any, pos: Any = None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if pos is None:
            QTest.mouseClick(widget, button)
        else:
            QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def waitUntil(self, condition: Any, timeout: int = 10000) -> None:
        """Process events until `condition()` holds (the saves have come back)."""
        import time

        from PySide6.QtCore import QCoreApplication

        end = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("condition not met")
            QCoreApplication.processEvents()
            time.sleep(0.005)

    def keyClick(self, widget: Any, key: Any) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClick(widget, key)

    def keyClicks(self, widget: Any, text: str) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)


def main(db_path: str, inspection_id: str) -> None:
    from app.store.db import open_database
    from app.ui.app import create_application, install_translations
    from app.ui.editor.inspection_editor import InspectionEditor
    from tests.helpers.driver import answer, go_to_section

    app = create_application()
    install_translations(app, "zh")
    db = open_database(Path(db_path))
    editor = InspectionEditor(db, inspection_id, "zh", "张伟")
    editor.resize(1200, 800)
    editor.show()
    bot: Any = QTestBot()
    for item_id, value in EDITS:
        go_to_section(bot, editor, editor.checklist.item(item_id).section_id)
        answer(bot, editor, item_id, value)
    print(MARKER, flush=True)
    app.exec()  # wait for the kill, like a window left open


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
