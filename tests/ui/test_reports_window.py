"""Documents from the window: print from the editor, notices, export a selection, summaries,
and failures that say what happened and leave no half file. Real database, real PDFs."""

from __future__ import annotations

import errno
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.helpers.driver import click
from tests.helpers.window import INSPECTOR

pytestmark = pytest.mark.gui

DOC_TIMEOUT = 60_000  # ms: a report takes about a second; a loaded CI machine more


# ---- data made through the store ---------------------------------------------------------


def _answers(db: Any, form_id: str, want_findings: bool) -> dict[str, Any]:
    """Valid complete answers of the checklist, with or without findings (first seed that fits)."""
    from app.core.checklist import evaluate, sample_answers
    from app.store.checklists import get_checklist

    checklist = get_checklist(db, form_id)
    for seed in range(200):
        answers = sample_answers(checklist, random.Random(seed), complete=True,
                                 clean=not want_findings)
        evaluation = evaluate(checklist, answers)
        if evaluation.can_complete and bool(evaluation.findings) == want_findings:
            return dict(answers)
    raise AssertionError(f"no sample answers for {form_id} with findings={want_findings}")


def record(db: Any, site_text: str, findings: bool = True, complete: bool = True,
           form_id: str = "street_order") -> str:
    """An inspection of the site found by `site_text`: answered, and completed if asked."""
    from app.store.inspections import complete_inspection, set_answers, start_inspection
    from app.store.sites import search_sites

    site = search_sites(db, site_text)[0]
    inspection = start_inspection(db, form_id, site.id, None)
    set_answers(db, inspection.id, _answers(db, form_id, findings), INSPECTOR)
    if complete:
        complete_inspection(db, inspection.id, INSPECTOR)
    return str(inspection.id)


def finding_texts(db: Any, inspection_id: str) -> list[str]:
    from app.store.inspection_records import get_findings

    return [f.text.zh for f in get_findings(db, inspection_id)]


def pdf_text(path: Path) -> str:
    """All text of a PDF via pypdf, without whitespace (wrapped Chinese reads as one string)."""
    from pypdf import PdfReader

    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


# ---- the system dialogs and viewer, answered by the test -------------------------------------


