"""What the window's start imports: listing inspections needs no checklist engine, no YAML."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str, watched: tuple[str, ...]) -> list[str]:
    """The `watched` modules (or their submodules) loaded in a fresh interpreter by `statement`."""
    code = (
        "import sys\n"
        f"{statement}\n"
        f"watched = {watched!r}\n"
        "print(','.join(sorted(m for m in sys.modules\n"
        "                      if any(m == w or m.startswith(w + '.') for w in watched))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_store_modules_load_no_checklist_engine_or_yaml() -> None:
    loaded = _loaded_after(
        "import app.store.db, app.store.inspections, app.store.checklists, app.store.sites, "
        "app.store.profile",
        ("yaml", "app.core.checklist"),
    )
    assert loaded == []


def test_parsing_a_checklist_still_loads_the_engine() -> None:
    """The deferred import is really there: reading a checklist from the database works."""
    loaded = _loaded_after(
        "import tempfile, pathlib\n"
        "from app.store.db import open_database\n"
        "from app.store.checklists import register_shipped_checklists, get_checklist\n"
        "db = open_database(pathlib.Path(tempfile.mkdtemp()) / 'a.db', create=True)\n"
        "ids = [c.id for c in register_shipped_checklists(db)]\n"
        "from app.store import checklists\n"
        "checklists._PARSED.clear()\n"
        "assert get_checklist(db, ids[0]).id == ids[0]",
        ("yaml", "app.core.checklist"),
    )
    assert "yaml" in loaded and "app.core.checklist" in loaded


def test_sqlite_utils_loads_without_numpy_and_dateutil_parser() -> None:
    loaded = _loaded_after("import app.store.db", ("numpy", "dateutil.parser._parser"))
    assert loaded == []


def test_what_was_deferred_still_works() -> None:
    """dateutil's parser loads on first use (sqlite-utils' date recipes), numpy imports after."""
    loaded = _loaded_after(
        "import app.store.db\n"
        "from sqlite_utils.recipes import parsedate, parsedatetime\n"
        "assert parsedate('5 March 2024') == '2024-03-05'\n"
        "assert parsedatetime('2024-03-05 10:00') == '2024-03-05T10:00:00'\n"
        "import numpy\n"
        "assert numpy.zeros(2).sum() == 0",
        ("numpy", "dateutil.parser._parser"),
    )
    assert "numpy" in loaded and "dateutil.parser._parser" in loaded
