"""Reading a checklist YAML file into a `Checklist`, checking everything an office worker can get
wrong and reporting all of it as `file:item: what is wrong` lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from app.core.bounded_read import FileTooLarge, NotRegularFile, read_regular_file
from app.core.checklist.item_types import REGISTRY, item_type
from app.core.checklist.model import (
    WORK_ITEMS,
    Checklist,
    ChecklistError,
    Item,
    Option,
    Section,
)
from app.core.checklist.read_base import (
    ITEM_COMMON_KEYS,
    MAX_DAYS,
    OPTION_KEYS,
    OPTION_VALUE_PATTERN,
    SECTION_KEYS,
    TOP_KEYS,
    VERSIONED_NAME,
    Spec,
    YamlLoader,
    all_item_keys,
    is_number,
    line_of,
    show,
)
from app.core.checklist.read_rules import RuleReader
from app.core.checklist.yaml_bounds import MAX_CHECKLIST_BYTES, shape_problems, size_problem

# `default: {today_plus_days: rectification_days}` names the checklist's own period.
_TODAY = "today"
_PLUS_DAYS = "today_plus_days"
_RECTIFICATION = "rectification_days"
_MAX_DEFAULT_DAYS = MAX_DAYS


def _known_type(kind: Any) -> TypeGuard[str]:
    """A registered item type's name. `type: []` is unhashable: a dict lookup raised TypeError."""
    return isinstance(kind, str) and kind in REGISTRY


