"""Sync tests: an office and a laptop with keys, enrolled both ways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from tests.helpers.sync_world import enrol_both, make_device


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
