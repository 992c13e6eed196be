"""The desktop program's shell: QApplication, language, Chinese font, the main window's life.

Simplified Chinese is the default; English is selectable in the settings and applies at once:
the translators are swapped and the main window is rebuilt (every answer is already saved, so
nothing is lost by rebuilding).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.core.text import Text
from app.fonts import FONT_ENV, FontNotFound, find_cjk_font
from app.paths import resources_dir
from app.store.db import open_database
from app.ui.first_paint import after_first_paint
from app.ui.input_method import InputMethodCheck
from app.ui.settings import LANGUAGE, LANGUAGES, Settings
from app.ui.translation_files import TranslationFiles, find_translations

if TYPE_CHECKING:
    import sqlite_utils

    from app.ui.first_run import FirstRun
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

QT_LOCALES = {"zh": "zh_CN", "en": "en"}


def translations_dir() -> Path:
    return resources_dir() / "translations"


# What app.ui.input_method found at start (None: QApplication made elsewhere, e.g. tests).
input_method_check: InputMethodCheck | None = None


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one under pytest-qt), named and with a Chinese font."""
    global input_method_check
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        from app.ui.input_method import prepare_input_method

        input_method_check = prepare_input_method()  # before Qt loads the input method
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Street Audit")
    app.setOrganizationName("StreetAudit")
    app.setApplicationDisplayName("街巷巡查 Street Audit")
    app.setDesktopFileName("street-audit")  # resources/street-audit.desktop (Wayland, docks)
    icon = resources_dir() / "icons" / "street-audit.png"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    register_cjk_font(app)
    return app


# The Chinese fonts of app.fonts.KNOWN_FONTS by family name, in the same order. When
# the platform's font database (fontconfig on Linux) already has one, the window uses it by
# name: registering the same 5 MB file again costs start-up time and gains nothing.
SYSTEM_CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "SimSun",
    "Microsoft YaHei",
    "Songti SC",
    "Arial Unicode MS",
)


def register_cjk_font(app: QApplication) -> str | None:
    """Make a Chinese font the application font so no glyph renders as tofu: an installed one
    the platform lists (SYSTEM_CJK_FAMILIES), else the file app.fonts finds, registered.
    """
    family = None if os.environ.get(FONT_ENV) else installed_cjk_family()
    if family is None:
        family = _register_font_file()
        if family is None:
            return None
    font = QFont(app.font())
    # The CJK face first, then the platform's own faces for anything it lacks.
    font.setFamilies([family, *[f for f in font.families() if f != family]])
    app.setFont(font)
    return family


def installed_cjk_family() -> str | None:
    """The first of SYSTEM_CJK_FAMILIES that Qt's font database has with Chinese glyphs."""
    # Listing the families fills Qt's font database; the first paint would do that anyway.
    chinese = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    return next((f for f in SYSTEM_CJK_FAMILIES if f in chinese), None)


