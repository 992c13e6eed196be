"""The YAML side of checklist loading: line-aware parsing, the allowed keys, problem collection
and readers for small values (ids, bilingual text, numbers, dates)."""

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from app.core.checklist.item_types import REGISTRY
from app.core.text import Text

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
OPTION_VALUE_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
VERSIONED_NAME = re.compile(r"^(?P<id>.+)\.v(?P<version>\d+)\.ya?ml$")

TOP_KEYS = frozenset(
    {
        "id",
        "version",
        "work_item",
        "title",
        "legal_basis",
        "rectification_days",
        "sections",
        "computed",
        "order_basis",
    }
)
SECTION_KEYS = frozenset({"id", "title", "items", "show_if"})
ITEM_COMMON_KEYS = frozenset(
    {"id", "type", "label", "help", "required", "show_if", "constraints", "violations"}
)
# Keys that only make sense for some item types: each type says (item_types), asked at load
# time, so a type registered later is known as well as the shipped ones.
def all_item_keys() -> frozenset[str]:
    """Every key any item type knows."""
    return ITEM_COMMON_KEYS.union(*(t.keys for t in REGISTRY.values()))


OPTION_KEYS = frozenset({"value", "label"})
CONSTRAINT_KEYS = frozenset({"check", "message", "severity"})
VIOLATION_KEYS = frozenset(
    {"when", "severity", "finding", "legal_basis", "order_basis", "rectification_days", "ordered"}
)
COMPUTED_KEYS = frozenset({"id", "label", "unit", "expr", "section", "violations"})
TEXT_KEYS = frozenset({"zh", "en"})
COMPARISONS = ("equals", "in", "includes", "gt", "gte", "lt", "lte")
LOGIC = ("all", "any", "not")
ARITHMETIC = ("add", "sub", "mul", "div")

# Which comparisons each kind of answer supports ("computed" is a computed value).
_COMPUTED_OPS = frozenset({"equals", "in", "gt", "gte", "lt", "lte"})


def ops_for(kind: str) -> frozenset[str]:
    """The comparisons a condition may make on an answer of this kind."""
    return _COMPUTED_OPS if kind == "computed" else REGISTRY[kind].comparisons


def is_numeric(kind: str) -> bool:
    """Answers of this kind (or a computed value) are compared as numbers."""
    return kind == "computed" or (kind in REGISTRY and REGISTRY[kind].numeric)


# Counts in a checklist (text length, photos per item, versions): far above any real use, low
# enough that no list or date built from them can exhaust memory or overflow.
MAX_COUNT = 100_000
MAX_DAYS = 3650  # ten years: a longer period or default is a typing mistake


class LineDict(dict[Any, Any]):
    """A YAML mapping that remembers the line it started on, for error messages."""

    line: int = 0


