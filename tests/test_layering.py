"""DESIGN.md: nothing below app/ui imports PySide6, so every rule runs without a window."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_qt_below_ui() -> None:
    offenders = []
    for path in APP.rglob("*.py"):
        rel = path.relative_to(APP)
        if rel.parts[0] == "ui":
            continue
        qt = sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6"}
        )
        if qt:
            offenders.append(f"app/{rel}: {', '.join(qt)}")
    assert offenders == [], "PySide6 imported outside app/ui:\n" + "\n".join(offenders)


def test_non_ui_packages_import_without_qt() -> None:
    """Importing every non-UI module in a fresh interpreter loads no Qt at all."""
    modules = sorted(
        ".".join(("app", *p.relative_to(APP).with_suffix("").parts)).removesuffix(".__init__")
        for p in APP.rglob("*.py")
        if p.relative_to(APP).parts[0] not in ("ui", "cli") and p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
