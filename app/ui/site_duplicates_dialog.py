"""Likely duplicate sites (issue 11.7), shown to a person who merges them: the pairs
`app.store.site_duplicates.find_duplicates` finds, each with its reasons (同一信用代码 / 同一地址
/ 相距 X 米且名称相近), and the two sites side by side (name, address, district, credit code,
number of inspections). The person picks the site to keep; after a confirmation the merge runs
by an Operation calling `merge_sites` (audited `site.merge`, sent in the next bundle), the data-
changed notice refreshes the lists, and the pairs are found again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.divisions import get_division
from app.store.inspection_counts import count_inspections
from app.store.inspection_query import InspectionFilter
from app.store.site_duplicates import DuplicatePair, find_duplicates
from app.store.sites import Site, get_site

if TYPE_CHECKING:
    import sqlite_utils

PAIR_ROLE = Qt.ItemDataRole.UserRole


class SiteColumn(QGroupBox):
    """One site of the pair: its fields and the choice to keep it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        for key, label in (("name", self.tr("Site name")), ("address", self.tr("Address")),
                           ("district", self.tr("District")),
                           ("credit_code", self.tr("Credit code")),
                           ("inspections", self.tr("Number of inspections")),
                           ("created", self.tr("Recorded")), ("id", self.tr("Site id"))):
            value = QLabel(self)
            value.setObjectName(f"duplicate-{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.labels[key] = value
        self.keep = QRadioButton(self.tr("Keep this site"), self)
        self.keep.setObjectName("duplicate-keep")
        form.addRow("", self.keep)
        self.site_id = ""

    def show_site(self, site: Site, inspections: int) -> None:
        from app.core.clock import format_beijing

        self.site_id = site.id
        division = get_division(site.district_code)
        values = {"name": site.name or self.tr("(no name)"), "address": site.address,
                  "district": division.name if division is not None else site.district_code,
                  "credit_code": site.credit_code or "—", "inspections": str(inspections),
                  "created": format_beijing(site.created_at), "id": site.id}
        for key, value in values.items():
            self.labels[key].setText(value)


class SiteDuplicatesDialog(QDialog):
    """The likely duplicate pairs, one pair side by side, and the merge."""

    merged = Signal(str, str)  # kept, dropped

    def __init__(self, db: sqlite_utils.Database, lang: str, actor: str,
                 db_path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("site-duplicates")
        self.setWindowTitle(self.tr("Likely duplicate sites"))
        self.db = db
        self.lang = lang
        self.actor = actor
        self.db_path = db_path
        self.pairs: list[DuplicatePair] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("duplicates-intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("duplicates-table")
        self.table.setHorizontalHeaderLabels([self.tr("Site"), self.tr("Site"),
                                              self.tr("Why")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 300), (1, 300)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        sides = QHBoxLayout()
        self.first = SiteColumn(self.tr("Recorded first"), self)
        self.first.setObjectName("duplicate-first")
        self.second = SiteColumn(self.tr("Recorded later"), self)
        self.second.setObjectName("duplicate-second")
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.first.keep)
        self.keep_group.addButton(self.second.keep)
        sides.addWidget(self.first, 1)
        sides.addWidget(self.second, 1)
        layout.addLayout(sides)
        self.hint = QLabel(self.tr(
            "Merging keeps the chosen site: the other one's inspections and cases count with "
            "it, its drafts move to it. Completed records are not changed."), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#666;")
        layout.addWidget(self.hint)
        self.status = QLabel(self)
        self.status.setObjectName("duplicates-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.merge_button = QPushButton(self.tr("Merge…"), self)
        self.merge_button.setObjectName("duplicates-merge")
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self.on_pair_selected)
        self.merge_button.clicked.connect(self.on_merge_clicked)
        self.keep_group.buttonToggled.connect(lambda *_: self.update_merge_button())
        self.resize(1100, 640)
        self.refresh()

    # -- showing --
    def refresh(self) -> None:
        """Find the pairs again and show the first one (or the one at the same row)."""
        row = max(self.table.currentRow(), 0)
        self.pairs = find_duplicates(self.db)
        sites = {i: get_site(self.db, i) for p in self.pairs for i in (p.a, p.b)}
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.pairs))
        for index, pair in enumerate(self.pairs):
            a, b = sites[pair.a], sites[pair.b]
            for column, text in enumerate((_site_line(a), _site_line(b), self.reason(pair))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(PAIR_ROLE, index)
                self.table.setItem(index, column, item)
        self.table.blockSignals(False)
        count = len(self.pairs)
        self.intro.setText(
            self.tr("%1 pair(s) of sites look like one place. Compare them, choose the site to "
                    "keep and merge; leave a pair alone if they are different places.")
            .replace("%1", str(count)) if count
            else self.tr("No likely duplicate sites."))
        if count:
            self.table.selectRow(min(row, count - 1))
        self.on_pair_selected()

    def reason(self, pair: DuplicatePair) -> str:
        texts = []
        for reason in pair.reasons:
            if reason == "credit_code":
                texts.append(self.tr("Same credit code"))
            elif reason == "address":
                texts.append(self.tr("Same address"))
            elif reason == "nearby":
                distance = f"{pair.distance_m:.0f}" if pair.distance_m is not None else "?"
                texts.append(self.tr("%1 m apart with a similar name").replace("%1", distance))
        return ("；" if self.lang == "zh" else "; ").join(texts)

    def current_pair(self) -> DuplicatePair | None:
        row = self.table.currentRow()
        return self.pairs[row] if 0 <= row < len(self.pairs) else None

    def on_pair_selected(self) -> None:
        pair = self.current_pair()
        for column in (self.first, self.second):
            column.setVisible(pair is not None)
        if pair is not None:
            for column, site_id in ((self.first, pair.a), (self.second, pair.b)):
                column.show_site(get_site(self.db, site_id), count_inspections(
                    self.db, InspectionFilter(site_id=site_id)))
            # Nothing chosen for the person: which one stays is theirs to decide.
            self.keep_group.setExclusive(False)
            self.first.keep.setChecked(False)
            self.second.keep.setChecked(False)
            self.keep_group.setExclusive(True)
        self.update_merge_button()

    def chosen(self) -> tuple[str, str] | None:
        """(keep, drop) as chosen, or None."""
        pair = self.current_pair()
        if pair is None:
            return None
        if self.first.keep.isChecked():
            return pair.a, pair.b
        if self.second.keep.isChecked():
            return pair.b, pair.a
        return None

    def update_merge_button(self) -> None:
        self.merge_button.setEnabled(self.chosen() is not None)
        self.merge_button.setToolTip("" if self.chosen() is not None
                                     else self.tr("Choose the site to keep first."))

    # -- merging --
    def on_merge_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        keep, drop = chosen
        kept, dropped = get_site(self.db, keep), get_site(self.db, drop)
        answer = QMessageBox.question(
            self, self.tr("Merge sites"),
            self.tr("Merge “%1” into “%2”?").replace("%1", _site_line(dropped))
            .replace("%2", _site_line(kept)) + "\n\n" + self.tr(
                "After the merge the merged site's inspections and cases belong to the site "
                "kept; this is sent to the other devices."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.output_guard import database_file
        from app.ui.operations import Changes, Operation, hub_for

        actor = self.actor
        self.merge_button.setEnabled(False)

        def job(db: sqlite_utils.Database) -> Any:
            from app.store.site_duplicates import merge_sites

            return merge_sites(db, keep, drop, actor)

        hub = hub_for(self, self.db_path or database_file(self.db))
        Operation(hub, job, Changes(sites=True, inspections=True,
                                    site_ids=frozenset({keep, drop})),
                  self).success(self.on_merged).failure(self.on_not_merged).run()

    def on_merged(self, result: Any) -> None:
        dropped = get_site(self.db, result.drop)
        kept = get_site(self.db, result.keep)
        text = self.tr("Merged “%1” into “%2”.").replace("%1", _site_line(dropped)).replace(
            "%2", _site_line(kept))
        if result.drafts_moved:
            text += " " + self.tr("Drafts moved: %1.").replace(
                "%1", str(len(result.drafts_moved)))
        if result.cases_cancelled:
            text += " " + self.tr("Duplicate open cases cancelled: %1.").replace(
                "%1", str(len(result.cases_cancelled)))
        self.refresh()
        self.status.setStyleSheet("color:#2e7d32;")
        self.status.setText(text)
        self.merged.emit(result.keep, result.drop)

    def on_not_merged(self, error: BaseException) -> None:
        from app.ui.operations import user_message

        self.status.setStyleSheet("color:#c62828;")
        self.status.setText(self.tr("Not merged: %1").replace(
            "%1", user_message(error, self.lang)))
        self.refresh()


def _site_line(site: Site) -> str:
    """Name · address, as a pair's row shows a site."""
    return " · ".join(part for part in (site.name, site.address) if part) or site.id
