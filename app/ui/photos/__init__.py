"""Photo widgets the inspection editor embeds: strip, viewer, folder import (see docs/photos.md)."""

from app.ui.photos.folder_import import FolderImportDialog
from app.ui.photos.strip import PhotoStrip
from app.ui.photos.viewer import PhotoViewer

__all__ = ["FolderImportDialog", "PhotoStrip", "PhotoViewer"]
