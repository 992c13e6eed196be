"""A database with a two-finding checklist and inspections completed at chosen times (cases,
ledgers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import sqlite_utils

from app.core.checklist import load_checklist_text
from app.core.clock import BEIJING, format_utc
from app.store.checklists import register_checklist
from app.store.db import open_database
from app.store.inspections import complete_inspection, set_answers, start_inspection
from app.store.profile import Profile, initialize_device
from app.store.sites import SiteDraft, create_site

CASE_YAML = """\
id: test_frontage
version: 1
work_item: street_order
title: {zh: 门前秩序检查（测试）, en: Frontage order check (test)}
legal_basis:
  - {zh: 《无证无照经营查处办法》, en: Measures on unlicensed trade}
rectification_days: 15
sections:
  - id: s
    title: {zh: 检查, en: Check}
    items:
      - id: goods_out
        type: yes_no_na
        required: true
        label: {zh: 店外经营, en: Goods outside}
        violations:
          - when: {equals: "yes"}
            severity: minor
            finding: {zh: 超出门窗店外经营, en: Trading outside the door line}
            rectification_days: 3
      - id: no_licence
        type: yes_no_na
        required: true
        label: {zh: 无照经营, en: Unlicensed}
        violations:
          - when: {equals: "yes"}
            severity: major
            finding: {zh: 无照经营, en: Unlicensed trade}
      - id: vendors_seen
        type: yes_no_na
        label: {zh: 巡查路段有游商, en: Mobile vendors on the stretch}
        violations:
          - when: {equals: "yes"}
            severity: minor
            finding: {zh: 巡查路段存在游商, en: Mobile vendors on the stretch}
            ordered: false
"""

FORM = "test_frontage"


@dataclass
class CaseWorld:
    db: sqlite_utils.Database
    profile: Profile
    path: Path


def open_case_world(path: Path, role: str = "office", name: str = "王建国",
                    office_code: str = "朝阳城管责改") -> CaseWorld:
    db = open_database(path, create=True)
    profile = initialize_device(db, role, name, badge_no="BJ-1", team="朝阳二队",  # type: ignore[arg-type]
                                district_code="110105", office_code=office_code)
    checklist = load_checklist_text(CASE_YAML, "test_frontage.v1.yaml")
    register_checklist(db, checklist, CASE_YAML, name)
    return CaseWorld(db, profile, path)


def add_shop(world: CaseWorld, name: str, *, district: str = "110105",
             division: str = "110105004000", address: str | None = None,
             credit_code: str | None = None, lat: float | None = 39.93,
             lon: float | None = 116.45) -> str:
    return create_site(world.db, SiteDraft(
        district_code=district, name=name, address=address or f"朝阳区{name}路1号",
        division_code=division, credit_code=credit_code, lat=lat, lon=lon),
        world.profile.inspector_name).id


def beijing(text: str) -> datetime:
    """'2025-12-31 10:00' Beijing time."""
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def inspect(world: CaseWorld, site_id: str, when: str, *, goods_out: bool = False,
            no_licence: bool = False, vendors_seen: bool = False) -> str:
    """A completed inspection of the site at `when` (Beijing), with the findings asked for."""
    stamp = format_utc(beijing(when))
    answers: dict[str, Any] = {"goods_out": "yes" if goods_out else "no",
                               "no_licence": "yes" if no_licence else "no"}
    if vendors_seen:
        answers["vendors_seen"] = "yes"  # a patrol observation (ordered: false)
    with mock.patch("app.store.inspections.utc_now", return_value=stamp):
        insp = start_inspection(world.db, FORM, site_id, world.profile)
        set_answers(world.db, insp.id, answers, world.profile.inspector_name)
        complete_inspection(world.db, insp.id, world.profile.inspector_name)
    return insp.id
