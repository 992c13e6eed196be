"""The demo sits on top of the services: nothing in app/core, app/store or app/media imports it
(issue 8.6), so the product's rules never depend on how its demo data is made."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_services_do_not_import_the_demo() -> None:
    offenders = [
        f"{path.relative_to(APP.parent)}: {name}"
        for package in ("core", "store", "media")
        for path in sorted((APP / package).rglob("*.py"))
        for name in sorted(_imports(path))
        if name == "app.demo" or name.startswith("app.demo.")
    ]
    assert offenders == []


def test_the_old_demo_modules_are_gone() -> None:
    assert not (APP / "store" / "demo.py").exists()
    assert not (APP / "media" / "demo_photos.py").exists()
