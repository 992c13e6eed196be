"""Random but valid answers for a checklist: demo data and property tests.

Sites come out in realistic variety: some clean, some with one or two problems, some with many.
Photo slots get the hashes passed in `photos` (the demo attaches real photos later) or an empty
list; a *required* photo slot therefore stays missing unless photos are given (see forms/README.md).
Dates fit the day of the inspection: a date item's `default:` counted from it, a deadline in
the weeks after it, anything else in the years before it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from app.core.checklist.evaluate import evaluate
from app.core.checklist.item_types import check_answer, item_type
from app.core.checklist.logic import compute, truth
from app.core.checklist.model import (
    AllOf,
    AnyOf,
    Checklist,
    Compare,
    Condition,
    Item,
    Not,
    Ref,
)

# Without a day given, the inspection's day is drawn from these years.
_FIRST_DAY = dt.date(2023, 1, 1)
_LAST_DAY = dt.date(2025, 12, 31)
# Dates around the inspection: what happened before it (an opening made) lies within these
# years before; what must come after another date (a deadline) within these days after.
_PAST_DAYS = 3 * 365
_LATER_DAYS = 60


def sample_answers(
    checklist: Checklist,
    rng: random.Random,
    complete: bool = True,
    photos: Sequence[str] = (),
    clean: bool | None = None,
    on: dt.date | None = None,
    given: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Random valid answers; complete=False leaves some required ones out.

    `clean` asks for a site without findings (True), with findings likely (False), or either
    (None: about two sites in five come out clean). Answers follow show_if: hidden items are
    not answered. `on` is the inspection's (Beijing) start date: date items with a `default:`
    take it as starting the inspection would, other dates fall around it; None draws a day.
    `given` answers are taken as they are wherever their item is shown (what the caller knows
    about the site, e.g. plausible sizes); only one failing a constraint is drawn again.
    """
    given = dict(given or {})
    if clean is None:
        clean = rng.random() < 0.4
    if on is None:
        on = _FIRST_DAY + dt.timedelta(days=rng.randint(0, (_LAST_DAY - _FIRST_DAY).days))
    # A problem site has a few problems, not every possible one.
    rate = 0.0 if clean else rng.choice((0.2, 0.35, 0.5))
    best: dict[str, Any] = {}
    best_score: tuple[int, int] | None = None
    for _ in range(12):
        answers = _draw(checklist, rng, complete, rate, photos, on, given)
        answers = _repair(checklist, rng, answers, complete, photos, on, given)
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
    checklist: Checklist,
    rng: random.Random,
    complete: bool,
    rate: float,
    photos: Sequence[str],
    on: dt.date,
    given: Mapping[str, Any],
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
        if node in given:
            answers[node] = given[node]
            values[node] = check_answer(item, answers[node])[0]
            continue
        if item.type == "photo":
            answers[node] = _photos(item, rng, photos)
            values[node] = check_answer(item, answers[node])[0]
            continue
        # Optional items are often skipped; required ones only in an unfinished inspection.
        # A default is filled in when the inspection starts, so drafts have it too.
        answer_it = (complete or rng.random() < 0.7) if item.required else rng.random() < 0.75
        if not answer_it and item.default_days is None:
            values[node] = None
            continue
        answers[node] = _pick(checklist, item, rng, values, rng.random() < rate, on)
        values[node] = check_answer(item, answers[node])[0]
    return answers


def _pick(
    checklist: Checklist,
    item: Item,
    rng: random.Random,
    values: dict[str, Any],
    want_violation: bool,
    on: dt.date,
) -> Any:
    """A value that meets the item's error constraints, violating or not as asked if it can.

    A date item's default is kept when the item accepts it, as an inspector keeps it.
    """
    if item.default_days is not None:
        candidate = (on + dt.timedelta(days=item.default_days)).isoformat()
        if _acceptable(item, candidate, values):
            return candidate
    fallback: Any = None
    for _ in range(12):
        candidate = _random_value(item, rng, on)
        if not _acceptable(item, candidate, values):
            continue
        trial = {**values, item.id: check_answer(item, candidate)[0]}
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
    return fallback if fallback is not None else _random_value(item, rng, on)


def _acceptable(item: Item, candidate: Any, values: dict[str, Any]) -> bool:
    """The item takes the value and none of its error constraints fails with it."""
    value, problems = check_answer(item, candidate)
    if problems:
        return False
    trial = {**values, item.id: value}
    return not any(
        c.severity == "error" and truth(c.check, trial) is False for c in item.constraints
    )


