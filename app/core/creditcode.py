"""统一社会信用代码 (unified social credit code) check, GB 32100-2015.

18 characters: registration department (1), organisation category (1), 6-digit division code,
9-character organisation code, 1 check character. A failed check is a warning, never a refusal:
some early pilot codes are real but fail it (DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.core.text import Text

# Values 0-30; the letters I, O, S, V and Z are never used.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
# 3^(i-1) mod 31 for positions 1..17.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18
# Registration departments (登记管理部门, position 1): 1-9 (机构编制, 外交, 司法行政, 文化, 民政,
# 旅游, 宗教, 工会, 工商), N (农业, collective economic organisations) and Y (其他). DOMAIN.md
# lists a code starting with "A" as a format error, so A is not accepted here.
DEPARTMENTS = frozenset("123456789NY")

Kind = Literal["ok", "format", "check"]


@dataclass(frozen=True, slots=True)
class CreditCodeCheck:
    """The outcome of checking one code: `kind` ok, format (not a code at all) or check."""

    ok: bool
    normalized: str
    kind: Kind
    problem: Text | None


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be in the alphabet)."""
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return ALPHABET[0 if value == 31 else value]


def normalize_credit_code(code: str) -> str:
    """Upper case with spaces and dashes removed, as printed on licences."""
    return "".join(ch for ch in code.strip().upper() if ch not in " -\u3000")


def check_credit_code(code: str) -> CreditCodeCheck:
    """Check a code by GB 32100-2015: length, alphabet, division digits and check character."""
    normalized = normalize_credit_code(code)
    if len(normalized) != LENGTH:
        return _format(
            normalized,
            Text(
                f"统一社会信用代码应为18位，实为{len(normalized)}位",
                f"a credit code has 18 characters, this one has {len(normalized)}",
            ),
        )
    bad = sorted({ch for ch in normalized if ch not in VALUES})
    if bad:
        shown = "、".join(bad)
        return _format(
            normalized,
            Text(
                f"含有不允许的字符：{shown}（不使用I、O、S、V、Z）",
                f"characters not allowed: {', '.join(bad)} (I, O, S, V and Z are never used)",
            ),
        )
    if normalized[0] not in DEPARTMENTS:
        return _format(
            normalized,
            Text(
                f"第1位（登记管理部门代码）不应为{normalized[0]}",
                f"position 1 (the registration department) cannot be {normalized[0]}",
            ),
        )
    if not normalized[2:8].isdigit():
        return _format(
            normalized,
            Text(
                "第3–8位（登记管理机关行政区划码）应为数字",
                "positions 3-8 (the division code) must be digits",
            ),
        )
    expected = check_character(normalized[:17])
    if normalized[17] != expected:
        return CreditCodeCheck(
            ok=False,
            normalized=normalized,
            kind="check",
            problem=Text(
                f"校验位不符（应为{expected}），请核对营业执照后重新输入；个别早期代码可能如此，仍可保存",
                f"check character does not match (expected {expected}): re-read the licence; "
                "a few early codes fail the check, so it can still be saved",
            ),
        )
    return CreditCodeCheck(ok=True, normalized=normalized, kind="ok", problem=None)


def make_credit_code(first17: str) -> str:
    """A full code from its first 17 characters (demo data, tests)."""
    body = normalize_credit_code(first17)
    if len(body) != LENGTH - 1 or any(ch not in VALUES for ch in body):
        raise ValueError(f"not 17 credit-code characters: {first17!r}")
    return body + check_character(body)


def _format(normalized: str, problem: Text) -> CreditCodeCheck:
    return CreditCodeCheck(ok=False, normalized=normalized, kind="format", problem=problem)
