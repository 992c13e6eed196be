"""Evaluating a checklist against answers: what is shown, what is missing, what is wrong, what
was found. Called on every keystroke by the inspection editor, so it does no I/O and little work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.checklist.item_types import check_answer
from app.core.checklist.logic import compute, condition_refs, truth
from app.core.checklist.model import Checklist, Finding, Violation
from app.core.text import Text


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
                    "order_basis": f.order_basis.to_dict() if f.order_basis else None,
                    "rectification_days": f.rectification_days,
                    "ordered": f.ordered,
                }
                for f in self.findings
            ],
            "computed": dict(self.computed),
        }


# ---- answer checking: one class per item type (app.core.checklist.item_types) ---------------

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
        if problems:
            # An answer outside its item's bounds (0 people where at least 1 is asked) is not an
            # answer: it is shown with its error, and feeds no computed value or finding.
            errors[node] = problems
            value = None
        values[node] = value

    visible: list[str] = []
    missing: list[str] = []
    answered: set[str] = set()
    warnings: dict[str, list[Text]] = {}
    findings: list[Finding] = []
    # Answers that contradict each other (more bunk beds than beds): each failing constraint's
    # item and the items its check names stop feeding computed values and findings until the
    # inspector resolves the contradiction; they count as not answered.
    contradicted: set[str] = set()
    for item in checklist.items():
        if item.id not in shown or values[item.id] is None:
            continue
        for constraint in item.constraints:
            if truth(constraint.check, values) is False:
                target = errors if constraint.severity == "error" else warnings
                target.setdefault(item.id, []).append(constraint.message)
                if constraint.severity == "error":
                    contradicted.add(item.id)
                    contradicted.update(condition_refs(constraint.check))
    if contradicted:
        for iid in contradicted & shown:
            values[iid] = None
        for node in checklist._order:  # computed values again, without the contradiction
            if node in computed_defs:
                computed[node] = values[node] = compute(computed_defs[node].expr, values)
    for item in checklist.items():
        iid = item.id
        if iid not in shown:
            continue
        visible.append(iid)
        value = values[iid]
        if value is None:
            if item.required and iid not in errors and iid not in contradicted:
                missing.append(iid)
        else:
            answered.add(iid)
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
            out.append(Finding(owner, v.severity, v.finding, v.legal_basis, v.order_basis,
                               v.rectification_days, v.ordered))
