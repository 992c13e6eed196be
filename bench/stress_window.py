"""The window's part of bench/stress_concurrency.py: the real main window, offscreen.

    QT_QPA_PLATFORM=offscreen python bench/stress_window.py DB SECONDS DRAFT_ID...

Opens the main window on DB, opens each draft in an editor and, until SECONDS are up, types
an answer into each (InspectionEditor.on_answer_edited: the editor's own save path) and
refreshes the inspections list. Prints `ACK <inspection> remarks <value>` for each answer
the editor saved and the window reads back from the file, `REFUSED <message>` for each it
showed as not saved.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QCoreApplication

    from app.ui.app import start_desktop

    db, seconds, drafts = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
    desktop = start_desktop(db, "zh")
    window = desktop.window
    assert window is not None
    editors = [window.open_inspection(i) for i in drafts]
    refused: list[str] = []
    for editor in editors:
        editor.save_failed.connect(refused.append)
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        for editor in editors:
            n += 1
            value = f"window {n}"
            before = len(refused)
            editor.on_answer_edited("remarks", value)
            # The editor saves on the window's writer thread: acknowledged once it says saved
            # (the item left `unsaved`) and the window's own connection reads it back.
            if not _saved(editor, value, refused, before):
                print("REFUSED " + (refused[-1] if len(refused) > before else "timeout")
                      .replace("\n", " "), flush=True)
                continue
            print(f"ACK {editor.inspection_id} remarks {value}", flush=True)
        if n % 10 == 0:
            window.on_refresh()
        QCoreApplication.processEvents()
        time.sleep(0.2)
    for editor in editors:
        editor.flush()
    window.close()
    desktop.db.close()
    return 0


def _saved(editor: Any, value: str, refused: list[str], before: int,
           wait_s: float = 600) -> bool:
    from PySide6.QtCore import QCoreApplication

    from app.store.inspections import get_inspection

    until = time.monotonic() + wait_s
    while time.monotonic() < until and len(refused) == before:
        QCoreApplication.processEvents()
        if "remarks" not in getattr(editor, "unsaved", {}):
            stored = get_inspection(editor.db, editor.inspection_id).answers.get("remarks")
            if stored == value:
                return True
        time.sleep(0.01)
    return False


if __name__ == "__main__":
    raise SystemExit(main())
