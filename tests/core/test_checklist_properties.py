"""Properties of evaluation and sample answers, over the shipped and the all-types checklists."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.checklist import (
    Checklist,
    evaluate,
    load_checklist_text,
    load_checklists,
    sample_answers,
)
from app.paths import forms_dir
from tests.helpers.checklists import ALL_TYPES_YAML

PHOTOS = ("1" * 64, "2" * 64, "3" * 64, "4" * 64)

CHECKLISTS: list[Checklist] = [
    *load_checklists(forms_dir()),
    load_checklist_text(ALL_TYPES_YAML, "all_types.yaml"),
]
IDS = [c.id for c in CHECKLISTS]

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["yes", "no", "na", "2024-02-29", "a" * 64, ""])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def answer_dicts(checklist: Checklist) -> st.SearchStrategy[dict[str, Any]]:
    ids = [i.id for i in checklist.items()]
    # Real option values are likelier to open conditional items than random text is.
    options = [v for i in checklist.items() for v in i.option_values()]
    value = (
        json_values
        | st.sampled_from(options or ["x"])
        | st.lists(st.sampled_from(options or ["x"]), max_size=3)
    )
    return st.dictionaries(st.sampled_from(ids) | st.text(max_size=6), value, max_size=len(ids))


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
@PROPERTY
@given(data=st.data())
def test_evaluate_never_raises_and_is_deterministic(
    checklist: Checklist, data: st.DataObject
) -> None:
    answers = data.draw(answer_dicts(checklist))
    first = evaluate(checklist, answers)
    second = evaluate(checklist, dict(reversed(list(answers.items()))))
    assert first == second
    assert set(first.missing_required) <= set(first.visible)
    assert set(first.errors) <= set(first.visible)
    assert first.can_complete == (not first.missing_required and not first.errors)


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), clean=st.none() | st.booleans())
def test_complete_sample_answers_can_complete(
    checklist: Checklist, seed: int, clean: bool | None
) -> None:
    answers = sample_answers(
        checklist, random.Random(seed), complete=True, photos=PHOTOS, clean=clean
    )
    ev = evaluate(checklist, answers)
    assert ev.errors == {}, (answers, ev.errors)
    assert ev.can_complete, (answers, ev.missing_required)
    # Only shown items are answered.
    assert set(answers) <= set(ev.visible)


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
@PROPERTY
@given(seed=st.integers(0, 2**32 - 1))
def test_incomplete_sample_answers_are_still_valid(checklist: Checklist, seed: int) -> None:
    answers = sample_answers(checklist, random.Random(seed), complete=False, photos=PHOTOS)
    assert evaluate(checklist, answers).errors == {}


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_answers_to_hidden_items_change_nothing(
    checklist: Checklist, seed: int, data: st.DataObject
) -> None:
    answers = sample_answers(checklist, random.Random(seed), complete=bool(seed % 2), photos=PHOTOS)
    before = evaluate(checklist, answers)
    hidden = [i.id for i in checklist.items() if i.id not in before.visible]
    if not hidden:
        return
    extra = data.draw(st.dictionaries(st.sampled_from(hidden), json_values, min_size=1))
    after = evaluate(checklist, {**answers, **extra})
    assert after.findings == before.findings
    assert after.visible == before.visible
    assert after.errors == before.errors and after.warnings == before.warnings
    assert after.computed == before.computed


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
def test_sample_answers_are_reproducible_and_varied(checklist: Checklist) -> None:
    assert sample_answers(checklist, random.Random(7)) == sample_answers(
        checklist, random.Random(7)
    )
    rng = random.Random(11)
    evaluations = [evaluate(checklist, sample_answers(checklist, rng)) for _ in range(40)]
    with_findings = sum(1 for ev in evaluations if ev.findings)
    # Demo data needs both clean sites and sites with problems.
    assert 5 <= with_findings <= 35, with_findings
    assert sample_answers(checklist, rng, clean=True) != {}


def test_clean_and_problem_sites_on_request() -> None:
    for checklist in CHECKLISTS:
        rng = random.Random(3)
        for _ in range(10):
            ev = evaluate(checklist, sample_answers(checklist, rng, photos=PHOTOS, clean=False))
            assert ev.findings, checklist.id
            ev = evaluate(checklist, sample_answers(checklist, rng, photos=PHOTOS, clean=True))
            assert not ev.findings, (checklist.id, ev.findings)


def test_without_photos_photo_slots_are_empty_lists() -> None:
    checklist = CHECKLISTS[0]
    answers = sample_answers(checklist, random.Random(1))
    photo_items = [i.id for i in checklist.items() if i.type == "photo" and i.id in answers]
    assert photo_items and all(answers[i] == [] for i in photo_items)
