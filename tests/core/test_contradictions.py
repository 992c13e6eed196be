"""An answer outside its bounds, or answers that contradict each other, feed nothing (issue
12.5): not counted as answered, no computed value, no finding, until the inspector fixes them."""

from __future__ import annotations

from app.core.checklist import evaluate, load_checklist_text

ROOMS = """
id: rooms
version: 1
work_item: underground_group_rental
title: {zh: 房间, en: Rooms}
legal_basis:
  - {zh: 测试依据, en: Test basis}
rectification_days: 10
computed:
  - id: per_person
    label: {zh: 人均面积, en: Area per person}
    section: s
    expr: {div: [area, occupants]}
    violations:
      - when: {lt: 5}
        severity: major
        finding: {zh: 人均面积不足, en: Too little area}
        legal_basis: {zh: 测试依据, en: Test basis}
sections:
  - id: s
    title: {zh: 情况, en: Situation}
    items:
      - id: area
        type: decimal
        required: true
        label: {zh: 面积, en: Area}
        unit: {zh: 平方米, en: m²}
        min: 1
      - id: occupants
        type: integer
        required: true
        label: {zh: 人数, en: Occupants}
        unit: {zh: 人, en: people}
        min: 1
        max: 200
      - id: beds
        type: integer
        required: true
        label: {zh: 床位, en: Beds}
        unit: {zh: 张, en: beds}
        min: 0
      - id: bunk_beds
        type: integer
        required: true
        label: {zh: 上下铺, en: Bunk beds}
        unit: {zh: 张, en: beds}
        min: 0
        constraints:
          - check: {lte: {item: beds}}
            message: {zh: 上下铺多于床位, en: More bunk beds than beds}
        violations:
          - when: {gt: 0}
            severity: major
            finding: {zh: 设置上下铺, en: Bunk beds}
            legal_basis: {zh: 测试依据, en: Test basis}
"""
CHECKLIST = load_checklist_text(ROOMS, "rooms.yaml")
CLEAN = {"area": 30.0, "occupants": 3, "beds": 4, "bunk_beds": 0}


def _kinds(answers: dict[str, object]) -> set[str]:
    return {f.item_id for f in evaluate(CHECKLIST, answers).findings}


def test_an_answer_outside_its_bounds_feeds_nothing() -> None:
    # Just inside: 1 person in 4 m² is counted, computed and found.
    inside = evaluate(CHECKLIST, {**CLEAN, "area": 4.0, "occupants": 1})
    assert "occupants" in inside.answered and inside.computed["per_person"] == 4.0
    assert "per_person" in {f.item_id for f in inside.findings}
    # Just outside: 0 people is an error, not an answer, and divides nothing.
    outside = evaluate(CHECKLIST, {**CLEAN, "area": 4.0, "occupants": 0})
    assert "occupants" in outside.errors and "occupants" not in outside.answered
    assert outside.computed["per_person"] is None and not outside.findings
    assert "occupants" not in outside.missing_required  # said as an error, not as a blank
    assert not outside.can_complete
    over = evaluate(CHECKLIST, {**CLEAN, "occupants": 201})
    assert "occupants" in over.errors and over.computed["per_person"] is None


def test_contradictory_answers_block_the_findings_they_feed() -> None:
    # As many bunk beds as beds: consistent; the bunk-bed finding stands.
    same = evaluate(CHECKLIST, {**CLEAN, "beds": 4, "bunk_beds": 4})
    assert "bunk_beds" not in same.errors and _kinds({**CLEAN, "beds": 4, "bunk_beds": 4}) == {
        "bunk_beds"}
    # One more bunk bed than beds: a contradiction; no finding from either until resolved.
    worse = evaluate(CHECKLIST, {**CLEAN, "beds": 4, "bunk_beds": 5})
    assert worse.errors["bunk_beds"][0].zh == "上下铺多于床位"
    assert not worse.findings and not worse.can_complete
    assert {"bunk_beds", "beds"}.isdisjoint(worse.answered)
    assert "area" in worse.answered  # the rest of the record still counts
    # Resolved: the finding comes back.
    assert _kinds({**CLEAN, "beds": 5, "bunk_beds": 5}) == {"bunk_beds"}
