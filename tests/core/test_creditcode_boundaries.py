"""Credit codes at the edges of GB 32100-2015: the check value's wrap from 31 to 0, the first
and last letters of the alphabet, the registration departments, the division digits, and the
messages an inspector reads (DOMAIN.md vectors in test_creditcode.py)."""

from __future__ import annotations

import pytest

from app.core.creditcode import (
    ALPHABET,
    VALUES,
    WEIGHTS,
    check_character,
    check_credit_code,
    make_credit_code,
    normalize_credit_code,
)
from app.core.text import Text


def test_alphabet_and_values() -> None:
    assert ALPHABET == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert VALUES["0"] == 0 and VALUES["A"] == 10 and VALUES["Y"] == 30
    assert not set("IOSVZ") & set(VALUES)


def test_a_sum_divisible_by_31_gives_check_character_0() -> None:
    body = "91110000600030002"
    assert sum(VALUES[c] * w for c, w in zip(body, WEIGHTS, strict=True)) % 31 == 0
    assert check_character(body) == "0"
    assert check_credit_code(body + "0").ok


def test_a_remainder_of_1_gives_the_last_character() -> None:
    body = "91110000600030021"
    assert sum(VALUES[c] * w for c, w in zip(body, WEIGHTS, strict=True)) % 31 == 1
    assert check_character(body) == "Y"  # value 30
    assert check_credit_code(body + "Y").ok
    assert check_credit_code(body + "0").kind == "check"


@pytest.mark.parametrize("first", list("123456789NY"))
def test_every_registration_department_is_accepted(first: str) -> None:
    code = make_credit_code(first + "1110000600037341")
    assert check_credit_code(code).ok


@pytest.mark.parametrize("first", list("0ABMX"))
def test_other_first_characters_are_a_format_error(first: str) -> None:
    body = first + "1110000600037341"
    result = check_credit_code(body + check_character(body))
    assert result.kind == "format"
    assert result.problem == Text(f"第1位（登记管理部门代码）不应为{first}",
                                  f"position 1 (the registration department) cannot be {first}")


@pytest.mark.parametrize("position", range(2, 8))
def test_a_letter_in_the_division_code_is_a_format_error(position: int) -> None:
    body = list("91110000600037341")
    body[position] = "A"
    code = "".join(body)
    result = check_credit_code(code + check_character(code))
    assert result.kind == "format"
    assert result.problem is not None and "positions 3-8" in result.problem.en


def test_letters_are_fine_outside_the_division_code() -> None:
    # Position 2 (organisation category) and the organisation code may hold letters.
    assert check_credit_code(make_credit_code("9A110000MA0037341")).ok


@pytest.mark.parametrize(("code", "length"), [("9111000060003734", 16),
                                              ("91110000600037341", 17),
                                              ("91110000600037341LL", 19)])
def test_length_message_counts_the_characters(code: str, length: int) -> None:
    result = check_credit_code(code)
    assert result.kind == "format"
    assert result.problem == Text(f"统一社会信用代码应为18位，实为{length}位",
                                  f"a credit code has 18 characters, this one has {length}")


def test_forbidden_letters_are_named_once_each_in_order() -> None:
    result = check_credit_code("9111000060003IOZSO")
    assert result.problem is not None
    assert result.problem.en.startswith("characters not allowed: I, O, S, Z (")
    assert "I、O、S、Z" in result.problem.zh


def test_check_failure_is_a_check_not_a_format_error() -> None:
    result = check_credit_code("91110000600037341N")
    assert (result.ok, result.kind, result.normalized) == (False, "check", "91110000600037341N")
    assert result.problem is not None
    assert result.problem.en.startswith("check character does not match (expected L)")


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [(" 9111-0000-6000-3734-1l ", "91110000600037341L"),
     ("\u30009111 0000 6000 3734 1L\u3000", "91110000600037341L"),
     ("9111\u300000006000\u300037341L", "91110000600037341L")],
)
def test_normalization_of_printed_codes(raw: str, normalized: str) -> None:
    assert normalize_credit_code(raw) == normalized
    assert check_credit_code(raw).ok


@pytest.mark.parametrize("bad", ["9111000060003734", "911100006000373411", "9111000060003734I"])
def test_make_credit_code_refuses_what_is_not_17_characters(bad: str) -> None:
    with pytest.raises(ValueError, match="not 17 credit-code characters"):
        make_credit_code(bad)


def test_make_credit_code_normalizes_first() -> None:
    assert make_credit_code("9111-0000-6000-3734-1") == "91110000600037341L"


@pytest.mark.parametrize("code", ["9111000060003734", "9111000060003IOZSO", "01110000600037341L",
                                  "91ABCDEF600037341L"])
def test_a_format_error_is_not_ok_and_keeps_what_was_typed(code: str) -> None:
    result = check_credit_code(code.lower())
    assert result.ok is False and result.kind == "format"
    assert result.normalized == code


@pytest.mark.parametrize("body", ["9111000060003734", "911100006000373411", ""])
def test_the_check_character_needs_exactly_17_characters(body: str) -> None:
    with pytest.raises(ValueError):
        check_character(body)


def test_the_messages_an_inspector_reads() -> None:
    division = check_credit_code(make_credit_code("91ABCDEF600037341")).problem
    assert division == Text("第3–8位（登记管理机关行政区划码）应为数字",
                            "positions 3-8 (the division code) must be digits")
    check = check_credit_code("91110000600037341N").problem
    assert check == Text(
        "校验位不符（应为L），请核对营业执照后重新输入；个别早期代码可能如此，仍可保存",
        "check character does not match (expected L): re-read the licence; "
        "a few early codes fail the check, so it can still be saved")
