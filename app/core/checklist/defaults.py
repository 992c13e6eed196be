"""Answers a checklist fills in by itself when an inspection starts: date items' `default:`.

A default is written as an ordinary answer at the start (not worked out again on display), so
the command line, the window, reports and sync bundles all see the same date, and the
inspector changes it like any other answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.core.checklist.evaluate import check_answer, evaluate
from app.core.checklist.model import Checklist


def default_answers(
    checklist: Checklist, on: dt.date, answers: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The defaults of an inspection started on `on` (its Beijing date) that `answers` leaves open.

    Only items shown once the answers and defaults are in get one, and never a default that the
    item would refuse (outside its min/max) or that breaks one of its constraints: a default
    must not put an error on a fresh form. An answer given for the item always wins.
    """
    given = dict(answers or {})
    candidates: dict[str, str] = {}
    for item in checklist.items():
        if item.default_days is None or not _open(given.get(item.id)):
            continue
        value = (on + dt.timedelta(days=item.default_days)).isoformat()
        if not check_answer(item, value)[1]:
            candidates[item.id] = value
    # Dropping a default can hide or break another that depended on it: repeat until stable.
    while candidates:
        ev = evaluate(checklist, {**given, **candidates})
        shown = set(ev.visible)
        kept = {k: v for k, v in candidates.items() if k in shown and k not in ev.errors}
        if kept == candidates:
            break
        candidates = kept
    return candidates


def _open(value: Any) -> bool:
    """No answer yet (absent, null or blank text): a default may fill it."""
    return value is None or (isinstance(value, str) and not value.strip())
