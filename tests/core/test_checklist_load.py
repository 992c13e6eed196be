"""Loading checklists: a good file loads; every mistake is reported as file:item: problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.core.checklist import ChecklistError, load_checklist, load_checklist_text, load_checklists
from app.core.checklist.model import AllOf, Compare, Not, Ref


def t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


BASE: dict[str, Any] = {
    "id": "mini",
    "version": 1,
    "work_item": "underground_group_rental",
    "title": t("小表", "Mini"),
    "legal_basis": [t("市政府令第152号", "Order 152")],
    "rectification_days": 15,
    "computed": [
        {
            "id": "per_person",
            "label": t("人均面积", "Area per person"),
            "expr": {"div": ["area", "people"]},
        }
    ],
    "sections": [
        {
            "id": "main",
            "title": t("主要", "Main"),
            "items": [
                {"id": "kind", "type": "choice", "label": t("类型", "Kind"), "options": [
                    {"value": "basement", "label": t("地下室", "Basement")},
                    {"value": "flat", "label": t("住宅", "Flat")},
                ]},
                {"id": "lived_in", "type": "yes_no_na", "label": t("住人", "Lived in")},
                {"id": "people", "type": "integer", "label": t("人数", "People"),
                 "min": 0, "max": 100, "show_if": {"item": "lived_in", "equals": "yes"}},
                {"id": "area", "type": "decimal", "label": t("面积", "Area"),
                 "unit": t("平方米", "m²"), "min": 1, "max": 500},
                {"id": "when", "type": "date", "label": t("日期", "Date")},
                {"id": "photos", "type": "photo", "label": t("照片", "Photos"),
                 "photo_min": 1, "photo_max": 3},
            ],
        }
    ],
}


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def problems_of(data: dict[str, Any] | str, source: str = "bad.yaml") -> list[str]:
    text = data if isinstance(data, str) else dump(data)
    with pytest.raises(ChecklistError) as info:
        load_checklist_text(text, source)
    assert str(info.value) == "\n".join(info.value.problems)
    return info.value.problems


def item(data: dict[str, Any], item_id: str) -> dict[str, Any]:
    for it in data["sections"][0]["items"]:
        if it["id"] == item_id:
            return it  # type: ignore[no-any-return]
    raise KeyError(item_id)


def mutated() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def one_problem(data: dict[str, Any] | str, *fragments: str, where: str) -> str:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"bad.yaml:{where}: "), problems
    for fragment in fragments:
        assert fragment in problems[0], problems
    return problems[0]


def test_base_loads_with_its_parts() -> None:
    c = load_checklist_text(dump(BASE), "mini.yaml")
    assert (c.id, c.version, c.rectification_days) == ("mini", 1, 15)
    assert c.work_item == "underground_group_rental"
    assert c.title.get("en") == "Mini" and c.title.get() == "小表"
    assert [i.id for i in c.items()] == ["kind", "lived_in", "people", "area", "when", "photos"]
    assert c.item("people").show_if == Compare("lived_in", "equals", "yes")
    assert c.item("kind").option_values() == ("basement", "flat")
    assert c.item("photos").photo_min == 1 and c.item("photos").photo_max == 3
    assert c.computed[0].expr.args == (Ref("area"), Ref("people"))  # type: ignore[union-attr]
    assert len(c.source_sha256) == 64
    assert c.key == "mini@1"
    with pytest.raises(KeyError):
        c.item("nope")


def test_yaml_syntax_error_names_the_line() -> None:
    text = dump(BASE).replace("rectification_days: 15", "rectification_days: [15")
    problems = problems_of(text)
    assert len(problems) == 1
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "rectification_days" in s)
    # The parser notices the unclosed bracket on the line after it, or at it.
    assert problems[0].startswith("bad.yaml:"), problems
    reported = int(problems[0].split(":")[1])
    assert line <= reported <= line + 2
    assert "YAML" in problems[0]


def test_yaml_duplicate_key_is_reported() -> None:
    text = dump(BASE).replace("version: 1\n", "version: 1\nversion: 2\n")
    problems = problems_of(text)
    assert any("'version'" in p and "twice" in p for p in problems), problems


def test_unknown_top_level_key() -> None:
    data = mutated()
    data["titel"] = t("拼错", "typo")
    one_problem(data, "titel", "unknown key", where="checklist")


def test_unknown_item_key_names_the_item_and_line() -> None:
    data = mutated()
    item(data, "area")["maxx"] = 3
    p = one_problem(data, "'maxx'", "unknown key", where="area")
    assert "line" in p


def test_key_that_does_not_fit_the_type() -> None:
    data = mutated()
    item(data, "lived_in")["unit"] = t("米", "m")
    one_problem(data, "'unit'", "does not apply to a yes_no_na", where="lived_in")


def test_unknown_item_type() -> None:
    data = mutated()
    item(data, "when")["type"] = "datetime"
    one_problem(data, "datetime", "unknown item type", where="when")


def test_duplicate_item_id() -> None:
    data = mutated()
    data["sections"][0]["items"].append({"id": "area", "type": "text", "label": t("重复", "Dup")})
    one_problem(data, "duplicate id", where="area")


def test_computed_id_clashing_with_an_item() -> None:
    data = mutated()
    data["computed"][0]["id"] = "people"
    problems = problems_of(data)
    assert any(p.startswith("bad.yaml:people: ") and "duplicate id" in p for p in problems)


def test_unknown_reference_in_show_if() -> None:
    data = mutated()
    item(data, "people")["show_if"] = {"item": "livedin", "equals": "yes"}
    one_problem(data, "unknown item 'livedin'", where="people")


def test_unknown_reference_in_expr() -> None:
    data = mutated()
    data["computed"][0]["expr"] = {"div": ["area", "persons"]}
    one_problem(data, "unknown item 'persons'", where="per_person")


def test_expr_on_a_non_number() -> None:
    data = mutated()
    data["computed"][0]["expr"] = {"div": ["area", "kind"]}
    one_problem(data, "'kind' is a choice", where="per_person")


def test_unknown_option_value_in_condition() -> None:
    data = mutated()
    item(data, "people")["show_if"] = {"item": "kind", "equals": "cellar"}
    one_problem(data, "can never be 'cellar'", "basement, flat", where="people")


def test_condition_value_outside_the_items_range() -> None:
    data = mutated()
    item(data, "area")["violations"] = [
        {"when": {"item": "people", "gt": 100}, "severity": "major", "finding": t("多", "Many")}
    ]
    one_problem(data, "can never be 100", where="area")


def test_condition_comparing_a_number_with_text() -> None:
    data = mutated()
    item(data, "area")["constraints"] = [{"check": {"gte": "ten"}, "message": t("大", "Big")}]
    one_problem(data, "can never be 'ten'", "compare it with a number", where="area")


def test_ordering_comparison_on_a_choice() -> None:
    data = mutated()
    item(data, "area")["show_if"] = {"item": "kind", "gt": 1}
    one_problem(data, "'gt' does not apply", where="area")


def test_show_if_cycle_is_reported_with_its_path() -> None:
    data = mutated()
    item(data, "lived_in")["show_if"] = {"item": "people", "gt": 0}
    p = one_problem(data, "cycle", where="lived_in")
    assert "people → lived_in → people" in p or "lived_in → people → lived_in" in p


def test_cycle_through_a_computed_value() -> None:
    data = mutated()
    item(data, "area")["show_if"] = {"item": "per_person", "gt": 0}
    p = one_problem(data, "cycle", where="area")
    assert "per_person" in p and "area" in p


def test_self_reference_is_a_cycle() -> None:
    data = mutated()
    item(data, "lived_in")["show_if"] = {"item": "lived_in", "equals": "yes"}
    one_problem(data, "lived_in → lived_in", where="lived_in")


def test_missing_english_translation() -> None:
    data = mutated()
    item(data, "area")["label"] = {"zh": "面积"}
    one_problem(data, "label is missing its English translation", where="area")


def test_missing_chinese_translation_in_a_finding() -> None:
    data = mutated()
    item(data, "area")["violations"] = [
        {"when": {"lt": 5}, "severity": "minor", "finding": {"zh": "", "en": "Small"}}
    ]
    one_problem(data, "finding is missing its Chinese translation", where="area.violations[1]")


def test_plain_string_where_a_translation_is_needed() -> None:
    data = mutated()
    data["title"] = "小表"
    one_problem(data, "title must be written as", where="title")


def test_unquoted_comma_in_flow_text_gets_a_hint() -> None:
    block = "title:\n  zh: 小表\n  en: Mini\n"
    text = dump(BASE).replace(block, "title: {zh: 小表, en: Mini, small}\n")
    assert "small" in text
    p = one_problem(text, "extra key 'small'", 'in quotes, e.g. en: "a, b"', where="title")
    assert "文字里有逗号或冒号时请加英文引号" in p


def test_min_greater_than_max() -> None:
    data = mutated()
    item(data, "area")["min"] = 600
    one_problem(data, "min (600) is greater than max (500)", where="area")


def test_photo_min_greater_than_photo_max() -> None:
    data = mutated()
    item(data, "photos")["photo_min"] = 5
    one_problem(data, "photo_min (5) is greater than photo_max (3)", where="photos")


@pytest.mark.parametrize("version", [0, -1, "1", 1.5, None, True])
def test_bad_version(version: Any) -> None:
    data = mutated()
    data["version"] = version
    one_problem(data, "version must be a positive whole number", where="version")


def test_unknown_work_item() -> None:
    data = mutated()
    data["work_item"] = "group_rental"
    one_problem(data, "unknown work item", where="work_item")


def test_bad_severity_and_missing_when() -> None:
    data = mutated()
    item(data, "area")["violations"] = [{"severity": "huge", "finding": t("大", "Big")}]
    problems = problems_of(data)
    assert any("severity must be one of minor, major, critical" in p for p in problems)
    assert any("missing when" in p for p in problems)


def test_file_name_must_match_id_and_version(tmp_path: Path) -> None:
    path = tmp_path / "mini.v2.yaml"
    path.write_text(dump(BASE), encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    assert info.value.problems == [
        f"{path}:id: 文件名应为 mini.v1.yaml（与 id 和 version 一致） "
        "(the file name should be mini.v1.yaml, matching id and version)"
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    data = mutated()
    data["version"] = "one"
    item(data, "area")["label"] = {"en": "Area"}
    item(data, "people")["show_if"] = {"item": "ghost", "equals": 1}
    item(data, "photos")["photo_min"] = 9
    problems = problems_of(data)
    assert len(problems) == 4, problems
    wheres = sorted(p.split(":")[1] for p in problems)
    assert wheres == ["area", "people", "photos", "version"]


def test_not_a_mapping_at_all() -> None:
    assert problems_of("- just\n- a list\n")[0].startswith("bad.yaml:: ")


def test_nested_conditions_load_into_structures() -> None:
    data = mutated()
    item(data, "area")["show_if"] = {
        "all": [{"item": "lived_in", "equals": True}, {"not": {"item": "kind", "in": ["flat"]}}]
    }
    c = load_checklist_text(dump(data), "x.yaml")
    # A bare YAML `yes` (read as true) on a yes/no item means "yes".
    assert c.item("area").show_if == AllOf(
        (Compare("lived_in", "equals", "yes"), Not(Compare("kind", "in", frozenset({"flat"}))))
    )


def test_load_checklists_reports_all_files_and_duplicate_versions(tmp_path: Path) -> None:
    (tmp_path / "mini.v1.yaml").write_text(dump(BASE), encoding="utf-8")
    copy_dir = tmp_path / "more"
    copy_dir.mkdir()
    assert [c.id for c in load_checklists(tmp_path)] == ["mini"]
    (tmp_path / "mini_copy.yaml").write_text(dump(BASE), encoding="utf-8")
    bad = mutated()
    bad["id"] = "Bad Id"
    (tmp_path / "other.yaml").write_text(dump(bad), encoding="utf-8")
    (tmp_path / "README.md").write_text("not a checklist", encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklists(tmp_path)
    text = "\n".join(info.value.problems)
    assert "mini_copy.yaml:id:" in text and "also defined in" in text
    assert "other.yaml:id:" in text and "lower-case" in text


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as info:
        load_checklist(tmp_path / "missing.yaml")
    assert "missing.yaml:0:" in info.value.problems[0]
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("id: 小表\n".encode("gbk"))
    with pytest.raises(ChecklistError) as info:
        load_checklist(gbk)
    assert "UTF-8" in info.value.problems[0]
