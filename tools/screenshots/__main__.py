"""`python -m tools.screenshots`: render the main screens (see the package docstring)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"size is WIDTHxHEIGHT, e.g. 1440x900, not {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--db", type=Path, default=Path("/tmp/street-audit-shots.db"),
                        help="database to show (made with demo data when missing)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--size", type=_size, default=(1360, 820), help="window size WxH")
    parser.add_argument("--demo-inspections", type=int, default=300)
    args = parser.parse_args(argv)

    from app.store.db import open_database
    from app.ui.app import DesktopApp, create_application
    from app.ui.settings import LANGUAGE, Settings
    from tools.screenshots import main_screens

    is_new = not args.db.exists()
    app = create_application()
    settings = Settings()
    settings.set(LANGUAGE, args.lang)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(args.db, create=True)
    if is_new:
        from app.demo.generate import fill_demo

        fill_demo(db, inspections=args.demo_inspections, seed=1)
    desktop = DesktopApp(app, db, args.db, settings, args.lang)
    main_screens.WINDOW_SIZE = args.size
    for path in main_screens.render_screenshots(desktop, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
