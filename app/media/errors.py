"""Why a photo file was refused, in words a person can act on (Chinese first, English after)."""

from __future__ import annotations

from app.core.errors import InputRefused
from app.core.text import Text


class PhotoRejected(InputRefused):
    """This file cannot be taken as photo evidence; nothing was stored for it."""

    def __init__(self, text: Text, code: str = "rejected") -> None:
        super().__init__(text)
        self.code = code


def rejected(code: str, zh: str, en: str) -> PhotoRejected:
    """Build a PhotoRejected with its machine code and both languages."""
    return PhotoRejected(Text(zh, en), code)


class NotAPhotoItem(InputRefused):
    """Photos were aimed at a checklist item that is not a photo slot; nothing was attached."""
