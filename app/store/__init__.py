"""SQLite storage through sqlite-utils: open, migrate, repositories. No Qt.

Importing this package loads sqlite-utils without the parts this program never uses at start
(see `_import_sqlite_utils`), so both the window and the command line start sooner.
"""

from __future__ import annotations

import importlib.util
import sys

# sqlite-utils imports these at the top of its modules although only some of its functions use
# them: numpy (optional, to map numpy column types: this program never inserts numpy values)
# and dateutil's parser (its `parsedate` conversion recipes). Together about a third of the
# import. numpy is skipped for the import (it stays importable: the photo hashes use it);
# dateutil.parser is made a lazy module that loads itself on first use.
_SKIPPED_OPTIONAL = ("numpy",)
_LAZY = ("dateutil.parser",)


def _lazy_module(name: str) -> None:
    """Put a module in sys.modules that executes on its first attribute access (stdlib
    importlib.util.LazyLoader), and bind it on its parent package like a real import would."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return  # its package is not installed: the real import reports it as usual
    if spec is None or spec.loader is None:
        return  # not installed: the real import reports it as usual
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def _import_sqlite_utils() -> None:
    """Import sqlite-utils once, lean (see the note above); a no-op if it is loaded already."""
    if "sqlite_utils" in sys.modules:
        return
    blocked = [name for name in _SKIPPED_OPTIONAL if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # `import numpy` → ImportError
    try:
        for name in _LAZY:
            _lazy_module(name)
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            del sys.modules[name]


_import_sqlite_utils()
