"""Random but valid answers for a checklist: demo data and property tests.

Sites come out in realistic variety: some clean, some with one or two problems, some with many.
Photo slots get the hashes passed in `photos` (the demo attaches real photos later) or an empty
list; a *required* photo slot therefore stays missing unless photos are given (see forms/README.md).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from app.core.checklist.evaluate import check_answer, evaluate
from app.core.checklist.logic import compute, truth
from app.core.checklist.model import Checklist, Item

_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_DISTRICTS = ("110101", "110102", "110105", "110106", "110107", "110108", "110112", "110114")
_GENERIC_TEXT = (
    "已现场告知负责人",
    "负责人不在场，已留联系方式",
    "无",
    "详见照片",
    "已责令当场整改",
)
_DEFAULT_FIRST_DATE = dt.date(2023, 1, 1)
_DEFAULT_LAST_DATE = dt.date(2025, 12, 31)


def sample_answers(
    checklist: Checklist,
    rng: random.Random,
    complete: bool = True,
    photos: Sequence[str] = (),
    clean: bool | None = None,
) -> dict[str, Any]:
    """Random valid answers; complete=False leaves some required ones out.

    `clean` asks for a site without findings (True), with findings likely (False), or either
    (None: about two sites in five come out clean). Answers follow show_if: hidden items are
    not answered.
    """
    if clean is None:
        clean = rng.random() < 0.4
    # A problem site has a few problems, not every possible one.
    rate = 0.0 if clean else rng.choice((0.2, 0.35, 0.5))
    best: dict[str, Any] = {}
    best_score: tuple[int, int] | None = None
    for _ in range(12):
        answers = _draw(checklist, rng, complete, rate, photos)
        answers = _repair(checklist, rng, answers, complete, photos)
        ev = evaluate(checklist, answers)
        bad = len(ev.errors) + (len(ev.missing_required) if complete else 0)
        # A clean site has no findings; a problem site has at least one.
        score = (bad, len(ev.findings) if clean else int(not ev.findings))
        if best_score is None or score < best_score:
            best, best_score = answers, score
        if score == (0, 0):
            break
    return best


def _draw(
    checklist: Checklist, rng: random.Random, complete: bool, rate: float, photos: Sequence[str]
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    values: dict[str, Any] = {}
    computed = {c.id: c for c in checklist.computed}
    for node in checklist._order:
        if node in computed:
            values[node] = compute(computed[node].expr, values)
            continue
        item = checklist.item(node)
        gate = checklist._gates.get(node)
        if gate is not None and truth(gate, values) is not True:
            values[node] = None
            continue
        if item.type == "photo":
            answers[node] = _photos(item, rng, photos)
            values[node] = check_answer(item, answers[node])[0]
            continue
        # Optional items are often skipped; required ones only in an unfinished inspection.
        answer_it = (complete or rng.random() < 0.7) if item.required else rng.random() < 0.75
        if not answer_it:
            values[node] = None
            continue
        answers[node] = _pick(checklist, item, rng, values, rng.random() < rate)
        values[node] = check_answer(item, answers[node])[0]
    return answers


def _pick(
    checklist: Checklist,
    item: Item,
    rng: random.Random,
    values: dict[str, Any],
    want_violation: bool,
) -> Any:
    """A value that meets the item's error constraints, violating or not as asked if it can."""
    fallback: Any = None
    for _ in range(12):
        candidate = _random_value(item, rng)
        value, problems = check_answer(item, candidate)
        if problems:
            continue
        trial = {**values, item.id: value}
        if any(c.severity == "error" and truth(c.check, trial) is False for c in item.constraints):
            continue
        fires = any(truth(v.when, trial) is True for v in item.violations)
        # The last operand of a computed value decides whether it fires (area per person).
        for c in checklist.computed:
            if c.id not in values or values[c.id] is None:
                trial[c.id] = compute(c.expr, trial)
                if trial[c.id] is not None:
                    fires = fires or any(truth(v.when, trial) is True for v in c.violations)
        if fires == want_violation:
            return candidate
        if fallback is None:
            fallback = candidate
    return fallback if fallback is not None else _random_value(item, rng)


