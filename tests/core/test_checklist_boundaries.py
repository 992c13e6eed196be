"""Checklist rules at their exact boundaries: the shipped basement/group-rental thresholds
(< 5 m² per person, > 2 people per room, < 1.1 m between beds), inclusive min/max ranges, and the
three-valued logic that decides what is shown, what is an error and what is a finding.
"""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from typing import Any

import pytest

from app.core.checklist import Checklist, evaluate, load_checklist, load_checklist_text
from app.core.checklist.evaluate import check_answer
from app.core.checklist.logic import compute, condition_refs, expr_refs, truth
from app.core.checklist.model import AllOf, Answered, AnyOf, Arith, Compare, Not, Ref
from app.core.text import Text
from app.paths import forms_dir

CLEAN = {
    "space_kind": "basement", "floor": "b1", "current_use": "dormitory",
    "owner_name": "北京某物业管理有限公司", "use_approved": "yes", "rental_registered": "yes",
    "occupants": 4, "rooms": 2, "living_area_m2": 40.0, "family_only": "no",
    "non_living_rooms": ["none"], "partitioned": "no", "let_by_bed": "no", "beds": 4,
    "bunk_beds": 0, "bed_spacing_m": 1.2,
    "fire_equipment": ["extinguishers", "sprinklers", "alarm", "emergency_light", "exit_signs",
                       "smoke_extraction"],
    "exits": 2, "exits_blocked": "no", "ventilation": "mechanical", "flood_protection": "yes",
    "utilities_ok": "yes", "cooking": "electric", "wiring_unsafe": "no", "action": "none_needed",
    "inspected_on": "2024-09-10",
}


@pytest.fixture(scope="module")
def rental() -> Checklist:
    return load_checklist(forms_dir() / "underground_group_rental.v2.yaml")


def findings(checklist: Checklist, **changes: Any) -> set[str]:
    ev = evaluate(checklist, {**CLEAN, **changes})
    return {f.item_id for f in ev.findings}


def errors(checklist: Checklist, **changes: Any) -> set[str]:
    return set(evaluate(checklist, {**CLEAN, **changes}).errors)


def test_the_clean_answers_are_clean(rental: Checklist) -> None:
    ev = evaluate(rental, CLEAN)
    assert ev.can_complete and ev.findings == () and ev.warnings == {}


# ---- living area per person: fewer than 5 m² is a major finding ---------------------------


@pytest.mark.parametrize(
    ("area", "people", "rooms", "per_person"),
    [(20.0, 4, 2, 5.0), (10.0, 2, 1, 5.0), (15.0, 3, 2, 5.0), (20.04, 4, 2, 5.01)],
)
def test_five_square_metres_per_person_is_enough(
    rental: Checklist, area: float, people: int, rooms: int, per_person: float
) -> None:
    ev = evaluate(rental, {**CLEAN, "living_area_m2": area, "occupants": people,
                           "rooms": rooms, "beds": people})
    assert ev.computed["area_per_person"] == pytest.approx(per_person)
    assert "area_per_person" not in {f.item_id for f in ev.findings}


@pytest.mark.parametrize(("area", "people"), [(19.96, 4), (14.99, 3), (9.0, 2)])
def test_less_than_five_square_metres_per_person_is_a_major_finding(
    rental: Checklist, area: float, people: int
) -> None:
    ev = evaluate(rental, {**CLEAN, "living_area_m2": area, "occupants": people,
                           "rooms": 2, "beds": people})
    assert ev.computed["area_per_person"] < 5
    hit = [f for f in ev.findings if f.item_id == "area_per_person"]
    assert len(hit) == 1 and hit[0].severity == "major"
    assert hit[0].text == Text("人均居住面积低于5平方米",
                               "Less than 5 m² of living area per person")
    assert hit[0].legal_basis is not None


# ---- people per room: more than 2 is a major finding unless all are family -----------------


@pytest.mark.parametrize(("people", "rooms"), [(4, 2), (2, 1), (6, 3), (1, 1)])
def test_two_people_per_room_is_allowed(rental: Checklist, people: int, rooms: int) -> None:
    assert "people_per_room" not in findings(rental, occupants=people, rooms=rooms, beds=people)


