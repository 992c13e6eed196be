"""Run in a child process by tests/sync/test_kill_merge.py: merge one bundle, saying when it
starts, so the parent can SIGKILL it somewhere inside the merge."""

from __future__ import annotations

import sys

from app.store.db import open_database
from app.sync.inbox import merge_bundle


def main(db_path: str, bundle: str) -> None:
    db = open_database(db_path)
    print("go", flush=True)
    result = merge_bundle(db, __import__("pathlib").Path(bundle))
    print(result.status, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
