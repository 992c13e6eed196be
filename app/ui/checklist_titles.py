"""The checklist filter's entries, read off the GUI thread (parsing checklists takes a moment).

Shared by the inspections list's filter bar and the summary page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.store.checklists import current_checklists
from app.ui.tasks import TaskContext, TaskHandle, run_task


def load_checklist_titles(
    db_path: Path, lang: str, on_result: Callable[[list[tuple[str, str]]], Any]
) -> TaskHandle:
    """(form id, title in `lang`) of each current checklist, delivered to `on_result`."""

    def job(ctx: TaskContext) -> list[tuple[str, str]]:
        db = ctx.open_database()
        try:
            return [(c.id, c.title.get(lang)) for c in current_checklists(db)]
        finally:
            db.close()

    return run_task(job, db_path=db_path, on_result=on_result)
