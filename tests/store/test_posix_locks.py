"""Opening the database again in a process must not drop the locks its connections hold.

Closing any descriptor of a file drops all of this process's POSIX locks on it, SQLite's
included. The window opens a connection per background job while its main one is open; the
open used to read the header with open()/close(), after which another process could believe
it was the file's last user, checkpoint and delete the WAL under the window: the stress run
(bench/stress_concurrency.py) corrupted the database within seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.store.db import open_database, write_transaction

LAST_USER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
conn.close()  # the last connection to a WAL database checkpoints and deletes the -wal file
"""


def test_second_open_keeps_the_first_connections_locks(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    open_database(path, create=True).close()
    first = open_database(path)
    try:
        with write_transaction(first):
            first.execute("UPDATE settings SET updated_at = updated_at")
        wal = Path(f"{path}-wal")
        assert wal.exists()
        open_database(path).close()  # what a window's background job does
        subprocess.run([sys.executable, "-c", LAST_USER, str(path)], check=True, timeout=60)
        assert wal.exists(), "another process took itself for the last user of the file"
        assert first.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        first.close()
