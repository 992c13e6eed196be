"""Evaluating a checklist against answers: what is shown, what is missing, what is wrong, what
was found. Called on every keystroke by the inspection editor, so it does no I/O and little work.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.checklist.logic import compute, truth
from app.core.checklist.model import Checklist, Finding, Item, Violation
from app.core.text import Text

_LARGEST = 10**15
_TOO_LARGE = Text("数字过大，请核对", "The number is too large; please check it")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Evaluation:
    """The state of one inspection's answers against its checklist."""

    visible: tuple[str, ...]
    missing_required: tuple[str, ...]
    errors: Mapping[str, tuple[Text, ...]]
    warnings: Mapping[str, tuple[Text, ...]]
    findings: tuple[Finding, ...]
    computed: Mapping[str, float | None]
    # Visible items holding a valid answer; what progress counts.
    answered: frozenset[str] = frozenset()
    _section_items: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def can_complete(self) -> bool:
        """Every visible required item answered and no constraint errors."""
        return not self.missing_required and not self.errors

    def progress(self, section_id: str) -> tuple[int, int]:
        """(answered, visible) items of one section."""
        visible = set(self.visible)
        ids = [i for i in self._section_items.get(section_id, ()) if i in visible]
        return sum(1 for i in ids if i in self.answered), len(ids)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for --json output and logs)."""
        return {
            "can_complete": self.can_complete,
            "visible": list(self.visible),
            "missing_required": list(self.missing_required),
            "errors": {k: [t.to_dict() for t in v] for k, v in self.errors.items()},
            "warnings": {k: [t.to_dict() for t in v] for k, v in self.warnings.items()},
            "findings": [
                {
                    "item_id": f.item_id,
                    "severity": f.severity,
                    "text": f.text.to_dict(),
                    "legal_basis": f.legal_basis.to_dict() if f.legal_basis else None,
                }
                for f in self.findings
            ],
            "computed": dict(self.computed),
        }


# ---- answer checking ---------------------------------------------------------------------------

_WRONG_TYPE: dict[str, Text] = {
    "yes_no_na": Text("请选择“是”“否”或“不适用”", "Choose yes, no or not applicable"),
    "choice": Text("请从选项中选择一项", "Choose one of the options"),
    "multi_choice": Text("请从选项中选择", "Choose from the options"),
    "integer": Text("应填整数", "Enter a whole number"),
    "decimal": Text("应填数字", "Enter a number"),
    "text": Text("应填文字", "Enter text"),
    "date": Text("日期格式应为 YYYY-MM-DD", "Enter a date as YYYY-MM-DD"),
    "photo": Text("照片记录无效", "The photo list is not valid"),
    "credit_code": Text("应填统一社会信用代码（18 位）", "Enter the 18-character credit code"),
}


def _fmt(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _unit(item: Item) -> tuple[str, str]:
    if item.unit is None:
        return "", ""
    return f" {item.unit.zh}", f" {item.unit.en}"


def _is_blank(raw: Any) -> bool:
    return (
        raw is None
        or (isinstance(raw, str) and not raw.strip())
        or (isinstance(raw, list | tuple) and not raw)
    )


def check_answer(item: Item, raw: Any) -> tuple[Any, list[Text]]:
    """The usable value of an answer (None when blank or invalid) and the errors it carries."""
    if _is_blank(raw):
        return None, []
    kind = item.type
    if kind in ("yes_no_na", "choice"):
        if isinstance(raw, str) and raw in item.option_values():
            return raw, []
        return None, [_WRONG_TYPE[kind]]
    if kind == "multi_choice":
        allowed = item.option_values()
        if not isinstance(raw, list | tuple) or not all(
            isinstance(v, str) and v in allowed for v in raw
        ):
            return None, [_WRONG_TYPE[kind]]
        chosen = tuple(dict.fromkeys(raw))
        errors = []
        if item.min is not None and len(chosen) < item.min:
            errors.append(Text(f"至少选择 {item.min} 项", f"Choose at least {item.min}"))
        if item.max is not None and len(chosen) > item.max:
            errors.append(Text(f"最多选择 {item.max} 项", f"Choose at most {item.max}"))
        return chosen, errors
    if kind in ("integer", "decimal"):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            return None, [_WRONG_TYPE[kind]]
        if kind == "integer" and not (isinstance(raw, int) or raw.is_integer()):
            return None, [_WRONG_TYPE[kind]]
        # Python ints are unbounded; anything past 10^15 is a typing accident, and would
        # overflow float arithmetic in computed values.
        if abs(raw) > _LARGEST or not math.isfinite(raw):
            return None, [_TOO_LARGE if abs(raw) > _LARGEST else _WRONG_TYPE[kind]]
        value: float | int = int(raw) if kind == "integer" else float(raw)
        errors = []
        uz, ue = _unit(item)
        if item.min is not None and value < item.min:
            errors.append(
                Text(f"不应小于 {_fmt(item.min)}{uz}", f"Must be at least {_fmt(item.min)}{ue}")
            )
        if item.max is not None and value > item.max:
            errors.append(
                Text(f"不应大于 {_fmt(item.max)}{uz}", f"Must be at most {_fmt(item.max)}{ue}")
            )
        return value, errors
    if kind in ("text", "credit_code"):
        if not isinstance(raw, str):
            return None, [_WRONG_TYPE[kind]]
        text = raw.strip()
        if item.max_length is not None and len(text) > item.max_length:
            return text, [
                Text(f"不应超过 {item.max_length} 个字", f"At most {item.max_length} characters")
            ]
        return text, []
    if kind == "date":
        if not isinstance(raw, str) or not _DATE.match(raw):
            return None, [_WRONG_TYPE[kind]]
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            return None, [_WRONG_TYPE[kind]]
        errors = []
        if item.min is not None and raw < item.min:
            errors.append(Text(f"不应早于 {item.min}", f"Must not be before {item.min}"))
        if item.max is not None and raw > item.max:
            errors.append(Text(f"不应晚于 {item.max}", f"Must not be after {item.max}"))
        return raw, errors
    if kind == "photo":
        if not isinstance(raw, list | tuple) or not all(
            isinstance(h, str) and _SHA256.match(h) for h in raw
        ):
            return None, [_WRONG_TYPE[kind]]
        photos = tuple(dict.fromkeys(raw))
        if item.photo_max is not None and len(photos) > item.photo_max:
            return photos, [
                Text(f"最多 {item.photo_max} 张照片", f"At most {item.photo_max} photos")
            ]
        return photos, []
    return None, [_WRONG_TYPE.get(kind, Text("无效的回答", "Invalid answer"))]


_credit_check: Callable[[str], Any] | None = None


def _credit_code_warning(code: str) -> Text | None:
    """The GB 32100 check's complaint about a code, if any (a warning: some real codes fail)."""
    global _credit_check
    if _credit_check is None:
        # Imported on first use: the credit-code module is its own piece of the core.
        from app.core.creditcode import check_credit_code

        _credit_check = check_credit_code
    result = _credit_check(code)
    if result.ok:
        return None
    problem: Text | None = result.problem
    reread = Text("请核对营业执照后重新输入", "please re-read the licence")
    if problem is None:
        return Text(
            f"信用代码校验未通过，{reread.zh}", f"The credit code fails its check; {reread.en}"
        )
    return Text(f"{problem.zh}；{reread.zh}", f"{problem.en}; {reread.en}")


