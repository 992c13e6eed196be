"""SQLite storage through sqlite-utils: open, migrate, repositories. No Qt.

Importing this package loads sqlite-utils without the parts this program never uses at start
(see `_import_sqlite_utils`), so both the window and the command line start sooner.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from typing import Any

# sqlite-utils imports these at the top of its modules although only some of its functions use
# them: numpy (optional, to map numpy column types: this program never inserts numpy values)
# and dateutil's parser (its `parsedate` conversion recipes). Together about a third of the
# import. numpy is skipped for the import (it stays importable: the photo hashes use it);
# dateutil.parser is made a lazy module that loads itself on first use.
_SKIPPED_OPTIONAL = ("numpy",)
_LAZY = ("dateutil.parser",)
# And its own module-level regular expressions are compiled on first use: one of them (the
# CREATE VIRTUAL TABLE matcher: case-insensitive, with a \u0080-\uffff class) alone takes
# ~12 ms to compile, for a property this program never reads at start.
_LAZY_PATTERNS_OF = "sqlite_utils"


class _PatternOnFirstUse:
    """Stands for `re.compile(pattern, flags)` and compiles it when first used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: Any, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:  # match, split, pattern, flags, ...
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def _compile_on_first_use(compile_now: Any) -> Any:
    """re.compile as sqlite-utils' modules see it while they are imported (see above)."""

    def compile_for(pattern: Any, flags: int = 0) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller == _LAZY_PATTERNS_OF or caller.startswith(_LAZY_PATTERNS_OF + "."):
            return _PatternOnFirstUse(pattern, flags)
        return compile_now(pattern, flags)

    return compile_for


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
    compile_now = re.compile
    re.compile = _compile_on_first_use(compile_now)
    try:
        for name in _LAZY:
            _lazy_module(name)
        import sqlite_utils  # noqa: F401
    finally:
        re.compile = compile_now
        for name in blocked:
            del sys.modules[name]


_import_sqlite_utils()