def _repair(
    checklist: Checklist,
    rng: random.Random,
    answers: dict[str, Any],
    complete: bool,
    photos: Sequence[str],
) -> dict[str, Any]:
    """Redraw answers failing constraints on later items; fill newly shown required items."""
    for _ in range(8):
        ev = evaluate(checklist, answers)
        todo = set(ev.errors) | (set(ev.missing_required) if complete else set())
        todo = {i for i in todo if checklist.item(i).type != "photo" or photos}
        if not todo:
            break
        values = _values(checklist, answers)
        for iid in todo:
            item = checklist.item(iid)
            answers[iid] = (
                _photos(item, rng, photos)
                if item.type == "photo"
                else _pick(checklist, item, rng, values, False)
            )
    return answers


def _values(checklist: Checklist, answers: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in checklist.items():
        values[item.id] = check_answer(item, answers.get(item.id))[0]
    for node in checklist._order:
        if node not in checklist._items:
            values[node] = compute(checklist.computed_value(node).expr, values)
    return values


def _photos(item: Item, rng: random.Random, photos: Sequence[str]) -> list[str]:
    if not photos:
        return []
    hi = min(len(photos), item.photo_max if item.photo_max is not None else 3)
    lo = min(max(1, item.photo_min), hi)
    return rng.sample(list(photos), rng.randint(lo, hi))


def _random_value(item: Item, rng: random.Random) -> Any:
    kind = item.type
    if kind == "yes_no_na":
        # Inspectors rarely mark "not applicable" on a question that is shown.
        return rng.choices(item.option_values(), weights=(10, 10, 1)[: len(item.option_values())])[
            0
        ]
    if kind == "choice":
        return rng.choice(item.option_values())
    if kind == "multi_choice":
        values = list(item.option_values())
        lo = max(1, item.min or 1)
        hi = min(len(values), item.max if item.max is not None else len(values))
        return sorted(rng.sample(values, rng.randint(lo, max(lo, hi))), key=values.index)
    if kind == "integer":
        lo = int(item.min) if item.min is not None else 0
        hi = int(item.max) if item.max is not None else lo + 50
        # Small numbers are more common than large ones (people, rooms, openings).
        return lo + int((hi - lo + 1) * rng.random() ** 2.5) if hi > lo else lo
    if kind == "decimal":
        lo = float(item.min) if item.min is not None else 0.0
        hi = float(item.max) if item.max is not None else lo + 100.0
        return min(hi, max(lo, round(lo + (hi - lo) * rng.random() ** 2.5, 1)))
    if kind == "text":
        pool = item.samples or _GENERIC_TEXT
        text = rng.choice(pool)
        return text[: item.max_length] if item.max_length else text
    if kind == "date":
        first = dt.date.fromisoformat(item.min) if item.min else _DEFAULT_FIRST_DATE
        last = dt.date.fromisoformat(item.max) if item.max else max(first, _DEFAULT_LAST_DATE)
        return (first + dt.timedelta(days=rng.randint(0, (last - first).days))).isoformat()
    if kind == "credit_code":
        return sample_credit_code(rng)
    if kind == "photo":
        return []
    raise ValueError(f"unknown item type {kind!r}")


def sample_credit_code(rng: random.Random) -> str:
    """A plausible Beijing business credit code that passes the GB 32100 check."""
    from app.core.creditcode import check_credit_code

    first17 = (
        rng.choice("9999995")  # mostly market-regulation registrations
        + rng.choice("1112")
        + rng.choice(_DISTRICTS)
        + "".join(rng.choice(_CREDIT_ALPHABET) for _ in range(9))
    )
    # The check character is found by asking the shared checker, not by a second copy of it.
    for ch in _CREDIT_ALPHABET:
        if check_credit_code(first17 + ch).ok:
            return first17 + ch
    raise AssertionError("no check character passes: the credit-code module disagrees with itself")