class Desktop:
    """Records the save dialogs asked and the URLs opened; answers with paths the test sets."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.save_to: Path | None = None
        self.folder: Path | None = None
        self.proposed: list[str] = []
        self.opened: list[QUrl] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(self._folder))
        monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(self._open))

    def _save(self, _parent: Any, _title: str, proposed: str = "", *_a: Any, **_k: Any
              ) -> tuple[str, str]:
        self.proposed.append(proposed)
        return (str(self.save_to) if self.save_to else "", "")

    def _folder(self, _parent: Any, _title: str, proposed: str = "", *_a: Any, **_k: Any) -> str:
        self.proposed.append(proposed)
        return str(self.folder) if self.folder else ""

    def _open(self, url: QUrl) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> Desktop:
    return Desktop(monkeypatch)


# ---- from an inspection ------------------------------------------------------------------------


def test_print_inspection_report_from_the_editor(qtbot: QtBot, main_window: Any, ui_db: Any,
                                                 desktop: Desktop, tmp_path: Path) -> None:
    inspection_id = record(ui_db, "好邻居")
    editor = main_window.open_inspection(inspection_id)
    out_dir = tmp_path / "打印"
    out_dir.mkdir()
    desktop.save_to = out_dir / "记录.pdf"
    buttons = editor.report_buttons
    assert buttons.print_button.isVisible() and buttons.print_button.text() == "打印检查记录…"

    with qtbot.waitSignal(main_window.reports.document_ready, timeout=DOC_TIMEOUT) as ready:
        click(qtbot, buttons.print_button)
        # The window is not blocked meanwhile: the status line says what is being made.
        assert "正在生成" in main_window.reports.status.message.text()
    made = ready.args[0]
    assert made.path == desktop.save_to and made.path.is_file()
    text = pdf_text(made.path)
    assert "检查记录" in text and "好邻居便利店" in text and "朝阳区工体北路8号" in text
    findings = finding_texts(ui_db, inspection_id)
    assert findings and all("".join(f.split()) in text for f in findings)
    # Proposed: 检查记录-<site>-<date>.pdf; opened in the system viewer; the bar offers the folder.
    proposed = Path(desktop.proposed[0])
    assert proposed.name.startswith("检查记录-好邻居便利店-20") and proposed.suffix == ".pdf"
    assert desktop.opened == [QUrl.fromLocalFile(str(made.path))]
    status = main_window.reports.status
    assert status.isVisible() and "已保存 记录.pdf" in status.message.text()
    assert status.folder_button.isVisible()
    click(qtbot, status.folder_button)
    assert desktop.opened[-1] == QUrl.fromLocalFile(str(out_dir))
    # The next save dialog opens in the folder used last.
    desktop.save_to = None
    click(qtbot, buttons.print_button)
    assert Path(desktop.proposed[-1]).parent == out_dir


def test_notice_only_for_a_completed_inspection_with_findings(
        qtbot: QtBot, main_window: Any, ui_db: Any, desktop: Desktop, tmp_path: Path) -> None:
    draft = main_window.open_inspection(record(ui_db, "好邻居", complete=False))
    assert not draft.report_buttons.notice_button.isEnabled()
    assert "请先完成检查" in draft.report_buttons.notice_button.toolTip()
    assert draft.report_buttons.print_button.isEnabled()  # a draft's record can be printed

    clean = main_window.open_inspection(record(ui_db, "好邻居", findings=False))
    assert not clean.report_buttons.notice_button.isEnabled()
    assert "未发现问题" in clean.report_buttons.notice_button.toolTip()

    inspection_id = record(ui_db, "好邻居")
    editor = main_window.open_inspection(inspection_id)
    notice = editor.report_buttons.notice_button
    assert notice.isEnabled() and notice.text() == "整改通知书…"
    desktop.save_to = tmp_path / "通知书"  # no suffix typed: .pdf is added
    with qtbot.waitSignal(main_window.reports.document_ready, timeout=DOC_TIMEOUT) as ready:
        click(qtbot, notice)
    assert Path(desktop.proposed[0]).name.startswith("整改通知书-好邻居便利店-")
    made = ready.args[0]
    assert made.path == tmp_path / "通知书.pdf" and made.pages >= 1
    text = pdf_text(made.path)
    assert "整改通知书" in text and "好邻居便利店" in text and "送达回执" in text
    assert all("".join(f.split()) in text for f in finding_texts(ui_db, inspection_id))
    from app.reports.notice_gather import notice_data

    # Issued through the window's writer: the office's first number, recorded and audited.
    issued = notice_data(ui_db, inspection_id)
    assert issued.notice_number.startswith("朝阳城管责改〔") and issued.notice_number.endswith(
        "〕第1号")
    assert issued.notice_number in text
    assert ui_db.execute("SELECT count(*) FROM audit WHERE action = 'notice.issue'"
                         ).fetchone()[0] == 1


def test_notice_refused_when_the_inspection_changed_meanwhile(
        qtbot: QtBot, main_window: Any, ui_db: Any, desktop: Desktop, tmp_path: Path) -> None:
    """The button's state is from when the editor was drawn; the job checks again."""
    from app.store.inspections import amend_inspection

    inspection_id = record(ui_db, "好邻居")
    main_window.open_inspection(inspection_id)
    amend_inspection(ui_db, inspection_id, "地址抄错", INSPECTOR)
    draft_id = str(ui_db.execute("SELECT id FROM inspections WHERE amends_id = ?",
                                 [inspection_id]).fetchone()[0])
    desktop.save_to = tmp_path / "n.pdf"
    with qtbot.waitSignal(main_window.reports.failed, timeout=DOC_TIMEOUT) as failed:
        main_window.reports.print_notice(draft_id)
    assert "此检查不能出具整改通知书" in failed.args[0]
    assert not desktop.save_to.exists()
    main_window.reports.error_box.close()


