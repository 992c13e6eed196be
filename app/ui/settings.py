"""Window settings in one typed registry over QSettings (language, geometry, last filters).

The device profile (inspector, badge, team, role…) is not here: it lives in the database
(app/store/profile.py) because it travels with the data. These are per-user window preferences,
kept in an ini file in the data folder so that tests and portable installs stay isolated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from app.paths import data_dir

T = TypeVar("T")

LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One key with its type and default; read and written only through `Settings`."""

    key: str
    default: T


LANGUAGE: Setting[str] = Setting("ui/language", "zh")
MAIN_GEOMETRY: Setting[QByteArray] = Setting("main_window/geometry", QByteArray())
MAIN_STATE: Setting[QByteArray] = Setting("main_window/state", QByteArray())
EDITOR_SPLITTER: Setting[QByteArray] = Setting("editor/splitter", QByteArray())
FILTER_STATUS: Setting[str] = Setting("inspections/filter_status", "")
FILTER_FORM: Setting[str] = Setting("inspections/filter_form", "")
FILTER_DISTRICT: Setting[str] = Setting("inspections/filter_district", "")
FILTER_DATE_FROM: Setting[str] = Setting("inspections/filter_date_from", "")
FILTER_DATE_TO: Setting[str] = Setting("inspections/filter_date_to", "")
FILTER_SITE: Setting[str] = Setting("inspections/filter_site", "")
FILTER_INSPECTOR: Setting[str] = Setting("inspections/filter_inspector", "")
SORT_COLUMN: Setting[int] = Setting("inspections/sort_column", -1)
SORT_DESCENDING: Setting[bool] = Setting("inspections/sort_descending", True)
# The editor tabs open, each with its section (JSON list of {"id", "section"}), and the one in
# front: written at every change, so a crash or a restart opens them again (issue 12.6).
OPEN_TABS: Setting[str] = Setting("main_window/open_tabs", "")
CURRENT_TAB: Setting[str] = Setting("main_window/current_tab", "")


def settings_path() -> Path:
    """The ini file beside the database folder ($STREET_AUDIT_HOME in tests)."""

    return data_dir() / "settings.ini"


class Settings:
    """Typed access to the window settings; unknown or mistyped stored values give the default."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or settings_path()
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(self._path), QSettings.Format.IniFormat)

    @property
    def path(self) -> Path:
        return self._path

    def get(self, setting: Setting[T]) -> T:
        """The stored value converted to the setting's type, or its default."""
        raw: Any = self._qsettings.value(setting.key, None)
        if raw is None:
            return setting.default
        default = setting.default
        try:
            if isinstance(default, bool):
                value: Any = str(raw).lower() in ("true", "1")
            elif isinstance(default, int):
                value = int(raw)
            elif isinstance(default, QByteArray):
                value = raw if isinstance(raw, QByteArray) else QByteArray()
            else:
                value = str(raw)
        except (TypeError, ValueError):
            return setting.default
        if setting is LANGUAGE and value not in LANGUAGES:
            return setting.default
        return value

    def set(self, setting: Setting[T], value: T) -> None:
        """Store a value; written to disk at once (the program may be killed at any time)."""
        # Booleans go in as text: a bool round-tripped through QVariant has tripped a PySide6
        # reference-count bug (a crash at exit); text is also what the ini file holds anyway.
        stored: Any = ("true" if value else "false") if isinstance(value, bool) else value
        self._qsettings.setValue(setting.key, stored)
        self._qsettings.sync()
