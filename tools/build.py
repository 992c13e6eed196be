"""Build the one-folder desktop program and self-test it, in one command (Linux; Windows too).

    .venv/bin/python tools/build.py [--skip-install] [--no-self-test]

1. installs the `build` extra (PyInstaller) into this environment if missing;
2. compiles the translations (resources/translations/*.ts → .qm);
3. runs PyInstaller on build.spec → dist/street-audit/ (one folder);
4. runs the built program's `--self-test` offscreen, and prints the folder's size.
Exit 0 when the build and its self-test pass.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "street-audit"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compile_translations() -> None:
    from app.ui.translation_files import compile_ts, lrelease_executable

    lrelease = lrelease_executable()
    if lrelease is None:
        raise SystemExit("lrelease not found (it comes with PySide6)")
    for ts in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        qm = ts.with_suffix(".qm")
        fresh = qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime
        if not fresh and not compile_ts(ts, qm, lrelease):
            raise SystemExit(f"could not compile {ts}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-install", action="store_true")
    parser.add_argument("--no-self-test", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    have = shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is not None
    if not args.skip_install and not have:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", f"{ROOT}[build]"],
                       check=True)
    compile_translations()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(ROOT / "dist"),
                    "--workpath", str(ROOT / "build" / "pyinstaller"), str(ROOT / "build.spec")],
                   check=True, cwd=ROOT)
    built = time.perf_counter() - started
    exe = DIST / ("street-audit-cli.exe" if os.name == "nt" else "street-audit")
    print(f"built {DIST} in {built:.0f} s: {folder_size(DIST) / 1e6:.0f} MB", flush=True)
    if args.no_self_test:
        return 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(exe), "--self-test"], env=env, cwd=DIST.parent, check=False)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
