"""The window's translations are there in every way the program runs, or the window says so.

A source tree or `pip install` with only the .ts files compiles them at the first start into
the data folder (lrelease from the PySide6 wheel); a stale .qm is replaced; with nothing to load
the window shows a banner instead of silently falling back to English.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.ui.translation_files import find_translations, lrelease_executable

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


@pytest.fixture
def only_sources(tmp_path: Path) -> Path:
    """A translations folder as a plain `pip install` or a fresh clone has it: .ts only."""
    folder = tmp_path / "shipped"
    folder.mkdir()
    for ts in TRANSLATIONS.glob("*.ts"):
        shutil.copy(ts, folder / ts.name)
    return folder


def test_lrelease_comes_with_pyside6() -> None:
    assert lrelease_executable() is not None


def test_sources_only_are_compiled_into_the_data_folder_once(
    only_sources: Path, tmp_path: Path,
) -> None:
    cache = tmp_path / "data" / "translations"
    found = find_translations("zh_CN", only_sources, cache)
    assert found.problem is None
    names = sorted(p.name for p in found.files)
    assert names == sorted(p.with_suffix(".qm").name for p in TRANSLATIONS.glob("*.ts"))
    assert all(p.parent == cache for p in found.files)
    assert found.compiled == found.files
    again = find_translations("zh_CN", only_sources, cache)
    assert again.files == found.files and again.compiled == ()  # no compiling the second time


def test_a_stale_qm_is_not_used(only_sources: Path, tmp_path: Path) -> None:
    ts = only_sources / "ui_zh_CN.ts"
    stale = only_sources / "ui_zh_CN.qm"
    stale.write_bytes(b"old")
    os.utime(stale, (ts.stat().st_mtime - 100, ts.stat().st_mtime - 100))
    cache = tmp_path / "cache"
    found = find_translations("zh_CN", only_sources, cache)
    assert cache / "ui_zh_CN.qm" in found.files and stale not in found.files


def test_nothing_to_load_is_a_problem_not_english(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    found = find_translations("zh_CN", empty, tmp_path / "cache")
    assert found.files == () and found.problem is not None
    assert "翻译" in found.problem.zh and "translations" in found.problem.en


def test_sources_without_a_compiler_are_a_problem(only_sources: Path, tmp_path: Path) -> None:
    found = find_translations("zh_CN", only_sources, tmp_path / "cache", lrelease=None)
    assert found.files == () and found.problem is not None


def _start(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped: Path) -> Any:
    from app.ui import app as ui_app

    monkeypatch.setattr(ui_app, "translations_dir", lambda: shipped)
    desktop = ui_app.start_desktop(tmp_path / "w.db", lang="zh")
    window = desktop.window
    qtbot.addWidget(window)
    return desktop, window


@pytest.mark.gui
def test_window_started_without_qm_files_compiles_them(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, only_sources: Path,
) -> None:
    from PySide6.QtWidgets import QToolBar

    desktop, window = _start(qtbot, tmp_path, monkeypatch, only_sources)
    assert desktop.translations.problem is None
    assert window.new_action.text() == "新建检查…"
    assert window.findChild(QToolBar, "banner-translations") is None


@pytest.mark.gui
def test_window_without_any_translation_shows_a_banner(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QLabel, QToolBar

    empty = tmp_path / "none"
    empty.mkdir()
    _desktop, window = _start(qtbot, tmp_path, monkeypatch, empty)
    banner = window.findChild(QToolBar, "banner-translations")
    assert banner is not None and banner.isVisible()
    text = banner.findChild(QLabel, "banner-translations-text").text()
    assert text.startswith("⚠ 找不到界面的中文翻译文件") and "English only" in text
    window.resize(1024, 700)
    window.grab().save(str(tmp_path / "banner.png"))  # looked at while writing it
