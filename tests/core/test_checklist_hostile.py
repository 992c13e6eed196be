"""Hostile checklist files: refused with `file:line: what is wrong`, fast, in bounded memory.

Aliases (a 1 kB "billion laughs" grew `forms check` to many GB), runaway nesting, numbers past
Python's digit limit, impossible dates, pipes and devices, absurd counts; and a property: any
mutation of a shipped checklist either loads or raises ChecklistError, never anything else.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.checklist import Checklist, ChecklistError, load_checklist, load_checklist_text
from app.core.checklist.yaml_bounds import MAX_CHECKLIST_BYTES, MAX_DEPTH
from app.paths import forms_dir
from tests.helpers.child_cli import run_cli

SHIPPED = forms_dir() / "street_order.v1.yaml"


def alias_bomb(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    lines.append(f"id: [*a{levels - 1}]")
    return "\n".join(lines) + "\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as info:
        load_checklist_text(text, "bad.yaml")
    return info.value.problems


def test_forms_check_refuses_an_alias_bomb_in_bounded_time_and_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "laughs.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    assert bomb.stat().st_size < 2000
    done = run_cli("forms", "check", str(bomb), timeout=60, memory=1024**3)
    assert done.returncode == 3
    assert f"{bomb}:1:" in done.stdout and "aliases" in done.stdout
    assert len(done.stdout) < 2000  # one line, not the expansion


def test_an_anchor_alone_is_refused_too() -> None:
    [line] = problems_of("id: &x street_order\nversion: 1\n")
    assert line.startswith("bad.yaml:1:") and "& 和 *" in line


def test_runaway_nesting_is_refused_with_its_line() -> None:
    deep = "id: x\nsections:\n" + "".join("  " * i + "- \n" for i in range(MAX_DEPTH + 5))
    [line] = problems_of(deep)
    assert "nested more than" in line and line.startswith("bad.yaml:")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_CHECKLIST_BYTES)
    with pytest.raises(ChecklistError) as info:
        load_checklist(big)
    assert "too large" in info.value.problems[0] and str(big) in info.value.problems[0]


@pytest.mark.parametrize("value, words", [
    ("9" * 5000, "invalid integer"),  # past Python's 4,300-digit limit: a ValueError before
    ("0x" + "f" * 5000, "invalid integer"),  # no digit limit in base 16: a huge int before
    ("2026-02-30", "invalid date"),  # ValueError from the date constructor before
])
def test_values_yaml_cannot_build_are_reported_with_their_line(value: str, words: str) -> None:
    [line] = problems_of(f"id: x\nversion: 1\nrectification_days: {value}\n")
    assert line.startswith("bad.yaml:3:") and words in line


def _shipped_with(**changes: Any) -> str:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_an_absurd_rectification_period_is_refused() -> None:
    # 10**9 days used to load, then overflowed the date of every new inspection's 整改期限.
    lines = problems_of(_shipped_with(rectification_days=10**9))
    assert any("rectification_days" in line and "3650" in line for line in lines)


def test_nan_and_infinite_bounds_are_not_numbers() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    item = next(it for s in data["sections"] for it in s["items"] if it["type"] == "integer")
    item["min"] = float("nan")
    item["max"] = float("inf")
    lines = problems_of(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert any("min must be a whole number" in line for line in lines)
    assert any("max must be a whole number" in line for line in lines)


def test_a_huge_value_is_quoted_short_in_the_problem_line() -> None:
    lines = problems_of(_shipped_with(work_item="x" * 100_000))
    assert all(len(line) < 1500 for line in lines)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_forms_check_of_a_pipe_and_a_device_does_not_wait(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    done = run_cli("forms", "check", str(pipe), "/dev/zero", str(SHIPPED), timeout=60)
    assert done.returncode == 3
    assert f"{pipe}:0:" in done.stdout and "/dev/zero:0:" in done.stdout
    assert f"ok {SHIPPED}" in done.stdout


# ---- property: any mutation loads or is refused with ChecklistError ---------------------------

hostile_scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "x" * 20_000, "2026-02-30", "9999-12-31", "0001-01-01",
                      "\u202e\u0000\ud800"[:2], "today", "yes", "na"])
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


BASE = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
PATHS = [p for p in _paths(BASE) if p]


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _replace(node[head], rest, value)}
    copy = list(node)
    copy[head] = _replace(node[head], rest, value)
    return copy


@settings(max_examples=80, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), hostile_values), min_size=1, max_size=3))
def test_any_mutation_loads_or_is_refused_cleanly(
        changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = BASE
    for path, value in changes:
        try:
            data = _replace(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        checklist = load_checklist_text(text, "mutated.yaml")
    except ChecklistError as exc:
        assert exc.problems and all(p.startswith("mutated.yaml:") for p in exc.problems)
        assert all(len(p) < 5000 for p in exc.problems)
    else:
        assert isinstance(checklist, Checklist)


def test_an_option_without_a_text_value_is_reported_not_a_crash() -> None:
    # Found by the property below: a condition naming the item joined the option values for
    # its message, and a None value raised TypeError.
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["sections"][3]["items"][0]["options"][2]["value"] = None
    lines = problems_of(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert any("option value None" in line for line in lines)


def test_an_item_type_that_is_a_list_is_reported_not_a_crash() -> None:
    # Found by the property below after the item-type registry came in: `type: []` was looked
    # up in a dict (TypeError: unhashable type).
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["type"] = []
    lines = problems_of(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert any("unknown item type []" in line for line in lines)


def test_a_computed_section_that_is_a_list_is_reported_not_a_crash() -> None:
    # Found by bench/fuzz_readers.py: `section: [a]` of a computed value was looked up in a set
    # of section ids (TypeError: unhashable type).
    source = forms_dir() / "underground_group_rental.v1.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["computed"][0]["section"] = ["occupancy"]
    lines = problems_of(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert any("unknown section ['occupancy']" in line for line in lines)
