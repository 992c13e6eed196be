"""The inspection editor: walks one checklist section by section and saves every change at once.

Each edit is shown at once (the checklist engine evaluates the answers in memory: visible items,
inline errors, findings, computed values, progress) and saved by an operation on the window's
one writer (app.ui.operations) — `set_answers`, one transaction — in the order typed. An answer
whose save failed (a read-only or full disk) stays in the widget and in `unsaved`, is shown as
not saved, and goes with the next save: nothing typed is lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.checklist import evaluate
from app.output_guard import database_file
from app.store.checklists import get_checklist
from app.store.completion import CompletionPreview, complete_with_record, completion_preview
from app.store.inspection_errors import AmendmentInProgress, IncompleteInspection
from app.store.inspection_records import get_inspection
from app.store.inspections import amend_inspection, set_answers
from app.store.sites import get_site
from app.ui.dialogs.amend_dialog import AmendDialog
from app.ui.dialogs.complete_dialog import CompleteDialog
from app.ui.editor import keys
from app.ui.editor.findings_panel import FindingsPanel
from app.ui.editor.section_view import SectionView
from app.ui.operations import Changes, DataHub, Operation, hub_for, user_message
from app.ui.reports.report_buttons import ReportButtons
from app.ui.review.editor_bar import EditorBar

if TYPE_CHECKING:
    import sqlite_utils


class InspectionEditor(QWidget):
    """One inspection, editable while a draft, read-only once completed."""

    changed = Signal(str)  # inspection id: an answer was saved
    completed = Signal(str)
    amendment_opened = Signal(str)  # id of the new draft version
    save_failed = Signal(str)  # message
    section_changed = Signal(str)  # the section (or "photos") now shown

    def __init__(self, db: sqlite_utils.Database, inspection_id: str, lang: str, actor: str,
                 parent: QWidget | None = None, hub: DataHub | None = None) -> None:
        super().__init__(parent)

        self.db = db
        self._hub = hub
        # Answers typed but not saved yet (in flight, or refused by the disk): item → value.
        self.unsaved: dict[str, Any] = {}
        # Ctrl+Z: (item, the answer before the change), newest last; an undo is itself a saved
        # change through the same path as any answer (issue 12.6).
        self.undo_stack: list[tuple[str, Any]] = []
        self.lang = lang
        self.actor = actor
        self.inspection = get_inspection(db, inspection_id)
        self.checklist = get_checklist(db, self.inspection.form_id, self.inspection.form_version)
        self.site = get_site(db, self.inspection.site_id)
        self.evaluation = evaluate(self.checklist, self.inspection.answers)
        self.setObjectName("inspection-editor")
        self._build()
        self._connect_signals()
        for view in self.views.values():
            view.load_answers(dict(self.inspection.answers))
        self._apply_evaluation()
        self.sections.setCurrentRow(0)
        from app.ui.photos.editor_photos import EditorPhotos

        # Photo slots, the inspection's photo page and drops (app/ui/photos).
        self.photos = EditorPhotos(self)
        # Whose draft, Discard/Duplicate, review state, superseded → its amendment (app/ui/review).
        self.bar = EditorBar(self, db)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.bar)
        self.bar.open_requested.connect(self.amendment_opened.emit)

    # ---- construction -----------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("editor-header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter = splitter
        self.sections = QListWidget(splitter)
        self.sections.setObjectName("sections")
        self.sections.setMinimumWidth(180)
        centre = QWidget(splitter)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget(centre)
        self.views: dict[str, SectionView] = {}
        for section in self.checklist.sections:
            view = SectionView(section, self.checklist, self.lang, self.pages)
            self.views[section.id] = view
            self.pages.addWidget(view)
            entry = QListWidgetItem(section.title.get(self.lang))
            entry.setData(Qt.ItemDataRole.UserRole, section.id)
            self.sections.addItem(entry)
        centre_layout.addWidget(self.pages, 1)
        walk = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀ Previous section"), centre)
        self.next_button = QPushButton(self.tr("Next section ▶"), centre)
        self.next_button.setObjectName("next-section")
        walk.addWidget(self.previous_button)
        walk.addStretch(1)
        walk.addWidget(self.next_button)
        centre_layout.addLayout(walk)
        self.panel = FindingsPanel(self.lang, splitter)
        splitter.addWidget(self.sections)
        splitter.addWidget(centre)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([220, 620, 320])
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("overall-progress")
        self.progress.setFormat(self.tr("%v of %m answered"))
        bottom.addWidget(self.progress, 1)
        self.status_label = QLabel(self)
        bottom.addWidget(self.status_label)
        self.report_buttons = ReportButtons(self)  # print / notice (app/ui/reports)
        bottom.addWidget(self.report_buttons)
        self.amend_button = QPushButton(self.tr("Amend…"), self)
        self.amend_button.setObjectName("amend")
        self.complete_button = QPushButton(self.tr("Complete inspection"), self)
        self.complete_button.setObjectName("complete")
        self.complete_button.setDefault(True)
        bottom.addWidget(self.amend_button)
        bottom.addWidget(self.complete_button)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.sections.currentRowChanged.connect(self.on_section_selected)
        self.previous_button.clicked.connect(self.on_previous)
        self.next_button.clicked.connect(self.on_next)
        for view in self.views.values():
            view.edited.connect(self.on_answer_edited)
        self.panel.item_clicked.connect(self.show_item)
        self.complete_button.clicked.connect(self.on_complete)
        self.amend_button.clicked.connect(self.on_amend)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_shortcut.activated.connect(self.undo_last_answer)
        # The day's keys (issue 12.14), listed on the 快捷键 page (app/ui/help_dialog.py).
        self._shortcut(keys.NEXT_SECTION, self.on_next)
        self._shortcut(keys.PREVIOUS_SECTION, self.on_previous)
        self._shortcut(keys.NEXT_UNANSWERED, self.go_to_next_unanswered)
        self._shortcut(keys.COMPLETE, self.on_complete_key)
        self.next_button.setToolTip(keys.with_keys(self.tr("Next section"), keys.NEXT_SECTION))
        self.previous_button.setToolTip(
            keys.with_keys(self.tr("Previous section"), keys.PREVIOUS_SECTION))
        self.complete_button.setToolTip(
            keys.with_keys(self.tr("Complete inspection"), keys.COMPLETE))

    def _shortcut(self, bound: list[str], slot: Any) -> QShortcut:
        """A key for this editor only (the tab shown), not for the whole window."""
        shortcut = QShortcut(self)
        shortcut.setKeys(keys.sequences(bound))
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    # ---- state ------------------------------------------------------------------------

    @property
    def inspection_id(self) -> str:
        return str(self.inspection.id)

    @property
    def read_only(self) -> bool:
        return bool(self.inspection.status != "draft")

    def title(self) -> str:
        """A short tab title: the site and the checklist, and which amendment it is."""
        name = self.site.name or self.site.address
        title = f"{name} · {self.checklist.title.get(self.lang)}"
        if self.inspection.amendment_no:
            title += self.tr(" (amendment %1)").replace("%1", str(self.inspection.amendment_no))
        return title

    def _apply_evaluation(self) -> None:
        evaluation = self.evaluation
        read_only = self.read_only
        visible = set(evaluation.visible)
        answers = self._answers_shown()
        for row, section in enumerate(self.checklist.sections):
            self.views[section.id].apply(evaluation, read_only, answers)
            answered, shown = evaluation.progress(section.id)
            entry = self.sections.item(row)
            entry.setText(f"{section.title.get(self.lang)}  ({answered}/{shown})")
            has_items = any(item.id in visible for item in section.items)
            entry.setHidden(not has_items and not self._has_computed(section.id))
            blocked = any(i.id in evaluation.errors or i.id in evaluation.missing_required
                          for i in section.items)
            entry.setForeground(Qt.GlobalColor.darkRed if blocked and not read_only
                                else Qt.GlobalColor.black)
        total_answered = sum(evaluation.progress(s.id)[0] for s in self.checklist.sections)
        total_visible = sum(evaluation.progress(s.id)[1] for s in self.checklist.sections)
        self.progress.setMaximum(max(total_visible, 1))
        self.progress.setValue(total_answered)
        self.panel.show_evaluation(self.checklist, evaluation, read_only)
        self.complete_button.setVisible(not read_only)
        self.amend_button.setVisible(read_only and not self._superseded())
        self.report_buttons.show_state(self.inspection, evaluation)
        self._update_header()

    def _has_computed(self, section_id: str) -> bool:
        return bool(self.views[section_id].computed)

    def _superseded(self) -> bool:
        return bool(getattr(self.inspection, "superseded_by", None))

    def _update_header(self) -> None:
        insp = self.inspection
        status = self.tr("Completed (read-only)") if self.read_only else self.tr("Draft")
        version = ""
        if getattr(insp, "amendment_no", 0):
            version = " · " + self.tr("Amendment %1").replace("%1", str(insp.amendment_no))
        site = self.site
        self.header.setText(
            f"<b style='font-size:14pt'>{_esc(self.checklist.title.get(self.lang))}</b>"
            f"<br>{_esc(site.name)} — {_esc(site.address)}"
            f"<br><span style='color:#555'>{status}{version}</span>")
        self.status_label.setText(status)

    # ---- slots --------------------------------------------------------------------------

    def on_section_selected(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        self.previous_button.setEnabled(self._step(row, -1) is not None)
        self.next_button.setEnabled(self._step(row, +1) is not None)
        self.section_changed.emit(self.current_section_id())

    def current_section_id(self) -> str:
        """The id of the section shown ("photos" for the photo page)."""
        entry = self.sections.currentItem()
        return str(entry.data(Qt.ItemDataRole.UserRole) or "") if entry is not None else ""

    def show_section(self, section_id: str) -> bool:
        """Show a section by id (or "photos"); False if this checklist has none such."""
        for row in range(self.sections.count()):
            entry = self.sections.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == section_id and not entry.isHidden():
                self.sections.setCurrentRow(row)
                return True
        return False

    def _step(self, row: int, direction: int) -> int | None:
        row += direction
        while 0 <= row < self.sections.count():
            if not self.sections.item(row).isHidden():
                return row
            row += direction
        return None

    def on_previous(self) -> None:
        self._walk(-1)

    def on_next(self) -> None:
        self._walk(+1)

    def _walk(self, direction: int) -> None:
        """To the next (previous) section, the cursor in its first question."""
        target = self._step(self.sections.currentRow(), direction)
        if target is None:
            return
        self.sections.setCurrentRow(target)
        view = self.pages.currentWidget()
        if isinstance(view, SectionView):
            view.focus_first()

    def go_to_next_unanswered(self) -> None:
        """Ctrl+J: the next shown question without an answer after the one being worked on
        (wrapping round to the start); says so when every question is answered."""
        answers = self._answers_shown()
        order = [i for i in self.evaluation.visible if self._row(i) is not None]
        empty = [i for i in order if answers.get(i) in (None, "", [])]
        if not empty:
            self.status_label.setText(self.tr("Every question is answered"))
            return
        here = self._item_with_focus()
        start = order.index(here) + 1 if here in order else self._first_of_current_section(order)
        after = [i for i in order[start:] + order[:start] if i in empty]
        self.show_item(after[0])

    def _row(self, item_id: str) -> Any:
        for view in self.views.values():
            if item_id in view.rows:
                return view.rows[item_id]
        return None

    def _item_with_focus(self) -> str:
        widget: QWidget | None = self.focusWidget()
        while widget is not None and widget is not self:
            name = widget.objectName()
            if name.startswith("item-"):
                item_id = name[len("item-"):]
                if self._row(item_id) is widget:
                    return item_id
            widget = widget.parentWidget()
        return ""

    def _first_of_current_section(self, order: list[str]) -> int:
        view = self.pages.currentWidget()
        rows = view.rows if isinstance(view, SectionView) else {}
        return next((n for n, i in enumerate(order) if i in rows), 0)

    def on_complete_key(self) -> None:
        if not self.read_only:
            self.on_complete()

    @property
    def hub(self) -> DataHub:
        """The window's data hub (one writer, one change notice)."""
        if self._hub is None:
            self._hub = hub_for(self, database_file(self.db) or Path(":memory:"))
        return self._hub

    def _answers_shown(self) -> dict[str, Any]:
        """The stored answers with what was typed and not saved yet laid over them."""
        answers = dict(self.inspection.answers)
        for item_id, value in self.unsaved.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                answers.pop(item_id, None)
            else:
                answers[item_id] = value
        return answers

    def on_answer_edited(self, item_id: str, value: Any) -> None:
        """Show the consequences at once; save in the background on the window's writer."""
        if self.read_only:
            return
        before = self._answers_shown().get(item_id)
        if before != value:
            self.undo_stack.append((item_id, before))
        self.unsaved[item_id] = value
        self.evaluation = evaluate(self.checklist, self._answers_shown())
        self._apply_evaluation()
        self._save_unsaved()

    def undo_last_answer(self) -> None:
        """Put the last changed answer back as it was, shown and saved like any answer."""
        self.flush()  # a text being typed is an answer too: it is the one undone
        if self.read_only or not self.undo_stack:
            return
        item_id, before = self.undo_stack.pop()
        for view in self.views.values():
            row = view.rows.get(item_id)
            if row is not None:
                row.input.set_value(before)
        self.unsaved[item_id] = before
        self.evaluation = evaluate(self.checklist, self._answers_shown())
        self._apply_evaluation()
        self.show_item(item_id)
        self._save_unsaved()

    def _save_unsaved(self) -> None:
        batch = dict(self.unsaved)
        if not batch:
            return
        inspection_id, actor = self.inspection_id, self.actor

        def save(db: sqlite_utils.Database) -> Any:
            set_answers(db, inspection_id, batch, actor)
            return get_inspection(db, inspection_id)

        Operation(self.hub, save, Changes.of_inspections(inspection_id, source=self), self) \
            .success(lambda stored: self.on_saved(batch, stored)) \
            .failure(self.on_not_saved).run()

    def on_saved(self, batch: dict[str, Any], stored: Any) -> None:
        """A save went through: drop what it carried (unless typed over since), redraw."""
        before = self.inspection.answers
        for item_id, value in batch.items():
            if item_id in self.unsaved and self.unsaved[item_id] == value:
                del self.unsaved[item_id]
        self.inspection = stored
        self.evaluation = evaluate(self.checklist, self._answers_shown())
        self._show_filled_in(before, set(batch))
        self._apply_evaluation()
        self.changed.emit(self.inspection_id)

    def on_not_saved(self, error: BaseException) -> None:
        """Shown, not swallowed: the typed answers stay in their widgets and in `unsaved`."""
        message = user_message(error, self.lang)
        self.save_failed.emit(message)
        self.status_label.setText(self.tr("Not saved: %1").replace("%1", message))

    def _show_filled_in(self, before: dict[str, Any], edited: set[str]) -> None:
        """Show answers the store filled in by itself with this edit (a date default on an
        item the edit brought into view); the edited items' own widgets are left alone."""
        after = self.inspection.answers
        for view in self.views.values():
            for other, row in view.rows.items():
                if (other not in edited and other not in self.unsaved
                        and after.get(other) != before.get(other)):
                    row.input.set_value(after.get(other))

    def reload_answers_from_store(self) -> None:
        """Re-read the inspection after a change made elsewhere (photos attached in the
        background save the item's answer) and redraw progress and findings from it."""
        self.inspection = get_inspection(self.db, self.inspection_id)
        self.evaluation = evaluate(self.checklist, self._answers_shown())
        self._apply_evaluation()

    def show_item(self, item_id: str) -> None:
        """Go to the section of an item and focus it."""
        for row, section in enumerate(self.checklist.sections):
            view = self.views[section.id]
            if item_id in view.rows or item_id in view.computed:
                self.sections.setCurrentRow(row)
                view.show_item(item_id)
                return

    def flush(self) -> None:
        """Save whatever is still being typed (answers, and captions in open photo viewers)."""
        for view in self.views.values():
            view.flush()
        photos = getattr(self, "photos", None)
        if photos is not None:
            photos.flush()

    def on_complete(self) -> None:
        """Ask to confirm, showing what the record will say (app/ui/dialogs/complete_dialog.py),
        or explain why not: the list names every missing or invalid answer."""
        self.flush()
        if not self.evaluation.can_complete:
            self._refuse()
            return
        batch = dict(self.unsaved)  # saved first: the preview reads what is stored
        inspection_id, actor = self.inspection_id, self.actor

        def save_and_preview(db: sqlite_utils.Database) -> tuple[Any, CompletionPreview]:
            if batch:
                set_answers(db, inspection_id, batch, actor)
            return get_inspection(db, inspection_id), completion_preview(db, inspection_id)

        Operation(self.hub, save_and_preview,
                  Changes.of_inspections(inspection_id, source=self) if batch else None, self) \
            .success(lambda done: self.on_preview(batch, *done)) \
            .failure(self.on_not_completed).run()

    def on_preview(self, batch: dict[str, Any], stored: Any, preview: CompletionPreview) -> None:
        """The answers are saved: show what the record will say and ask to sign and confirm."""
        self.on_saved(batch, stored)
        if not preview.can_complete:
            self._refuse()
            return
        dialog = CompleteDialog(preview, self.lang, self)
        dialog.accepted.connect(lambda: self.on_complete_confirmed(dialog))
        self.complete_dialog = dialog
        dialog.open()

    def on_complete_confirmed(self, dialog: CompleteDialog) -> None:
        """Complete with the reason and the signatures the dialog gathered."""
        reason, signatures = dialog.short_photo_reason(), dialog.signatures()
        batch = dict(self.unsaved)  # saved first, in the same operation: nothing left behind
        inspection_id, actor = self.inspection_id, self.actor

        def complete(db: sqlite_utils.Database) -> Any:
            if batch:
                set_answers(db, inspection_id, batch, actor)
            complete_with_record(db, inspection_id, actor, short_photo_reason=reason,
                                 signatures=signatures)
            return get_inspection(db, inspection_id)

        Operation(self.hub, complete, Changes.of_inspections(inspection_id, source=self), self) \
            .success(lambda stored: self.on_completed(batch, stored)) \
            .failure(self.on_not_completed).run()

    def on_completed(self, batch: dict[str, Any], stored: Any) -> None:
        for item_id in batch:
            self.unsaved.pop(item_id, None)
        self.inspection = stored
        self.evaluation = evaluate(self.checklist, self.inspection.answers)
        self._apply_evaluation()
        self.completed.emit(self.inspection_id)

    def on_not_completed(self, error: BaseException) -> None:
        if isinstance(error, IncompleteInspection):
            self._refuse()
            return
        self.on_not_saved(error)
        self.status_label.setText(self.tr("Not completed: %1").replace(
            "%1", user_message(error, self.lang)))

    def _refuse(self) -> None:
        count = len(self.evaluation.missing_required) + len(self.evaluation.errors)
        self.panel.show_refusal(count)
        self.status_label.setText(self.tr("Not complete"))
        first = self.panel.blockers.item(0)
        if first is not None:
            self.panel.blockers.setCurrentItem(first)
            self.show_item(str(first.data(Qt.ItemDataRole.UserRole)))

    def on_amend(self) -> None:
        dialog = AmendDialog(self)
        dialog.accepted.connect(lambda: self.on_amend_reason(dialog.reason_text()))
        self.amend_dialog = dialog
        dialog.open()

    def on_amend_reason(self, reason: str) -> None:
        """Create the new draft version; the main window opens it."""
        if not reason:
            return
        inspection_id, actor = self.inspection_id, self.actor

        def amend(db: sqlite_utils.Database) -> tuple[str, Any]:
            try:
                new_id = str(amend_inspection(db, inspection_id, reason, actor).id)
            except AmendmentInProgress as exc:
                new_id = exc.draft_id  # one open amendment at a time: continue that one
            return new_id, get_inspection(db, inspection_id)

        Operation(self.hub, amend, lambda done: Changes.of_inspections(
            inspection_id, done[0], source=self), self) \
            .success(self.on_amended).failure(self.on_not_saved).run()

    def on_amended(self, done: tuple[str, Any]) -> None:
        new_id, stored = done
        self.inspection = stored
        self._apply_evaluation()
        self.amendment_opened.emit(new_id)


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
