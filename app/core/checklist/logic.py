"""Evaluating conditions and computed arithmetic over answer values.

Conditions use three-valued logic: a comparison with an unanswered (or hidden, or invalid) item
is *unknown* (None), and all/any/not combine unknowns as SQL does. An item is shown only when its
condition is true; a violation fires only when true; a constraint fails only when false. So a
half-filled checklist neither shows findings nor errors about answers that are not there yet.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from app.core.checklist.model import (
    AllOf,
    Answered,
    AnyOf,
    Arith,
    Compare,
    Condition,
    Expr,
    Not,
    Ref,
)


def truth(cond: Condition, values: Mapping[str, Any]) -> bool | None:
    """True, False, or None (unknown) for a condition over effective answer values."""
    if isinstance(cond, Compare):
        v = values.get(cond.ref)
        if v is None:
            return None
        op = cond.op
        target = cond.value
        if isinstance(target, Ref):  # compared with another answer
            target = values.get(target.id)
            if target is None:
                return None
        if op == "equals":
            return bool(v == target)
        if op == "in":
            return v in target
        if op == "includes":
            return target in v
        try:
            if op == "gt":
                return bool(v > target)
            if op == "gte":
                return bool(v >= target)
            if op == "lt":
                return bool(v < target)
            if op == "lte":
                return bool(v <= target)
        except TypeError:  # only reachable for values the loader did not vouch for
            return None
        raise ValueError(f"unknown operator {op!r}")
    if isinstance(cond, Answered):
        return (values.get(cond.ref) is not None) == cond.expected
    if isinstance(cond, AllOf):
        result: bool | None = True
        for part in cond.parts:
            t = truth(part, values)
            if t is False:
                return False
            if t is None:
                result = None
        return result
    if isinstance(cond, AnyOf):
        result = False
        for part in cond.parts:
            t = truth(part, values)
            if t is True:
                return True
            if t is None:
                result = None
        return result
    if isinstance(cond, Not):
        t = truth(cond.part, values)
        return None if t is None else not t
    raise TypeError(f"not a condition: {cond!r}")


def compute(expr: Expr, values: Mapping[str, Any]) -> float | None:
    """The value of an arithmetic expression; None when an operand is missing or on x ÷ 0."""
    if isinstance(expr, Ref):
        v = values.get(expr.id)
        if v is None:
            return None
        return float(v)
    if isinstance(expr, Arith):
        args: list[float] = []
        for a in expr.args:
            x = compute(a, values)
            if x is None:
                return None
            args.append(x)
        if expr.op == "add":
            result = math.fsum(args)
        elif expr.op == "mul":
            result = math.prod(args)
        elif expr.op == "sub":
            result = args[0] - math.fsum(args[1:])
        elif expr.op == "div":
            result = args[0]
            for d in args[1:]:
                if d == 0:
                    return None
                result /= d
        else:
            raise ValueError(f"unknown arithmetic {expr.op!r}")
        return result if math.isfinite(result) else None
    return float(expr)


def condition_refs(cond: Condition) -> Iterator[str]:
    """Every item or computed id a condition reads."""
    if isinstance(cond, Compare):
        yield cond.ref
        if isinstance(cond.value, Ref):
            yield cond.value.id
    elif isinstance(cond, Answered):
        yield cond.ref
    elif isinstance(cond, AllOf | AnyOf):
        for part in cond.parts:
            yield from condition_refs(part)
    elif isinstance(cond, Not):
        yield from condition_refs(cond.part)


def expr_refs(expr: Expr) -> Iterator[str]:
    """Every item or computed id an expression reads."""
    if isinstance(expr, Ref):
        yield expr.id
    elif isinstance(expr, Arith):
        for a in expr.args:
            yield from expr_refs(a)
