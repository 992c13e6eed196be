"""Date items' `default:` (today, today plus N days, plus the rectification period): loading,
the answers an inspection starts with, and sample answers that fit the inspection's day."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.checklist import (
    Checklist,
    ChecklistError,
    default_answers,
    evaluate,
    load_checklist,
    load_checklist_text,
    move_dates,
    sample_answers,
)
from app.paths import forms_dir
from tests.helpers.checklists import ALL_TYPES_YAML

SHIPPED = ("storefront_opening", "street_order", "underground_group_rental")

# A small checklist: a visit date, a deadline shown only with a notice, an opening date.
FORM = """\
id: dated
version: 1
work_item: street_order
title: {zh: 日期测试, en: Date test}
legal_basis:
  - {zh: 测试依据, en: Test basis}
rectification_days: 15
sections:
  - id: main
    title: {zh: 主要, en: Main}
    items:
      - id: action
        type: choice
        label: {zh: 处理, en: Action}
        options:
          - {value: notice, label: {zh: 通知, en: Notice}}
          - {value: none, label: {zh: 无, en: None}}
      - id: inspected_on
        type: date
        required: true
        label: {zh: 检查日期, en: Inspection date}
        min: 2017-01-01
        default: today
      - id: deadline
        type: date
        required: true
        show_if: {item: action, equals: notice}
        label: {zh: 整改期限, en: Deadline}
        default: {today_plus_days: rectification_days}
        constraints:
          - check: {gte: {item: inspected_on}}
            message: {zh: 期限不能早于检查日期, en: Deadline before the inspection}
      - id: recheck_on
        type: date
        label: {zh: 复查日期, en: Re-check date}
        default: {today_plus_days: 7}
      - id: opened_since
        type: date
        label: {zh: 开口时间, en: Opened since}
        min: 1990-01-01
