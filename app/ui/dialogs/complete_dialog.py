"""Confirming a completion (issue 12.1): what the record will say, the reason when photo slots
are short, and the signatures of the inspector and the party (or the party's refusal).

The dialog only gathers; the editor completes through an Operation calling
app.store.completion.complete_with_record, the same service as `inspection complete`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.store.completion import CompletionPreview
from app.store.signatures import SignatureInput
from app.ui.signature_pad import SignatureField

SEVERITY_COLOURS = {"critical": "#b71c1c", "major": "#e65100", "minor": "#8d6e00"}


class CompleteDialog(QDialog):
    """Complete stays disabled while a needed reason or the refusal's witness is missing."""

    def __init__(self, preview: CompletionPreview, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.lang = lang
        self.setObjectName("complete-dialog")
        self.setWindowTitle(self.tr("Complete inspection"))
        self._build()
        self._connect_signals()
        self.on_input_changed()

    # ---- construction -------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Once completed the record is kept unchanged as evidence; a correction is an "
            "amendment with a reason. Check what it will say, then sign."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        summary_box = QGroupBox(self.tr("The record will say"), self)
        summary_layout = QVBoxLayout(summary_box)
        self.summary = QTextBrowser(summary_box)
        self.summary.setObjectName("completion-summary")
        self.summary.setOpenLinks(False)
        self.summary.setHtml(self.summary_html())
        summary_layout.addWidget(self.summary)
        left.addWidget(summary_box, 3)

        self.reason_box = QGroupBox(self.tr("Why are there fewer photos than asked?"), self)
        reason_layout = QVBoxLayout(self.reason_box)
        hint = QLabel(self.tr(
            "Required to complete with too few photos; printed on the record."), self.reason_box)
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#b26a00;")
        reason_layout.addWidget(hint)
        self.reason = QPlainTextEdit(self.reason_box)
        self.reason.setObjectName("photo-reason")
        self.reason.setPlaceholderText(self.tr("e.g. the owner refused photos inside the shop"))
        self.reason.setMaximumHeight(70)
        reason_layout.addWidget(self.reason)
        self.reason_box.setVisible(self.preview.needs_photo_reason)
        left.addWidget(self.reason_box, 1)
        columns.addLayout(left, 1)

        right = QVBoxLayout()
        inspector_title = self.tr("Inspector's signature")
        if self.preview.inspector_name:
            inspector_title += f"{self._colon()}{self.preview.inspector_name}"
        self.inspector = SignatureField(inspector_title, "inspector", self)
        right.addWidget(self.inspector, 1)
        party_title = self.tr("Party's signature")
        if self.preview.party_name:
            party_title += f"{self._colon()}{self.preview.party_name}"
        self.party = SignatureField(party_title, "party", self)
        right.addWidget(self.party, 1)
        refusal = QHBoxLayout()
        self.party_refused = QCheckBox(self.tr("The party refuses to sign"), self)
        self.party_refused.setObjectName("party-refused")
        self.witness = QLineEdit(self)
        self.witness.setObjectName("witness-name")
        self.witness.setPlaceholderText(self.tr("Witness's name"))
        self.witness.setEnabled(False)
        refusal.addWidget(self.party_refused)
        refusal.addWidget(self.witness, 1)
        right.addLayout(refusal)
        note = QLabel(self.tr(
            "Signatures are optional here: without them the printed record keeps blank lines "
            "to sign by hand."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color:#666;")
        right.addWidget(note)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)

        self.problem = QLabel(self)
        self.problem.setObjectName("complete-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#c62828;")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm.setObjectName("confirm-complete")
        self.confirm.setText(self.tr("Complete"))
        layout.addWidget(self.buttons)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """About 920×620, never larger than its window (or, without one, its screen)."""
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        if window is not None and window.isVisible():
            area = window.geometry()
        else:
            area = self.screen().availableGeometry()
        self.resize(max(min(920, area.width() - 40), 600), max(min(620, area.height() - 60), 440))

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self.on_input_changed)
        self.witness.textChanged.connect(self.on_input_changed)
        self.party_refused.toggled.connect(self.on_refused_toggled)
        self.inspector.changed.connect(self.on_input_changed)
        self.party.changed.connect(self.on_input_changed)

    # ---- what the record will say -----------------------------------------------------------

    def summary_html(self) -> str:
        """Findings by severity, photos and their warnings, short slots, as rich text."""
        p, lang = self.preview, self.lang
        findings_title = self.tr("Findings (%1)").replace("%1", str(len(p.findings)))
        no_findings = self.tr("No findings.")
        photos_title = self.tr("%n photo(s)", "", p.photo_count)
        no_warnings = self.tr("No photo warnings.")
        short_title = self.tr("Too few photos:")
        blocked = self.tr("Cannot complete yet: %n answer(s) missing or invalid.", "",
                          len(p.missing) + len(p.invalid))
        parts: list[str] = []
        by_severity = p.findings_by_severity()
        if by_severity:
            parts.append(f"<b>{escape(findings_title)}</b><ul style='margin-top:2px'>")
            for severity, found in by_severity.items():
                colour = SEVERITY_COLOURS.get(severity, "#000")
                label = escape(self.severity(severity))
                parts += [f"<li><span style='color:{colour}'>[{label}]</span> "
                          f"{escape(f.text.get(lang))}</li>" for f in found]
            parts.append("</ul>")
        else:
            parts.append(f"<p style='color:#2e7d32'><b>{escape(no_findings)}</b></p>")
        parts.append(f"<b>{escape(photos_title)}</b>")
        if p.photo_warnings:
            parts.append("<ul style='margin-top:2px'>")
            for w in p.photo_warnings:
                where = f"{w.item_label.get(lang)}{self._colon()}" if w.item_label else ""
                parts.append(f"<li style='color:#b26a00'>⚠ {escape(where)}"
                             f"{escape(w.text.get(lang))} <tt>{w.sha256[:8]}</tt></li>")
            parts.append("</ul>")
        else:
            parts.append(f"<p>{escape(no_warnings)}</p>")
        if p.short_slots:
            parts.append(f"<p><b style='color:#c62828'>{escape(short_title)}</b></p>"
                         "<ul style='margin-top:2px'>")
            for s in p.short_slots:
                needs = self.tr("%1 of at least %2").replace("%1", str(s.count)).replace(
                    "%2", str(s.minimum))
                parts.append(f"<li style='color:#c62828'>{escape(s.label.get(lang))}"
                             f"{self._colon()}"
                             f"{escape(needs)}</li>")
            parts.append("</ul>")
        if not p.can_complete:
            parts.append(f"<p style='color:#c62828'><b>{escape(blocked)}</b></p>")
        return "".join(parts)

    def _colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def severity(self, severity: str) -> str:
        return {"critical": self.tr("critical"), "major": self.tr("major"),
                "minor": self.tr("minor")}.get(severity, severity)

    # ---- input --------------------------------------------------------------------------------

    def on_refused_toggled(self, refused: bool) -> None:
        self.witness.setEnabled(refused)
        self.party.set_active(not refused)
        if refused:
            self.witness.setFocus()
        self.on_input_changed()

    def on_input_changed(self) -> None:
        problem = self.problem_text()
        self.confirm.setEnabled(problem is None)
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)

    def problem_text(self) -> str | None:
        """Why Complete is disabled (None: it is not)."""
        if not self.preview.can_complete:
            return self.tr("Answers are missing or invalid: close this and complete them.")
        if self.preview.needs_photo_reason and not self.reason_text():
            return self.tr("Attach the photos asked for, or say why there are fewer.")
        if self.party_refused.isChecked() and not self.witness.text().strip():
            return self.tr("Name the witness of the party's refusal.")
        return None

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def short_photo_reason(self) -> str | None:
        return self.reason_text() if self.preview.needs_photo_reason else None

    def signatures(self) -> list[SignatureInput]:
        """What was signed: the inspector's and the party's drawings, or the refusal."""
        found: list[SignatureInput] = []
        if not self.inspector.pad.is_empty():
            found.append(SignatureInput("inspector", self.inspector.pad.png(),
                                        self.preview.inspector_name))
        if self.party_refused.isChecked():
            found.append(SignatureInput.party_refused(self.witness.text(),
                                                      self.preview.party_name))
        elif not self.party.pad.is_empty():
            found.append(SignatureInput("party", self.party.pad.png(), self.preview.party_name))
        return found

    def show_problem(self, message: str) -> None:
        """A refusal from the store (e.g. the photos changed meanwhile)."""
        self.problem.setText(message)
        self.problem.setVisible(True)

