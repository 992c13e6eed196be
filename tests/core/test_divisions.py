"""Beijing divisions: the 16 districts, code levels, township kinds, the bundled list."""

from __future__ import annotations

import pytest

from app.core.divisions import (
    children_of,
    district_of,
    districts,
    full_code,
    get_division,
    level_of,
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


def test_the_sixteen_districts() -> None:
    assert {d.district_code: d.name for d in districts()} == DOMAIN_DISTRICTS


def test_domain_example_chain() -> None:
    community = get_division("110101001001")
    assert community is not None and community.name == "多福巷社区"
    assert community.level == "community"
    street = get_division(parent_of(community.code) or "")
    assert street is not None and street.name == "东华门街道" and street.kind == "街道"
    assert district_of(community.code).name == "东城区"
    assert parent_of("110101001000") == "110101000000"
    assert parent_of("110101000000") is None


def test_levels_and_township_kinds() -> None:
    assert level_of("110105") == "district"
    assert level_of("110105001000") == "township"
    assert level_of("110105001001") == "community"
    assert township_kind("110105001000") == "街道"
    assert township_kind("110105100000") == "镇"
    assert township_kind("110105200000") == "乡"


def test_bundled_list_is_consistent() -> None:
    rows = load_divisions()
    codes = {d.code for d in rows}
    assert len(codes) == len(rows), "duplicate codes"
    for d in rows:
        assert d.year >= 2020
        assert d.level == level_of(d.code)
        assert d.parent_code == parent_of(d.code)
        assert d.parent_code is None or d.parent_code in codes
        if d.level == "township":
            assert d.kind == township_kind(d.code)
            assert d.name.endswith(d.kind)
    for district in ("110101", "110102", "110105", "110106", "110108"):
        assert len(children_of(district)) >= 5, district


def test_bad_codes() -> None:
    with pytest.raises(ValueError):
        full_code("1101")
    with pytest.raises(ValueError):
        district_of("120101")  # Tianjin, not Beijing
    assert get_division("abc") is None
