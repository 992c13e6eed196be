"""First start without a database: a short set-up, or a separate database to try the demo.

The person says who works on this device (role, name and badge, the second officer named on
new inspections, the office and its 机关代字, district and street), where the data goes and
the window's language. "开始使用" creates the real database with this device's keys
(app.device_setup, in a worker thread) and opens the main window on it, empty. "用演示数据试用"
opens (or makes) the demo's own database under `<data>/demo/`, marked in the title bar; the
real database is never filled with made-up records.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.divisions import children_of, districts
from app.device_setup import DeviceSetup, check_setup
from app.paths import DB_FILENAME

ROLE_CHOICES = ("field", "lead", "office")


class FirstRunDialog(QDialog):
    """The set-up form. `chosen` is emitted with ("setup", DeviceSetup, folder, lang) or
    ("demo", None, folder, lang); the caller does the work and closes the dialog."""

    chosen = Signal(str, object, object, str)

    def __init__(self, folder: Path, lang: str, folder_fixed: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first-run")
        self.setWindowTitle(self.tr("Street Audit — first start"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Welcome. Tell the program who works on this computer; you can change it later in "
            "Settings. Or try the program first with demo data (kept in a separate database)."),
            self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.role = QComboBox(self)
        self.role.setObjectName("first-run-role")
        for role, label in zip(ROLE_CHOICES, (self.tr("Street inspector (field)"),
                                              self.tr("Team lead"),
                                              self.tr("Street, district or city office")),
                               strict=True):
            self.role.addItem(label, role)
        form.addRow(self.tr("Role"), self.role)
        self.name = self._line("first-run-name", self.tr("Your name"))
        form.addRow(self.tr("Inspector name *"), self.name)
        self.badge = self._line("first-run-badge", self.tr("Law-enforcement badge number"))
        form.addRow(self.tr("Badge number"), self.badge)
        self.second_name = self._line("first-run-second-name", self.tr("Optional"))
        form.addRow(self.tr("Second officer"), self.second_name)
        self.second_badge = self._line("first-run-second-badge", self.tr("Optional"))
        form.addRow(self.tr("Second officer's badge"), self.second_badge)
        self.office = self._line("first-run-office", self.tr("Printed on the documents"))
        form.addRow(self.tr("Office name"), self.office)
        self.office_code = self._line("first-run-office-code", self.tr("e.g. 东城城管责改"))
        form.addRow(self.tr("Office code of notice numbers"), self.office_code)
        self.district = QComboBox(self)
        self.district.setObjectName("first-run-district")
        self.district.addItem(self.tr("(not set)"), None)
        for division in districts():
            self.district.addItem(division.name, division.code[:6])
        self.district.currentIndexChanged.connect(self._fill_streets)
        form.addRow(self.tr("District"), self.district)
        self.street = QComboBox(self)
        self.street.setObjectName("first-run-street")
        self._fill_streets()
        form.addRow(self.tr("Street or township"), self.street)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(folder), self)
        self.folder.setObjectName("first-run-folder")
        self.folder.setReadOnly(folder_fixed)
        folder_row.addWidget(self.folder, 1)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.setEnabled(not folder_fixed)
        browse.clicked.connect(self._browse)
        folder_row.addWidget(browse)
        form.addRow(self.tr("Data folder"), folder_row)
        self.language = QComboBox(self)
        self.language.setObjectName("first-run-language")
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if lang != "en" else 1)
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)

        self.problems = QLabel(self)
        self.problems.setObjectName("first-run-problems")
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout.addWidget(self.problems)
        layout.addStretch(1)  # extra height goes below the form, not into the text above it

        buttons = QHBoxLayout()
        self.demo_button = QPushButton(self.tr("Try with demo data"), self)
        self.demo_button.setObjectName("first-run-demo")
        self.demo_button.clicked.connect(self._demo)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        self.start_button = QPushButton(self.tr("Start"), self)
        self.start_button.setObjectName("first-run-start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _fill_streets(self) -> None:
        self.street.clear()
        self.street.addItem(self.tr("(not set)"), None)
        code = self.district.currentData()
        if code:
            for division in children_of(code):
                self.street.addItem(division.name, division.code)
        self.street.setEnabled(bool(code))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Data folder"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def setup(self) -> DeviceSetup:
        return DeviceSetup(
            role=str(self.role.currentData()), inspector_name=self.name.text(),
            badge_no=self.badge.text(), second_name=self.second_name.text(),
            second_badge=self.second_badge.text(), office_name=self.office.text(),
            office_code=self.office_code.text(), district_code=self.district.currentData(),
            street_code=self.street.currentData())

    def lang(self) -> str:
        return str(self.language.currentData())

    def show_problems(self, lines: list[str]) -> None:
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.start_button.setEnabled(True)
        self.demo_button.setEnabled(True)

    def _folder(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def _start(self) -> None:
        setup = self.setup()
        problems = [f"{t.zh} ({t.en})" for t in check_setup(setup)]
        folder = self._folder()
        if folder is None:
            problems.append(self.tr("Choose a data folder."))
        if problems:
            self.show_problems(problems)
            return
        self.start_button.setEnabled(False)
        self.demo_button.setEnabled(False)
        self.chosen.emit("setup", setup, folder, self.lang())

    def _demo(self) -> None:
        self.start_button.setEnabled(False)
        self.demo_button.setEnabled(False)
        self.chosen.emit("demo", None, self._folder(), self.lang())


class FirstRun:
    """Runs the dialog and what follows: create the database in a worker, then the window."""

    def __init__(self, db_path: Path, lang: str | None, demo_inspections: int,
                 open_window: Callable[[Path, str, bool], Any],
                 folder_fixed: bool = False) -> None:
        """`folder_fixed`: the database path was given (--db, $STREET_AUDIT_DB): it is the one
        created, and not remembered as the default."""
        from app.ui.settings import LANGUAGE, Settings

        self.db_path = db_path
        self.demo_inspections = demo_inspections
        self.open_window = open_window
        self.desktop: Any = None
        start_lang = lang or Settings().get(LANGUAGE)
        self.folder_fixed = folder_fixed
        self.dialog = FirstRunDialog(db_path.parent, start_lang, folder_fixed)
        self.dialog.chosen.connect(self.on_chosen)
        self._task: Any = None

    def show(self) -> None:
        self.dialog.show()
        self.dialog.raise_()

    def on_chosen(self, kind: str, setup: DeviceSetup | None, folder: Path | None,
                  lang: str) -> None:
        from app.device_setup import demo_db_path

        if kind == "demo":
            path = demo_db_path(folder or self.db_path.parent)
            self._open(path, lang, path.exists() is False)
            return
        assert setup is not None and folder is not None
        path = self.db_path if self.folder_fixed else folder / DB_FILENAME
        self._create(path, setup, lang)

    def _create(self, path: Path, setup: DeviceSetup, lang: str) -> None:
        from app.ui.tasks import TaskContext, run_task

        remember = not self.folder_fixed

        def job(_ctx: TaskContext) -> Path:
            from app.device_setup import create_device_database
            from app.paths import remember_db_location

            create_device_database(path, setup)
            if remember:
                remember_db_location(path)
            return path

        def failed(error: BaseException) -> None:
            text = getattr(error, "text", None)
            self.dialog.show_problems([text.both() if text is not None else str(error)])

        self._task = run_task(job, on_result=lambda p: self._open(p, lang, False),
                              on_error=failed)

    def _open(self, path: Path, lang: str, fill_demo: bool) -> None:
        self.desktop = self.open_window(path, lang, fill_demo)
        self.dialog.accept()
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
