"""Run `street-audit` in a child process, as a user would, optionally without root's powers.

Root ignores file permissions, so a read-only file or folder is only read-only to the program
when it runs without root's file capabilities: `unprivileged` runs the child through
`setpriv` with CAP_DAC_OVERRIDE (and friends) dropped, so modes apply as to any user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

CLI = "import sys; from app.cli import main; sys.exit(main())"
DROP = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def cli(args: Sequence[str], *, env: dict[str, str] | None = None, unprivileged: bool = False,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process; stdout and stderr captured as text."""
    full_env = {**os.environ, **(env or {})}
    prefix = DROP if unprivileged and os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, sys.executable, "-c", CLI, *args],
        capture_output=True, text=True, env=full_env, timeout=timeout,
        cwd=Path(__file__).resolve().parents[2],
    )


def can_drop_privileges() -> bool:
    """False when running as root without setpriv: permissions could not be tested."""
    return os.geteuid() != 0 or shutil.which("setpriv") is not None
