"""The bar across the top of an inspection's tab (issue 12.7, 12.8, 12.9): whose draft it is
(a warning when it is another inspector's), Discard… and Duplicate for a draft, the review
state of a completed one, and for a superseded version a read-only note with a link to its
amendment. Changes go through Operations on the window's hub (app.store.inspections)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.store.inspection_records import get_inspection
from app.store.inspections import discard_draft, duplicate_inspection
from app.store.profile import get_profile
from app.store.review import latest_review
from app.ui.operations import Changes, Operation, user_message

if TYPE_CHECKING:
    import sqlite_utils

    from app.store.inspection_records import Inspection
    from app.ui.operations import DataHub


class BarHost(Protocol):
    """What the bar needs of the editor it stands in (app.ui.editor.inspection_editor's
    InspectionEditor, a QWidget). Named here, not imported: the editor imports this module."""

    inspection: Inspection
    lang: str
    actor: str

    @property
    def inspection_id(self) -> str: ...
    @property
    def hub(self) -> DataHub: ...
    def flush(self) -> None: ...
    def reload_answers_from_store(self) -> None: ...

WARN = "background: #fff4ce; border: 1px solid #e0c060; padding: 4px;"
INFO = "background: #e8f0fe; border: 1px solid #a8c0f0; padding: 4px;"
RETURNED = "background: #fde7e7; border: 1px solid #e0a0a0; padding: 4px;"


class DiscardDialog(QDialog):
    """Confirm throwing a draft away; the reason goes into the audit log with its answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discard-dialog")
        self.setWindowTitle(self.tr("Discard draft"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "The draft leaves the lists. Its answers, photos used and your reason stay in the "
            "audit log (street-audit inspection discarded). Discard it?"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("discard-reason")
        self.reason.setPlaceholderText(self.tr("Reason, e.g. started at the wrong site"))
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.discard_button = buttons.addButton(self.tr("Discard"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button.setObjectName("discard-confirm")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 170)

    def reason_text(self) -> str:
        return self.reason.text().strip()


class EditorBar(QWidget):
    """Ownership, review and version notes above one inspection, with the draft's actions."""

    open_requested = Signal(str)  # a new draft (a copy) or the amendment: open its tab

    def __init__(self, editor: BarHost, db: sqlite_utils.Database) -> None:
        super().__init__(cast(QWidget, editor))  # the editor is its Qt parent
        self.setObjectName("editor-bar")
        self.editor = editor
        self.db = db
        profile = get_profile(db)
        self.me = profile.inspector_name if profile is not None else ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel(self)
        self.note.setObjectName("editor-bar-note")
        self.note.setWordWrap(True)
        self.note.linkActivated.connect(self.on_link)
        layout.addWidget(self.note, 1)
        self.duplicate_button = QPushButton(self.tr("Duplicate as new draft"), self)
        self.duplicate_button.setObjectName("editor-duplicate")
        self.duplicate_button.setToolTip(self.tr(
            "A new draft of the same site and checklist with these answers (photos not copied)"))
        self.discard_button = QPushButton(self.tr("Discard draft…"), self)
        self.discard_button.setObjectName("editor-discard")
        layout.addWidget(self.duplicate_button)
        layout.addWidget(self.discard_button)
        self.duplicate_button.clicked.connect(self.on_duplicate)
        self.discard_button.clicked.connect(self.on_discard)
        editor.hub.changed.connect(self.on_data_changed)
        self.update_state()

    # ---- what it says -------------------------------------------------------------------

    def update_state(self) -> None:
        """Say what holds for the inspection as the editor has it now."""
        insp = self.editor.inspection
        draft = insp.status == "draft"
        self.discard_button.setVisible(draft)
        self.duplicate_button.setVisible(draft)
        if insp.superseded_by:
            newer = get_inspection(self.db, str(insp.superseded_by))
            self._say(INFO, self.tr(
                "Read-only: this version was superseded by amendment %1. "
                "<a href='open:%2'>Open the amendment</a>").replace(
                    "%1", str(newer.amendment_no)).replace("%2", str(newer.id)))
        elif draft and insp.inspector_name and self.me and insp.inspector_name != self.me:
            self._say(WARN, self.tr("⚠ This is %1's draft: changes you make are saved in their "
                                    "inspection, under your name in the audit log.").replace(
                "%1", _esc(insp.inspector_name)))
        elif not draft:
            review = latest_review(self.db, self.editor.inspection_id)
            if review is None:
                self._say(INFO, self.tr("Review: waiting for the team lead"))
            elif review.decision == "approved":
                self._say(INFO, self.tr("Review: approved by %1").replace(
                    "%1", _esc(review.reviewer_name)))
            else:
                self._say(RETURNED, self.tr(
                    "Review: returned by %1 — %2. Correct it with Amend…").replace(
                    "%1", _esc(review.reviewer_name)).replace("%2", _esc(review.comments)))
        else:
            self._say("", "")

    def _say(self, style: str, text: str) -> None:
        self.note.setStyleSheet(style)
        self.note.setText(text)
        self.setVisible(bool(text) or self.discard_button.isVisibleTo(self))

    def on_data_changed(self, changes: Changes) -> None:
        """After any change of inspections (the editor's own callbacks have run by then): a
        completed version superseded meanwhile turns read-only with its link; a review made
        elsewhere is said."""
        if not changes.inspections:
            return
        insp = self.editor.inspection
        if (insp.status != "draft" and not insp.superseded_by
                and get_inspection(self.db, self.editor.inspection_id).superseded_by):
            self.editor.reload_answers_from_store()
        self.update_state()

    # ---- actions ------------------------------------------------------------------------

    def on_link(self, link: str) -> None:
        if link.startswith("open:"):
            self.open_requested.emit(link[5:])

    def on_duplicate(self) -> None:
        self.editor.flush()
        inspection_id, actor = self.editor.inspection_id, self.editor.actor
        Operation(self.editor.hub,
                  lambda db: str(duplicate_inspection(db, inspection_id, actor).id),
                  lambda new_id: Changes.of_inspections(new_id), self) \
            .success(self.open_requested.emit).failure(self.on_refused).run()

    def on_discard(self) -> None:
        dialog = DiscardDialog(self)
        dialog.accepted.connect(lambda: self.on_discard_confirmed(dialog.reason_text()))
        self.discard_dialog = dialog
        dialog.open()

    def on_discard_confirmed(self, reason: str) -> None:
        inspection_id, actor = self.editor.inspection_id, self.editor.actor
        Operation(self.editor.hub, lambda db: discard_draft(db, inspection_id, actor, reason),
                  Changes.of_inspections(inspection_id), self) \
            .success(self.on_discarded).failure(self.on_refused).run()

    def on_discarded(self, _result: Any) -> None:
        """Gone from the database: close its tab (through the window, as the × would)."""
        page = cast(QWidget, self.editor)
        widget: QWidget | None = page
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        if isinstance(widget, QTabWidget):
            widget.tabCloseRequested.emit(widget.indexOf(page))

    def on_refused(self, error: BaseException) -> None:
        self._say(RETURNED, _esc(user_message(error, self.editor.lang)))


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
