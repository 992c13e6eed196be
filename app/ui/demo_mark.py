"""The window title says "demo data" while the profile is the demo's made-up inspector.

Until the user saves a name of their own in Settings (app.store.profile.DEMO_IDENTITY), every
record they make would carry the demo's inspector: the title says so on every screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.store.profile import is_demo_identity

if TYPE_CHECKING:
    import sqlite_utils


PROGRAM = "街巷巡查 Street Audit"  # = app.ui.app's application display name


def window_title(db: sqlite_utils.Database) -> str:
    """The main window's title, marked on the demo's own database and while the identity is
    the demo's."""
    from app.device_setup import is_demo_db_path
    from app.output_guard import database_file

    # The program's name once (issue 12.16), last: it is the application's display name
    # (app.ui.app), which the window system would otherwise add to the title a second time.
    path = database_file(db)
    if path is not None and is_demo_db_path(path):
        return QCoreApplication.translate(
            "DemoMark", "DEMO database: made-up records, not for real work") + " — " + PROGRAM
    if is_demo_identity(db):
        return QCoreApplication.translate(
            "DemoMark", "Working with demo data: enter your own name in Settings") + " — " + PROGRAM
    return PROGRAM