# ---- evaluation -----------------------------------------------------------------------------


def evaluate(checklist: Checklist, answers: Mapping[str, Any]) -> Evaluation:
    """Evaluate answers against a checklist; never raises on bad answers (they become errors)."""
    items = checklist._items
    gates = checklist._gates
    values: dict[str, Any] = {}  # effective values: None for hidden, blank or invalid answers
    shown: set[str] = set()
    errors: dict[str, list[Text]] = {}
    computed: dict[str, float | None] = {}
    computed_defs = {c.id: c for c in checklist.computed}

    # Visibility and computed values in dependency order; a hidden item's answer is ignored.
    for node in checklist._order:
        item = items.get(node)
        if item is None:
            computed[node] = values[node] = compute(computed_defs[node].expr, values)
            continue
        gate = gates.get(node)
        if gate is not None and truth(gate, values) is not True:
            values[node] = None
            continue
        shown.add(node)
        value, problems = check_answer(item, answers.get(node))
        values[node] = value
        if problems:
            errors[node] = problems

    visible: list[str] = []
    missing: list[str] = []
    answered: set[str] = set()
    warnings: dict[str, list[Text]] = {}
    findings: list[Finding] = []
    for item in checklist.items():
        iid = item.id
        if iid not in shown:
            continue
        visible.append(iid)
        value = values[iid]
        if value is None:
            if item.required and iid not in errors:
                missing.append(iid)
        else:
            answered.add(iid)
            for constraint in item.constraints:
                if truth(constraint.check, values) is False:
                    target = errors if constraint.severity == "error" else warnings
                    target.setdefault(iid, []).append(constraint.message)
            if item.type == "photo" and len(value) < item.photo_min:
                # A required photo slot must reach its minimum; an optional one only suggests it.
                n = item.photo_min
                target = errors if item.required else warnings
                target.setdefault(iid, []).append(
                    Text(f"至少需要 {n} 张照片", f"At least {n} photos are needed")
                )
            elif item.type == "credit_code":
                warning = _credit_code_warning(value)
                if warning is not None:
                    warnings.setdefault(iid, []).append(warning)
        _fire(item.violations, iid, values, findings)
    for c in checklist.computed:
        if computed[c.id] is not None:
            _fire(c.violations, c.id, values, findings)

    return Evaluation(
        visible=tuple(visible),
        missing_required=tuple(missing),
        errors={k: tuple(v) for k, v in errors.items()},
        warnings={k: tuple(v) for k, v in warnings.items()},
        findings=tuple(findings),
        computed=computed,
        answered=frozenset(answered),
        _section_items=checklist._section_items,
    )


def _fire(
    violations: tuple[Violation, ...], owner: str, values: Mapping[str, Any], out: list[Finding]
) -> None:
    for v in violations:
        if truth(v.when, values) is True:
            out.append(Finding(owner, v.severity, v.finding, v.legal_basis))
