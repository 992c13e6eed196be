"""Callbacks from background tasks that arrive after their widget was deleted are dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject


def alive(owner: QObject, callback: Callable[..., Any]) -> Callable[..., None]:
    """Call `callback` only while `owner`'s C++ object still exists (a task may outlive it)."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)

    return call
