"""Packaging hook: a wheel carries the checklists, migrations and resources the program needs,
with the translations compiled.

`pyproject.toml` holds the project's metadata; this file only adds to setuptools' build_py:
forms/, db/ and resources/ are copied into the package as `app/_data/` (app.paths looks there
first), and every resources/translations/*.ts is compiled to .qm beside it when an lrelease is
at hand (PySide6's, in the build environment, or one on PATH). Without one the .ts files travel
alone and the program compiles them at its first start into the user's data folder
(app/ui/translation_files.py), so a plain `pip install` never shows an untranslated window.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_DIRS = ("forms", "db", "resources")


def _lrelease() -> str | None:
    try:
        import PySide6

        for name in ("lrelease", "lrelease.exe"):
            exe = Path(PySide6.__file__).resolve().parent / name
            if exe.is_file():
                return str(exe)
    except ImportError:
        pass
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "app" / "_data"
        if target.exists():
            shutil.rmtree(target)
        for name in DATA_DIRS:
            shutil.copytree(ROOT / name, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.part"))
        lrelease = _lrelease()
        for ts in sorted((target / "resources" / "translations").glob("*.ts")):
            qm = ts.with_suffix(".qm")
            if lrelease and not (qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime):
                subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=False)
            if qm.is_file():
                os.utime(qm)  # never older than its .ts after the copy


setup(cmdclass={"build_py": BuildWithData})
