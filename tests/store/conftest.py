"""A fresh database with a device, a profile and a small checklist written in the forms/ format."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from app.core.checklist import Checklist, load_checklist_text
from app.store.checklists import register_checklist
from app.store.db import open_database
from app.store.profile import Profile, initialize_device
from app.store.sites import Site, SiteDraft, create_site

MINI_YAML = """\
id: test_storefront
version: 1
work_item: street_order
title: {zh: 开墙打洞检查（测试）, en: Wall-breaching check (test)}
legal_basis:
  - {zh: 《北京市城乡规划条例》, en: Beijing Urban and Rural Planning Regulations}
rectification_days: 15
sections:
  - id: building
    title: {zh: 建筑情况, en: Building}
    items:
      - id: residential
        type: yes_no_na
        label: {zh: 是否为住宅, en: Is it residential}
        required: true
      - id: opening
        type: yes_no_na
        label: {zh: 是否开墙打洞, en: Has a wall been opened}
        required: true
        show_if: {item: residential, equals: "yes"}
        violations:
          - when: {item: opening, equals: "yes"}
            severity: major
            finding: {zh: 住宅开墙打洞经营, en: Residential wall opened for business}
            legal_basis: {zh: 《北京市城乡规划条例》第六十五条, en: Planning regulations art. 65}
      - id: openings
        type: integer
        label: {zh: 开口数量, en: Number of openings}
        unit: {zh: 个, en: openings}
        min: 0
        max: 20
        show_if: {item: opening, equals: "yes"}
        required: true
      - id: note
        type: text
        label: {zh: 备注, en: Notes}
"""


def mini_checklist(version: int = 1, extra_label: str = "") -> tuple[Checklist, str]:
    """The test checklist (optionally another version with a changed label) and its text."""
    text = MINI_YAML.replace("version: 1", f"version: {version}").replace(
        "备注, en: Notes", f"备注{extra_label}, en: Notes{extra_label}"
    )
    return load_checklist_text(text, f"test_storefront.v{version}.yaml"), text


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
