"""GB 32100-2015 credit-code check: the DOMAIN.md vectors and the check as a property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.creditcode import (
    ALPHABET,
    DEPARTMENTS,
    WEIGHTS,
    check_credit_code,
    make_credit_code,
)


@pytest.mark.parametrize(
    "code",
    ["91110000600037341L", "91110000710926094P", "121200004013590816", "91620105L015101280"],
)
def test_valid_vectors(code: str) -> None:
    result = check_credit_code(code)
    assert result.ok and result.kind == "ok" and result.problem is None
    assert result.normalized == code


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("91110000600037341N", "check"),
        ("A1110000600037341L", "format"),
        ("9111000060003IOZSV", "format"),
        ("", "format"),
        ("91110000600037341", "format"),
        ("91110000600037341LL", "format"),
        ("91ABCDEF600037341L", "format"),
    ],
)
def test_invalid_vectors(code: str, kind: str) -> None:
    result = check_credit_code(code)
    assert not result.ok
    assert result.kind == kind
    assert result.problem is not None and result.problem.zh and result.problem.en


def test_check_failure_names_the_expected_character_and_allows_saving() -> None:
    problem = check_credit_code("91110000600037341N").problem
    assert problem is not None
    assert "L" in problem.zh and "仍可保存" in problem.zh
    assert "expected L" in problem.en


def test_normalizes_case_and_spaces() -> None:
    result = check_credit_code(" 9111 0000 6000 3734 1l ")
    assert result.ok and result.normalized == "91110000600037341L"


def test_weights_are_powers_of_three() -> None:
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(ALPHABET) == 31 and not set("IOSVZ") & set(ALPHABET)


bodies = st.builds(
    lambda dept, cat, div, org: dept + cat + div + org,
    st.sampled_from(sorted(DEPARTMENTS)),
    st.sampled_from("123459"),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
)


@given(bodies)
def test_any_generated_code_checks_ok(body: str) -> None:
    assert check_credit_code(make_credit_code(body)).ok


@given(bodies, st.integers(0, 17), st.sampled_from(ALPHABET + "IOSVZ"))
def test_any_single_character_change_is_caught(body: str, position: int, new: str) -> None:
    code = make_credit_code(body)
    if code[position] == new:
        return
    changed = code[:position] + new + code[position + 1 :]
    assert not check_credit_code(changed).ok
