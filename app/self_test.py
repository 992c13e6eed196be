"""`street-audit --self-test`: does this installation work? Checks, in a scratch folder:

1. a new database, every migration applied, a device profile;
2. every checklist in forms/ loaded (and registered in the database);
3. the window's translations found (or compiled);
4. the main window rendered offscreen (no display needed);
5. a one-page PDF with Chinese text written with the embedded font and read back.

Prints one line per check and exits 0 when all pass, 1 otherwise. Made for the desktop build
(tools/build.py runs it on the built program) but works from source and from `pip install`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

SAMPLE = "街巷巡查自检：开墙打洞、占道经营、群租房"


def _check(name: str, fn: Callable[[], str], results: list[bool]) -> None:
    started = time.perf_counter()
    try:
        detail = fn()
        ok = True
    except Exception as exc:  # every failure is reported, the next check still runs
        detail = f"{type(exc).__name__}: {exc}"
        if os.environ.get("STREET_AUDIT_DEBUG"):
            traceback.print_exc()
        ok = False
    ms = (time.perf_counter() - started) * 1000
    print(f"{'ok  ' if ok else 'FAIL'} {name} ({ms:.0f} ms): {detail}", flush=True)
    results.append(ok)


def run_self_test(folder: Path | None = None) -> int:
    """Run every check (in `folder`, else a temporary one); 0 when all pass."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app import __version__
    from app.paths import project_root

    frozen = bool(getattr(sys, "frozen", False))
    print(f"街巷巡查 Street Audit {__version__} self-test "
          f"({'built program' if frozen else 'Python ' + sys.version.split()[0]}; "
          f"data from {project_root()})", flush=True)
    results: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="street-audit-self-test-") as tmp:
        base = Path(folder) if folder else Path(tmp)
        os.environ["STREET_AUDIT_HOME"] = str(base / "home")  # settings, cache: scratch too
        db_file = base / "self-test.db"
        state: dict[str, Any] = {}

        def database() -> str:
            from app.device_setup import DeviceSetup, create_device_database
            from app.store.db import latest_version, open_database, schema_version

            create_device_database(db_file, DeviceSetup(role="field", inspector_name="自检"))
            db = open_database(db_file)
            state["db"] = db
            return f"{db_file.name}: schema {schema_version(db)} of {latest_version()}, keys made"

        def checklists() -> str:
            from app.core.checklist import load_checklists
            from app.paths import forms_dir
            from app.store.checklists import current_checklists

            loaded = load_checklists(forms_dir())
            current = current_checklists(state["db"])
            return (f"{len(loaded)} checklist files loaded, {len(current)} current: "
                    + ", ".join(c.key for c in current))

        def translations() -> str:
            from app.paths import data_dir, resources_dir
            from app.ui.translation_files import find_translations

            found = find_translations("zh_CN", resources_dir() / "translations",
                                      data_dir() / "translations")
            if found.problem is not None:
                raise RuntimeError(found.problem.en)
            return ", ".join(p.name for p in found.files)

        def window() -> str:
            from app.ui.app import start_desktop

            desktop = start_desktop(db_file, "zh")
            win = desktop.window
            assert win is not None
            desktop.qapp.processEvents()
            image = win.grab().toImage()
            if image.isNull() or image.width() < 200:
                raise RuntimeError("the window rendered nothing")
            title = win.windowTitle()
            win.data_hub.shutdown()
            win.close()
            return f"{image.width()}x{image.height()} rendered, title {title!r}"

        def pdf() -> str:
            from pypdf import PdfReader
            from reportlab.pdfgen import canvas

            from app.reports.pdf_fonts import register_cjk_font

            font = register_cjk_font()
            out = base / "self-test.pdf"
            page = canvas.Canvas(str(out))
            page.setFont(font, 16)
            page.drawString(72, 720, SAMPLE)
            page.save()
            reader = PdfReader(str(out))
            text = reader.pages[0].extract_text() or ""
            if len(reader.pages) != 1 or SAMPLE not in text.replace(" ", ""):
                raise RuntimeError(f"read back {text!r}")
            from app.fonts import find_cjk_font

            return (f"1 page, {out.stat().st_size / 1024:.0f} KB, Chinese read back; font "
                    f"{find_cjk_font().path}")

        _check("database and migrations", database, results)
        _check("checklists", checklists, results)
        _check("translations", translations, results)
        _check("window (offscreen)", window, results)
        _check("PDF with Chinese text", pdf, results)
        db = state.get("db")
        if db is not None:
            db.close()
    passed = all(results)
    print(f"{'passed' if passed else 'FAILED'}: {sum(results)} of {len(results)} checks",
          flush=True)
    return 0 if passed else 1


def main() -> int:
    return run_self_test()


if __name__ == "__main__":
    sys.exit(main())
