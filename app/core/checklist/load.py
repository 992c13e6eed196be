"""Reading a checklist YAML file into a `Checklist`, checking everything an office worker can get
wrong and reporting all of it as `file:item: what is wrong` lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.core.checklist.logic import condition_refs, expr_refs
from app.core.checklist.model import (
    ITEM_TYPES,
    SEVERITIES,
    WORK_ITEMS,
    AllOf,
    Answered,
    AnyOf,
    Arith,
    Checklist,
    ChecklistError,
    Compare,
    Computed,
    Condition,
    Constraint,
    Expr,
    Item,
    Not,
    Option,
    Ref,
    Section,
    Violation,
)
from app.core.text import Text

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_OPTION_VALUE = re.compile(r"^[A-Za-z0-9_-]+$")
_VERSIONED_NAME = re.compile(r"^(?P<id>.+)\.v(?P<version>\d+)\.ya?ml$")

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
    }
)
SECTION_KEYS = frozenset({"id", "title", "items", "show_if"})
ITEM_COMMON_KEYS = frozenset(
    {"id", "type", "label", "help", "required", "show_if", "constraints", "violations"}
)
# Keys that only make sense for some item types.
ITEM_TYPE_KEYS: dict[str, frozenset[str]] = {
    "yes_no_na": frozenset({"allow_na"}),
    "choice": frozenset({"options"}),
    "multi_choice": frozenset({"options", "min", "max"}),
    "integer": frozenset({"unit", "min", "max"}),
    "decimal": frozenset({"unit", "min", "max"}),
    "text": frozenset({"max_length", "samples"}),
    "date": frozenset({"min", "max"}),
    "photo": frozenset({"photo_min", "photo_max"}),
    "credit_code": frozenset(),
}
ALL_ITEM_KEYS = ITEM_COMMON_KEYS.union(*ITEM_TYPE_KEYS.values())
OPTION_KEYS = frozenset({"value", "label"})
CONSTRAINT_KEYS = frozenset({"check", "message", "severity"})
VIOLATION_KEYS = frozenset({"when", "severity", "finding", "legal_basis"})
COMPUTED_KEYS = frozenset({"id", "label", "unit", "expr", "section", "violations"})
TEXT_KEYS = frozenset({"zh", "en"})
COMPARISONS = ("equals", "in", "includes", "gt", "gte", "lt", "lte")
LOGIC = ("all", "any", "not")
ARITHMETIC = ("add", "sub", "mul", "div")

# Which comparisons each kind of answer supports ("computed" is a computed value).
_OPS_FOR: dict[str, frozenset[str]] = {
    "yes_no_na": frozenset({"equals", "in"}),
    "choice": frozenset({"equals", "in"}),
    "multi_choice": frozenset({"includes"}),
    "integer": frozenset({"equals", "in", "gt", "gte", "lt", "lte"}),
    "decimal": frozenset({"equals", "in", "gt", "gte", "lt", "lte"}),
    "computed": frozenset({"equals", "in", "gt", "gte", "lt", "lte"}),
    "text": frozenset({"equals", "in"}),
    "credit_code": frozenset({"equals", "in"}),
    "date": frozenset({"equals", "in", "gt", "gte", "lt", "lte"}),
    "photo": frozenset(),
}
_NUMERIC = frozenset({"integer", "decimal", "computed"})


class _LineDict(dict[Any, Any]):
    """A YAML mapping that remembers the line it started on, for error messages."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """Safe YAML loading that records line numbers and refuses silently repeated keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = _LineDict()
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


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


@dataclass
class _Spec:
    """What the loader knows about an id before conditions are read: enough to check them."""

    kind: str  # an item type, or "computed"
    values: tuple[str, ...] = ()  # allowed answer values for yes_no_na / choice / multi_choice
    min: Any = None
    max: Any = None


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] = []

    def add(self, where: str, zh: str, en: str, line: int | None = None) -> None:
        at = f" [第 {line} 行 line {line}]" if line else ""
        self.lines.append(f"{self.source}:{where}: {zh} ({en}){at}")


def _line(node: Any) -> int | None:
    return getattr(node, "line", None) or None


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _show(v: Any) -> str:
    return repr(v) if not isinstance(v, str) else f"'{v}'"


