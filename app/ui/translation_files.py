"""Finding the window's compiled translations (.qm) in every way the program runs.

The Chinese of the window lives in `resources/translations/*_zh_CN.ts`; Qt loads compiled `.qm`
files. Where they come from:

- the desktop build and a set-up source tree (`.ci/setup`) carry them next to the `.ts`;
- a plain `pip install` (or a source tree nobody compiled) carries only the `.ts`: the first
  start compiles them with `lrelease` from the PySide6 wheel into the user's data folder
  (`<data>/translations/`), and uses them from there until a `.ts` changes;
- nothing of the above (no `.ts`, no `.qm`, no lrelease): `TranslationFiles.problem` says so,
  and the window shows it in a banner instead of silently falling back to English.

A `.qm` older than its `.ts` (the sources changed after compiling) is not used: a newer one is
compiled into the data folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from app.core.text import Text

log = logging.getLogger(__name__)

LRELEASE_TIMEOUT_S = 60


@dataclass(frozen=True)
class TranslationFiles:
    """The .qm files to load for one locale, and what went wrong finding them (or None)."""

    files: tuple[Path, ...] = ()
    compiled: tuple[Path, ...] = ()  # those compiled just now into the data folder
    problem: Text | None = None
    missing: tuple[str, ...] = field(default=())  # areas (ui, photos, ...) with no .qm


def lrelease_executable() -> Path | None:
    """Qt's lrelease as the PySide6 wheel ships it (or one on PATH)."""
    try:
        import PySide6

        base = Path(PySide6.__file__).resolve().parent
    except ImportError:  # pragma: no cover - the window cannot run without it anyway
        base = None
    if base is not None:
        for name in ("lrelease", "lrelease.exe"):
            candidate = base / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_ts(ts: Path, qm: Path, lrelease: Path) -> bool:
    """Compile one .ts to .qm (written to a temporary name, then renamed); True on success."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    part = qm.with_name(qm.name + f".{os.getpid()}.part")
    try:
        result = subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(part)],
                                capture_output=True, text=True, timeout=LRELEASE_TIMEOUT_S,
                                check=False)
        if result.returncode != 0 or not part.is_file() or part.stat().st_size == 0:
            log.warning("lrelease failed on %s: %s", ts, result.stderr.strip())
            part.unlink(missing_ok=True)
            return False
        part.replace(qm)
        return True
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease could not run on %s: %s", ts, exc)
        part.unlink(missing_ok=True)
        return False


def _fresh(qm: Path, ts: Path | None) -> bool:
    if not qm.is_file() or qm.stat().st_size == 0:
        return False
    return ts is None or qm.stat().st_mtime >= ts.stat().st_mtime


def find_translations(locale_name: str, shipped: Path, cache: Path,
                      lrelease: Path | bool | None = True) -> TranslationFiles:
    """The .qm files of `locale_name` (e.g. zh_CN): shipped ones, else cached, else compiled.

    `shipped` is resources/translations, `cache` the data folder's translations folder;
    `lrelease` the compiler (True: look for it; None/False: do not compile).
    """
    sources = {p.stem: p for p in sorted(shipped.glob(f"*_{locale_name}.ts"))}
    built = {p.stem: p for p in sorted(shipped.glob(f"*_{locale_name}.qm"))}
    files: list[Path] = []
    compiled: list[Path] = []
    missing: list[str] = []
    compiler: Path | None = None
    looked_for_compiler = False
    for stem in sorted(set(sources) | set(built)):
        ts = sources.get(stem)
        qm = built.get(stem)
        if qm is not None and _fresh(qm, ts):
            files.append(qm)
            continue
        cached = cache / f"{stem}.qm"
        if _fresh(cached, ts):
            files.append(cached)
            continue
        if ts is not None:
            if not looked_for_compiler:
                looked_for_compiler = True
                compiler = (lrelease_executable() if lrelease is True
                            else lrelease if isinstance(lrelease, Path) else None)
            if compiler is not None and compile_ts(ts, cached, compiler):
                files.append(cached)
                compiled.append(cached)
                continue
        if qm is not None and qm.is_file():  # stale, but better than English
            files.append(qm)
            continue
        missing.append(stem.rsplit("_", 2)[0])
    problem = None
    if not files:
        problem = Text(
            "找不到界面的中文翻译文件（.qm），窗口只能显示英文。请重新安装本程序，或在源代码目录中"
            "运行 bash .ci/setup install。",
            "The window's Chinese translations (.qm files) were not found, so it shows English "
            "only. Reinstall the program, or run `bash .ci/setup install` in the source tree.")
    elif missing:
        problem = Text(
            f"部分界面翻译缺失（{'、'.join(missing)}），这些部分显示为英文。",
            f"Some of the window's translations are missing ({', '.join(missing)}); those "
            "parts show English.")
    return TranslationFiles(tuple(files), tuple(compiled), problem, tuple(missing))
