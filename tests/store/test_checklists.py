"""Checklist versions: kept, immutable, rebuilt from the stored YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from app.core.checklist import ChecklistError
from app.store.checklists import (
    ChecklistVersionConflict,
    UnknownForm,
    current_checklists,
    get_checklist,
    known_form_ids,
    register_checklist,
    register_shipped_checklists,
)
from app.store.profile import Profile
from tests.helpers.checklists import MINI_YAML, mini_checklist


def test_register_is_idempotent_and_keeps_versions(
    db: sqlite_utils.Database, profile: Profile
) -> None:
    c1, t1 = mini_checklist(1)
    assert register_checklist(db, c1, t1) is True
    assert register_checklist(db, c1, t1) is False
    c2, t2 = mini_checklist(2, "（二）")
    register_checklist(db, c2, t2)
    assert db.execute("SELECT count(*) FROM forms").fetchone()[0] == 2
    assert [c.version for c in current_checklists(db)] == [2]
    assert get_checklist(db, c1.id).version == 2
    assert get_checklist(db, c1.id, 1).item("note").label.zh == "备注"
    assert db.execute("SELECT source_yaml FROM forms WHERE version = 1").fetchone()[0] == t1
    assert known_form_ids(db) == [c1.id]


def test_same_version_with_other_content_is_refused(
    db: sqlite_utils.Database, profile: Profile
) -> None:
    c1, t1 = mini_checklist(1)
    register_checklist(db, c1, t1)
    changed, text = mini_checklist(1, "（改）")
    with pytest.raises(ChecklistVersionConflict, match="version"):
        register_checklist(db, changed, text)


def test_unknown_form(db: sqlite_utils.Database, profile: Profile) -> None:
    with pytest.raises(UnknownForm):
        get_checklist(db, "nothing")


def test_register_shipped_folder(
    db: sqlite_utils.Database, profile: Profile, tmp_path: Path
) -> None:
    (tmp_path / "test_storefront.v1.yaml").write_text(MINI_YAML, encoding="utf-8")
    (tmp_path / "README.md").write_text("format notes", encoding="utf-8")
    assert [c.key for c in register_shipped_checklists(db, tmp_path)] == ["test_storefront@1"]
    (tmp_path / "broken.v1.yaml").write_text("id: broken\nversion: [\n", encoding="utf-8")
    with pytest.raises(ChecklistError):
        register_shipped_checklists(db, tmp_path)
    assert known_form_ids(db) == ["test_storefront"]


def test_shipped_forms_register(db: sqlite_utils.Database, profile: Profile) -> None:
    from app.paths import forms_dir

    if not list(forms_dir().glob("*.yaml")):
        pytest.skip("forms/ has no checklists yet")
    checklists = register_shipped_checklists(db)
    assert {c.id for c in current_checklists(db)} == {c.id for c in checklists}