@pytest.mark.parametrize(("people", "rooms"), [(5, 2), (3, 1), (201, 100)])
def test_more_than_two_people_per_room_is_a_major_finding(
    rental: Checklist, people: int, rooms: int
) -> None:
    answers = {**CLEAN, "occupants": people, "rooms": rooms, "beds": people,
               "living_area_m2": 5.0 * people}
    ev = evaluate(rental, answers)
    assert ev.computed["people_per_room"] == pytest.approx(people / rooms)
    assert [(f.item_id, f.severity) for f in ev.findings] == [("people_per_room", "major")]
    family = evaluate(rental, {**answers, "family_only": "yes"})
    assert family.findings == ()


# ---- beds ---------------------------------------------------------------------------------


def test_bed_spacing_of_1_1_m_is_enough_less_is_a_minor_finding(rental: Checklist) -> None:
    assert "bed_spacing_m" not in findings(rental, bed_spacing_m=1.1)
    ev = evaluate(rental, {**CLEAN, "bed_spacing_m": 1.09})
    assert [(f.item_id, f.severity) for f in ev.findings] == [("bed_spacing_m", "minor")]


def test_bed_spacing_is_asked_from_two_beds(rental: Checklist) -> None:
    assert "bed_spacing_m" in evaluate(rental, {**CLEAN, "beds": 2}).visible
    one = evaluate(rental, {**CLEAN, "beds": 1, "occupants": 1, "bed_spacing_m": 0.2})
    assert "bed_spacing_m" not in one.visible
    assert "bed_spacing_m" not in {f.item_id for f in one.findings}  # hidden: ignored


def test_bunk_beds_zero_is_clean_one_is_a_finding(rental: Checklist) -> None:
    assert "bunk_beds" not in findings(rental, bunk_beds=0)
    assert "bunk_beds" in findings(rental, bunk_beds=1)


def test_bunk_beds_may_equal_the_beds_but_not_exceed_them(rental: Checklist) -> None:
    assert "bunk_beds" not in errors(rental, bunk_beds=4)
    ev = evaluate(rental, {**CLEAN, "bunk_beds": 5})
    assert ev.errors["bunk_beds"] == (
        Text("上下铺数量不能多于床位总数", "There cannot be more bunk beds than beds"),)
    assert not ev.can_complete


# ---- ranges are inclusive -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "inside", "outside"),
    [
        ("occupants", [1, 300], [0, 301]),
        ("rooms", [1, 100], [0, 101]),
        ("living_area_m2", [3.0, 3000.0], [2.99, 3000.01]),
        ("exits", [0, 20], [-1, 21]),
    ],
)
def test_min_and_max_are_inclusive(
    rental: Checklist, item: str, inside: list[float], outside: list[float]
) -> None:
    for value in inside:
        assert item not in errors(rental, **{item: value}), value
    for value in outside:
        assert item in errors(rental, **{item: value}), value


def test_range_errors_say_which_bound(rental: Checklist) -> None:
    low = evaluate(rental, {**CLEAN, "occupants": 0}).errors["occupants"]
    high = evaluate(rental, {**CLEAN, "occupants": 301}).errors["occupants"]
    assert low == (Text("不应小于 1 人", "Must be at least 1 people"),)
    assert high == (Text("不应大于 300 人", "Must be at most 300 people"),)


def test_date_minimum_is_inclusive(rental: Checklist) -> None:
    assert "inspected_on" not in errors(rental, inspected_on="2017-01-01")
    ev = evaluate(rental, {**CLEAN, "inspected_on": "2016-12-31"})
    assert ev.errors["inspected_on"] == (
        Text("不应早于 2017-01-01", "Must not be before 2017-01-01"),)


# ---- a small checklist for the remaining rule kinds ---------------------------------------

