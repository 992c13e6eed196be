"""Sync tests: the sync migration applies (pending or not), devices with keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

import app.store.db as store_db
from tests.helpers.sync_world import enrol_both, make_device, sync_migrations_dir


@pytest.fixture(autouse=True)
def _sync_schema(tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = sync_migrations_dir(tmp_path_factory.mktemp("schema"))
    if folder is not None:
        monkeypatch.setattr(store_db, "migrations_dir", lambda: folder)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    db = make_device(tmp_path / "office" / "street-audit.db", "office", "朝阳区办公室")
    yield db
    db.close()


@pytest.fixture
def laptop(tmp_path: Path, office: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    db = make_device(tmp_path / "laptop" / "street-audit.db", "field", "王巡查")
    enrol_both(db, office)
    yield db
    db.close()
