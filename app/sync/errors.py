"""Why a bundle, a key file or a device was refused: errors a person can act on (zh + en)."""

from __future__ import annotations

from app.core.errors import AppError, InputRefused
from app.core.text import Text


class BundleRefused(InputRefused):
    """A bundle that is not merged: `code` says which check failed; nothing was written."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(Text(zh, en))
        self.code = code


class KeyFileRefused(InputRefused):
    """A device key file that cannot be enrolled (malformed, forged, or clashing)."""


class DeviceError(AppError):
    """A device operation that cannot be done now (no keys, unknown device, ...)."""


class UnknownDevice(DeviceError, InputRefused):
    """No device with this id is known here (the CLI's exit 3, like an unknown site)."""


def refused(code: str, zh: str, en: str) -> BundleRefused:
    """A BundleRefused with its machine code and both languages."""
    return BundleRefused(code, zh, en)
