"""Structure anyone can check (issue 8): no SQL in the window's code, no import circle in
app/, and the layering (nothing below app/ui imports PySide6) kept by tests/test_layering.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
# The start of a statement, not an English word that happens to be a keyword ("Drop photos").
SQL = re.compile(r"^\s*(SELECT\s.*\bFROM\b|SELECT\s+\w+\s*$|INSERT\s+(OR\s+\w+\s+)?INTO\b|"
                 r"UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|(CREATE|DROP)\s+(TABLE|INDEX|TRIGGER|VIEW)\b"
                 r"|PRAGMA\s+\w+|WITH\s+\w+\s+AS\b|BEGIN\s+(IMMEDIATE|TRANSACTION)\b)",
                 re.IGNORECASE | re.DOTALL)


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_no_sql_under_app_ui() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
             for path in sorted((APP / "ui").rglob("*.py"))
             for line, text in _strings(path) if SQL.match(text)]
    assert found == [], "SQL belongs in app/store (or a service), not in the window:\n" + \
        "\n".join(found)


def test_the_sql_check_notices_sql(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text('"""SELECT in a docstring is prose."""\nq = "select id FROM t"\n'
                      'p = "PRAGMA database_list"\nw = "Drop photos here"\n')
    assert [text for _line, text in _strings(sample) if SQL.match(text)] == [
        "select id FROM t", "PRAGMA database_list"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    """Modules of app/ that `path` imports (at any level: a function-level import is still
    a dependency and still makes a circle, and so is one under `if TYPE_CHECKING:` — the two
    modules still cannot be understood or changed apart; name the other side by a Protocol)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("app"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module.startswith("app"):
                found.add(module)
                found.update(f"{module}.{a.name}" for a in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in APP.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in _imports(path, name) if m in modules and m != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the chain of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt.startswith(node + "."):
                continue  # a package importing its own submodule is not a circle
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if state.get(start) is None:
            found = visit(start)
            if found:
                return found
    return None


def test_no_import_circle_in_app() -> None:
    circle = _cycle(_graph())
    assert circle is None, "import circle: " + " → ".join(circle or [])


def test_the_circle_check_notices_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_type_only_and_function_imports_count(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from app.ui.main_window import MainWindow\n"
        "def f():\n    import app.store.sites\n", encoding="utf-8")
    assert _imports(source, "app.x.mod") >= {"app.ui.main_window", "app.store.sites"}


def _test_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tests"))
    return found


def test_tests_share_code_through_tests_helpers_only() -> None:
    """Issue 8.8: shared test code lives in tests/helpers/; test modules, conftests and the
    benchmarks import no other test module (bench/ imports no test code at all)."""
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for name in _test_imports(path):
            if name != "tests.helpers" and not name.startswith("tests.helpers."):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    for path in sorted((ROOT / "bench").glob("*.py")):
        wrong.extend(f"{path.relative_to(ROOT)} imports {name}" for name in _test_imports(path))
    assert wrong == []
