"""The program's one error base: its message is the bilingual text, its exit code the CLI's."""

from __future__ import annotations

from app.core.errors import EXIT_FAILURE, EXIT_REJECTED, AppError, InputRefused
from app.core.text import Text


def test_an_error_carries_its_text_and_prints_both_languages() -> None:
    text = Text("数据库文件只读", "the database file is read-only")
    error = AppError(text)
    assert error.text is text
    assert str(error) == "数据库文件只读 (the database file is read-only)"
    assert (AppError.exit_code, EXIT_FAILURE) == (1, 1)


def test_refused_input_exits_with_3() -> None:
    error = InputRefused(Text("照片已损坏", "the photo is damaged"))
    assert isinstance(error, AppError)
    assert (error.exit_code, EXIT_REJECTED) == (3, 3)


def test_text_language_choice_and_fallback() -> None:
    t = Text("中文", "English")
    assert t.get() == "中文" and t.get("zh_CN") == "中文"
    assert t.get("en") == "English" and t.get("EN_us") == "English"
    assert Text("", "only en").get() == "only en" and Text("只有中文", "").get("en") == "只有中文"
    assert Text("同", "同").both() == "同" and Text("中", "").both() == "中"
    assert t.to_dict() == {"zh": "中文", "en": "English"}
