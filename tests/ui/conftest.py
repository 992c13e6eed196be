"""GUI test set-up: nothing modal blocks, translations compiled, a fresh database per test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.window import INSPECTOR, ModalCalls

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


def lrelease() -> str:
    exe = Path(sys.executable).parent / "pyside6-lrelease"
    return str(exe) if exe.exists() else (shutil.which("pyside6-lrelease") or "pyside6-lrelease")


def compile_translations() -> None:
    """Build missing or stale .qm files next to their .ts (what .ci/setup does)."""
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    compile_translations()


@pytest.fixture(autouse=True)
def _no_translations_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """Translators installed by a test are removed after it: the next test starts in English
    source strings unless it installs a language itself."""
    yield
    import app.ui.app as ui_app

    if ui_app._installed:
        from PySide6.QtCore import QLocale
        from PySide6.QtWidgets import QApplication

        instance = QApplication.instance()
        if isinstance(instance, QApplication):
            ui_app.install_translations(instance, "en")
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))




@pytest.fixture(autouse=True)
def no_modal(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModalCalls]:
    """QMessageBox/QFileDialog statics and QDialog.exec never block a headless test."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    calls = ModalCalls()

    def message(kind: str) -> Any:
        def show(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            calls.messages.append((kind, f"{title}: {text}"))
            if kind == "question" and calls.question_answer is not None:
                return calls.question_answer
            return QMessageBox.StandardButton.Ok if kind != "question" else (
                QMessageBox.StandardButton.Yes)

        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(message(kind)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))

    def fake_exec(self: QDialog) -> int:
        # Show non-modally instead; the test drives the dialog and accepts or rejects it.
        calls.dialogs.append(self)
        self.show()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    yield calls




def make_database(path: Path) -> None:
    """A real database file: this device's profile, the shipped checklists and two sites."""
    from app.store.checklists import register_shipped_checklists
    from app.store.db import open_database
    from app.store.profile import initialize_device
    from app.store.sites import SiteDraft, create_site

    db = open_database(path, create=True)
    try:
        initialize_device(db, "field", INSPECTOR, badge_no="11010500123", team="朝阳一队",
                          district_code="110105", office_name="朝阳区城管执法监察大队",
                          office_code="朝阳城管责改")
        register_shipped_checklists(db, actor=INSPECTOR)
        create_site(db, SiteDraft(district_code="110105", address="朝阳区工体北路8号",
                                  name="好邻居便利店", credit_code="91110000710926094P"),
                    INSPECTOR)
        create_site(db, SiteDraft(district_code="110108", address="海淀区中关村大街27号地下一层",
                                  name="中关村地下旅馆"), INSPECTOR)
    finally:
        db.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "street-audit.db"
    make_database(path)
    return path


@pytest.fixture
def ui_db(db_path: Path) -> Iterator[Any]:
    from app.store.db import open_database

    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def main_window(qtbot: Any, ui_db: Any, db_path: Path, tmp_path: Path) -> Any:
    """The real main window on a real database file, in Chinese (the default)."""
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = create_application()
    install_translations(app, "zh")
    window = MainWindow(ui_db, db_path, Settings(tmp_path / "settings.ini"), "zh")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
