"""The divisions table follows resources/divisions.csv by content, not by row count."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import sqlite_utils

from app.core.divisions import divisions_csv, load_divisions
from app.store.db import (
    DIVISIONS_HASH_KEY,
    DIVISIONS_RETIRED_KEY,
    _load_divisions,
    open_database,
)
from app.store.profile import Profile
from app.store.sites import SiteDraft, create_site

BUNDLED = divisions_csv()


def _setting(db: sqlite_utils.Database, key: str) -> object:
    row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def _csv_variant(tmp_path: Path, name: str, edit: dict[str, str | None]) -> Path:
    """A copy of the bundled list with rows renamed (code → new name) or dropped (code → None)."""
    lines = BUNDLED.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = {c[:9] for c, v in edit.items() if v is None}  # township codes
    out = [lines[0]]
    for line in lines[1:]:
        code = line.split(",", 1)[0]
        if code[:9] in dropped:
            continue  # a dropped township takes its communities with it
        if code in edit:
            cells = line.split(",")
            cells[1] = str(edit[code])
            line = ",".join(cells)
        out.append(line)
    path = tmp_path / name
    path.write_text("".join(out), encoding="utf-8")
    return path


def _names(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute("SELECT code, name FROM divisions").fetchall())


def test_fresh_database_stores_the_list_and_its_hash(db: sqlite_utils.Database) -> None:
    assert _setting(db, DIVISIONS_HASH_KEY) == hashlib.sha256(BUNDLED.read_bytes()).hexdigest()
    assert len(_names(db)) == len(load_divisions())
    assert _setting(db, DIVISIONS_RETIRED_KEY) is None


def test_unchanged_file_writes_nothing(db: sqlite_utils.Database) -> None:
    before = db.conn.total_changes
    _load_divisions(db)
    assert db.conn.total_changes == before


def test_a_name_fix_with_the_same_count_reaches_the_database(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    fixed = _csv_variant(tmp_path, "renamed.csv", {"110101002000": "景山街道（新名）"})
    assert len(load_divisions(fixed)) == len(load_divisions())
    _load_divisions(db, fixed)
    assert _names(db)["110101002000"] == "景山街道（新名）"
    assert _setting(db, DIVISIONS_HASH_KEY) == hashlib.sha256(fixed.read_bytes()).hexdigest()
    # Back to the bundled file (as open_database does): the old name returns.
    _load_divisions(db)
    assert _names(db)["110101002000"] == "景山街道"


def test_vanished_codes_go_unless_a_site_names_them(
    db: sqlite_utils.Database, profile: Profile, tmp_path: Path
) -> None:
    # A site filed under a community of 东华门街道; 东华门 and 景山 then leave the list.
    create_site(
        db, SiteDraft("110101", "东城区多福巷1号", "小卖部", division_code="110101001001"), "t"
    )
    shorter = _csv_variant(tmp_path, "shorter.csv", {"110101001000": None, "110101002000": None})
    _load_divisions(db, shorter)
    names = _names(db)
    assert "110101002000" not in names  # nobody refers to 景山街道: removed
    # The site's community and its parent stay (foreign key), marked as retired.
    assert "110101001001" in names and "110101001000" in names
    assert not any(c.startswith("110101001") and c not in ("110101001000", "110101001001")
                   for c in names)  # fmt: skip
    assert _setting(db, DIVISIONS_RETIRED_KEY) == ["110101001000", "110101001001"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # The bundled list again: everything is back and nothing is retired.
    _load_divisions(db)
    assert len(_names(db)) == len(load_divisions())
    assert _setting(db, DIVISIONS_RETIRED_KEY) is None


def test_a_bad_list_changes_nothing(db: sqlite_utils.Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BUNDLED.read_text(encoding="utf-8") + "1101x,坏行,township,街道,,2023\n")
    before = _names(db)
    with pytest.raises(ValueError, match=r"bad\.csv"):
        _load_divisions(db, bad)
    assert _names(db) == before
    assert _setting(db, DIVISIONS_HASH_KEY) == hashlib.sha256(BUNDLED.read_bytes()).hexdigest()


def test_old_database_without_a_hash_is_reloaded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_database(path, create=True)
    db.execute("DELETE FROM settings WHERE key = ?", (DIVISIONS_HASH_KEY,))
    db.execute("UPDATE divisions SET name = '旧名' WHERE code = '110105004000'")
    db.conn.commit()
    db.close()
    db = open_database(path)
    assert _names(db)["110105004000"] == "三里屯街道"
    assert _setting(db, DIVISIONS_HASH_KEY) is not None
    db.close()
