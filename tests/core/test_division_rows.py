"""Division rows read exactly as written, with bilingual errors naming file, line and fix; the
township kind checked against its code range only for townships (DOMAIN.md, GB/T 10114)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.divisions import Division, kind_agrees_with_code, load_divisions

HEADER = "code,name,level,kind,parent_code,year\n"
DISTRICT = "110101000000,东城区,district,区,,2023\n"
TOWNSHIP = "110101001000,东华门街道,township,街道,110101000000,2022\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "divisions.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_are_read_field_by_field(tmp_path: Path) -> None:
    rows = load_divisions(write(tmp_path, HEADER + DISTRICT + TOWNSHIP))
    assert rows == (
        Division("110101000000", "东城区", "district", "区", None, 2023),
        Division("110101001000", "东华门街道", "township", "街道", "110101000000", 2022),
    )


@pytest.mark.parametrize(
    ("rows", "line", "en"),
    [
        ("110101001000,东华门街道,district,街道,110101000000,2023\n", 3,
         "level 'district' does not match code 110101001000"),
        ("110101001000,东华门街道,township,街道,110102000000,2023\n", 3,
         "parent 110102000000 should be 110101000000"),
        ("110101001000,,township,街道,110101000000,2023\n", 3, "empty name or kind"),
        ("110101001000,东华门街道,township,,110101000000,2023\n", 3, "empty name or kind"),
        ("110101001000,东华门街道,township,街道,110101000000,x\n", 3, "bad code or year ("),
    ],
)
def test_bad_rows_say_what_in_english_too(tmp_path: Path, rows: str, line: int,
                                          en: str) -> None:
    path = write(tmp_path, HEADER + DISTRICT + rows)
    with pytest.raises(ValueError) as info:
        load_divisions(path)
    message = str(info.value)
    assert f"({path}:{line}: {en}" in message
    assert message.endswith("; fix the row as docs/divisions.md describes)")
    assert message.startswith(f"行政区划表 {path} 第 {line} 行：")


def test_a_missing_column_names_it(tmp_path: Path) -> None:
    path = write(tmp_path, "code,name,level\n110101000000,东城区,district\n")
    with pytest.raises(ValueError) as info:
        load_divisions(path)
    assert f"({path}:2: missing column 'kind'" in str(info.value)
    assert "缺少列 'kind'" in str(info.value)


@pytest.mark.parametrize(
    ("code", "level", "kind", "agrees"),
    [
        ("110101001000", "township", "街道", True),
        ("110101001000", "township", "地区", True),  # 地区办事处 numbered as a 街道
        ("110101001000", "township", "镇", False),
        ("110101100000", "township", "镇", True),
        ("110101100000", "township", "街道", False),
        ("110101200000", "township", "乡", True),
        ("110101400000", "township", "类似乡级单位", True),
        ("110101400000", "township", "未知", False),
        # Districts and communities are not judged by the township digits.
        ("110101000000", "district", "镇", True),
        ("110101001001", "community", "镇", True),
    ],
)
def test_kind_agrees_with_code(code: str, level: str, kind: str, agrees: bool) -> None:
    division = Division(code, "某地", level, kind, None, 2023)  # type: ignore[arg-type]
    assert kind_agrees_with_code(division) is agrees


def test_an_empty_name_is_named_in_chinese(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + DISTRICT + "110101001000,,township,街道,110101000000,2023\n")
    with pytest.raises(ValueError) as info:
        load_divisions(path)
    assert str(info.value).startswith(
        f"行政区划表 {path} 第 3 行：名称或类别为空；请按 docs/divisions.md")
