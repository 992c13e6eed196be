"""A violation's legal basis, the provision empowering the order, its own period and whether it
is ordered at all: read from YAML (with `file:item: problem` refusals), passed through evaluate,
and the shipped newest versions give every finding a basis (docs/legal-basis.md)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from app.core.checklist import (
    ChecklistError,
    Finding,
    evaluate,
    load_checklist,
    load_checklist_text,
)
from app.core.text import Text
from app.paths import forms_dir


def t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


LAW = t("《某条例》第一条", "Some regulations, art. 1")
ORDER = t("《某条例》第九条（责令改正）", "Some regulations, art. 9 (order to put it right)")

BASE: dict[str, Any] = {
    "id": "mini",
    "version": 1,
    "work_item": "underground_group_rental",
    "title": t("小表", "Mini"),
    "legal_basis": [t("《某条例》", "Some regulations")],
    "rectification_days": 15,
    "sections": [
        {
            "id": "main",
            "title": t("主要", "Main"),
            "items": [
                {
                    "id": "exits",
                    "type": "integer",
                    "label": t("安全出口", "Exits"),
                    "min": 0,
                    "max": 9,
                    "violations": [
                        {
                            "when": {"equals": 0},
                            "severity": "critical",
                            "finding": t("无安全出口", "No exit"),
                            "legal_basis": LAW,
                            "order_basis": ORDER,
                            "rectification_days": 0,
                        }
                    ],
                },
                {
                    "id": "vendors",
                    "type": "integer",
                    "label": t("游商", "Vendors"),
                    "min": 0,
                    "max": 99,
                    "violations": [
                        {
                            "when": {"gt": 0},
                            "severity": "minor",
                            "finding": t("存在游商", "Vendors seen"),
                            "legal_basis": LAW,
                            "ordered": False,
                        }
                    ],
                },
                {
                    "id": "sign",
                    "type": "yes_no_na",
                    "label": t("公示", "Sign"),
                    "violations": [
                        {
                            "when": {"equals": "no"},
                            "severity": "minor",
                            "finding": t("未公示", "Not posted"),
                        }
                    ],
                },
            ],
        }
    ],
}


class _Written(yaml.SafeDumper):
    """Writes shared texts out in full (a checklist may not use anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def load(data: dict[str, Any]) -> Any:
    text = yaml.dump(data, Dumper=_Written, allow_unicode=True, sort_keys=False)
    return load_checklist_text(text, "m.yaml")


def with_violation(index: int, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["sections"][0]["items"][index]["violations"][0].update(changes)
    return data


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ChecklistError) as caught:
        load(data)
    return caught.value.problems


def test_the_keys_are_read_onto_the_violation() -> None:
    checklist = load(BASE)
    (exit_rule,) = checklist.item("exits").violations
    assert exit_rule.legal_basis == Text(**LAW)
    assert exit_rule.order_basis == Text(**ORDER)
    assert exit_rule.rectification_days == 0 and exit_rule.ordered is True
    (vendor_rule,) = checklist.item("vendors").violations
    assert vendor_rule.ordered is False
    assert vendor_rule.order_basis is None and vendor_rule.rectification_days is None
    (sign_rule,) = checklist.item("sign").violations
    assert sign_rule.legal_basis is None and sign_rule.ordered is True


def test_evaluate_passes_them_through() -> None:
    checklist = load(BASE)
    findings = {f.item_id: f for f in evaluate(checklist, {"exits": 0, "vendors": 3}).findings}
    assert findings["exits"] == Finding(
        "exits", "critical", Text("无安全出口", "No exit"), Text(**LAW), Text(**ORDER), 0, True
    )
    assert findings["vendors"].ordered is False
    assert findings["vendors"].rectification_days is None
    as_json = evaluate(checklist, {"exits": 0}).to_dict()["findings"][0]
    assert as_json["order_basis"] == ORDER and as_json["rectification_days"] == 0
    assert as_json["ordered"] is True


@pytest.mark.parametrize("days", [0, 1, 3650])
def test_rectification_days_from_zero(days: int) -> None:
    (rule,) = load(with_violation(0, rectification_days=days)).item("exits").violations
    assert rule.rectification_days == days


@pytest.mark.parametrize("days", [-1, 3651, 1.5, "3", True, None])
def test_rectification_days_refused(days: Any) -> None:
    data = with_violation(0, rectification_days=days)
    if days is None:  # `rectification_days:` with nothing after it: the checklist's period
        (rule,) = load(data).item("exits").violations
        assert rule.rectification_days is None
        return
    found = problems(data)
    assert len(found) == 1
    assert found[0].startswith("m.yaml:exits.violations[1]: rectification_days 应为 0 到 3650")
    assert "rectification_days must be a whole number from 0 to 3650" in found[0]


@pytest.mark.parametrize("ordered", ["no", "false", 0, 1, None, []])
def test_ordered_must_be_true_or_false(ordered: Any) -> None:
    found = problems(with_violation(1, ordered=ordered))
    assert len(found) == 1
    assert found[0].startswith("m.yaml:vendors.violations[1]: ordered 应为 true 或 false")
    assert "ordered must be true or false" in found[0]


def test_order_basis_needs_both_languages() -> None:
    found = problems(with_violation(0, order_basis={"zh": "《某条例》"}))
    assert found == [
        f"m.yaml:exits.violations[1]: order_basis 缺少英文翻译 (en) "
        f"(order_basis is missing its English translation (en)) [第 {found[0].split('第 ')[1]}"
    ]


def test_checklist_order_basis_is_the_default() -> None:
    data = copy.deepcopy(BASE)
    data["order_basis"] = t("《某条例》第十条", "Some regulations, art. 10")
    checklist = load(data)
    assert checklist.order_basis == Text("《某条例》第十条", "Some regulations, art. 10")
    found = {f.item_id: f for f in evaluate(checklist, {"exits": 0, "sign": "no"}).findings}
    assert checklist.order_basis_for(found["exits"]) == Text(**ORDER)
    assert checklist.order_basis_for(found["sign"]) == checklist.order_basis
    assert checklist.days_for(found["exits"]) == 0
    assert checklist.days_for(found["sign"]) == 15
    assert load(BASE).order_basis is None


def test_a_finding_without_a_basis_is_a_warning_not_a_problem() -> None:
    checklist = load(BASE)
    assert len(checklist.warnings) == 1
    (warning,) = checklist.warnings
    assert warning.startswith("m.yaml:sign: 提醒：问题“未公示”没有法律依据")
    assert 'warning: finding "Not posted" has no legal basis' in warning
    assert "[第 " in warning  # the line of the violation
    # The warning is not part of the checklist's identity.
    assert checklist == load(BASE)


def test_a_computed_value_finding_is_warned_about_under_its_id() -> None:
    data = copy.deepcopy(BASE)
    data["computed"] = [
        {
            "id": "half",
            "label": t("一半", "Half"),
            "expr": {"div": ["exits", 2]},
            "violations": [
                {"when": {"lt": 1}, "severity": "minor", "finding": t("太少", "Too few")}
            ],
        }
    ]
    assert any(w.startswith("m.yaml:half: 提醒") for w in load(data).warnings)


LATEST = ("storefront_opening.v3.yaml", "street_order.v3.yaml", "underground_group_rental.v3.yaml")


@pytest.mark.parametrize("name", LATEST)
def test_every_shipped_finding_has_a_basis(name: str) -> None:
    checklist = load_checklist(forms_dir() / name)
    assert checklist.warnings == ()
    rules = [v for it in checklist.items() for v in it.violations]
    rules += [v for c in checklist.computed for v in c.violations]
    assert rules and all(v.legal_basis is not None for v in rules)
    assert all(v.rectification_days is None or v.rectification_days >= 0 for v in rules)


def test_shipped_critical_fire_findings_are_ordered_at_once() -> None:
    checklist = load_checklist(forms_dir() / "underground_group_rental.v3.yaml")
    at_once = {
        it.id
        for it in checklist.items()
        for v in it.violations
        if v.rectification_days == 0
    }
    assert at_once == {"exits", "exits_blocked", "cooking"}
    for item_id in at_once:
        for v in checklist.item(item_id).violations:
            assert v.severity == "critical"
            assert v.order_basis is not None and "第五十四条" in v.order_basis.zh


def test_shipped_vendors_seen_are_a_patrol_observation() -> None:
    checklist = load_checklist(forms_dir() / "street_order.v3.yaml")
    not_ordered = [
        (it.id, v.finding.zh)
        for it in checklist.items()
        for v in it.violations
        if not v.ordered
    ]
    assert not_ordered == [("mobile_vendors", "巡查路段存在游商（流动摊贩）")]
    findings = evaluate(checklist, {"mobile_vendors": 2}).findings
    assert [(f.item_id, f.ordered) for f in findings] == [("mobile_vendors", False)]
