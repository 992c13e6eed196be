"""Run `street-audit …` in a child process with a time and memory ceiling.

For inputs that used to hang or eat memory: in-process, the old behaviour would hang the suite
or take the machine's memory; in a child it fails the test by its timeout or MemoryError.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

_MAIN = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"


def _limit_memory(limit: int) -> Callable[[], None] | None:
    try:
        import resource
    except ImportError:  # Windows: time bound only
        return None

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_cli(*args: str, timeout: float = 60, memory: int = 2 * 1024**3,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The finished child (exit code, stdout, stderr); TimeoutExpired if it runs too long."""
    return subprocess.run([sys.executable, "-c", _MAIN, *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, check=False, env=env,
                          preexec_fn=_limit_memory(memory))
