"""What every screenshot script shares: letting the window settle, saving a grab, and the
`python -m tools.screenshots.X [OUT_DIR]` entry point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
SIZES = (("zh", 1440, 900), ("zh", 1024, 700), ("en", 1440, 900))


def settle(rounds: int = 8) -> None:
    """Let queued events (layouts, paints, background results) run."""
    for _ in range(rounds):
        QApplication.processEvents()


def save(widget: Any, path: Path) -> Path:
    """The widget as a PNG at `path`; OSError when it cannot be written."""
    if not widget.grab().save(str(path)):
        raise OSError(f"截图保存失败 (could not write the screenshot): {path}")
    return path


def run(render: Callable[[Path], list[Path]], argv: list[str]) -> int:
    """Render into OUT_DIR (default docs/screenshots/) and print each file written."""
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for path in render(out):
        print(path)
    return 0
