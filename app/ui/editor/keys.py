"""The keys of the day's work (issue 12.14), in one place: the editor and the window bind them,
tooltips name them and the 快捷键 page (app/ui/help_dialog.py) lists them."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

NEW_INSPECTION = ["Ctrl+N"]
NEXT_SECTION = ["Ctrl+PgDown"]
PREVIOUS_SECTION = ["Ctrl+PgUp"]
NEXT_UNANSWERED = ["Ctrl+J"]
COMPLETE = ["Ctrl+Return", "Ctrl+Enter"]  # the main Enter key and the keypad's
UNDO = ["Ctrl+Z"]
CLOSE_TAB = ["Ctrl+W"]
FIND = ["Ctrl+F"]
HELP = ["F1"]


def sequences(keys: list[str]) -> list[QKeySequence]:
    """The key sequences to bind."""
    return [QKeySequence(k) for k in keys]


def key_text(keys: list[str]) -> str:
    """The first key as the system writes it (Ctrl+PgDown)."""
    return QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)


def with_keys(text: str, keys: list[str]) -> str:
    """A tooltip naming its key: "下一部分 (Ctrl+PgDown)"."""
    return f"{text} ({key_text(keys)})"