"""


@pytest.fixture(scope="module")
def dated() -> Checklist:
    return load_checklist_text(FORM, "dated.v1.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as info:
        load_checklist_text(text, "dated.v1.yaml")
    return info.value.problems


# ---- loading -------------------------------------------------------------------------------


def test_defaults_load_as_days_after_the_start(dated: Checklist) -> None:
    assert dated.item("inspected_on").default_days == 0
    assert dated.item("deadline").default_days == 15  # the checklist's rectification_days
    assert dated.item("recheck_on").default_days == 7
    assert dated.item("opened_since").default_days is None
    assert dated.item("action").default_days is None


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("tomorrow", "'tomorrow'"),
        ("Today", "'Today'"),
        ("2024-06-03", "2024-06-03"),
        ("{today_plus_days: -1}", "{'today_plus_days': -1}"),
        ("{today_plus_days: 4000}", "{'today_plus_days': 4000}"),
        ("{today_plus_days: 2.5}", "{'today_plus_days': 2.5}"),
        ("{today_plus_days: rectfication_days}", "{'today_plus_days': 'rectfication_days'}"),
        ("{today_plus_days: 3, days: 4}", "{'today_plus_days': 3, 'days': 4}"),
        ("{rectification_period: true}", "{'rectification_period': True}"),
        ("[today]", "['today']"),
    ],
)
def test_a_bad_default_names_file_item_value_and_line(written: str, shown: str) -> None:
    text = FORM.replace("default: {today_plus_days: 7}", f"default: {written}")
    found = problems(text)
    assert len(found) == 1, found
    line = FORM.splitlines().index("        default: {today_plus_days: 7}") + 1
    assert found[0].startswith("dated.v1.yaml:recheck_on: default 应为 today"), found
    assert f"而不是 {shown}" in found[0] and f"not {shown}" in found[0]
    # The line named is where the item begins (as for every other item problem).
    begins = FORM.splitlines().index("      - id: recheck_on") + 1
    assert found[0].endswith(f"[第 {begins} 行 line {begins}]") and begins < line


def test_a_fixed_date_is_explained() -> None:
    found = problems(FORM.replace("default: today", "default: 2024-06-03"))
    assert "不能是固定日期" in found[0] and "cannot be a fixed date" in found[0]
    assert found[0].startswith("dated.v1.yaml:inspected_on: ")


def test_default_on_an_item_that_is_not_a_date() -> None:
    text = FORM.replace(
        "        label: {zh: 处理, en: Action}\n",
        "        label: {zh: 处理, en: Action}\n        default: today\n",
    )
    assert problems(text) == [
        "dated.v1.yaml:action: 键 'default' 不适用于 choice 类型的题目 "
        "(key 'default' does not apply to a choice item) [第 12 行 line 12]"
    ]


def test_rectification_default_without_rectification_days() -> None:
    found = problems(FORM.replace("rectification_days: 15\n", ""))
    # Reported once, where it is missing; the default naming it adds nothing wrong of its own.
    assert len(found) == 1 and found[0].startswith("dated.v1.yaml:rectification_days: ")


# ---- the answers an inspection starts with -------------------------------------------------


def test_defaults_of_shown_items_count_from_the_start_date(dated: Checklist) -> None:
    day = date(2026, 11, 20)
    assert default_answers(dated, day) == {"inspected_on": "2026-11-20", "recheck_on": "2026-11-27"}
    # The deadline is shown only with a notice: then it starts at the rectification period.
    assert default_answers(dated, day, {"action": "notice"}) == {
        "inspected_on": "2026-11-20",
        "deadline": "2026-12-05",
        "recheck_on": "2026-11-27",
    }


def test_a_given_answer_wins_and_a_blank_one_is_filled(dated: Checklist) -> None:
    day = date(2026, 11, 20)
    got = default_answers(dated, day, {"inspected_on": "2026-11-18", "recheck_on": "  "})
    assert got == {"recheck_on": "2026-11-27"}
    assert default_answers(dated, day, {"inspected_on": None})["inspected_on"] == "2026-11-20"


def test_no_default_that_the_item_would_refuse(dated: Checklist) -> None:
    # Before the item's min: left empty rather than an error on a fresh form.
    assert "inspected_on" not in default_answers(dated, date(2016, 12, 31))
    # A given inspection date after the default deadline: that deadline would break its
    # constraint, so it is not filled in.
    got = default_answers(
        dated, date(2026, 11, 20), {"action": "notice", "inspected_on": "2027-01-01"}
    )
    assert "deadline" not in got
    assert evaluate(dated, {"action": "notice", "inspected_on": "2027-01-01", **got}).errors == {}


def test_a_default_hidden_once_another_is_dropped() -> None:
    # `later` is shown only when `first` has a date; `first` is out of range, so neither is filled.
    text = FORM.replace(
        "      - id: opened_since\n",
        "      - id: first\n        type: date\n        label: {zh: 甲, en: A}\n"
        "        max: 2020-01-01\n        default: today\n"
        "      - id: later\n        type: date\n        label: {zh: 乙, en: B}\n"
        "        show_if: {item: first, answered: true}\n        default: today\n"
        "      - id: opened_since\n",
    )
    checklist = load_checklist_text(text, "dated.v1.yaml")
    got = default_answers(checklist, date(2026, 11, 20))
    assert "first" not in got and "later" not in got
    assert set(default_answers(checklist, date(2019, 5, 1))) >= {"first", "later"}


# ---- the shipped checklists ----------------------------------------------------------------


def shipped(name: str, version: int) -> Checklist:
    return load_checklist(forms_dir() / f"{name}.v{version}.yaml")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_v2_fills_in_the_inspection_date_and_the_deadline(name: str) -> None:
    checklist = shipped(name, 2)
    assert checklist.item("inspected_on").default_days == 0
    assert checklist.item("deadline").default_days == checklist.rectification_days
    assert [i.id for i in checklist.items() if i.default_days is not None] == [
        i.id for i in checklist.items() if i.id in ("inspected_on", "deadline")
    ]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_v2_is_v1_with_defaults(name: str) -> None:
    """v1 stays for the inspections made with it; v2 asks the same questions the same way."""
    old, new = shipped(name, 1), shipped(name, 2)
    assert old.item("inspected_on").default_days is None
    assert (new.id, new.version, old.version) == (old.id, 2, 1)

    def without_defaults(c: Checklist) -> Any:
        return [
            dataclasses.replace(s, items=tuple(dataclasses.replace(i, default_days=None)
                                               for i in s.items))
            for s in c.sections
        ]  # fmt: skip

    assert without_defaults(new) == without_defaults(old)
    assert (new.computed, new.rectification_days, new.title) == (
        old.computed, old.rectification_days, old.title
    )  # fmt: skip


# ---- sample answers that fit the inspection's day ------------------------------------------

ON_DAYS = st.dates(min_value=date(2018, 1, 1), max_value=date(2035, 12, 31))


def _dates(checklist: Checklist, answers: dict[str, Any]) -> dict[str, date]:
    return {
        k: date.fromisoformat(v)
        for k, v in answers.items()
        if checklist.item(k).type == "date"
    }


@pytest.mark.parametrize("name", SHIPPED)
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), on=ON_DAYS, complete=st.booleans())
def test_sample_dates_fit_the_inspection_day(name: str, seed: int, on: date,
                                             complete: bool) -> None:
    checklist = shipped(name, 2)
    answers = sample_answers(checklist, random.Random(seed), complete=complete, on=on)
    ev = evaluate(checklist, answers)
    assert ev.errors == {}
    assert not complete or ev.can_complete, ev.missing_required
    dates = _dates(checklist, answers)
    assert dates["inspected_on"] == on  # drafts too: the default is written at the start
    if "deadline" in dates:
        assert dates["deadline"] == on + timedelta(days=checklist.rectification_days)
    if "opened_since" in dates:  # something that happened before the visit
        assert on - timedelta(days=3 * 365) <= dates["opened_since"] <= on


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), on=ON_DAYS)
def test_dates_without_default_fall_around_the_day(seed: int, on: date) -> None:
    # ALL_TYPES_YAML: `visited` (2017–2030, no default), `followup` must not be before it.
    checklist = load_checklist_text(ALL_TYPES_YAML, "all_types.yaml")
    answers = sample_answers(checklist, random.Random(seed), on=on)
    assert evaluate(checklist, answers).errors == {}
    dates = _dates(checklist, answers)
    visited = dates["visited"]
    assert date(2017, 1, 1) <= visited <= date(2030, 12, 31)
    if on <= date(2030, 12, 31):
        assert on - timedelta(days=3 * 365) <= visited <= on
    if "followup" in dates:
        # Must not come before another date: within the 60 days after the inspection.
        assert on <= dates["followup"] <= on + timedelta(days=60)


def test_without_a_day_the_sample_still_agrees_with_itself() -> None:
    checklist = shipped("street_order", 2)
    first = sample_answers(checklist, random.Random(5))
    assert first == sample_answers(checklist, random.Random(5))
    on = date.fromisoformat(first["inspected_on"])
    assert date(2023, 1, 1) <= on <= date(2025, 12, 31)
    if "deadline" in first:
        assert date.fromisoformat(first["deadline"]) == on + timedelta(days=3)


# ---- answers drawn once, moved to another day ----------------------------------------------


def test_move_dates_keeps_their_distances(dated: Checklist) -> None:
    answers = {"action": "notice", "inspected_on": "2026-11-20", "deadline": "2026-12-05",
               "opened_since": "2020-02-29"}  # fmt: skip
    moved = move_dates(dated, answers, -30)
    assert moved == {"action": "notice", "inspected_on": "2026-10-21", "deadline": "2026-11-05",
                     "opened_since": "2020-01-30"}  # fmt: skip
    assert answers["inspected_on"] == "2026-11-20"  # the pooled answers are not changed
    assert move_dates(dated, answers, 0) == answers


def test_move_dates_refuses_what_would_change_the_meaning(dated: Checklist) -> None:
    # Past the item's min: the answers would become invalid.
    assert move_dates(dated, {"opened_since": "1990-01-10"}, -30) is None
    # A checklist comparing a date with a fixed date: moving could change its findings.
    fixed = FORM.replace(
        "        min: 1990-01-01\n",
        "        min: 1990-01-01\n        violations:\n"
        "          - when: {gte: 2024-01-01}\n            severity: minor\n"
        "            finding: {zh: 新开口, en: New opening}\n",
    )
    checklist = load_checklist_text(fixed, "dated.v1.yaml")
    assert move_dates(checklist, {"inspected_on": "2026-11-20"}, 1) is None
    assert move_dates(checklist, {"inspected_on": "2026-11-20"}, 0) is not None
