"""One base class for every error a person can act on, carrying its message in zh and en.

The window shows `text.get(lang)`, the command line prints `text.both()`; `exit_code` is the
command line's contract (1 failure, 3 input rejected). Anything else that escapes is a bug.
"""

from __future__ import annotations

from app.core.text import Text

EXIT_FAILURE = 1
EXIT_REJECTED = 3


class AppError(Exception):
    """A failure the user can act on: what went wrong, which file or item, what to do."""

    exit_code = EXIT_FAILURE

    def __init__(self, text: Text | str) -> None:
        if isinstance(text, str):  # an older "中文 (English)" message: split where it can be
            text = Text.from_both(text)
        super().__init__(text.both())
        self.text = text


class InputRefused(AppError):
    """Outside input (a file, a bundle, an answer, an argument) refused; nothing was written."""

    exit_code = EXIT_REJECTED