MINI = """\
id: bounds
version: 1
work_item: street_order
title: {zh: 边界, en: Bounds}
legal_basis:
  - {zh: 测试, en: Test}
rectification_days: 7
computed:
  - id: spare
    label: {zh: 余量, en: Spare}
    expr: {sub: [limit, {add: [used, 1]}]}
    violations:
      - when: {lte: 0}
        severity: minor
        finding: {zh: 无余量, en: No spare}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: limit
        type: integer
        label: {zh: 上限, en: Limit}
      - id: used
        type: decimal
        label: {zh: 已用, en: Used}
        unit: {zh: 米, en: m}
        min: 0.5
        max: 9.5
        constraints:
          - check: {lt: {item: limit}}
            message: {zh: 应小于上限, en: Must be below the limit}
          - check: {gte: 1}
            severity: warning
            message: {zh: 通常至少为1, en: Usually at least 1}
      - id: kinds
        type: multi_choice
        label: {zh: 种类, en: Kinds}
        min: 2
        max: 3
        options:
          - {value: a, label: {zh: 甲, en: A}}
          - {value: b, label: {zh: 乙, en: B}}
          - {value: c, label: {zh: 丙, en: C}}
          - {value: d, label: {zh: 丁, en: D}}
      - id: depth
        type: decimal
        label: {zh: 深度, en: Depth}
        unit: {zh: 米, en: m}
        min: 1.0
        max: 2.5
      - id: remark
        type: text
        max_length: 4
        label: {zh: 备注, en: Remark}
      - id: shots
        type: photo
        required: true
        photo_min: 2
        photo_max: 3
        label: {zh: 照片, en: Photos}
      - id: extra_shots
        type: photo
        photo_min: 1
        label: {zh: 补充照片, en: Extra photos}
"""
H = [f"{i:064x}" for i in range(1, 6)]
# The module, not the function the package exports under the same name.
evaluate_module = sys.modules["app.core.checklist.evaluate"]


@pytest.fixture(scope="module")
def mini() -> Checklist:
    return load_checklist_text(MINI, "bounds.v1.yaml")


def test_decimal_range_is_inclusive(mini: Checklist) -> None:
    for used in (0.5, 9.5):
        assert "used" not in evaluate(mini, {"used": used, "limit": 20}).errors
    for used in (0.49, 9.51):
        assert "used" in evaluate(mini, {"used": used, "limit": 20}).errors


def test_constraint_against_another_item_is_strict(mini: Checklist) -> None:
    assert "used" not in evaluate(mini, {"used": 4.9, "limit": 5}).errors
    at = evaluate(mini, {"used": 5.0, "limit": 5})
    assert at.errors["used"] == (Text("应小于上限", "Must be below the limit"),)
    # The other item unanswered: unknown, so no error yet.
    assert "used" not in evaluate(mini, {"used": 5.0}).errors


def test_warning_constraint_at_its_boundary(mini: Checklist) -> None:
    assert "used" not in evaluate(mini, {"used": 1.0, "limit": 5}).warnings
    ev = evaluate(mini, {"used": 0.9, "limit": 5})
    assert ev.warnings["used"] == (Text("通常至少为1", "Usually at least 1"),)
    assert "used" not in ev.errors


def test_computed_value_and_its_violation_at_zero(mini: Checklist) -> None:
    ev = evaluate(mini, {"limit": 5, "used": 3.0})
    assert ev.computed["spare"] == 1.0 and ev.findings == ()
    ev = evaluate(mini, {"limit": 5, "used": 4.0})
    assert ev.computed["spare"] == 0.0
    assert [(f.item_id, f.severity) for f in ev.findings] == [("spare", "minor")]
    assert evaluate(mini, {"limit": 5}).computed["spare"] is None


@pytest.mark.parametrize(("chosen", "ok"), [(["a"], False), (["a", "b"], True),
                                             (["a", "b", "c"], True), (["a", "b", "c", "d"], False),
                                             (["a", "a", "b"], True), (["a", "a"], False)])
def test_multi_choice_count_is_inclusive_and_counts_each_option_once(
    mini: Checklist, chosen: list[str], ok: bool
) -> None:
    assert ("kinds" not in evaluate(mini, {"kinds": chosen}).errors) is ok


def test_multi_choice_messages(mini: Checklist) -> None:
    assert evaluate(mini, {"kinds": ["a"]}).errors["kinds"] == (
        Text("至少选择 2 项", "Choose at least 2"),)
    assert evaluate(mini, {"kinds": ["a", "b", "c", "d"]}).errors["kinds"] == (
        Text("最多选择 3 项", "Choose at most 3"),)


