"""Rules of the rectification notice: its number and its deadline (pure, no reportlab).

Number scheme: ``{区简称}整改〔{年}〕第{月日}-{编号尾6位}号``,
e.g. ``东城整改〔2026〕第0315-89ABCD号``:
the district of the site, the year and month-day of the inspection's completion (Beijing time),
and the last six hex digits of the inspection's record id (the random part of its UUIDv7). It is
derived from the record alone, so every laptop and the office print the same number for the
same inspection with no shared counter, and the number leads back to the record (whose full id is
printed beside it). A sequential office counter would need a table of its own (see docs/reports.md).
"""

from __future__ import annotations

from datetime import date, timedelta

DISTRICT_SUFFIXES = ("区", "县")


def district_short_name(district: str) -> str:
    """"东城区" → "东城"; unknown gives "京" (Beijing)."""
    name = district.strip()
    for suffix in DISTRICT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name or "京"


def notice_number(district: str, completed_on: date, record_id: str) -> str:
    """The notice's number, derived deterministically from the inspection (see module doc)."""
    tail = "".join(ch for ch in record_id if ch.isalnum())[-6:].upper()
    return (
        f"{district_short_name(district)}整改〔{completed_on.year}〕"
        f"第{completed_on.month:02d}{completed_on.day:02d}-{tail}号"
    )


def rectification_deadline(issued_on: date, rectification_days: int) -> date:
    """The last day to rectify: the notice's issue date plus the checklist's period in calendar
    days (the notice says "自本通知书送达之日起 N 日内")."""
    return issued_on + timedelta(days=max(0, rectification_days))


def report_back_text(office_name: str) -> str:
    """Where the party reports back: the issuing office, in writing, before the deadline."""
    office = office_name or "本单位"
    return (
        f"请于整改期限届满前将整改情况书面报告{office}（可携带本通知书到{office}办理），"
        "我单位将组织复查；逾期未整改或整改不到位的，将依法处理。"
    )
