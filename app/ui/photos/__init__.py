"""Photo widgets the inspection editor embeds: strip, viewer, folder import (see docs/photos.md).

The names below load their module on first use (module `__getattr__`): the main window imports
`app.ui.photos.window_photos`, and importing this package must not load every photo widget
before the window is shown.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ui.photos.folder_import import FolderImportDialog
    from app.ui.photos.strip import PhotoStrip
    from app.ui.photos.viewer import PhotoViewer

__all__ = ["FolderImportDialog", "PhotoStrip", "PhotoViewer"]

_MODULES = {
    "FolderImportDialog": "app.ui.photos.folder_import",
    "PhotoStrip": "app.ui.photos.strip",
    "PhotoViewer": "app.ui.photos.viewer",
}


def __getattr__(name: str) -> Any:
    """`from app.ui.photos import PhotoStrip`: the widget's module loads here, on first use."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups find it directly
    return value
