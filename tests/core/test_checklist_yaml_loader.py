"""The checklist YAML loader uses libyaml where PyYAML has it, and says the same as the pure one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import app.core.checklist.load as load_module
from app.core.checklist import ChecklistError, load_checklist_text
from app.core.checklist.read_base import YamlLoader, construct_map
from app.paths import forms_dir


class PureYamlLoader(yaml.SafeLoader):
    """The same loader on PyYAML's pure-Python parser, to compare against."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []


PureYamlLoader.add_constructor("tag:yaml.org,2002:map", construct_map)

BROKEN = """\
id: mini
version: 1
version: 2
work_item: underground_group_rental
title: {zh: 小表, en: Mini}
legal_basis: [{zh: 令, en: Order}]
rectification_days: 15
sections:
  - id: main
    title: {zh: 主要, en: Main}
    items:
      - id: area
        type: decimal
        maxx: 3
        label: {zh: 面积, en: Area}
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as caught:
        load_checklist_text(text, "bad.yaml")
    return caught.value.problems


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    assert issubclass(YamlLoader, yaml.CSafeLoader)


def test_problems_name_the_exact_lines() -> None:
    problems = _problems(BROKEN)
    assert any(p.startswith("bad.yaml:3: ") and "'version'" in p for p in problems), problems
    unknown = [p for p in problems if "'maxx'" in p]
    assert len(unknown) == 1 and unknown[0].startswith("bad.yaml:area: ")
    assert unknown[0].endswith("[第 12 行 line 12]"), unknown  # the item's mapping starts there


def test_same_problems_as_the_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    unclosed = BROKEN.replace("rectification_days: 15", "rectification_days: [15")
    fast, fast_syntax = _problems(BROKEN), _problems(unclosed)
    monkeypatch.setattr(load_module, "YamlLoader", PureYamlLoader)
    assert _problems(BROKEN) == fast
    pure_syntax = _problems(unclosed)
    assert len(fast_syntax) == len(pure_syntax) == 1
    # Both parsers notice the unclosed bracket at its line (7) or a little after.
    for problem in (fast_syntax[0], pure_syntax[0]):
        assert 7 <= int(problem.split(":")[1]) <= 9 and "YAML" in problem, problem


@pytest.mark.parametrize("path", sorted(forms_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_forms_load_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    fast = load_checklist_text(text, path.name)
    monkeypatch.setattr(load_module, "YamlLoader", PureYamlLoader)
    assert load_checklist_text(text, path.name) == fast
