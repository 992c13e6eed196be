"""A fresh database with a device, a profile and a small checklist written in the forms/ format."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from app.core.checklist import Checklist
from app.store.checklists import register_checklist
from app.store.db import open_database
from app.store.profile import Profile, initialize_device
from app.store.sites import Site, SiteDraft, create_site
from tests.helpers.checklists import mini_checklist


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "street-audit.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(db_path, create=True)
    yield database
    database.close()


@pytest.fixture
def profile(db: sqlite_utils.Database) -> Profile:
    return initialize_device(
        db, "field", "王建国", badge_no="BJ-0105-0042", team="朝阳二队", district_code="110105"
    )


@pytest.fixture
def checklist(db: sqlite_utils.Database, profile: Profile) -> Checklist:
    c, text = mini_checklist()
    register_checklist(db, c, text, profile.inspector_name)
    return c


@pytest.fixture
def site(db: sqlite_utils.Database, profile: Profile) -> Site:
    return create_site(
        db,
        SiteDraft(
            district_code="110105",
            name="老北京炸酱面馆",
            address="朝阳区工体北路8号",
            division_code="110105004000",
            credit_code="91110000600037341L",
            lat=39.9335,
            lon=116.4465,
        ),
        profile.inspector_name,
    )
