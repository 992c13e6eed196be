"""One error base class (issue 8.2): every error a person can act on carries its message as
Text, so the window shows one language and the command line both."""

from __future__ import annotations

import pytest

from app.core.errors import AppError, InputRefused
from app.core.text import Text


@pytest.mark.parametrize(("message", "zh", "en"), [
    ("未知的检查表 x；已有：a、b (unknown checklist x; known: a, b)",
     "未知的检查表 x；已有：a、b", "unknown checklist x; known: a, b"),
    ("中文 (English (nested) here)", "中文", "English (nested) here"),
    ("找不到场所 (no such site): X", "找不到场所 (no such site): X",
     "找不到场所 (no such site): X"),  # English in the middle: kept whole in both
    ("只有中文（全角括号）", "只有中文（全角括号）", "只有中文（全角括号）"),
    ("路径 (目录)", "路径 (目录)", "路径 (目录)"),  # no English in the brackets
])
def test_a_combined_message_is_split_where_it_can_be(message: str, zh: str, en: str) -> None:
    text = Text.from_both(message)
    assert (text.zh, text.en) == (zh, en)
    assert text.both() == message  # the command line prints what it printed before


def test_the_program_errors_share_the_base() -> None:
    from app.core.checklist import ChecklistError
    from app.fonts import FontNotFound
    from app.media.errors import PhotoRejected
    from app.reports.gather import InspectionMissing, NoticeNotPossible
    from app.reports.output import ReportError
    from app.store.checklists import ChecklistVersionConflict, UnknownForm
    from app.store.inspection_errors import InspectionError
    from app.store.sites import InvalidSite, SiteNotFound
    from app.store.sqlite_errors import DatabaseError

    for cls in (ChecklistError, FontNotFound, PhotoRejected, InspectionMissing,
                NoticeNotPossible, ReportError, ChecklistVersionConflict, UnknownForm,
                InspectionError, InvalidSite, SiteNotFound, DatabaseError):
        assert issubclass(cls, AppError), cls
    for cls in (ChecklistError, PhotoRejected, UnknownForm, InspectionError, SiteNotFound,
                InvalidSite):
        assert issubclass(cls, InputRefused), cls  # the command line's exit 3
    error = InvalidSite("经纬度要同时填写 (give both latitude and longitude, or neither)")
    assert error.text.get("en") == "give both latitude and longitude, or neither"
    assert error.text.get("zh") == "经纬度要同时填写"
