"""Item types as classes (issue 8.4): a new type is one class, and every part of the engine —
loading, checking, sampling, printing — takes it from the registry."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from app.core.checklist import evaluate, load_checklist_text, sample_answers
from app.core.checklist.item_types import (
    REGISTRY,
    ItemType,
    check_answer,
    item_type,
    printed_answer,
    register,
)
from app.core.checklist.model import ITEM_TYPES, Item
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
