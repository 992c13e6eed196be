"""What can go wrong with an inspection: each a refusal a person can act on, carrying its
message as Text (zh + en) like every error of the program (app.core.errors)."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import InputRefused
from app.core.text import Text


class InspectionError(InputRefused):
    """Base of the inspection errors (command line: exit 3, nothing was changed)."""


class InspectionNotFound(InspectionError, KeyError):
    """No inspection with this id; `.inspection_id` names the id asked for."""

    def __init__(self, inspection_id: str) -> None:
        super().__init__(Text(f"找不到检查记录：{inspection_id}",
                              f"no such inspection: {inspection_id}"))
        self.inspection_id = inspection_id

    def __str__(self) -> str:  # KeyError would quote it
        return self.text.both()


class InspectionReadOnly(InspectionError):
    """A completed inspection cannot change: amend it instead."""

    def __init__(self, inspection_id: str, text: Text | None = None) -> None:
        super().__init__(text or Text(
            f"检查 {inspection_id} 已完成，不能再修改；如需改正请提交更正（写明原因）",
            f"inspection {inspection_id} is completed and read-only: amend it with a reason"))
        self.inspection_id = inspection_id


class UnknownItem(InspectionError, ValueError):
    """An answer for an item the checklist does not have."""


class AmendmentInProgress(InspectionError):
    """There is already a draft amendment of this inspection; `.draft_id` names it."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(Text(f"该检查已有未完成的更正草稿 {draft_id}",
                              f"there is already a draft amendment {draft_id}"))
        self.draft_id = draft_id


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """One item that stops completion: its id, its label and what is wrong."""

    item_id: str
    label: Text
    problems: tuple[Text, ...]


class IncompleteInspection(InspectionError):
    """Completion refused: `.missing` required items, `.invalid` answers breaking constraints."""

    def __init__(self, missing: tuple[ItemProblem, ...], invalid: tuple[ItemProblem, ...]) -> None:
        self.missing = missing
        self.invalid = invalid
        parts_zh, parts_en = [], []
        if missing:
            parts_zh.append(
                "缺少必填项：" + "、".join(f"{p.item_id}（{p.label.zh}）" for p in missing)
            )
            parts_en.append(
                "required answers missing: "
                + ", ".join(f"{p.item_id} ({p.label.en})" for p in missing)
            )
        if invalid:
            parts_zh.append(
                "答案有误："
                + "；".join(f"{p.item_id}（{p.label.zh}）：{p.problems[0].zh}" for p in invalid)
            )
            parts_en.append(
                "answers not valid: "
                + "; ".join(f"{p.item_id} ({p.label.en}): {p.problems[0].en}" for p in invalid)
            )
        super().__init__(Text("检查尚不能完成。" + "；".join(parts_zh),
                              f"cannot complete: {'; '.join(parts_en)}"))