# ---- a selection of inspections ---------------------------------------------------------------


def _select_rows(window: Any, rows: list[int]) -> None:
    selection = window.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(window.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_export_a_selection_of_three(qtbot: QtBot, main_window: Any, ui_db: Any,
                                     desktop: Desktop, tmp_path: Path) -> None:
    ids = [record(ui_db, "好邻居"), record(ui_db, "中关村"),
           record(ui_db, "好邻居", complete=False)]
    main_window.on_refresh()
    assert main_window.model.rowCount() == 3
    action = main_window.reports.export_action
    assert not action.isEnabled()  # nothing selected yet
    # Click the first row, Ctrl-click the third, Shift-click the second: all three selected.
    table = main_window.table
    for row, modifier in ((0, Qt.KeyboardModifier.NoModifier),
                          (2, Qt.KeyboardModifier.ControlModifier),
                          (1, Qt.KeyboardModifier.ShiftModifier)):
        rect = table.visualRect(main_window.model.index(row, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert sorted(main_window.reports.selected_ids()) == sorted(ids)
    assert action.isEnabled() and action.text() == "导出检查记录…"

    desktop.folder = tmp_path / "导出"
    desktop.folder.mkdir()
    with qtbot.waitSignal(main_window.reports.export_finished, timeout=3 * DOC_TIMEOUT) as done:
        action.trigger()
    result = done.args[0]
    assert not result.cancelled and len(result.made) == 3
    files = sorted(desktop.folder.iterdir())
    assert len(files) == 3 and all(f.suffix == ".pdf" for f in files), files
    # One per inspection, named by site, date and the end of the record id.
    for inspection_id in ids:
        matches = [f for f in files if f.stem.endswith(inspection_id[-6:].upper())]
        assert len(matches) == 1, (inspection_id, files)
        text = pdf_text(matches[0])
        assert inspection_id in text
    assert sum("好邻居便利店" in f.name for f in files) == 2
    status = main_window.reports.status
    assert "已导出 3 份检查记录" in status.message.text() and status.folder_button.isVisible()
    assert desktop.opened == []  # three viewers would be a nuisance: the folder is one click


def test_export_can_be_cancelled_and_keeps_complete_files(
        qtbot: QtBot, main_window: Any, ui_db: Any, desktop: Desktop, tmp_path: Path) -> None:
    for _ in range(3):
        record(ui_db, "好邻居")
    main_window.on_refresh()
    _select_rows(main_window, [0, 1, 2])
    desktop.folder = tmp_path
    status = main_window.reports.status
    with qtbot.waitSignal(main_window.reports.export_finished, timeout=3 * DOC_TIMEOUT) as done:
        main_window.reports.export_action.trigger()
        assert status.cancel_button.isVisible() and status.progress.isVisible()
        click(qtbot, status.cancel_button)  # before the worker has finished even one report
    result = done.args[0]
    assert result.cancelled and len(result.made) < 3
    written = sorted(tmp_path.glob("*.pdf"))
    assert len(written) == len(result.made)
    assert all(pdf_text(f) for f in written)  # those written are whole documents
    assert not list(tmp_path.glob(".*.part"))
    assert "已取消导出" in status.message.text()


# ---- the summary page ---------------------------------------------------------------------------


def test_summary_page_counts_and_makes_the_pdf(qtbot: QtBot, main_window: Any, ui_db: Any,
                                               desktop: Desktop, tmp_path: Path) -> None:
    # A passing inspection, then two with findings at the same site (both open: nothing passed
    # after them), one with findings in 海淀区 and a draft there.
    record(ui_db, "好邻居", findings=False)
    chaoyang = [record(ui_db, "好邻居"), record(ui_db, "好邻居")]
    haidian = [record(ui_db, "中关村"), record(ui_db, "中关村", findings=False, complete=False)]
    page = main_window.reports.summary_page
    index = main_window.tabs.indexOf(page)
    assert main_window.tabs.tabText(index) == "汇总报告"
    with qtbot.waitSignal(page.preview_ready, timeout=DOC_TIMEOUT):
        main_window.tabs.setCurrentIndex(index)  # counted when shown, in the background
    figures = {k: int(label.text()) for k, label in page.figure_labels.items()}
    # Issue 9.9: completed inspections only (the draft apart); a problem counts once per site
    # and kind however many visits found it, and stays open until a later clean visit.
    here = set(finding_texts(ui_db, chaoyang[0])) | set(finding_texts(ui_db, chaoyang[1]))
    there = set(finding_texts(ui_db, haidian[0]))
    problems = len(here) + len(there)
    assert figures == {"inspections": 4, "findings": problems, "open_items": problems,
                       "overdue": 0}
    assert page.work_items.rows() == [("占道经营、无证无照经营整治", 1, 4, 5)]
    assert page.open_items.rowCount() == problems
    assert sum(k[1] for k in page.kinds.rows()) == problems
    findings = len(here)

    # Filter to 朝阳区 (the 中关村 site is in 海淀区): the counts follow.
    with qtbot.waitSignal(page.preview_ready, timeout=DOC_TIMEOUT):
        page.district.setCurrentIndex(page.district.findData("110105"))
    assert int(page.figure_labels["inspections"].text()) == 3
    assert page.street.isEnabled() and page.street.count() > 1

    desktop.save_to = tmp_path / "汇总.pdf"
    with qtbot.waitSignal(main_window.reports.document_ready, timeout=DOC_TIMEOUT) as ready:
        click(qtbot, page.generate_button)
    assert Path(desktop.proposed[0]).name.startswith("巡查汇总-")
    text = pdf_text(ready.args[0].path)
    assert "街巷巡查工作汇总" in text and "区：朝阳区" in text
    # 已完成 3, 草稿 0, 发现 n, 已整改 0, 整改率 0.0%, 未整改 n, 逾期 0 (issue 9.9's figures)
    assert ("已完成检查草稿（另计）发现问题已整改整改率未整改其中逾期"
            f"30{findings}00.0%{findings}0") in text
    assert "中关村地下旅馆" not in text and "好邻居便利店" in text


def test_summary_dates_out_of_order(qtbot: QtBot, main_window: Any) -> None:
    from PySide6.QtCore import QDate

    page = main_window.reports.summary_page
    page.date_from.setDate(QDate(2026, 5, 1))
    page.date_to.setDate(QDate(2026, 4, 1))
    assert not page.generate_button.isEnabled()
    assert "开始日期晚于结束日期" in page.note.text()


# ---- failures ------------------------------------------------------------------------------------


def test_disk_full_says_so_and_leaves_no_half_file(
        qtbot: QtBot, main_window: Any, ui_db: Any, desktop: Desktop, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase.pdfdoc import PDFDocument

    def disk_fills_up(self: Any, filename: Any, canvas: Any) -> None:
        # Half the PDF reaches the disk, then the device is full: as a real full disk behaves.
        data = self.GetPDFData(canvas)
        with open(filename, "wb") as fh:
            fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(filename))

    monkeypatch.setattr(PDFDocument, "SaveToFile", disk_fills_up)
    editor = main_window.open_inspection(record(ui_db, "好邻居"))
    target = tmp_path / "检查记录.pdf"
    target.write_bytes(b"%PDF-1.4 the copy printed last week")
    desktop.save_to = target
    with qtbot.waitSignal(main_window.reports.failed, timeout=DOC_TIMEOUT) as failed:
        click(qtbot, editor.report_buttons.print_button)
    message = failed.args[0]
    assert message.startswith("磁盘已满：PDF 未保存") and "No space left on device" in message
    assert main_window.reports.error_box.text() == message
    assert main_window.reports.error_box.isVisible()
    assert "磁盘已满" in main_window.reports.status.message.text()
    assert target.read_bytes() == b"%PDF-1.4 the copy printed last week"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "settings.ini"
                  and not p.name.startswith("street-audit")) == ["检查记录.pdf"]
    assert desktop.opened == []
    main_window.reports.error_box.close()


def test_no_font_names_what_to_install(qtbot: QtBot, main_window: Any, ui_db: Any,
                                       desktop: Desktop, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import app.reports.pdf_fonts as pdf_fonts
    from app.fonts import INSTALL_HINT, FontNotFound

    def no_font(_configured: str | None = None) -> Any:
        raise FontNotFound(INSTALL_HINT)

    monkeypatch.setattr(pdf_fonts, "_registered", None)
    monkeypatch.setattr(pdf_fonts, "find_cjk_font", no_font)
    editor = main_window.open_inspection(record(ui_db, "好邻居"))
    desktop.save_to = tmp_path / "r.pdf"
    with qtbot.waitSignal(main_window.reports.failed, timeout=DOC_TIMEOUT) as failed:
        click(qtbot, editor.report_buttons.print_button)
    assert failed.args[0].startswith("没有可嵌入 PDF 的中文字体") and "fonts-wqy-microhei" in (
        failed.args[0])
    assert not desktop.save_to.exists()
    main_window.reports.error_box.close()


def test_unreadable_photo_is_named_in_the_result(qtbot: QtBot, main_window: Any, ui_db: Any,
                                                 db_path: Path, desktop: Desktop,
                                                 tmp_path: Path) -> None:
    from datetime import datetime

    from app.media.filestore import MediaStore
    from app.media.importer import attach_file
    from app.paths import media_dir
    from tests.helpers.report_db import gps_photo

    inspection_id = record(ui_db, "好邻居", complete=False)
    photo = gps_photo(tmp_path / "p.jpg", 39.93, 116.45, datetime(2026, 3, 15, 10, 0))
    attached = attach_file(ui_db, db_path, inspection_id, photo, INSPECTOR, caption="门头")
    assert attached.error is None, attached.error
    from app.store.inspections import complete_inspection

    complete_inspection(ui_db, inspection_id, INSPECTOR)
    sha = ui_db.execute("SELECT sha256 FROM inspection_photos WHERE inspection_id = ?",
                        [inspection_id]).fetchone()[0]
    original = MediaStore(media_dir(db_path)).original_path(sha)
    original.write_bytes(b"not a jpeg any more")  # a damaged disk sector, a bad copy
    # The print-size copies are a cache that may be deleted at any time: without one the
    # damaged original prints as a placeholder.
    shutil.rmtree(media_dir(db_path) / "cache", ignore_errors=True)
    editor = main_window.open_inspection(inspection_id)
    desktop.save_to = tmp_path / "r.pdf"
    with qtbot.waitSignal(main_window.reports.document_ready, timeout=DOC_TIMEOUT) as ready:
        click(qtbot, editor.report_buttons.print_button)
    assert ready.args[0].damaged_photos == (original,)
    assert "有 1 个照片文件缺失或损坏" in main_window.reports.status.message.text()
    assert "照片无法读取" in pdf_text(desktop.save_to)


def test_summary_counts_follow_the_last_filter_chosen(qtbot: QtBot, main_window: Any,
                                                      ui_db: Any) -> None:
    record(ui_db, "好邻居")
    record(ui_db, "中关村")
    page = main_window.reports.summary_page
    with qtbot.waitSignal(page.preview_ready, timeout=DOC_TIMEOUT):
        main_window.tabs.setCurrentWidget(page)
    # Two districts in quick succession: the count for the first may still be running.
    page.district.setCurrentIndex(page.district.findData("110105"))
    page.start_preview()
    page.district.setCurrentIndex(page.district.findData("110108"))
    page.start_preview()
    qtbot.waitUntil(lambda: page._task is not None and page._task.finished
                    and not page._pending, timeout=DOC_TIMEOUT)
    qtbot.waitUntil(lambda: "区：海淀区" in page.data.filters, timeout=DOC_TIMEOUT)
    assert page.figure_labels["inspections"].text() == "1"
    assert page.open_items.rows()[0][0].startswith("中关村地下旅馆")


# ---- a large selection -------------------------------------------------------------------------


def _drafts(db: Any, n: int) -> list[str]:
    """`n` draft inspections (no answers: enough for the list and the export's look-up)."""
    from app.store.inspections import start_inspection
    from app.store.sites import search_sites

    site = search_sites(db, "好邻居")[0]
    return [str(start_inspection(db, "street_order", site.id, None).id) for _ in range(n)]


def test_selected_rows_become_ids_off_the_window_in_list_order(
        main_window: Any, ui_db: Any) -> None:
    """The row → id look-up runs on a job's connection, from the list's filter and sort."""
    from app.ui.reports.window_reports import ids_of_rows, selected_spans

    _drafts(ui_db, 7)
    main_window.on_refresh()
    model = main_window.model
    _select_rows(main_window, [0, 1, 2, 4, 6])
    spans = selected_spans(main_window.table.selectionModel())
    assert spans == [(0, 2), (4, 4), (6, 6)]
    shown = [model.inspection_id(r) for r in (0, 1, 2, 4, 6)]
    assert ids_of_rows(ui_db, model.filter(), model.sort_spec(), spans, chunk=2) == shown
    stop_at_once = ids_of_rows(ui_db, model.filter(), model.sort_spec(), spans,
                               cancelled=lambda: True)
    assert stop_at_once == []


def test_export_of_many_asks_first_and_does_not_look_rows_up_on_the_window(
        qtbot: QtBot, main_window: Any, ui_db: Any, desktop: Desktop, tmp_path: Path,
        no_modal: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    _drafts(ui_db, 52)
    main_window.on_refresh()
    model = main_window.model
    main_window.table.selectAll()
    reports = main_window.reports
    assert reports.export_action.isEnabled()
    desktop.folder = tmp_path
    # The window must not page through the list row by row to find the ids.
    fetched = model.pages_fetched
    looked_up: list[int] = []
    monkeypatch.setattr(model, "inspection_id", lambda row: looked_up.append(row))

    reports.export_action.trigger()
    box = reports.confirm_box
    assert box is not None and box.isVisible()
    assert "52" in box.text()
    assert no_modal.dialogs == [] and no_modal.messages == []  # opened, not exec'd
    assert desktop.proposed == []  # no folder asked yet
    # "No": nothing happens.
    click(qtbot, box.button(QMessageBox.StandardButton.No))
    assert desktop.proposed == [] and not reports.status.cancel_button.isVisible()

    # "Yes": the folder, then the export starts in the background; cancelled at once.
    reports.export_action.trigger()
    box = reports.confirm_box
    with qtbot.waitSignal(reports.export_finished, timeout=3 * DOC_TIMEOUT) as done:
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))
        assert len(desktop.proposed) == 1
        click(qtbot, reports.status.cancel_button)
    result = done.args[0]
    assert result.cancelled and result.requested == 52 and len(result.made) < 52
    assert looked_up == [] and model.pages_fetched - fetched <= 2  # only what the view drew


def test_export_of_a_few_asks_nothing(qtbot: QtBot, main_window: Any, ui_db: Any,
                                      desktop: Desktop, tmp_path: Path) -> None:
    _drafts(ui_db, 2)
    main_window.on_refresh()
    _select_rows(main_window, [0, 1])
    desktop.folder = tmp_path
    with qtbot.waitSignal(main_window.reports.export_finished, timeout=3 * DOC_TIMEOUT) as done:
        main_window.reports.export_action.trigger()
    assert main_window.reports.confirm_box is None
    assert len(done.args[0].made) == 2


def test_a_count_arriving_after_the_page_closed_touches_nothing(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    """The window closed while the summary was counting: the late result is dropped, not
    written into deleted labels (RuntimeError: Internal C++ object already deleted)."""
    import shiboken6

    from app.ui.reports.summary_page import SummaryPage

    page = SummaryPage(tmp_path / "street-audit.db", "zh")
    generation = page._generation
    shiboken6.delete(page)
    page.on_preview(generation, object())  # no exception
    page.on_preview_failed(generation, RuntimeError("late"))
    page.on_count_done()
