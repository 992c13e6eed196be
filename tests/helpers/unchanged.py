"""What a user checks after a refusal: the database and the photo store are exactly as before."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def db_fingerprint(db_path: Path) -> str:
    """A hash of every row of every table (not of the file: WAL and page layout may move)."""
    if not db_path.exists():
        return "absent"
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
    finally:
        conn.close()


def store_files(db_path: Path) -> list[str]:
    """Every file under the photo store beside the database, relative, sorted."""
    from app.paths import media_dir

    root = media_dir(db_path)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