class _Reader(RuleReader):
    """One pass over the parsed YAML: the checklist, its sections and items."""

    rectification_days: int | None = None

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
                f"版本号应为正整数（1, 2, …），而不是 {show(version)}",
                f"version must be a positive whole number (1, 2, …), not {show(version)}",
                line_of(data),
            )
            version = None
        work_item = data.get("work_item")
        if work_item not in WORK_ITEMS:
            p.add(
                "work_item",
                f"未知的工作内容 {show(work_item)}，可选：{', '.join(WORK_ITEMS)}",
                f"unknown work item {show(work_item)}; one of: {', '.join(WORK_ITEMS)}",
                line_of(data),
            )
        title = self.text(data, "title", "title")
        legal = []
        for i, raw in enumerate(self.as_list(data, "legal_basis", "legal_basis", required=True)):
            t = self.text_value(raw, f"legal_basis[{i + 1}]", "legal_basis", line_of(data))
            if t:
                legal.append(t)
        days = data.get("rectification_days")
        if days is None:
            p.add(
                "rectification_days",
                "缺少整改期限（天）",
                "missing rectification_days",
                line_of(data),
            )
        else:
            days = self.positive_int(
                data, "rectification_days", "rectification_days", most=MAX_DAYS
            )
        self.rectification_days = days
        order_basis = self.text(data, "order_basis", "order_basis", required=False)

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
            order_basis=order_basis,
            warnings=tuple(p.warnings),
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
                        f"sections.{sid}", "章节 id 重复", "duplicate section id", line_of(sec)
                    )
                self.section_ids.add(sid)
            items = sec.get("items")
            if not isinstance(items, list):
                continue
            for ii, it in enumerate(items):
                if not isinstance(it, dict):
                    continue
                where = f"sections[{si + 1}].items[{ii + 1}]"
                if not claim(it.get("id"), where, line_of(it)):
                    continue
                kind = it.get("type")
                if not _known_type(kind):
                    continue  # reported when the item is read
                spec = Spec(kind=str(kind))
                kind_type = item_type(str(kind))
                # (Only text option values: a None here broke a condition's message.)
                spec.values = kind_type.answer_values(it) or ()
                if kind_type.bounds == "number":
                    spec.min = it.get("min") if is_number(it.get("min")) else None
                    spec.max = it.get("max") if is_number(it.get("max")) else None
                elif kind_type.bounds == "date":
                    spec.min = self.date_value(it.get("min"))
                    spec.max = self.date_value(it.get("max"))
                self.specs[str(it["id"])] = spec
        for ci, comp in enumerate(raw_computed):
            if isinstance(comp, dict) and claim(
                comp.get("id"), f"computed[{ci + 1}]", line_of(comp)
            ):
                self.specs[str(comp["id"])] = Spec(kind="computed")

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
            show_if = self.condition(raw["show_if"], where, "show_if", None, line_of(raw))
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
        line = line_of(raw)
        iid = self.ident(raw, where, "题目")
        where = iid or where
        kind = raw.get("type")
        if not _known_type(kind):
            p.add(
                where,
                f"未知的题目类型 {show(kind)}，可选：{', '.join(REGISTRY)}",
                f"unknown item type {show(kind)}; one of: {', '.join(REGISTRY)}",
                line,
            )
            self.unknown_keys(raw, all_item_keys(), where)
            return None
        every_key = all_item_keys()
        allowed = ITEM_COMMON_KEYS | item_type(kind).keys
        for key in raw:
            if key in every_key and key not in allowed:
                p.add(
                    where,
                    f"键 '{key}' 不适用于 {kind} 类型的题目",
                    f"key '{key}' does not apply to a {kind} item",
                    line,
                )
            elif key not in every_key:
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
        kind_type = item_type(kind)
        options = self.options(raw, where) if kind_type.has_options else ()
        unit = self.text(raw, "unit", where, required=kind_type.unit_required)
        lo, hi = self.bounds(raw, kind, where, len(options))
        max_length = self.positive_int(raw, "max_length", where)
        default_days = self.date_default(raw, where) if "default" in raw else None
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
            default_days=default_days if kind_type.takes_default else None,
        )

    def date_default(self, raw: dict[Any, Any], where: str) -> int | None:
        """`default:` of a date item as days after the start date; None (reported) if bad."""
        value = raw["default"]
        if value == _TODAY:
            return 0
        if isinstance(value, dict) and set(value) == {_PLUS_DAYS}:
            days = value[_PLUS_DAYS]
            if days == _RECTIFICATION:
                # A missing or bad rectification_days is reported where it is written.
                return self.rectification_days
            whole = isinstance(days, int) and not isinstance(days, bool)
            if whole and 0 <= days <= _MAX_DEFAULT_DAYS:
                return int(days)
        fixed = isinstance(value, dt.date)
        shown = value.isoformat() if fixed else show(value)
        self.p.add(
            where,
            f"default 应为 today、{{{_PLUS_DAYS}: 天数}}（0–{_MAX_DEFAULT_DAYS}）或 "
            f"{{{_PLUS_DAYS}: {_RECTIFICATION}}}，而不是 {shown}"
            + ("（默认值随检查日期而定，不能是固定日期）" if fixed else ""),
            f"default must be today, {{{_PLUS_DAYS}: N}} (0–{_MAX_DEFAULT_DAYS} days) or "
            f"{{{_PLUS_DAYS}: {_RECTIFICATION}}}, not {shown}"
            + (" (a default follows the inspection's date; it cannot be a fixed date)"
               if fixed else ""),
            line_of(raw),
        )
        return None

    def options(self, raw: dict[Any, Any], where: str) -> tuple[Option, ...]:
        result: list[Option] = []
        seen: set[str] = set()
        items = self.as_list(raw, "options", where, required=True)
        if 0 < len(items) < 2:
            self.p.add(
                where, "选择题至少需要两个选项", "a choice needs at least two options", line_of(raw)
            )
        for i, o in enumerate(items):
            ow = f"{where}.options[{i + 1}]"
            if not isinstance(o, dict):
                self.p.add(
                    ow,
                    "选项应写成 {value: …, label: {zh: …, en: …}}",
                    "an option must be {value: …, label: {zh: …, en: …}}",
                    line_of(raw),
                )
                continue
            self.unknown_keys(o, OPTION_KEYS, ow)
            value = o.get("value")
            if not isinstance(value, str) or not OPTION_VALUE_PATTERN.match(value):
                self.p.add(
                    ow,
                    f"选项值 {show(value)} 应为英文字母、数字或下划线（必要时加引号）",
                    f"option value {show(value)} must be letters, digits or _ (quote it if needed)",
                    line_of(o),
                )
                continue
            if value in seen:
                self.p.add(
                    ow, f"选项值 '{value}' 重复", f"duplicate option value '{value}'", line_of(o)
                )
            seen.add(value)
            label = self.text(o, "label", ow)
            if label:
                result.append(Option(value, label))
        return tuple(result)

    def bounds(self, raw: dict[Any, Any], kind: str, where: str, n_options: int) -> tuple[Any, Any]:
        lo, hi = raw.get("min"), raw.get("max")
        line = line_of(raw)
        bounded = item_type(kind).bounds
        if bounded == "date":
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
        elif bounded in ("number", "count"):
            whole = item_type(kind).whole
            for key, v in (("min", lo), ("max", hi)):
                if v is None:
                    continue
                if not is_number(v) or (whole and not isinstance(v, int)):
                    what_zh, what_en = ("整数", "a whole number") if whole else ("数字", "a number")
                    self.p.add(
                        where,
                        f"{key} 应为{what_zh}，而不是 {show(v)}",
                        f"{key} must be {what_en}, not {show(v)}",
                        line,
                    )
                    if key == "min":
                        lo = None
                    else:
                        hi = None
            if bounded == "count" and hi is not None and n_options and hi > n_options:
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


def load_checklist_text(text: str, source: str = "<text>") -> Checklist:
    """Parse and check a checklist from YAML text; `source` names it in problem lines."""
    bounds = size_problem(len(text.encode("utf-8", "surrogatepass")), source) or shape_problems(
        text, source
    )
    if bounds:
        raise ChecklistError(bounds)
    reader = _Reader(source)
    loader = YamlLoader(text)
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
    named = VERSIONED_NAME.match(Path(source).name)
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
        raw = read_regular_file(path, MAX_CHECKLIST_BYTES).decode("utf-8")
        # As read_text did (universal newlines): the source hash of a CRLF file stays the same.
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
    except FileTooLarge:
        raise ChecklistError(size_problem(MAX_CHECKLIST_BYTES + 1, str(path))) from None
    except NotRegularFile as exc:
        what = ("这是文件夹", "this is a folder") if exc.is_dir else (
            "这不是普通文件（管道、设备等）", "this is not a regular file (a pipe, a device…)")
        raise ChecklistError(
            [f"{path}:0: {what[0]}，不是检查表文件 ({what[1]}, not a checklist file)"]
        ) from None
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
