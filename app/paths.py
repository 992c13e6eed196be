"""Where the program keeps its files: the database and, next to it, the photo store."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_NAME

DB_FILENAME = "street-audit.db"


def data_dir() -> Path:
    """The per-user data folder; STREET_AUDIT_HOME overrides it (tests, portable installs)."""
    override = os.environ.get("STREET_AUDIT_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs  # only here: keeps `import app` cheap

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# Written by the first-run wizard when the person keeps the database in another folder.
LOCATION_FILE = "database-location.txt"


def default_db_path() -> Path:
    """The database used when no --db is given: $STREET_AUDIT_DB, else the one the first-run
    wizard put elsewhere (LOCATION_FILE in the data folder), else the data folder's."""
    override = os.environ.get("STREET_AUDIT_DB")
    if override:
        return Path(override).expanduser()
    pointer = data_dir() / LOCATION_FILE
    try:
        chosen = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        chosen = ""
    return Path(chosen) if chosen else data_dir() / DB_FILENAME


def remember_db_location(path: Path) -> None:
    """Make `path` the database used when no --db is given (next starts, the command line)."""
    pointer = data_dir() / LOCATION_FILE
    if Path(path) == data_dir() / DB_FILENAME:
        pointer.unlink(missing_ok=True)
        return
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(str(Path(path).resolve()), encoding="utf-8")


def media_dir(db_path: Path) -> Path:
    """Photo originals and thumbnail cache live beside the database they belong to."""
    return db_path.parent / f"{db_path.stem}-photos"


def project_root() -> Path:
    """Where forms/, db/ and resources/ are: in a PyInstaller build the bundle folder; in an
    installed wheel the package's `_data` folder (setup.py copies them there); else the
    source tree."""

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    package = Path(__file__).resolve().parent
    installed = package / "_data"
    if (installed / "forms").is_dir():
        return installed
    return package.parent


def forms_dir() -> Path:
    return project_root() / "forms"


def migrations_dir() -> Path:
    return project_root() / "db"


def resources_dir() -> Path:
    return project_root() / "resources"
