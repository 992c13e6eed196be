"""Writing a document so that a reader never sees half a PDF: temp file, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.core.errors import AppError


class ReportError(AppError, RuntimeError):
    """A document could not be made; the message says which and why (Chinese, then English)."""


def _umask() -> int:
    """The process's umask, read without changing it (os.umask would, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _mode_for(out: Path) -> int:
    try:
        return out.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside `out`; it replaces `out` on success, is removed on failure."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ReportError(f"输出目录不存在 (output folder does not exist): {parent}")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=parent)
    try:
        # mkstemp makes the file private (0600); a document is for others to read: the mode
        # of the file it replaces, or what the user's umask gives a new file.
        if hasattr(os, "fchmod"):  # not on Windows, where files have no such mode
            os.fchmod(fd, _mode_for(out))
    finally:
        os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
