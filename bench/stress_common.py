"""Shared by the bench/stress_*.py and bench/kill_*.py scripts: run the CLI, make photos."""

from __future__ import annotations

import hashlib
import io
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]
# What a user must never see: a traceback or SQLite's own words without our sentence.
RAW = ("Traceback", "sqlite3.", "UNIQUE constraint", "OperationalError", "IntegrityError")
# Root ignores file modes; without these capabilities it is held to them like anyone.
DROP_PRIVILEGES = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def cli_command(args: Sequence[str], unprivileged: bool = False) -> list[str]:
    prefix = DROP_PRIVILEGES if unprivileged and os.geteuid() == 0 else []
    return [*prefix, *CLI, *args]


def run_cli(args: Sequence[str], env: dict[str, str] | None = None, *,
            unprivileged: bool = False, **popen: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_command(args, unprivileged), cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=900,
                          **popen)  # type: ignore[call-overload]


def is_raw(text: str) -> bool:
    return any(word in text for word in RAW)


def jpeg(rng: random.Random, size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG different every time (so every import is a new photo)."""
    from PIL import Image

    w, h = size
    image = Image.effect_noise(size, 40 + rng.random() * 40).convert("RGB") if w > 200 else \
        Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    image.putpixel((rng.randrange(w), rng.randrange(h)), (rng.randrange(256), 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def make_demo(path: Path, inspections: int = 300) -> None:
    done = run_cli(["demo", "--db", str(path), "--inspections", str(inspections), "--photos",
                    "0"])
    if done.returncode != 0:
        raise SystemExit(done.stderr)


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