def test_text_length_is_inclusive(mini: Checklist) -> None:
    assert "remark" not in evaluate(mini, {"remark": " 四个字符 "}).errors  # stripped
    assert evaluate(mini, {"remark": "五个字符啊"}).errors["remark"] == (
        Text("不应超过 4 个字", "At most 4 characters"),)


@pytest.mark.parametrize(("count", "problem"), [(1, "min"), (2, None), (3, None), (4, "max")])
def test_photo_slot_minimum_and_maximum(mini: Checklist, count: int, problem: str | None) -> None:
    ev = evaluate(mini, {"shots": H[:count]})
    if problem is None:
        assert "shots" not in ev.errors and "shots" in ev.answered
    elif problem == "min":
        assert ev.errors["shots"] == (Text("至少需要 2 张照片", "At least 2 photos are needed"),)
    else:
        assert ev.errors["shots"] == (Text("最多 3 张照片", "At most 3 photos"),)


def test_duplicate_photo_hashes_count_once(mini: Checklist) -> None:
    ev = evaluate(mini, {"shots": [H[0], H[0]]})
    assert "shots" in ev.errors


def test_optional_photo_slot_below_its_minimum_only_warns(mini: Checklist) -> None:
    ev = evaluate(mini, {"shots": H[:2], "extra_shots": []})
    assert "extra_shots" not in ev.warnings  # empty is unanswered, not too few
    ev = evaluate(mini, {"shots": H[:2], "extra_shots": H[:1]})
    assert "extra_shots" not in ev.warnings and ev.can_complete
    assert ev.missing_required == ()


def test_required_photo_slot_left_empty_is_missing(mini: Checklist) -> None:
    ev = evaluate(mini, {"shots": []})
    assert ev.missing_required == ("shots",) and not ev.can_complete


@pytest.mark.parametrize("bad", [["A" * 64], ["a" * 63], "a" * 64, [1]])
def test_photo_answers_must_be_lowercase_sha256_lists(mini: Checklist, bad: Any) -> None:
    ev = evaluate(mini, {"shots": bad})
    assert ev.errors["shots"] == (Text("照片记录无效", "The photo list is not valid"),)
    assert "shots" not in ev.missing_required


@pytest.mark.parametrize(("value", "ok"), [(10**15, True), (-(10**15), True),
                                           (10**15 + 1, False), (float("inf"), False),
                                           (float("nan"), False), (True, False), (2.0, True),
                                           (2.5, False)])
def test_integer_answers(mini: Checklist, value: Any, ok: bool) -> None:
    ev = evaluate(mini, {"limit": value})
    assert ("limit" not in ev.errors) is ok


# ---- three-valued logic -------------------------------------------------------------------

T = Compare("x", "equals", 1)  # true for {"x": 1}
F = Compare("x", "equals", 2)
U = Compare("missing", "equals", 1)  # unknown
V = {"x": 1, "y": 2.0, "s": "b", "l": ["p", "q"]}


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("gt", 1.0, True), ("gt", 2.0, False),
        ("gte", 2.0, True), ("gte", 2.5, False),
        ("lt", 2.5, True), ("lt", 2.0, False),
        ("lte", 2.0, True), ("lte", 1.5, False),
        ("equals", 2, True), ("equals", 3, False),
        ("in", [1, 2], True), ("in", [3], False),
    ],
)
def test_comparisons_at_equality(op: str, value: Any, expected: bool) -> None:
    assert truth(Compare("y", op, value), V) is expected


def test_includes_and_in_for_lists_and_choices() -> None:
    assert truth(Compare("l", "includes", "q"), V) is True
    assert truth(Compare("l", "includes", "z"), V) is False
    assert truth(Compare("s", "in", ["a", "b"]), V) is True


def test_comparison_with_another_answer() -> None:
    assert truth(Compare("x", "lt", Ref("y")), V) is True
    assert truth(Compare("y", "lt", Ref("x")), V) is False
    assert truth(Compare("x", "lt", Ref("missing")), V) is None
    assert truth(Compare("missing", "lt", Ref("x")), V) is None


