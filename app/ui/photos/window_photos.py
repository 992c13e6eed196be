"""The main window's photo action: import a whole folder (a camera card, a phone's export).

"Import photo folder…" asks for the folder, then the FolderImportDialog proposes an inspection
for each photo by time and place; the inspector confirms or changes each line and the photos
are attached in the background. Open editors then show the new photos and answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

if TYPE_CHECKING:  # the dialog's module loads when the action is used, not at the start
    from app.ui.photos.folder_import import FolderImportDialog


class WindowPhotos(QObject):
    """The folder import action of one main window (kept out of main_window.py)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: FolderImportDialog | None = None
        self.import_action = QAction(self.tr("Import photo folder…"), window)
        self.import_action.setObjectName("action-import-photos")
        self.import_action.setToolTip(self.tr(
            "Attach the photos of a folder to the draft inspections they were taken at, "
            "by time and place; you confirm each one"))
        self.import_action.triggered.connect(self.on_import_folder)

    def on_import_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # its first import costs start-up time

        folder = QFileDialog.getExistingDirectory(
            self.window, self.tr("Choose the folder with the photos"))
        if folder:
            self.open_dialog(Path(folder))

    def open_dialog(self, folder: Path) -> FolderImportDialog:
        """Show the proposal for `folder` (read in the background)."""
        from app.ui.photos.folder_import import FolderImportDialog

        dialog = FolderImportDialog(self.window.db_path, folder, self.window)
        dialog.imported.connect(self.on_imported)
        self.dialog = dialog
        dialog.open()
        return dialog

    def on_imported(self, results: list[Any]) -> None:
        """Photos were attached: open editors and the lists show them."""
        attached = sum(1 for r in results if r.ok)
        for editor in self.window.editors():
            photos = getattr(editor, "photos", None)
            if photos is not None:
                photos.refresh()
        from app.ui.operations import Changes

        # The import committed on its own connection (long, with progress and cancel): the
        # window's one notice tells every view, as after any operation.
        self.window.data_hub.notify(Changes(inspections=True, photos=True))
        self.window.statusBar().showMessage(
            self.tr("%n photo(s) imported from the folder", "", attached), 10000)
