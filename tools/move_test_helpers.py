"""One-off (re-runnable) move of shared test code into tests/helpers/ (issue 8.8): rewrites
the imports of every file under tests/ and bench/. Kept as a record of what moved where."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOVES = {
    "tests/media/factory.py": "tests/helpers/photos.py",
    "tests/media/dbsetup.py": "tests/helpers/world.py",
    "tests/reports/dbfixture.py": "tests/helpers/report_db.py",
    "tests/reports/pdfcheck.py": "tests/helpers/pdfcheck.py",
    "tests/reports/samples.py": "tests/helpers/report_samples.py",
    "tests/ui/driver.py": "tests/helpers/driver.py",
    "tests/ui/kill_child.py": "tests/helpers/kill_child.py",
}


def module(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def main() -> None:
    for old, new in MOVES.items():
        if (ROOT / old).exists():
            subprocess.run(["git", "mv", old, new], cwd=ROOT, check=True)
    names = {module(o): module(n) for o, n in MOVES.items()}
    for path in [*ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/*.py")]:
        text = path.read_text(encoding="utf-8")
        new = text
        for old, target in names.items():
            new = re.sub(rf"\b{re.escape(old)}\b", target, new)
            package, _, leaf = old.rpartition(".")
            new_package, _, new_leaf = target.rpartition(".")
            # `from tests.reports import samples as S`
            new = re.sub(rf"from {re.escape(package)} import {leaf} as (\w+)",
                         rf"from {new_package} import {new_leaf} as \1", new)
            new = re.sub(rf"from {re.escape(package)} import {leaf}\b",
                         f"from {new_package} import {new_leaf} as {leaf}"
                         if new_leaf != leaf else f"from {new_package} import {leaf}", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print("rewrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
