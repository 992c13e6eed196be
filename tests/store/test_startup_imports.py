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


def test_importing_the_store_changes_no_other_library() -> None:
    """Issue 8.3: the store once swapped the process-wide re.compile and blocked numpy while
    importing sqlite-utils; now it imports sqlite-utils as it is."""
    loaded = _loaded_after(
        "import re\n"
        "compile_before = re.compile\n"
        "import app.store.db\n"
        "assert re.compile is compile_before\n"
        "import sqlite_utils.db\n"
        "assert isinstance(sqlite_utils.db._virtual_table_using_re, re.Pattern)\n"
        "import numpy\n"
        "assert numpy.zeros(2).sum() == 0",
        ("numpy",),
    )
    assert "numpy" in loaded
