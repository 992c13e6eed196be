"""Rendering the main screens offscreen into PNG files (docs/screenshots/, shown in the README)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from app.ui.app import DesktopApp

WINDOW_SIZE = (1360, 820)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"截图保存失败 (could not write the screenshot): {path}")
    return path


def _pick(db: Any, form_id: str, status: str | None, with_findings: bool) -> str | None:
    """An inspection of the demo data to show: of this checklist, in this state, with findings."""
    sql = "SELECT id FROM inspections WHERE form_id = ? AND superseded_by IS NULL"
    args: list[Any] = [form_id]
    if status:
        sql += " AND status = ?"
        args.append(status)
    if with_findings:
        sql += " AND finding_count > 0"
    row = db.execute(sql + " ORDER BY finding_count DESC, started_at DESC LIMIT 1",
                     args).fetchone()
    return str(row[0]) if row else None


def _pick_computed_finding(db: Any, checklist: Any) -> str | None:
    """An inspection whose finding comes from a computed value (e.g. 人均面积 < 5 m²)."""
    ids = [c.id for c in checklist.computed]
    if not ids:
        return None
    marks = ", ".join("?" for _ in ids)
    row = db.execute(
        f"SELECT i.id FROM findings f JOIN inspections i ON i.id = f.inspection_id "
        f"WHERE i.form_id = ? AND f.item_id IN ({marks}) AND i.superseded_by IS NULL "
        f"ORDER BY i.status = 'draft' DESC, i.started_at DESC LIMIT 1",
        [checklist.id, *ids]).fetchone()
    return str(row[0]) if row else None


def render_screenshots(desktop: DesktopApp, out_dir: Path) -> list[Path]:
    """Main list, sites, dialogs, the editor on each checklist, a completed inspection."""
    from app.store.checklists import current_checklists

    out_dir.mkdir(parents=True, exist_ok=True)
    window = desktop.show_main_window()
    window.resize(*WINDOW_SIZE)
    db = desktop.db
    saved: list[Path] = []

    window.tabs.setCurrentIndex(0)
    window.table.selectRow(1)
    saved.append(_save(window, out_dir / "main-inspections.png"))

    window.tabs.setCurrentIndex(1)
    window.sites_page.search_edit.setText("朝阳")
    window.sites_page.refresh()
    saved.append(_save(window, out_dir / "sites.png"))
    window.tabs.setCurrentIndex(0)

    window.on_new_inspection()
    dialog = window.new_inspection_dialog
    dialog.search.setText("店")
    dialog.on_search()
    dialog.sites.setCurrentRow(0)
    saved.append(_save(dialog, out_dir / "new-inspection.png"))
    dialog.on_new_site()
    site_dialog = dialog.site_dialog
    site_dialog.address.setText("朝阳区三里屯路19号")
    site_dialog.name.setText("老王面馆")
    site_dialog.credit_code.setText("91110000600037341N")  # fails its check: a warning
    saved.append(_save(site_dialog, out_dir / "new-site.png"))
    site_dialog.reject()
    dialog.reject()

    for checklist in current_checklists(db):
        inspection_id = (_pick_computed_finding(db, checklist)
                         or _pick(db, checklist.id, "draft", True)
                         or _pick(db, checklist.id, None, True)
                         or _pick(db, checklist.id, None, False))
        if inspection_id is None:
            continue
        editor = window.open_inspection(inspection_id)
        computed = [c.id for c in checklist.computed if c.id in editor.evaluation.computed
                    and editor.evaluation.computed[c.id] is not None]
        if computed:  # show the worked-out values (e.g. living area per person)
            editor.show_item(computed[0])
        elif editor.evaluation.findings:
            editor.show_item(editor.evaluation.findings[0].item_id)
        saved.append(_save(window, out_dir / f"editor-{checklist.id}.png"))
        if not editor.read_only and not editor.evaluation.can_complete:
            editor.on_complete()  # refused: the panel lists what is missing
            saved.append(_save(window, out_dir / f"editor-{checklist.id}-refused.png"))

    completed = _pick(db, current_checklists(db)[0].id, "completed", True) if current_checklists(
        db) else None
    if completed:
        editor = window.open_inspection(completed)
        editor.sections.setCurrentRow(0)
        saved.append(_save(window, out_dir / "completed-read-only.png"))

    from tools.screenshots.report_screens import render_report_screens

    saved.extend(render_report_screens(window, db, out_dir))

    from tools.screenshots.photo_screens import render_photo_screenshots

    saved.extend(render_photo_screenshots(window, db, desktop.db_path, out_dir))

    window.on_settings()
    saved.append(_save(window.settings_dialog, out_dir / "settings.png"))
    window.settings_dialog.reject()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.close()
    return saved