def _register_font_file() -> str | None:
    """Register the font file app.fonts finds ($STREET_AUDIT_FONT first); its family."""
    try:
        font_file = find_cjk_font()
    except FontNotFound as exc:
        log.warning("%s", exc)
        return None
    font_id = QFontDatabase.addApplicationFont(str(font_file.path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("Qt could not load the font %s", font_file.path)
        return None
    return families[min(font_file.subfont_index, len(families) - 1)]


_installed: list[QTranslator] = []


def find_window_translations(locale_name: str) -> TranslationFiles:
    """The window's .qm files for `locale_name`: shipped, cached in the data folder, or
    compiled there now from the shipped .ts (app.ui.translation_files)."""
    from app.paths import data_dir

    return find_translations(locale_name, translations_dir(), data_dir() / "translations")


def install_translations(app: QApplication, lang: str) -> TranslationFiles:
    """Swap the installed translators for `lang`: the window's .qm files and Qt's qtbase one.

    The result's `problem` says when the window's own translations could not be found (the
    window shows it in a banner: never a silent fall-back to English).
    """
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale_name = QT_LOCALES.get(lang, "zh_CN")
    QLocale.setDefault(QLocale(locale_name))
    if lang == "en":
        return TranslationFiles()  # source strings are English; Qt's own strings are English too
    found = find_window_translations(locale_name)
    loaded: list[Path] = []
    problems: list[str] = []
    for path in found.files:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(path)
        else:
            log.warning("translation not loaded: %s", path)
            problems.append(path.name)
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qtbase = QTranslator(app)
    if qtbase.load(str(qt_dir / f"qtbase_{locale_name}.qm")):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    problem = found.problem
    if problems and problem is None:
        problem = Text(f"翻译文件无法加载：{'、'.join(problems)}",
                       f"translation files could not be loaded: {', '.join(problems)}")
    if not loaded and problem is None:
        problem = find_translations(locale_name, Path("/nonexistent"), Path("/nonexistent"),
                                    lrelease=None).problem
    return TranslationFiles(tuple(loaded), found.compiled, problem, found.missing)


class DesktopApp:
    """Owns the database connection, the settings and the main window of one run."""

    def __init__(self, app: QApplication, db: sqlite_utils.Database, db_path: Path,
                 settings: Settings, lang: str) -> None:
        self.qapp = app
        self.db = db
        self.db_path = db_path
        self.settings = settings
        self.lang = lang
        self.window: MainWindow | None = None
        self.translations = TranslationFiles()

    def show_main_window(self) -> MainWindow:
        """Build (or rebuild) and show the main window in the current language."""
        from app.ui.main_window import MainWindow

        translations = install_translations(self.qapp, self.lang)
        window = MainWindow(self.db, self.db_path, self.settings, self.lang)
        window.language_changed.connect(self.on_language_changed)
        self.window = window
        self.translations = translations
        if translations.problem is not None:
            from app.ui.banner import show_banner

            show_banner(window, "translations", translations.problem, dismissible=False)
        im = input_method_check
        if im is not None and im.message is not None:
            from app.ui.banner import show_banner

            show_banner(window, "input-method", im.message, dismissible=True)
        window.show()
        return window

    def on_language_changed(self, lang: str) -> None:
        """Apply a new language at once by rebuilding the window."""
        if lang not in LANGUAGES or lang == self.lang:
            return
        self.lang = lang
        self.settings.set(LANGUAGE, lang)
        old = self.window
        if old is not None:
            old.data_hub.wait_until_idle()  # the new window reads what the old one saved
        new = self.show_main_window()
        if old is not None:
            new.restore_open_inspections(old.open_inspection_ids())
            old.close()
            old.deleteLater()


def start_desktop(db_path: Path, lang: str | None = None) -> DesktopApp:
    """Everything up to a shown main window (also what bench/bench_startup.py times)."""

    app = create_application()
    settings = Settings()
    if lang is not None:
        settings.set(LANGUAGE, lang)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(db_path, create=True)
    desktop = DesktopApp(app, db, db_path, settings, settings.get(LANGUAGE))
    desktop.show_main_window()
    return desktop


def run_gui(db_path: Path, lang: str | None = None, demo_inspections: int = 300) -> int:
    """Open the window on `db_path`; without a database, the first-run set-up first."""
    if not db_path.exists():
        app = create_application()
        first_run = start_first_run(db_path, lang, demo_inspections)
        code = app.exec()
        del first_run
        return code
    desktop = start_desktop(db_path, lang)
    window = desktop.window
    assert window is not None
    # The start's background work (a worker thread parsing checklists) would compete with the
    # first paint for the GIL: it starts once the window is drawn.
    after_first_paint(window, window.register_shipped_checklists)
    if os.environ.get(SHOWN_MARK_ENV):  # bench/bench_build_start.py: time to a shown window
        after_first_paint(window, _print_shown_and_quit)
    return desktop.qapp.exec()


# Set (by bench/bench_build_start.py) to print "SHOWN" once the window is painted, then quit:
# the built program's start can be timed from outside without a hook inside it.
SHOWN_MARK_ENV = "STREET_AUDIT_EXIT_WHEN_SHOWN"


def _print_shown_and_quit() -> None:
    print("SHOWN", flush=True)
    app = QApplication.instance()
    if app is not None:
        app.quit()


def start_first_run(db_path: Path, lang: str | None = None,
                    demo_inspections: int = 300) -> FirstRun:
    """The first-run set-up (app.ui.first_run), shown; it opens the main window when done.

    The real database is created empty (this device's profile, checklists and keys); the demo
    choice opens the demo's own database (`<data>/demo/`), filled after the first paint.
    """
    from app.paths import DB_FILENAME, data_dir
    from app.ui.first_run import FirstRun

    app = create_application()
    settings = Settings()
    install_translations(app, lang or settings.get(LANGUAGE))

    def open_window(path: Path, chosen_lang: str, fill_demo: bool) -> DesktopApp:
        desktop = start_desktop(path, chosen_lang)
        window = desktop.window
        assert window is not None
        if fill_demo:
            after_first_paint(window, lambda: window.fill_with_demo_data(demo_inspections))
        else:
            after_first_paint(window, window.register_shipped_checklists)
        return desktop

    folder_fixed = db_path != data_dir() / DB_FILENAME
    first_run = FirstRun(db_path, lang, demo_inspections, open_window, folder_fixed)
    first_run.show()
    return first_run