class _Reader:
    """One pass over the parsed YAML; collects problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.p = _Problems(source)
        self.specs: dict[str, _Spec] = {}
        self.section_ids: set[str] = set()

    # ---- small value readers -------------------------------------------------------------

    def unknown_keys(self, node: dict[Any, Any], allowed: Iterable[str], where: str) -> None:
        allowed = set(allowed)
        for key in node:
            if key not in allowed:
                self.p.add(
                    where,
                    f"未知的键 '{key}'，可用的键：{', '.join(sorted(allowed))}",
                    f"unknown key '{key}'; allowed keys: {', '.join(sorted(allowed))}",
                    _line(node),
                )

    def text(
        self, node: dict[Any, Any], key: str, where: str, required: bool = True
    ) -> Text | None:
        raw = node.get(key)
        if raw is None:
            if required:
                self.p.add(where, f"缺少 {key}", f"missing {key}", _line(node))
            return None
        return self.text_value(raw, key, where, _line(node))

    def text_value(self, raw: Any, key: str, where: str, line: int | None) -> Text | None:
        if not isinstance(raw, dict):
            self.p.add(
                where,
                f"{key} 应写成 {{zh: 中文, en: English}}",
                f"{key} must be written as {{zh: Chinese, en: English}}",
                line,
            )
            return None
        line = _line(raw) or line
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
            self.p.add(where, f"{what}缺少 id", f"{what} has no id", _line(node))
            return None
        if not isinstance(raw, str) or not _ID.match(raw):
            self.p.add(
                where,
                f"id {_show(raw)} 只能用小写英文字母、数字和下划线，以字母开头",
                f"id {_show(raw)} must be lower-case letters, digits and _, starting with a letter",
                _line(node),
            )
            return None
        return raw

    def positive_int(
        self, node: dict[Any, Any], key: str, where: str, zero_ok: bool = False
    ) -> int | None:
        raw = node.get(key)
        if raw is None:
            return None
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < (0 if zero_ok else 1):
            least = 0 if zero_ok else 1
            self.p.add(
                where,
                f"{key} 应为不小于 {least} 的整数，而不是 {_show(raw)}",
                f"{key} must be a whole number of at least {least}, not {_show(raw)}",
                _line(node),
            )
            return None
        return raw

    def as_list(
        self, node: dict[Any, Any], key: str, where: str, required: bool = False
    ) -> list[Any]:
        raw = node.get(key)
        if raw is None:
            if required:
                self.p.add(where, f"缺少 {key}", f"missing {key}", _line(node))
            return []
        if not isinstance(raw, list):
            self.p.add(
                where,
                f"{key} 应为列表（每行以 - 开头）",
                f"{key} must be a list (lines starting with -)",
                _line(node),
            )
            return []
        if required and not raw:
            self.p.add(where, f"{key} 不能为空", f"{key} must not be empty", _line(node))
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

    def checklist(self, data: Any, text: str) -> Checklist | None:
        p = self.p
        if not isinstance(data, dict):
            p.add(
                "",
                "文件内容应为一个映射（id: …, version: …, sections: …）",
                "the file must hold one mapping (id: …, version: …, sections: …)",
            )
            return None
        self.unknown_keys(data, TOP_KEYS, "checklist")
        form_id = self.ident(data, "id", "清单")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            p.add(
                "version",
                f"版本号应为正整数（1, 2, …），而不是 {_show(version)}",
                f"version must be a positive whole number (1, 2, …), not {_show(version)}",
                _line(data),
            )
            version = None
        work_item = data.get("work_item")
        if work_item not in WORK_ITEMS:
            p.add(
                "work_item",
                f"未知的工作内容 {_show(work_item)}，可选：{', '.join(WORK_ITEMS)}",
                f"unknown work item {_show(work_item)}; one of: {', '.join(WORK_ITEMS)}",
                _line(data),
            )
        title = self.text(data, "title", "title")
        legal = []
        for i, raw in enumerate(self.as_list(data, "legal_basis", "legal_basis", required=True)):
            t = self.text_value(raw, f"legal_basis[{i + 1}]", "legal_basis", _line(data))
            if t:
                legal.append(t)
        days = data.get("rectification_days")
        if days is None:
            p.add(
                "rectification_days",
                "缺少整改期限（天）",
                "missing rectification_days",
                _line(data),
            )
        else:
            days = self.positive_int(data, "rectification_days", "rectification_days")

        # First pass: ids and types, so that conditions can refer forwards and be checked.
        raw_sections = self.as_list(data, "sections", "sections", required=True)
        raw_computed = self.as_list(data, "computed", "computed")
        self.collect_specs(raw_sections, raw_computed)

        sections = [s for i, raw in enumerate(raw_sections) if (s := self.section(raw, i))]
        computed = [c for i, raw in enumerate(raw_computed) if (c := self.computed(raw, i))]
        if p.lines:
            return None
        assert form_id and version and title and days and work_item
        items = {it.id: it for s in sections for it in s.items}
        gates = self.gates(sections)
        order = self.order(sections, computed, gates)
        if p.lines:
            return None
        return Checklist(
            id=form_id,
            version=version,
            work_item=str(work_item),
            title=title,
            legal_basis=tuple(legal),
            rectification_days=days,
            sections=tuple(sections),
            computed=tuple(computed),
            source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            source=self.p.source,
            _items=items,
            _order=order,
            _gates=gates,
            _section_items={s.id: tuple(it.id for it in s.items) for s in sections},
        )

    def collect_specs(self, raw_sections: list[Any], raw_computed: list[Any]) -> None:
        """Record every id with its type, options and range; report duplicates."""
        seen_where: dict[str, str] = {}

        def claim(ident: Any, where: str, line: int | None) -> bool:
            if not isinstance(ident, str):
                return False
            if ident in seen_where:
                self.p.add(
                    ident,
                    f"id 重复（{seen_where[ident]} 已使用）",
                    f"duplicate id (already used by {seen_where[ident]})",
                    line,
                )
                return False
            seen_where[ident] = where
            return True

        for si, sec in enumerate(raw_sections):
            if not isinstance(sec, dict):
                continue
            sid = sec.get("id")
            if isinstance(sid, str):
                if sid in self.section_ids:
                    self.p.add(
                        f"sections.{sid}", "章节 id 重复", "duplicate section id", _line(sec)
                    )
                self.section_ids.add(sid)
            items = sec.get("items")
            if not isinstance(items, list):
                continue
            for ii, it in enumerate(items):
                if not isinstance(it, dict):
                    continue
                where = f"sections[{si + 1}].items[{ii + 1}]"
                if not claim(it.get("id"), where, _line(it)):
                    continue
                kind = it.get("type")
                if kind not in ITEM_TYPES:
                    continue  # reported when the item is read
                spec = _Spec(kind=str(kind))
                if kind == "yes_no_na":
                    spec.values = (
                        ("yes", "no") if it.get("allow_na") is False else ("yes", "no", "na")
                    )
                elif kind in ("choice", "multi_choice") and isinstance(it.get("options"), list):
                    spec.values = tuple(
                        o["value"] for o in it["options"] if isinstance(o, dict) and "value" in o
                    )
                if kind in ("integer", "decimal"):
                    spec.min = it.get("min") if _is_number(it.get("min")) else None
                    spec.max = it.get("max") if _is_number(it.get("max")) else None
                elif kind == "date":
                    spec.min = self.date_value(it.get("min"))
                    spec.max = self.date_value(it.get("max"))
                self.specs[str(it["id"])] = spec
        for ci, comp in enumerate(raw_computed):
            if isinstance(comp, dict) and claim(comp.get("id"), f"computed[{ci + 1}]", _line(comp)):
                self.specs[str(comp["id"])] = _Spec(kind="computed")

    def section(self, raw: Any, index: int) -> Section | None:
        where = f"sections[{index + 1}]"
        if not isinstance(raw, dict):
            self.p.add(
                where,
                "章节应为映射（id, title, items）",
                "a section must be a mapping (id, title, items)",
            )
            return None
        sid = self.ident(raw, where, "章节")
        where = sid or where
        self.unknown_keys(raw, SECTION_KEYS, where)
        title = self.text(raw, "title", where)
        show_if = None
        if "show_if" in raw:
            show_if = self.condition(raw["show_if"], where, "show_if", None, _line(raw))
        items = [
            it
            for i, r in enumerate(self.as_list(raw, "items", where, required=True))
            if (it := self.item(r, f"{where}.items[{i + 1}]", sid or ""))
        ]
        if sid is None or title is None:
            return None
        return Section(id=sid, title=title, items=tuple(items), show_if=show_if)

    def item(self, raw: Any, where: str, section_id: str) -> Item | None:
        p = self.p
        if not isinstance(raw, dict):
            p.add(
                where,
                "题目应为映射（id, type, label …）",
                "an item must be a mapping (id, type, label …)",
            )
            return None
        line = _line(raw)
        iid = self.ident(raw, where, "题目")
        where = iid or where
        kind = raw.get("type")
        if kind not in ITEM_TYPES:
            p.add(
                where,
                f"未知的题目类型 {_show(kind)}，可选：{', '.join(ITEM_TYPES)}",
                f"unknown item type {_show(kind)}; one of: {', '.join(ITEM_TYPES)}",
                line,
            )
            self.unknown_keys(raw, ALL_ITEM_KEYS, where)
            return None
        allowed = ITEM_COMMON_KEYS | ITEM_TYPE_KEYS[kind]
        for key in raw:
            if key in ALL_ITEM_KEYS and key not in allowed:
                p.add(
                    where,
                    f"键 '{key}' 不适用于 {kind} 类型的题目",
                    f"key '{key}' does not apply to a {kind} item",
                    line,
                )
            elif key not in ALL_ITEM_KEYS:
                p.add(
                    where,
                    f"未知的键 '{key}'，可用的键：{', '.join(sorted(allowed))}",
                    f"unknown key '{key}'; allowed keys: {', '.join(sorted(allowed))}",
                    line,
                )
        label = self.text(raw, "label", where)
        help_text = self.text(raw, "help", where, required=False)
        required = raw.get("required", False)
        if not isinstance(required, bool):
            p.add(where, "required 应为 true 或 false", "required must be true or false", line)
            required = False
        allow_na = raw.get("allow_na", True)
        if not isinstance(allow_na, bool):
            p.add(where, "allow_na 应为 true 或 false", "allow_na must be true or false", line)
            allow_na = True
        options = self.options(raw, where) if kind in ("choice", "multi_choice") else ()
        unit = self.text(raw, "unit", where, required=(kind == "decimal"))
        lo, hi = self.bounds(raw, kind, where, len(options))
        max_length = self.positive_int(raw, "max_length", where)
        samples: tuple[str, ...] = ()
        if "samples" in raw:
            rs = raw["samples"]
            if not isinstance(rs, list) or not all(isinstance(s, str) and s for s in rs):
                p.add(where, "samples 应为文字列表", "samples must be a list of texts", line)
            else:
                samples = tuple(rs)
        photo_min = self.positive_int(raw, "photo_min", where, zero_ok=True) or 0
        photo_max = self.positive_int(raw, "photo_max", where)
        if photo_max is not None and photo_min > photo_max:
            p.add(
                where,
                f"photo_min ({photo_min}) 大于 photo_max ({photo_max})",
                f"photo_min ({photo_min}) is greater than photo_max ({photo_max})",
                line,
            )
        show_if = None
        if "show_if" in raw:
            show_if = self.condition(raw["show_if"], where, "show_if", None, line)
        constraints = self.constraints(raw, where, iid)
        violations = self.violations(raw, where, iid)
        if iid is None or label is None:
            return None
        return Item(
            id=iid,
            type=kind,
            label=label,
            help=help_text,
            required=required,
            options=options,
            allow_na=allow_na,
            unit=unit,
            min=lo,
            max=hi,
            max_length=max_length,
            show_if=show_if,
            constraints=constraints,
            violations=violations,
            photo_min=photo_min,
            photo_max=photo_max,
            samples=samples,
            section_id=section_id,
        )

    def options(self, raw: dict[Any, Any], where: str) -> tuple[Option, ...]:
        result: list[Option] = []
        seen: set[str] = set()
        items = self.as_list(raw, "options", where, required=True)
        if 0 < len(items) < 2:
            self.p.add(
                where, "选择题至少需要两个选项", "a choice needs at least two options", _line(raw)
            )
        for i, o in enumerate(items):
            ow = f"{where}.options[{i + 1}]"
            if not isinstance(o, dict):
                self.p.add(
                    ow,
                    "选项应写成 {value: …, label: {zh: …, en: …}}",
                    "an option must be {value: …, label: {zh: …, en: …}}",
                    _line(raw),
                )
                continue
            self.unknown_keys(o, OPTION_KEYS, ow)
            value = o.get("value")
            if not isinstance(value, str) or not _OPTION_VALUE.match(value):
                self.p.add(
                    ow,
                    f"选项值 {_show(value)} 应为英文字母、数字或下划线（必要时加引号）",
                    f"option value {_show(value)} must be letters, digits or _ "
                    "(quote it if needed)",
                    _line(o),
                )
                continue
            if value in seen:
                self.p.add(
                    ow, f"选项值 '{value}' 重复", f"duplicate option value '{value}'", _line(o)
                )
            seen.add(value)
            label = self.text(o, "label", ow)
            if label:
                result.append(Option(value, label))
        return tuple(result)

    def bounds(self, raw: dict[Any, Any], kind: str, where: str, n_options: int) -> tuple[Any, Any]:
        lo, hi = raw.get("min"), raw.get("max")
        line = _line(raw)
        if kind == "date":
            out: list[str | None] = []
            for key, v in (("min", lo), ("max", hi)):
                if v is None:
                    out.append(None)
                    continue
                d = self.date_value(v)
                if d is None:
                    self.p.add(
                        where,
                        f"{key} 应为日期 YYYY-MM-DD",
                        f"{key} must be a date YYYY-MM-DD",
                        line,
                    )
                out.append(d)
            lo, hi = out
        elif kind in ("integer", "decimal", "multi_choice"):
            whole = kind != "decimal"
            for key, v in (("min", lo), ("max", hi)):
                if v is None:
                    continue
                if not _is_number(v) or (whole and not isinstance(v, int)):
                    what_zh, what_en = ("整数", "a whole number") if whole else ("数字", "a number")
                    self.p.add(
                        where,
                        f"{key} 应为{what_zh}，而不是 {_show(v)}",
                        f"{key} must be {what_en}, not {_show(v)}",
                        line,
                    )
                    if key == "min":
                        lo = None
                    else:
                        hi = None
            if kind == "multi_choice" and hi is not None and n_options and hi > n_options:
                self.p.add(
                    where,
                    f"max ({hi}) 超过选项个数 ({n_options})",
                    f"max ({hi}) exceeds the number of options ({n_options})",
                    line,
                )
        else:
            return None, None
        if lo is not None and hi is not None and lo > hi:
            self.p.add(
                where, f"min ({lo}) 大于 max ({hi})", f"min ({lo}) is greater than max ({hi})", line
            )
        return lo, hi

    def constraints(
        self, raw: dict[Any, Any], where: str, owner: str | None
    ) -> tuple[Constraint, ...]:
        result = []
        for i, c in enumerate(self.as_list(raw, "constraints", where)):
            cw = f"{where}.constraints[{i + 1}]"
            if not isinstance(c, dict):
                self.p.add(
                    cw,
                    "约束应写成 {check: 条件, message: {zh, en}}",
                    "a constraint must be {check: condition, message: {zh, en}}",
                    _line(raw),
                )
                continue
            self.unknown_keys(c, CONSTRAINT_KEYS, cw)
            severity = c.get("severity", "error")
            if severity not in ("error", "warning"):
                self.p.add(
                    cw,
                    f"severity 应为 error 或 warning，而不是 {_show(severity)}",
                    f"severity must be error or warning, not {_show(severity)}",
                    _line(c),
                )
            message = self.text(c, "message", cw)
            if "check" not in c:
                self.p.add(
                    cw,
                    "缺少 check（必须成立的条件）",
                    "missing check (the condition that must hold)",
                    _line(c),
                )
                continue
            check = self.condition(c["check"], where, "check", owner, _line(c))
            if check and message and severity in ("error", "warning"):
                result.append(Constraint(check, message, str(severity)))
        return tuple(result)

    def violations(
        self, raw: dict[Any, Any], where: str, owner: str | None
    ) -> tuple[Violation, ...]:
        result = []
        for i, v in enumerate(self.as_list(raw, "violations", where)):
            vw = f"{where}.violations[{i + 1}]"
            if not isinstance(v, dict):
                self.p.add(
                    vw,
                    "违规应写成 {when: 条件, severity: …, finding: {zh, en}}",
                    "a violation must be {when: condition, severity: …, finding: {zh, en}}",
                    _line(raw),
                )
                continue
            self.unknown_keys(v, VIOLATION_KEYS, vw)
            severity = v.get("severity")
            if severity not in SEVERITIES:
                self.p.add(
                    vw,
                    f"severity 应为 {' / '.join(SEVERITIES)}，而不是 {_show(severity)}",
                    f"severity must be one of {', '.join(SEVERITIES)}, not {_show(severity)}",
                    _line(v),
                )
            finding = self.text(v, "finding", vw)
            legal = self.text(v, "legal_basis", vw, required=False)
            if "when" not in v:
                self.p.add(
                    vw,
                    "缺少 when（何时构成违规）",
                    "missing when (the condition that is a violation)",
                    _line(v),
                )
                continue
            when = self.condition(v["when"], where, "when", owner, _line(v))
            if when and finding and severity in SEVERITIES:
                result.append(Violation(when, str(severity), finding, legal))
        return tuple(result)

    def computed(self, raw: Any, index: int) -> Computed | None:
        where = f"computed[{index + 1}]"
        if not isinstance(raw, dict):
            self.p.add(
                where,
                "计算值应写成 {id, label, expr}",
                "a computed value must be {id, label, expr}",
            )
            return None
        cid = self.ident(raw, where, "计算值")
        where = cid or where
        self.unknown_keys(raw, COMPUTED_KEYS, where)
        label = self.text(raw, "label", where)
        unit = self.text(raw, "unit", where, required=False)
        section = raw.get("section")
        if section is not None and section not in self.section_ids:
            self.p.add(
                where,
                f"section 引用了不存在的章节 {_show(section)}",
                f"section refers to an unknown section {_show(section)}",
                _line(raw),
            )
        expr: Expr | None = None
        if "expr" not in raw:
            self.p.add(where, "缺少 expr（计算公式）", "missing expr (the arithmetic)", _line(raw))
        else:
            expr = self.expr(raw["expr"], where, _line(raw))
        violations = self.violations(raw, where, cid)
        if cid is None or label is None or expr is None:
            return None
        return Computed(cid, label, expr, unit, section, violations)

    # ---- conditions and arithmetic -------------------------------------------------------------

    def condition(
        self, raw: Any, where: str, key: str, owner: str | None, line: int | None
    ) -> Condition | None:
        """Read a condition; `owner` is the item a bare comparison (no `item:`) refers to."""
        p = self.p
        if not isinstance(raw, dict) or not raw:
            p.add(
                where,
                f"{key} 应为条件映射，如 {{item: x, equals: yes}}",
                f"{key} must be a condition mapping such as {{item: x, equals: yes}}",
                line,
            )
            return None
        line = _line(raw) or line
        logic = [k for k in raw if k in LOGIC]
        if logic:
            if len(raw) != 1:
                p.add(
                    where,
                    f"{key}: {logic[0]} 应单独成一个条件，不能与其他键并列",
                    f"{key}: {logic[0]} must stand alone in its condition",
                    line,
                )
                return None
            op = logic[0]
            if op == "not":
                inner = self.condition(raw["not"], where, key, owner, line)
                return Not(inner) if inner else None
            parts_raw = raw[op]
            if not isinstance(parts_raw, list) or not parts_raw:
                p.add(
                    where,
                    f"{key}: {op} 应为非空的条件列表",
                    f"{key}: {op} must be a non-empty list of conditions",
                    line,
                )
                return None
            parts = [self.condition(r, where, key, owner, line) for r in parts_raw]
            if any(c is None for c in parts):
                return None
            kept = tuple(c for c in parts if c is not None)
            return AllOf(kept) if op == "all" else AnyOf(kept)

        ref = raw.get("item", owner)
        ops = [k for k in raw if k != "item"]
        unknown = [k for k in ops if k not in COMPARISONS and k != "answered"]
        if unknown:
            p.add(
                where,
                f"{key}: 未知的比较 '{unknown[0]}'，"
                f"可用：item, answered, {', '.join(COMPARISONS)}, "
                f"{', '.join(LOGIC)}",
                f"{key}: unknown comparison '{unknown[0]}'; allowed: item, answered, "
                f"{', '.join(COMPARISONS)}, {', '.join(LOGIC)}",
                line,
            )
            return None
        if len(ops) != 1:
            p.add(
                where,
                f"{key}: 每个条件只能有一个比较（用 all/any 组合多个）",
                f"{key}: a condition has exactly one comparison (combine several with all/any)",
                line,
            )
            return None
        if ref is None:
            p.add(
                where,
                f"{key}: 缺少 item（比较哪一题）",
                f"{key}: missing item (which item to compare)",
                line,
            )
            return None
        if not isinstance(ref, str) or ref not in self.specs:
            p.add(
                where,
                f"{key} 引用了不存在的题目 {_show(ref)}",
                f"{key} refers to an unknown item {_show(ref)}",
                line,
            )
            return None
        op = ops[0]
        value = raw[op]
        spec = self.specs[ref]
        if op == "answered":
            if not isinstance(value, bool):
                p.add(
                    where,
                    f"{key}: answered 应为 true 或 false",
                    f"{key}: answered must be true or false",
                    line,
                )
                return None
            return Answered(ref, value)
        if op not in _OPS_FOR[spec.kind]:
            p.add(
                where,
                f"{key}: 比较 '{op}' 不适用于 {spec.kind} 类型的 '{ref}'"
                + ("（多选题请用 includes）" if spec.kind == "multi_choice" else ""),
                f"{key}: '{op}' does not apply to '{ref}', a {spec.kind}"
                + (" (use includes for a multi_choice)" if spec.kind == "multi_choice" else ""),
                line,
            )
            return None
        if op == "in":
            if not isinstance(value, list) or not value:
                p.add(where, f"{key}: in 应为非空列表", f"{key}: in must be a non-empty list", line)
                return None
            checked = [self.literal(v, spec, ref, op, where, key, line) for v in value]
            if any(v is None for v in checked):
                return None
            return Compare(ref, "in", frozenset(checked))
        if isinstance(value, dict):
            other = self.other_item(value, spec, ref, op, where, key, line)
            return Compare(ref, op, other) if other else None
        checked_value = self.literal(value, spec, ref, op, where, key, line)
        if checked_value is None:
            return None
        return Compare(ref, op, checked_value)

    def other_item(
        self,
        value: dict[Any, Any],
        spec: _Spec,
        ref: str,
        op: str,
        where: str,
        key: str,
        line: int | None,
    ) -> Ref | None:
        """`{item: a, lte: {item: b}}`: compare with another answer of the same kind."""
        other = value.get("item")
        if set(value) != {"item"} or not isinstance(other, str):
            self.p.add(
                where,
                f"{key}: 与另一题比较应写成 {{item: 题目id}}",
                f"{key}: compare with another item as {{item: item_id}}",
                line,
            )
            return None
        other_spec = self.specs.get(other)
        if other_spec is None:
            self.p.add(
                where,
                f"{key} 引用了不存在的题目 '{other}'",
                f"{key} refers to an unknown item '{other}'",
                line,
            )
            return None
        numeric = spec.kind in _NUMERIC and other_spec.kind in _NUMERIC
        dates = spec.kind == other_spec.kind == "date"
        if not (numeric or dates):
            self.p.add(
                where,
                f"{key}: 只能在数字题之间或日期题之间比较（'{ref}' 是 {spec.kind}，"
                f"'{other}' 是 {other_spec.kind}）",
                f"{key}: only numbers with numbers or dates with dates can be compared "
                f"('{ref}' is a {spec.kind}, '{other}' a {other_spec.kind})",
                line,
            )
            return None
        return Ref(other)

    def literal(
        self, value: Any, spec: _Spec, ref: str, op: str, where: str, key: str, line: int | None
    ) -> Any:
        """The comparison value, normalised; None (with a problem) if the item cannot have it."""
        p = self.p
        kind = spec.kind

        def cannot(zh_why: str, en_why: str) -> None:
            p.add(
                where,
                f"{key}: '{ref}' 不可能取值 {_show(value)}（{zh_why}）",
                f"{key}: '{ref}' can never be {_show(value)} ({en_why})",
                line,
            )

        if kind in ("yes_no_na", "choice", "multi_choice"):
            if kind == "yes_no_na" and isinstance(value, bool):
                value = "yes" if value else "no"  # YAML reads a bare yes/no as true/false
            if value not in spec.values:
                cannot(
                    f"可选值：{', '.join(spec.values)}", f"its values are {', '.join(spec.values)}"
                )
                return None
            return value
        if kind in _NUMERIC:
            if not _is_number(value):
                cannot("应与数字比较", "compare it with a number")
                return None
            if kind == "integer" and op in ("equals", "in") and not float(value).is_integer():
                cannot("整数题", "it is a whole number")
                return None
            if self.out_of_range(value, op, spec):
                cannot(f"范围 {spec.min} – {spec.max}", f"its range is {spec.min} – {spec.max}")
                return None
            return value
        if kind == "date":
            d = self.date_value(value)
            if d is None:
                cannot("应与日期 YYYY-MM-DD 比较", "compare it with a date YYYY-MM-DD")
                return None
            if self.out_of_range(d, op, spec):
                cannot(f"范围 {spec.min} – {spec.max}", f"its range is {spec.min} – {spec.max}")
                return None
            return d
        if not isinstance(value, str):  # text, credit_code
            cannot("应与文字比较", "compare it with text")
            return None
        return value

    @staticmethod
    def out_of_range(v: Any, op: str, spec: _Spec) -> bool:
        """Whether the comparison can never hold (or, for equals/in, names an impossible value)."""
        lo, hi = spec.min, spec.max
        if op in ("equals", "in"):
            return (lo is not None and v < lo) or (hi is not None and v > hi)
        if op == "gt":
            return hi is not None and v >= hi
        if op == "gte":
            return hi is not None and v > hi
        if op == "lt":
            return lo is not None and v <= lo
        if op == "lte":
            return lo is not None and v < lo
        return False

    def expr(self, raw: Any, where: str, line: int | None) -> Expr | None:
        p = self.p
        if _is_number(raw):
            return float(raw)
        if isinstance(raw, str):
            spec = self.specs.get(raw)
            if spec is None:
                p.add(
                    where,
                    f"expr 引用了不存在的题目 '{raw}'",
                    f"expr refers to an unknown item '{raw}'",
                    line,
                )
                return None
            if spec.kind not in _NUMERIC:
                p.add(
                    where,
                    f"expr 只能用数字题或计算值，'{raw}' 是 {spec.kind}",
                    f"expr can only use number items or computed values; '{raw}' is a {spec.kind}",
                    line,
                )
                return None
            return Ref(raw)
        if isinstance(raw, dict) and len(raw) == 1:
            op, args_raw = next(iter(raw.items()))
            line = _line(raw) or line
            if op in ARITHMETIC:
                n = len(args_raw) if isinstance(args_raw, list) else 0
                if not isinstance(args_raw, list) or (op in ("sub", "div") and n != 2) or n < 2:
                    need_zh = "恰好两个" if op in ("sub", "div") else "至少两个"
                    need_en = "exactly two" if op in ("sub", "div") else "at least two"
                    p.add(
                        where,
                        f"expr: {op} 需要{need_zh}运算数的列表",
                        f"expr: {op} needs a list of {need_en} operands",
                        line,
                    )
                    return None
                args = [self.expr(a, where, line) for a in args_raw]
                if any(a is None for a in args):
                    return None
                return Arith(op, tuple(a for a in args if a is not None))
        p.add(
            where,
            "expr 应为数字、题目 id 或 {add|sub|mul|div: [..]}",
            "expr must be a number, an item id or {add|sub|mul|div: [..]}",
            line,
        )
        return None

    # ---- order of evaluation -------------------------------------------------------------------

    @staticmethod
    def gates(sections: list[Section]) -> dict[str, Condition]:
        gates: dict[str, Condition] = {}
        for s in sections:
            for it in s.items:
                parts = tuple(c for c in (s.show_if, it.show_if) if c is not None)
                if len(parts) == 1:
                    gates[it.id] = parts[0]
                elif parts:
                    gates[it.id] = AllOf(parts)
        return gates

    def order(
        self, sections: list[Section], computed: list[Computed], gates: dict[str, Condition]
    ) -> tuple[str, ...]:
        """A dependency order for visibility and computed values; reports every cycle."""
        deps: dict[str, list[str]] = {}
        for s in sections:
            for it in s.items:
                deps[it.id] = (
                    list(dict.fromkeys(condition_refs(gates[it.id]))) if it.id in gates else []
                )
        for c in computed:
            deps[c.id] = list(dict.fromkeys(expr_refs(c.expr)))
        order: list[str] = []
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset[str]] = set()

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            path.append(node)
            for dep in deps.get(node, ()):
                if state.get(dep) == 1:
                    cycle = [*path[path.index(dep) :], dep]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        chain = " → ".join(cycle)
                        self.p.add(
                            dep,
                            f"条件或计算循环引用：{chain}",
                            f"show_if/computed references go round in a cycle: {chain}",
                        )
                elif dep not in state:
                    visit(dep, path)
            path.pop()
            state[node] = 2
            order.append(node)

        for node in deps:
            if node not in state:
                visit(node, [])
        return tuple(order)


def load_checklist_text(text: str, source: str = "<text>") -> Checklist:
    """Parse and check a checklist from YAML text; `source` names it in problem lines."""
    reader = _Reader(source)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else 0
        raise ChecklistError(
            [
                f"{source}:{line}: YAML 语法错误，请检查该行的缩进、冒号和引号 "
                f"(YAML syntax error: {what})"
            ]
        ) from None
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        reader.p.add(
            str(line), f"键 '{key}' 在同一处写了两次", f"key '{key}' appears twice in one mapping"
        )
    checklist = reader.checklist(data, text)
    named = _VERSIONED_NAME.match(Path(source).name)
    if named and isinstance(data, dict):
        fid, fver = data.get("id"), data.get("version")
        if fid != named["id"] or fver != int(named["version"]):
            reader.p.add(
                "id",
                f"文件名应为 {fid}.v{fver}.yaml（与 id 和 version 一致）",
                f"the file name should be {fid}.v{fver}.yaml, matching id and version",
            )
    if reader.p.lines or checklist is None:
        raise ChecklistError(reader.p.lines)
    return checklist


def load_checklist(path: str | Path) -> Checklist:
    """Load and check one checklist file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ChecklistError(
            [
                f"{path}:0: 文件不是 UTF-8 编码，请另存为 UTF-8 "
                "(the file is not UTF-8; save it as UTF-8)"
            ]
        ) from None
    except OSError as exc:
        raise ChecklistError(
            [f"{path}:0: 无法读取文件 (cannot read the file): {exc.strerror}"]
        ) from None
    return load_checklist_text(text, str(path))


def checklist_files(directory: str | Path) -> list[Path]:
    """The checklist files in a folder, in name order (README.md and others are skipped)."""
    d = Path(directory)
    return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_checklists(directory: str | Path) -> list[Checklist]:
    """Load every checklist in a folder; all problems of all files in one ChecklistError."""
    problems: list[str] = []
    result: list[Checklist] = []
    seen: dict[tuple[str, int], str] = {}
    for path in checklist_files(directory):
        try:
            checklist = load_checklist(path)
        except ChecklistError as exc:
            problems.extend(exc.problems)
            continue
        key = (checklist.id, checklist.version)
        if key in seen:
            problems.append(
                f"{path}:id: 清单 {checklist.id} 版本 {checklist.version} 已在 {seen[key]} 中定义 "
                f"(checklist {checklist.id} version {checklist.version} "
                f"is also defined in {seen[key]})"
            )
            continue
        seen[key] = str(path)
        result.append(checklist)
    if problems:
        raise ChecklistError(problems)
    return result