# libyaml's parser when PyYAML was built with it (several times faster); same safe constructors,
# and its nodes carry the same line marks, so problem lines still name the line.
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLoader(_SafeLoader):
    """Safe YAML loading that records line numbers and refuses silently repeated keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []


def construct_map(loader: YamlLoader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        seen.add(key)
    data.update(loader.construct_mapping(node, deep=True))


YamlLoader.add_constructor("tag:yaml.org,2002:map", construct_map)


def _with_mark(construct: Any, what_zh: str, what_en: str) -> Any:
    """A scalar constructor whose ValueError (9999…9 past Python's 4,300 digits, 2026-02-30)
    becomes a YAML error with the line, instead of escaping as a crash."""

    def constructor(loader: YamlLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
            raise yaml.constructor.ConstructorError(
                None, None, f"{what_zh} {shown!r} 无效 (invalid {what_en})", node.start_mark
            ) from None

    return constructor


def _bounded_int(loader: YamlLoader, node: yaml.ScalarNode) -> int:
    value: int = _SafeLoader.construct_yaml_int(loader, node)
    if not -(2**63) <= value < 2**63:  # what SQLite stores; 0xfff… has no digit limit in Python
        raise ValueError("out of range")
    return value


YamlLoader.add_constructor("tag:yaml.org,2002:int", _with_mark(_bounded_int, "整数", "integer"))
YamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _with_mark(_SafeLoader.construct_yaml_timestamp, "日期", "date"),
)


@dataclass
class Spec:
    """What the loader knows about an id before conditions are read: enough to check them."""

    kind: str  # an item type, or "computed"
    values: tuple[str, ...] = ()  # allowed answer values for yes_no_na / choice / multi_choice
    min: Any = None
    max: Any = None


class Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] = []
        self.warnings: list[str] = []

    def add(self, where: str, zh: str, en: str, line: int | None = None) -> None:
        self.lines.append(self._line(where, zh, en, line))

    def warn(self, where: str, zh: str, en: str, line: int | None = None) -> None:
        """Something to fix that does not make the checklist unusable (`forms check` shows it)."""
        self.warnings.append(self._line(where, zh, en, line))

    def _line(self, where: str, zh: str, en: str, line: int | None) -> str:
        at = f" [第 {line} 行 line {line}]" if line else ""
        return f"{self.source}:{where}: {zh} ({en}){at}"


def line_of(node: Any) -> int | None:
    return getattr(node, "line", None) or None


def is_number(v: Any) -> bool:
    """A whole or decimal number a checklist can compare with: .nan and .inf are not."""
    if isinstance(v, float):
        return math.isfinite(v)
    return isinstance(v, int) and not isinstance(v, bool)


# A problem line quotes the value, not a 100 kB string or a whole subtree: reprlib bounds the
# work of the repr, the cut its length.
_SHOWN_CHARS = 200
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 4, 10, 10
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = _SHOWN_CHARS


def show(v: Any) -> str:
    text = _REPR.repr(v) if not isinstance(v, str) else f"'{v}'"
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


class BaseReader:
    """Collects problems instead of stopping at the first; shared by the checklist readers."""

    def __init__(self, source: str) -> None:
        self.p = Problems(source)
        self.specs: dict[str, Spec] = {}
        self.section_ids: set[str] = set()

    def unknown_keys(self, node: dict[Any, Any], allowed: Iterable[str], where: str) -> None:
        allowed = set(allowed)
        for key in node:
            if key not in allowed:
                self.p.add(
                    where,
                    f"未知的键 '{key}'，可用的键：{', '.join(sorted(allowed))}",
                    f"unknown key '{key}'; allowed keys: {', '.join(sorted(allowed))}",
                    line_of(node),
                )

    def text(
        self, node: dict[Any, Any], key: str, where: str, required: bool = True
    ) -> Text | None:
        raw = node.get(key)
        if raw is None:
            if required:
                self.p.add(where, f"缺少 {key}", f"missing {key}", line_of(node))
            return None
        return self.text_value(raw, key, where, line_of(node))

    def text_value(self, raw: Any, key: str, where: str, line: int | None) -> Text | None:
        if not isinstance(raw, dict):
            self.p.add(
                where,
                f"{key} 应写成 {{zh: 中文, en: English}}",
                f"{key} must be written as {{zh: Chinese, en: English}}",
                line,
            )
            return None
        line = line_of(raw) or line
        for extra in (k for k in raw if k not in TEXT_KEYS):
            # Almost always a comma inside {zh: …, en: …} text that was not put in quotes.
            self.p.add(
                where,
                f"{key} 中有多余的键 '{extra}'；文字里有逗号或冒号时请加英文引号，如 en: \"a, b\"",
                f"{key} has an extra key '{extra}'; put text with a comma or colon in quotes, "
                'e.g. en: "a, b"',
                line,
            )
        ok = True
        for lang, zh_name, en_name in (("zh", "中文", "Chinese"), ("en", "英文", "English")):
            value = raw.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.p.add(
                    where,
                    f"{key} 缺少{zh_name}翻译 ({lang})",
                    f"{key} is missing its {en_name} translation ({lang})",
                    line,
                )
                ok = False
        if not ok:
            return None
        return Text(str(raw["zh"]).strip(), str(raw["en"]).strip())

    def ident(self, node: dict[Any, Any], where: str, what: str) -> str | None:
        raw = node.get("id")
        if raw is None:
            self.p.add(where, f"{what}缺少 id", f"{what} has no id", line_of(node))
            return None
        if not isinstance(raw, str) or not ID_PATTERN.match(raw):
            self.p.add(
                where,
                f"id {show(raw)} 只能用小写英文字母、数字和下划线，以字母开头",
                f"id {show(raw)} must be lower-case letters, digits and _, starting with a letter",
                line_of(node),
            )
            return None
        return raw

    def positive_int(
        self, node: dict[Any, Any], key: str, where: str, zero_ok: bool = False,
        most: int = MAX_COUNT,
    ) -> int | None:
        raw = node.get(key)
        if raw is None:
            return None
        least = 0 if zero_ok else 1
        if not isinstance(raw, int) or isinstance(raw, bool) or not least <= raw <= most:
            self.p.add(
                where,
                f"{key} 应为 {least} 到 {most} 之间的整数，而不是 {show(raw)}",
                f"{key} must be a whole number from {least} to {most}, not {show(raw)}",
                line_of(node),
            )
            return None
        return raw

    def as_list(
        self, node: dict[Any, Any], key: str, where: str, required: bool = False
    ) -> list[Any]:
        raw = node.get(key)
        if raw is None:
            if required:
                self.p.add(where, f"缺少 {key}", f"missing {key}", line_of(node))
            return []
        if not isinstance(raw, list):
            self.p.add(
                where,
                f"{key} 应为列表（每行以 - 开头）",
                f"{key} must be a list (lines starting with -)",
                line_of(node),
            )
            return []
        if required and not raw:
            self.p.add(where, f"{key} 不能为空", f"{key} must not be empty", line_of(node))
        return raw

    def date_value(self, raw: Any) -> str | None:
        if isinstance(raw, dt.datetime):
            return None
        if isinstance(raw, dt.date):
            return raw.isoformat()
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw).isoformat() if len(raw) == 10 else None
            except ValueError:
                return None
        return None

    # ---- the checklist ---------------------------------------------------------------------
