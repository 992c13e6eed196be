"""The answers file of `inspection new --answers FILE.json`: read within bounds, or refused.

The file comes from outside (a script, another program, a hand edit), so every way JSON can go
wrong is refused here with the file's name, before a database is opened: deep nesting (a
RecursionError before), numbers past Python's digit limit (a ValueError) or outside a float
(1e999 is inf), NaN and Infinity (not JSON; SQLite's json_valid refused them after the checks),
lone surrogates (cannot be stored as UTF-8: a UnicodeEncodeError at the write), pipes and
devices (a read that never ends), and values no item type takes (a list of lists).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from app.cli.common import InputRejected
from app.core.bounded_read import FileTooLarge, NotRegularFile, read_regular_file

MAX_ANSWERS_BYTES = 2_000_000  # a checklist has tens of items; its longest text a few hundred
MAX_ITEMS = 10_000
MAX_LIST = 1_000  # photos of an item, choices of a multiple choice
MAX_TEXT = 100_000
_MAX_DIGITS = 30  # far past the 10^15 an integer answer may reach (checklist.evaluate)


class _Unfit(ValueError):
    """A JSON value the answers file may not hold; the message says which (zh, en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def _constant(name: str) -> Any:
    raise _Unfit(f"{name} 不是数字", f"{name} is not a number")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _Unfit(f"数字过大（{len(text)} 位）", f"a number with {len(text)} digits")
    return int(text)


def _decimal(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unfit(f"数字 {text[:20]} 超出范围", f"the number {text[:20]} is out of range")
    return value


def read_answers(path: Path) -> dict[str, Any]:
    """The answers file as a JSON object of item id → answer; InputRejected naming the file."""
    try:
        raw = read_regular_file(path, MAX_ANSWERS_BYTES)
    except FileNotFoundError:
        raise InputRejected(f"找不到答案文件：{path} (answers file not found: {path})") from None
    except NotRegularFile:
        raise _rejected(path, "这不是普通文件（文件夹、管道或设备）",
                        "this is not a regular file (a folder, a pipe or a device)") from None
    except FileTooLarge:
        raise _rejected(path, f"文件超过 {MAX_ANSWERS_BYTES} 字节，不像是答案文件",
                        f"the file is over {MAX_ANSWERS_BYTES} bytes: not an answers file"
                        ) from None
    except OSError as exc:
        raise _rejected(path, f"无法读取（{exc.strerror}）", f"cannot be read ({exc.strerror})"
                        ) from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM, as Windows Notepad writes one, is fine
    except UnicodeDecodeError as exc:
        raise InputRejected(
            f"无法读取答案文件 {path}：第 {exc.start} 字节不是 UTF-8；请保存为 UTF-8 编码的 JSON "
            f"(cannot read the answers file {path}: byte {exc.start} is not UTF-8; "
            "save it as UTF-8 JSON)"
        ) from None
    try:
        data = json.loads(text, parse_constant=_constant, parse_int=_integer,
                          parse_float=_decimal)
    except json.JSONDecodeError as exc:
        raise InputRejected(
            f"答案文件 {path} 不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}） "
            f"(the answers file {path} is not valid JSON: line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})"
        ) from None
    except _Unfit as exc:
        raise _rejected(path, exc.zh, exc.en) from None
    except RecursionError:
        raise _rejected(path, "嵌套过深", "it is nested far too deep") from None
    if not isinstance(data, dict):
        raise InputRejected(
            f'答案文件 {path} 应为 JSON 对象：{{"题目编号": 答案, ...}} '
            f"(the answers file {path} must be a JSON object of item id → answer)"
        )
    _check_shape(path, data)
    return data


def _check_shape(path: Path, data: dict[str, Any]) -> None:
    """Every answer a scalar or a flat list of scalars, of bounded size, storable as UTF-8."""
    if len(data) > MAX_ITEMS:
        raise _rejected(path, f"答案超过 {MAX_ITEMS} 条", f"it holds over {MAX_ITEMS} answers")
    for key, value in data.items():
        _check_text(path, key, key)
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_LIST:
            raise _rejected(path, f"{_short(key)}：列表超过 {MAX_LIST} 项",
                            f"{_short(key)}: a list of over {MAX_LIST} values")
        for v in values:
            if isinstance(v, dict | list):
                raise _rejected(path, f"{_short(key)}：答案不能是嵌套的对象或列表",
                                f"{_short(key)}: an answer cannot be a nested object or list")
            if isinstance(v, str):
                _check_text(path, key, v)


def _check_text(path: Path, key: str, text: str) -> None:
    if len(text) > MAX_TEXT:
        raise _rejected(path, f"{_short(key)}：文字超过 {MAX_TEXT} 字",
                        f"{_short(key)}: a text of over {MAX_TEXT} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _rejected(path, f"{_short(key)}：含有无效字符（孤立的代理项 \\ud800 之类）",
                        f"{_short(key)}: holds an invalid character (a lone surrogate such "
                        "as \\ud800)") from None


def _short(key: str) -> str:
    shown = key.encode("utf-8", "backslashreplace").decode("utf-8")
    return shown if len(shown) <= 60 else shown[:60] + "…"


def _rejected(path: Path, zh: str, en: str) -> InputRejected:
    return InputRejected(f"答案文件 {path} 不能使用：{zh}；未保存任何内容 "
                         f"(the answers file {path} cannot be used: {en}; nothing saved)")
