"""Reading the rules of a checklist: constraints, violations, computed values, conditions and
arithmetic, each checked against the items it names; and the order they are evaluated in."""

from __future__ import annotations

from typing import Any

from app.core.checklist.logic import condition_refs, expr_refs
from app.core.checklist.model import (
    SEVERITIES,
    AllOf,
    Answered,
    AnyOf,
    Arith,
    Compare,
    Computed,
    Condition,
    Constraint,
    Expr,
    Not,
    Ref,
    Section,
    Violation,
)
from app.core.checklist.read_base import (
    ARITHMETIC,
    COMPARISONS,
    COMPUTED_KEYS,
    CONSTRAINT_KEYS,
    LOGIC,
    MAX_DAYS,
    VIOLATION_KEYS,
    BaseReader,
    Spec,
    is_number,
    is_numeric,
    line_of,
    ops_for,
    show,
)


class RuleReader(BaseReader):
    """Reads rule structures; needs `specs` (every item and computed id) filled first."""

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
                    line_of(raw),
                )
                continue
            self.unknown_keys(c, CONSTRAINT_KEYS, cw)
            severity = c.get("severity", "error")
            if severity not in ("error", "warning"):
                self.p.add(
                    cw,
                    f"severity 应为 error 或 warning，而不是 {show(severity)}",
                    f"severity must be error or warning, not {show(severity)}",
                    line_of(c),
                )
            message = self.text(c, "message", cw)
            if "check" not in c:
                self.p.add(
                    cw,
                    "缺少 check（必须成立的条件）",
                    "missing check (the condition that must hold)",
                    line_of(c),
                )
                continue
            check = self.condition(c["check"], where, "check", owner, line_of(c))
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
                    line_of(raw),
                )
                continue
            self.unknown_keys(v, VIOLATION_KEYS, vw)
            severity = v.get("severity")
            if severity not in SEVERITIES:
                self.p.add(
                    vw,
                    f"severity 应为 {' / '.join(SEVERITIES)}，而不是 {show(severity)}",
                    f"severity must be one of {', '.join(SEVERITIES)}, not {show(severity)}",
                    line_of(v),
                )
            finding = self.text(v, "finding", vw)
            legal = self.text(v, "legal_basis", vw, required=False)
            order = self.text(v, "order_basis", vw, required=False)
            days = self.positive_int(v, "rectification_days", vw, zero_ok=True, most=MAX_DAYS)
            ordered = v.get("ordered", True)
            if not isinstance(ordered, bool):
                self.p.add(
                    vw,
                    f"ordered 应为 true 或 false，而不是 {show(ordered)}",
                    f"ordered must be true or false, not {show(ordered)}",
                    line_of(v),
                )
                ordered = True
            if finding and legal is None and "legal_basis" not in v:
                self.p.warn(
                    where,
                    f"提醒：问题“{finding.zh}”没有法律依据（legal_basis）",
                    f'warning: finding "{finding.en}" has no legal basis',
                    line_of(v),
                )
            if "when" not in v:
                self.p.add(
                    vw,
                    "缺少 when（何时构成违规）",
                    "missing when (the condition that is a violation)",
                    line_of(v),
                )
                continue
            when = self.condition(v["when"], where, "when", owner, line_of(v))
            if when and finding and severity in SEVERITIES:
                result.append(
                    Violation(when, str(severity), finding, legal, order, days, ordered)
                )
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
        # Not a text (`section: [a]`): unhashable, the set lookup raised TypeError.
        if section is not None and (not isinstance(section, str)
                                    or section not in self.section_ids):
            self.p.add(
                where,
                f"section 引用了不存在的章节 {show(section)}",
                f"section refers to an unknown section {show(section)}",
                line_of(raw),
            )
        expr: Expr | None = None
        if "expr" not in raw:
            self.p.add(
                where, "缺少 expr（计算公式）", "missing expr (the arithmetic)", line_of(raw)
            )
        else:
            expr = self.expr(raw["expr"], where, line_of(raw))
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
        line = line_of(raw) or line
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
                f"{key} 引用了不存在的题目 {show(ref)}",
                f"{key} refers to an unknown item {show(ref)}",
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
        if op not in ops_for(spec.kind):
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
        spec: Spec,
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
        numeric = is_numeric(spec.kind) and is_numeric(other_spec.kind)
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
        self, value: Any, spec: Spec, ref: str, op: str, where: str, key: str, line: int | None
    ) -> Any:
        """The comparison value, normalised; None (with a problem) if the item cannot have it."""
        p = self.p
        kind = spec.kind

        def cannot(zh_why: str, en_why: str) -> None:
            p.add(
                where,
                f"{key}: '{ref}' 不可能取值 {show(value)}（{zh_why}）",
                f"{key}: '{ref}' can never be {show(value)} ({en_why})",
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
        if is_numeric(kind):
            if not is_number(value):
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
    def out_of_range(v: Any, op: str, spec: Spec) -> bool:
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
        if is_number(raw):
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
            if not is_numeric(spec.kind):
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
            line = line_of(raw) or line
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
