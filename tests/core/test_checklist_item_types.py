"""Item types as classes (issue 8.4): a new type is one class, and every part of the engine —
loading, checking, sampling, printing — takes it from the registry."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from app.core.checklist import evaluate, load_checklist_text, sample_answers
from app.core.checklist.item_types import (
    ITEM_TYPES,
    REGISTRY,
    ItemType,
    check_answer,
    item_type,
    printed_answer,
    register,
)
from app.core.checklist.model import Item
from app.core.text import Text

YAML = """
id: plates
version: 1
work_item: street_order
title: {zh: 车牌, en: Plates}
rectification_days: 7
legal_basis:
  - {zh: 测试依据, en: Test basis}
sections:
  - id: s
    title: {zh: 车辆, en: Vehicles}
    items:
      - id: plate
        type: plate_number
        required: true
        label: {zh: 车牌号, en: Plate}
"""


@pytest.fixture
def plate_type() -> Any:
    @register
    class PlateNumber(ItemType):
        name = "plate_number"
        wrong = Text("车牌号格式不对", "Not a plate number")

        def check(self, item: Item, raw: Any) -> tuple[Any, list[Text]]:
            if isinstance(raw, str) and raw.startswith("京") and len(raw) == 7:
                return raw, []
            return None, [self.wrong]

        def sample(self, item: Item, rng: random.Random,
                   span: tuple[dt.date, dt.date]) -> Any:
            return "京A" + "".join(rng.choice("0123456789") for _ in range(5))

        def printed(self, item: Item, value: Any) -> str:
            return f"【{value}】"

    yield REGISTRY["plate_number"]
    del REGISTRY["plate_number"]


def test_the_registry_holds_the_documented_types_in_order() -> None:
    assert ITEM_TYPES == ("yes_no_na", "choice", "multi_choice", "integer", "decimal", "text",
                          "date", "photo", "credit_code")
    assert all(item_type(name).name == name for name in ITEM_TYPES)


def test_a_new_type_is_one_class(plate_type: Any) -> None:
    checklist = load_checklist_text(YAML, "plates.v1.yaml")
    item = checklist.item("plate")
    assert check_answer(item, "京A12345") == ("京A12345", [])
    assert check_answer(item, "沪A12345")[1] == [plate_type.wrong]
    assert evaluate(checklist, {"plate": "京A12345"}).can_complete
    assert not evaluate(checklist, {"plate": "ABC"}).can_complete
    answers = sample_answers(checklist, random.Random(3))
    assert answers["plate"].startswith("京A") and len(answers["plate"]) == 7
    assert printed_answer(item, "京A12345") == "【京A12345】"


@pytest.mark.parametrize(("kind", "good", "bad"), [
    ("yes_no_na", "yes", "maybe"),
    ("integer", 3, 2.5),
    ("decimal", 2.5, "2.5"),
    ("date", "2026-02-28", "2026-02-30"),
    ("photo", ["a" * 64], ["not-a-hash"]),
    ("credit_code", "91110000600037341L", 91110000),
])
def test_each_type_checks_its_answers(kind: str, good: Any, bad: Any) -> None:
    item = Item(id="x", type=kind, label=Text("x", "x"))
    value, errors = check_answer(item, good)
    assert errors == [] and value is not None
    value, errors = check_answer(item, bad)
    assert value is None and errors == [item_type(kind).wrong]


def _item(kind: str, **kw: Any) -> Item:
    from app.core.checklist.model import Option

    options = tuple(Option(v, Text(z, v)) for v, z in kw.pop("options", ()))
    return Item(id="x", type=kind, label=Text("x", "x"), options=options, **kw)


def test_answers_print_as_a_document_shows_them() -> None:
    from app.core.checklist.item_types import NOT_ANSWERED

    yes = _item("yes_no_na")
    assert [printed_answer(yes, v) for v in ("yes", "no", "na")] == ["是", "否", "不适用"]
    choice = _item("choice", options=[("shop", "临街门店"), ("stall", "固定摊点")])
    assert printed_answer(choice, "stall") == "固定摊点"
    assert printed_answer(choice, "gone") == "gone"  # an old value prints as stored
    many = _item("multi_choice", options=[("a", "甲"), ("b", "乙")])
    assert printed_answer(many, ["a", "b"]) == "甲、乙"
    assert printed_answer(many, "b") == "乙"
    area = _item("decimal", unit=Text("平方米", "m²"))
    assert printed_answer(area, 12.5) == "12.5 平方米" and printed_answer(area, 3.0) == "3 平方米"
    assert printed_answer(_item("integer"), 7) == "7"
    assert printed_answer(_item("photo"), ["a" * 64, "b" * 64]) == "照片 2 张（见现场照片）"
    assert printed_answer(_item("text"), "已整改") == "已整改"
    for blank in (None, "", []):
        assert printed_answer(yes, blank) == NOT_ANSWERED


@pytest.mark.parametrize("seed", range(40))
def test_samples_stay_inside_the_items_rules(seed: int) -> None:
    rng = random.Random(seed)
    span = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    count = _item("integer", min=2, max=6)
    assert 2 <= item_type("integer").sample(count, rng, span) <= 6
    assert item_type("integer").sample(_item("integer", min=3, max=3), rng, span) == 3
    size = _item("decimal", min=0.5, max=4.0, unit=Text("米", "m"))
    value = item_type("decimal").sample(size, rng, span)
    assert 0.5 <= value <= 4.0 and round(value, 1) == value
    open_number = item_type("decimal").sample(_item("decimal", unit=Text("米", "m")), rng, span)
    assert 0.0 <= open_number <= 100.0
    many = _item("multi_choice", options=[("a", "甲"), ("b", "乙"), ("c", "丙")], min=2, max=2)
    chosen = item_type("multi_choice").sample(many, rng, span)
    assert len(chosen) == 2 and chosen == sorted(chosen)
    day = dt.date.fromisoformat(item_type("date").sample(_item("date"), rng, span))
    assert span[0] <= day <= span[1]
    no_na = _item("yes_no_na", allow_na=False)
    assert item_type("yes_no_na").sample(no_na, rng, span) in ("yes", "no")
    text = item_type("text").sample(_item("text", samples=("一二三四五",), max_length=3), rng,
                                    span)
    assert text == "一二三"
    assert item_type("photo").sample(_item("photo"), rng, span) == []
    code = item_type("credit_code").sample(_item("credit_code"), rng, span)
    from app.core.creditcode import check_credit_code

    assert check_credit_code(code).ok and code[2:4] == "11"


def test_small_numbers_are_drawn_more_often() -> None:
    rng = random.Random(1)
    item = _item("integer", min=0, max=100)
    draws = [item_type("integer").sample(item, rng, (dt.date.today(),) * 2) for _ in range(400)]
    assert sum(d < 30 for d in draws) > sum(d >= 70 for d in draws) * 2


def test_answer_values_of_each_kind() -> None:
    assert item_type("yes_no_na").answer_values({}) == ("yes", "no", "na")
    assert item_type("yes_no_na").answer_values({"allow_na": False}) == ("yes", "no")
    assert item_type("choice").answer_values(
        {"options": [{"value": "a"}, {"value": 3}, "x", {"value": "b"}]}) == ("a", "b")
    assert item_type("choice").answer_values({"options": "a"}) is None
    assert item_type("integer").answer_values({"options": [{"value": "a"}]}) is None
