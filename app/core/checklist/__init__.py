"""The checklist engine: load forms/*.yaml, evaluate answers, make sample answers.

The YAML format is documented in forms/README.md.
"""

from app.core.checklist.defaults import default_answers
from app.core.checklist.evaluate import Evaluation, check_answer, evaluate
from app.core.checklist.item_types import ITEM_TYPES
from app.core.checklist.load import (
    checklist_files,
    load_checklist,
    load_checklist_text,
    load_checklists,
)
from app.core.checklist.model import (
    SEVERITIES,
    WORK_ITEMS,
    Checklist,
    ChecklistError,
    Computed,
    Constraint,
    Finding,
    Item,
    Option,
    Section,
    Violation,
)
from app.core.checklist.sample import move_dates, sample_answers

__all__ = [
    "ITEM_TYPES",
    "SEVERITIES",
    "WORK_ITEMS",
    "Checklist",
    "ChecklistError",
    "Computed",
    "Constraint",
    "Evaluation",
    "Finding",
    "Item",
    "Option",
    "Section",
    "Violation",
    "check_answer",
    "checklist_files",
    "default_answers",
    "evaluate",
    "load_checklist",
    "load_checklist_text",
    "load_checklists",
    "move_dates",
    "sample_answers",
]
