"""Beijing divisions: the 16 districts, code levels, township kinds, the bundled NBS 2023 list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from app.core.divisions import (
    chain_of,
    children_of,
    district_of,
    districts,
    divisions_csv,
    full_code,
    full_name,
    get_division,
    is_district_code,
    kind_agrees_with_code,
    level_of,
    list_year,
    load_divisions,
    parent_of,
    township_kind,
)

DOMAIN_DISTRICTS = {
    "110101": "东城区", "110102": "西城区", "110105": "朝阳区", "110106": "丰台区",
    "110107": "石景山区", "110108": "海淀区", "110109": "门头沟区", "110111": "房山区",
    "110112": "通州区", "110113": "顺义区", "110114": "昌平区", "110115": "大兴区",
    "110116": "怀柔区", "110117": "平谷区", "110118": "密云区", "110119": "延庆区",
}  # fmt: skip

# Townships per district in the NBS 2023 list (349 in all, the count adyliu/china_area gives
# for the 2022 list; 2023 moved 首都机场街道 from 400 to 020 and renamed one unit, no more).
TOWNSHIPS_PER_DISTRICT = {
    "110101": 17, "110102": 15, "110105": 43, "110106": 26, "110107": 9, "110108": 29,
    "110109": 13, "110111": 28, "110112": 22, "110113": 25, "110114": 22, "110115": 26,
    "110116": 17, "110117": 18, "110118": 21, "110119": 18,
}  # fmt: skip

# Rows checked against a second source (docs/divisions.md): the 2023 changes from
# njzjz/prcadmin's patch, and codes unchanged since the older modood pcas-code.json.
CROSS_CHECKED = {
    "110105020000": "首都机场街道",
    "110115405000": "大兴经济开发区",
    "110106008000": "六里桥街道",
    "110108025000": "曙光街道",
    "110109101000": "潭柘寺镇",
    "110117213000": "黄松峪乡",
    "110119203000": "珍珠泉乡",
    "110107011000": "鲁谷街道",
}

# The units numbered 400–599: not 街道/镇/乡 but "like a township" (开发区, 机场).
LIKE_TOWNSHIP = {
    "110115403000", "110115404000", "110115405000", "110115406000", "110116400000",
    "110118400000",
}  # fmt: skip


def test_the_sixteen_districts() -> None:
    assert {d.district_code: d.name for d in districts()} == DOMAIN_DISTRICTS
    assert all(is_district_code(code) for code in DOMAIN_DISTRICTS)
    assert not is_district_code("110103") and not is_district_code("110101001")


def test_no_chongwen_or_xuanwu() -> None:
    # Merged into 东城 and 西城 in 2010; 崇文门外街道 keeps the old name, the districts do not.
    rows = load_divisions()
    assert not [d for d in rows if d.name in ("崇文区", "宣武区")]
    assert not [d for d in rows if d.district_code in ("110103", "110104")]
    assert get_division("110103") is None and get_division("110104") is None


def test_domain_example_chain() -> None:
    community = get_division("110101001001")
    assert community is not None and community.name == "多福巷社区"
    assert community.level == "community" and community.kind == "社区"
    street = get_division(parent_of(community.code) or "")
    assert street is not None and street.name == "东华门街道" and street.kind == "街道"
    assert district_of(community.code).name == "东城区"
    assert parent_of("110101001000") == "110101000000"
    assert parent_of("110101000000") is None
    assert [d.name for d in chain_of("110101001001")] == ["东城区", "东华门街道", "多福巷社区"]
    assert full_name("110101001001") == "东城区东华门街道多福巷社区"
    # A community the list lacks still gets its street and district.
    assert [d.name for d in chain_of("110105001024")] == ["朝阳区", "建外街道"]


def test_levels_and_township_kinds() -> None:
    assert level_of("110105") == "district"
    assert level_of("110105001") == "township"
    assert level_of("110105001000") == "township"
    assert level_of("110105001001") == "community"
    assert township_kind("110105001000") == "街道"
    assert township_kind("110105099000") == "街道"
    assert township_kind("110105100000") == "镇"
    assert township_kind("110105199000") == "镇"
    assert township_kind("110105200000") == "乡"
    assert township_kind("110105399000") == "乡"  # GB/T 10114: 200–399 are 乡
    assert township_kind("110115403000") == "类似乡级单位"
    assert township_kind("110115600000") == "其他"


def test_bundled_list_is_consistent() -> None:
    rows = load_divisions()
    codes = {d.code for d in rows}
    assert len(codes) == len(rows), "duplicate codes"
    for d in rows:
        assert d.code.startswith("11") and len(d.code) == 12
        assert d.year == 2023 and d.name
        assert d.level == level_of(d.code)
        assert d.parent_code == parent_of(d.code)
        if d.parent_code is not None:
            assert d.parent_code in codes, d
            parent = get_division(d.parent_code)
            assert parent is not None
            # The code begins with its parent's digits: 6 for a township, 9 for a community.
            width = 6 if d.level == "township" else 9
            assert d.code[:width] == parent.code[:width]
    assert list_year() == 2023
    assert divisions_csv().stat().st_size < 1_000_000


def test_every_township_of_beijing() -> None:
    townships = [d for d in load_divisions() if d.level == "township"]
    assert len(townships) == 349
    assert Counter(d.district_code for d in townships) == TOWNSHIPS_PER_DISTRICT
    for district in DOMAIN_DISTRICTS:
        assert len(children_of(district)) == TOWNSHIPS_PER_DISTRICT[district]
    for code, name in CROSS_CHECKED.items():
        division = get_division(code)
        assert division is not None and division.name == name, code
    # Codes that changed in 2023 are not kept alongside the new ones.
    assert get_division("110105400000") is None  # 首都机场街道 before 2023


def test_township_kind_column_against_the_code_range() -> None:
    townships = [d for d in load_divisions() if d.level == "township"]
    disagree = [(d.code, d.name, d.kind) for d in townships if not kind_agrees_with_code(d)]
    assert disagree == []
    for d in townships:
        # The kind is what the source's name says; 类似乡级单位 have no suffix to go by.
        if d.kind != "类似乡级单位":
            assert d.name.endswith(d.kind), d
    # 地区办事处 are the one kind that differs from the plain range rule: numbered as 街道.
    areas = [d for d in townships if d.kind == "地区"]
    assert len(areas) == 56
    assert all(township_kind(d.code) == "街道" for d in areas)
    assert {d.code for d in townships if d.kind == "类似乡级单位"} == LIKE_TOWNSHIP
    kinds = Counter(d.kind for d in townships)
    assert kinds == {"街道": 165, "地区": 56, "镇": 107, "乡": 15, "类似乡级单位": 6}


def test_communities_listed_for_a_few_streets() -> None:
    communities = [d for d in load_divisions() if d.level == "community"]
    assert {d.parent_code for d in communities} == {"110101001000", "110105020000"}
    assert all(d.kind == "社区" and d.name.endswith("社区") for d in communities)
    assert [d.name for d in children_of("110105020")][:2] == ["南路西里社区", "南路东里社区"]
    assert children_of("110101002000") == ()  # 景山街道: its communities are not bundled


def test_lookups() -> None:
    assert get_division("110105020") == get_division("110105020000")
    assert get_division("abc") is None and get_division("1101") is None
    kids = children_of("110101")
    assert [d.code for d in kids] == sorted(d.code for d in kids)
    assert kids[0].name == "东华门街道"
    assert load_divisions() is load_divisions()  # read once


def test_bad_codes() -> None:
    with pytest.raises(ValueError, match="6、9或12位"):
        full_code("1101")
    with pytest.raises(ValueError, match="不是北京市"):
        district_of("120101")  # Tianjin, not Beijing


HEADER = "code,name,level,kind,parent_code,year\n"
DISTRICT_ROW = "110101000000,东城区,district,区,,2023\n"


@pytest.mark.parametrize(
    ("rows", "message", "line"),
    [
        ("110101001000,东华门街道,district,街道,110101000000,2023\n", "层级", 3),
        ("110101001000,东华门街道,township,街道,110102000000,2023\n", "上级代码", 3),
        ("110102001000,西长安街街道,township,街道,110102000000,2023\n", "不在此行之前", 3),
        ("110101001000,东华门街道,township,街道,110101000000,2023\n" * 2, "重复", 4),
        ("11010100100,东华门街道,township,街道,110101000000,2023\n", "代码或年份无效", 3),
        ("110101001000,东华门街道,township,街道,110101000000,二〇二三\n", "代码或年份无效", 3),
        ("110101001000,,township,街道,110101000000,2023\n", "名称或类别为空", 3),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, rows: str, message: str, line: int) -> None:
    path = tmp_path / "divisions.csv"
    path.write_text(HEADER + DISTRICT_ROW + rows, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_divisions(path)
    assert str(path) in str(info.value) and f"第 {line} 行" in str(info.value)
    assert str(info.value).index("行政区划表") < str(info.value).index("fix the row")


def test_missing_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "divisions.csv"
    path.write_text("code,name,level\n110101000000,东城区,district\n", encoding="utf-8")
    with pytest.raises(ValueError, match="缺少列"):
        load_divisions(path)