def test_unknown_and_incomparable_values() -> None:
    assert truth(U, V) is None
    assert truth(Compare("s", "gt", 1), V) is None  # str vs int: unknown, never a crash
    with pytest.raises(ValueError, match="unknown operator"):
        truth(Compare("x", "near", 1), V)
    with pytest.raises(TypeError) as info:
        truth("x", V)  # type: ignore[arg-type]
    assert str(info.value) == "not a condition: 'x'"


@pytest.mark.parametrize(
    ("parts", "all_of", "any_of"),
    [
        ((T, T), True, True), ((T, F), False, True), ((F, F), False, False),
        ((T, U), None, True), ((F, U), False, None), ((U, U), None, None),
        ((U, F), False, None), ((U, T), None, True), ((), True, False),
    ],
)
def test_all_any_follow_three_valued_logic(parts: tuple[Any, ...], all_of: bool | None,
                                           any_of: bool | None) -> None:
    assert truth(AllOf(parts), V) is all_of
    assert truth(AnyOf(parts), V) is any_of


def test_not_and_answered() -> None:
    assert truth(Not(T), V) is False and truth(Not(F), V) is True and truth(Not(U), V) is None
    assert truth(Answered("x", True), V) is True
    assert truth(Answered("missing", True), V) is False
    assert truth(Answered("missing", False), V) is True
    assert truth(Answered("x", False), V) is False


def test_refs_are_listed() -> None:
    cond = AllOf((Compare("a", "lt", Ref("b")), Not(AnyOf((Answered("c", True), T)))))
    assert list(condition_refs(cond)) == ["a", "b", "c", "x"]
    expr = Arith("div", (Ref("p"), Arith("add", (Ref("q"), 2.0))))
    assert list(expr_refs(expr)) == ["p", "q"]
    assert list(expr_refs(3.0)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (Arith("add", (Ref("x"), Ref("y"), 0.5)), 3.5),
        (Arith("sub", (Ref("y"), Ref("x"), 0.25)), 0.75),
        (Arith("sub", (Ref("y"),)), 2.0),
        (Arith("mul", (Ref("y"), Ref("y"), 3.0)), 12.0),
        (Arith("div", (12.0, Ref("y"), 3.0)), 2.0),
        (Arith("div", (Ref("y"), 0.0)), None),
        (Arith("div", (Ref("y"), Ref("missing"))), None),
        (Arith("mul", (1e300, 1e300)), None),  # not finite: no value rather than inf
        (Ref("x"), 1.0),
        (7, 7.0),
    ],
)
def test_compute(expr: Any, expected: float | None) -> None:
    result = compute(expr, V)
    if expected is None:
        assert result is None
    else:
        assert result == expected and isinstance(result, float)


def test_compute_refuses_an_unknown_operation() -> None:
    with pytest.raises(ValueError, match="unknown arithmetic"):
        compute(Arith("pow", (1.0, 2.0)), V)


def test_sums_are_exact_where_floats_would_drift() -> None:
    tenths = Arith("add", tuple([0.1] * 10))
    assert compute(tenths, V) == 1.0
    assert compute(Arith("sub", (1.0, *[0.1] * 10)), V) == 0.0
    assert math.isclose(compute(Arith("div", (1.0, 3.0)), V) or 0, 1 / 3)


def test_whole_number_bounds_are_shown_without_decimals(mini: Checklist) -> None:
    assert evaluate(mini, {"depth": 0.5}).errors["depth"] == (
        Text("不应小于 1 米", "Must be at least 1 m"),)
    assert evaluate(mini, {"depth": 3}).errors["depth"] == (
        Text("不应大于 2.5 米", "Must be at most 2.5 m"),)


