"""GUI test set-up: nothing modal blocks, translations compiled, a fresh database per test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


class ModalCalls:
    """What the code under test tried to show modally; tests can set the answers."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.question_answer: Any = None
        self.dialogs: list[Any] = []


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
