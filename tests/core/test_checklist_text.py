"""Text(zh, en), the bilingual string the checklist engine (and everyone else) uses."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.text import Text


def test_get_defaults_to_chinese_and_accepts_locale_names() -> None:
    t = Text("人均居住面积", "Living area per person")
    assert t.get() == "人均居住面积"
    assert t.get("zh") == t.get("zh_CN") == "人均居住面积"
    assert t.get("en") == t.get("en_GB") == "Living area per person"


def test_falls_back_to_the_other_language_when_one_is_empty() -> None:
    assert Text("只有中文", "").get("en") == "只有中文"
    assert Text("", "English only").get("zh") == "English only"


def test_both_and_dict() -> None:
    assert Text("无照经营", "Unlicensed").both() == "无照经营 (Unlicensed)"
    assert Text("同", "同").both() == "同"
    assert Text("无照经营", "Unlicensed").to_dict() == {"zh": "无照经营", "en": "Unlicensed"}


def test_frozen_and_hashable() -> None:
    t = Text("a", "b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.zh = "c"  # type: ignore[misc]
    assert {t, Text("a", "b")} == {t}