def test_the_json_form_of_an_evaluation(rental: Checklist) -> None:
    ev = evaluate(rental, {**CLEAN, "occupants": 0, "bunk_beds": 1, "bed_spacing_m": None})
    data = ev.to_dict()
    assert data["can_complete"] is False
    assert data["visible"] == list(ev.visible) and "bed_spacing_m" in data["visible"]
    assert data["missing_required"] == []
    assert data["errors"] == {
        "occupants": [{"zh": "不应小于 1 人", "en": "Must be at least 1 people"}]}
    assert data["warnings"] == {}
    assert data["findings"] == [{
        "item_id": "bunk_beds", "severity": "major",
        "text": {"zh": "设置上下铺（双层床）", "en": "Bunk beds are used"},
        "legal_basis": None, "order_basis": None, "rectification_days": None, "ordered": True,
    }]
    assert data["computed"] == dict(ev.computed)
    assert set(data["computed"]) == {"area_per_person", "people_per_room"}
    with_basis = evaluate(rental, {**CLEAN, "occupants": 12, "rooms": 6, "beds": 12}).to_dict()
    assert with_basis["findings"][0]["legal_basis"] == {
        "zh": "《关于公布我市出租房屋人均居住面积标准等有关问题的通知》",
        "en": "Beijing notice on the minimum living area per person in rented housing (2013)"}


# ---- answer checking, item by item ------------------------------------------------------------


def test_integer_answers_are_kept_as_ints(mini: Checklist) -> None:
    value, problems = check_answer(mini.item("limit"), 2.0)
    assert (value, problems) == (2, []) and type(value) is int
    value, problems = check_answer(mini.item("used"), 2)
    assert (value, problems) == (2.0, []) and type(value) is float


def test_too_large_and_not_a_number_say_different_things(mini: Checklist) -> None:
    assert check_answer(mini.item("limit"), 10**15 + 1) == (
        None, [Text("数字过大，请核对", "The number is too large; please check it")])
    assert check_answer(mini.item("used"), -1e16) == (
        None, [Text("数字过大，请核对", "The number is too large; please check it")])
    assert check_answer(mini.item("used"), float("nan")) == (
        None, [Text("应填数字", "Enter a number")])
    assert check_answer(mini.item("limit"), 10**15) == (10**15, [])


def test_an_item_of_an_unknown_type_is_invalid_not_a_crash(mini: Checklist) -> None:
    odd = replace(mini.item("remark"), type="sketch")
    assert check_answer(odd, "x") == (None, [Text("无效的回答", "Invalid answer")])


def test_date_maximum_is_inclusive(mini: Checklist) -> None:
    item = replace(mini.item("remark"), type="date", min="2024-01-01", max="2024-12-31")
    assert check_answer(item, "2024-12-31") == ("2024-12-31", [])
    assert check_answer(item, "2024-01-01") == ("2024-01-01", [])
    assert check_answer(item, "2025-01-01") == (
        "2025-01-01", [Text("不应晚于 2024-12-31", "Must not be after 2024-12-31")])
    assert check_answer(item, "2023-12-31") == (
        "2023-12-31", [Text("不应早于 2024-01-01", "Must not be before 2024-01-01")])
    assert check_answer(item, "2024-02-30") == (
        None, [Text("日期格式应为 YYYY-MM-DD", "Enter a date as YYYY-MM-DD")])


def test_a_credit_code_warning_quotes_the_check(rental: Checklist) -> None:
    ev = evaluate(rental, {**CLEAN, "user_credit_code": "91110000600037341N"})
    (warning,) = ev.warnings["user_credit_code"]
    assert warning.zh.startswith("校验位不符（应为L）")
    assert warning.zh.endswith("；请核对营业执照后重新输入")
    assert warning.en.startswith("check character does not match (expected L)")
    assert warning.en.endswith("; please re-read the licence")
    assert ev.can_complete  # a warning, never a refusal


def test_a_failed_check_without_a_reason_still_warns(
    rental: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Failed:
        ok = False
        problem = None

    monkeypatch.setattr(evaluate_module, "_credit_check", lambda code: Failed())
    ev = evaluate(rental, {**CLEAN, "user_credit_code": "91110000600037341L"})
    assert ev.warnings["user_credit_code"] == (Text(
        "信用代码校验未通过，请核对营业执照后重新输入",
        "The credit code fails its check; please re-read the licence"),)


def test_the_credit_check_is_loaded_on_first_use(
    rental: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate_module, "_credit_check", None)
    assert "user_credit_code" in evaluate(
        rental, {**CLEAN, "user_credit_code": "91110000600037341N"}).warnings
    assert evaluate_module._credit_check is not None