def _repair(
    checklist: Checklist,
    rng: random.Random,
    answers: dict[str, Any],
    complete: bool,
    photos: Sequence[str],
    on: dt.date,
    given: Mapping[str, Any],
) -> dict[str, Any]:
    """Redraw answers failing constraints on later items; fill newly shown required items."""
    for _ in range(8):
        ev = evaluate(checklist, answers)
        todo = set(ev.errors) | (set(ev.missing_required) if complete else set())
        todo = {i for i in todo if checklist.item(i).type != "photo" or photos}
        # A given answer newly shown is filled in as given; one that fails is drawn again.
        for iid in [i for i in todo if i in given and i not in ev.errors]:
            answers[iid] = given[iid]
            todo.discard(iid)
        if not todo:
            break
        values = _values(checklist, answers)
        for iid in todo:
            item = checklist.item(iid)
            answers[iid] = (
                _photos(item, rng, photos)
                if item.type == "photo"
                else _pick(checklist, item, rng, values, False, on)
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


def _random_value(item: Item, rng: random.Random, on: dt.date) -> Any:
    span = _date_range(item, on) if item.type == "date" else (on, on)
    return item_type(item.type).sample(item, rng, span)


def _date_range(item: Item, on: dt.date) -> tuple[dt.date, dt.date]:
    """Where a date answer may fall for an inspection on `on`, within the item's min/max."""
    if _must_follow(item):
        first, last = on, on + dt.timedelta(days=_LATER_DAYS)
    else:
        first, last = on - dt.timedelta(days=_PAST_DAYS), on
    lo = dt.date.fromisoformat(item.min) if item.min else None
    hi = dt.date.fromisoformat(item.max) if item.max else None
    first, last = max(first, lo or first), min(last, hi or last)
    if first > last:  # the item's range lies wholly before or after the window: use the range
        first = lo or (last - dt.timedelta(days=_PAST_DAYS))
        last = hi or (first + dt.timedelta(days=_PAST_DAYS))
    return first, last


def _must_follow(item: Item) -> bool:
    """Whether a constraint puts this date on or after another date (a deadline)."""

    def follows(c: Condition) -> bool:
        if isinstance(c, AllOf | AnyOf):
            return any(follows(p) for p in c.parts)
        if not isinstance(c, Compare):
            return False
        if c.ref == item.id and c.op in ("gt", "gte") and isinstance(c.value, Ref):
            return True
        return c.value == Ref(item.id) and c.op in ("lt", "lte")

    return any(follows(c.check) for c in item.constraints)


def move_dates(
    checklist: Checklist, answers: Mapping[str, Any], days: int
) -> dict[str, Any] | None:
    """The answers with every date moved by `days`: answers drawn once, reused on another day.

    Dates keep their order, so conditions between two dates hold as before; None when moving
    could change what the answers mean (a date would leave its item's min/max, or the
    checklist compares a date with a fixed date): draw answers for that day instead.
    """
    moved = dict(answers)
    if days == 0:
        return moved
    if _compares_fixed_dates(checklist):
        return None
    for item_id, value in answers.items():
        item = checklist._items.get(item_id)
        if item is None or item.type != "date" or value is None:
            continue
        try:
            day = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
        moved[item_id] = (day + dt.timedelta(days=days)).isoformat()
        if check_answer(item, moved[item_id])[1]:
            return None
    return moved


# Per checklist text (source_sha256): whether a condition compares a date with a fixed date.
_FIXED_DATES: dict[str, bool] = {}


def _compares_fixed_dates(checklist: Checklist) -> bool:
    known = _FIXED_DATES.get(checklist.source_sha256) if checklist.source_sha256 else None
    if known is not None:
        return known
    dates = {i.id for i in checklist.items() if i.type == "date"}
    found = any(
        c.ref in dates and not isinstance(c.value, Ref)
        for cond in _conditions(checklist)
        for c in _comparisons(cond)
    )
    if checklist.source_sha256:
        _FIXED_DATES[checklist.source_sha256] = found
    return found


def _conditions(checklist: Checklist) -> Iterator[Condition]:
    """Every condition in a checklist: show_if, constraint checks, violations."""
    for section in checklist.sections:
        if section.show_if is not None:
            yield section.show_if
        for item in section.items:
            if item.show_if is not None:
                yield item.show_if
            yield from (c.check for c in item.constraints)
            yield from (v.when for v in item.violations)
    for computed in checklist.computed:
        yield from (v.when for v in computed.violations)


def _comparisons(cond: Condition) -> Iterator[Compare]:
    if isinstance(cond, Compare):
        yield cond
    elif isinstance(cond, AllOf | AnyOf):
        for part in cond.parts:
            yield from _comparisons(part)
    elif isinstance(cond, Not):
        yield from _comparisons(cond.part)
