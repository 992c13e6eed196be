"""Small programs the concurrency tests start as separate processes (`python -m ...`).

`hold DB SECONDS`: take the write lock, print "held", keep it SECONDS, commit.
`sites DB STOPFILE`: add sites one by one (each audited) until STOPFILE exists; print each id
once its transaction has committed.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path


def hold(db: str, seconds: float) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE settings SET updated_at = updated_at")
    print("held", flush=True)
    time.sleep(seconds)
    conn.execute("COMMIT")


def sites(db: str, stop: str) -> None:
    from app.store.db import open_database
    from app.store.sites import SiteDraft, create_site

    conn = open_database(db)
    n = 0
    while not Path(stop).exists() or n < 3:
        site = create_site(conn, SiteDraft("110105", address=f"测试路{n}号"), "并发测试")
        print(site.id, flush=True)
        n += 1


if __name__ == "__main__":
    if sys.argv[1] == "hold":
        hold(sys.argv[2], float(sys.argv[3]))
    else:
        sites(sys.argv[2], sys.argv[3])
