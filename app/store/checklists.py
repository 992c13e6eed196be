"""Checklist versions in the database: every version ever used is kept with its YAML source,
so an inspection made with an old version still renders after a new one ships.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.clock import utc_now
from app.core.errors import AppError, InputRefused
from app.store.audit import record_audit
from app.store.db import write_transaction

if TYPE_CHECKING:
    import sqlite_utils

    # The engine (and its YAML parser) is imported where a checklist is parsed: the window
    # lists inspections before any checklist is needed, so its start does not pay for it.
    from app.core.checklist import Checklist

# Parsed checklists by the SHA-256 of their source: parsing is pure, so this is safe to share
# between databases and threads, and keeps get_checklist cheap for the list and the editor.
_PARSED: dict[str, Checklist] = {}


class UnknownForm(InputRefused, LookupError):
    """No registered checklist with this id (and version); `.known` lists the ones there are."""

    def __init__(self, form_id: str, version: int | None, known: list[str]) -> None:
        self.form_id = form_id
        self.version = version
        self.known = known
        which = form_id if version is None else f"{form_id} v{version}"
        listed = "、".join(known) if known else "（无 none）"
        super().__init__(
            f"未知的检查表 {which}；已有：{listed} (unknown checklist {which}; known: "
            f"{', '.join(known) if known else 'none'})"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class ChecklistVersionConflict(AppError, ValueError):
    """The same checklist id and version registered with different content."""


def source_sha256(source_text: str) -> str:
    """The SHA-256 of a checklist's YAML text (UTF-8)."""
    return hashlib.sha256(source_text.encode("utf-8")).hexdigest()


def register_checklist(
    db: sqlite_utils.Database, checklist: Checklist, source_text: str, actor: str = ""
) -> bool:
    """Keep this checklist version; True if it was new. Same id+version, other text: refused."""
    digest = source_sha256(source_text)
    if checklist.source_sha256 and checklist.source_sha256 != digest:
        raise ValueError(f"source text does not belong to checklist {checklist.key}")
    with write_transaction(db):
        row = db.execute(
            "SELECT sha256 FROM forms WHERE form_id = ? AND version = ?",
            (checklist.id, checklist.version),
        ).fetchone()
        if row is not None:
            if row[0] == digest:
                return False
            raise ChecklistVersionConflict(
                f"检查表 {checklist.id} 第{checklist.version}版已登记，但内容不同；"
                "修改检查表时请把 version 加一 "
                f"(checklist {checklist.id} version {checklist.version} is already "
                "registered with different content: raise the version when changing a checklist)"
            )
        db.execute(
            "INSERT INTO forms (form_id, version, work_item, title_zh, title_en, source_yaml, "
            "sha256, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                checklist.id,
                checklist.version,
                checklist.work_item,
                checklist.title.zh,
                checklist.title.en,
                source_text,
                digest,
                utc_now(),
            ),
        )
        record_audit(
            db,
            actor,
            "form.register",
            "form",
            checklist.key,
            {"sha256": digest, "title": checklist.title.zh},
        )
    _PARSED.setdefault(digest, checklist)
    return True


def register_shipped_checklists(
    db: sqlite_utils.Database, directory: Path | None = None, actor: str = ""
) -> list[Checklist]:
    """Register every checklist in forms/ (or `directory`); ChecklistError if one is broken."""
    if directory is None:
        from app.paths import forms_dir

        directory = forms_dir()
    from app.core.checklist import checklist_files, load_checklists

    checklists = load_checklists(directory)  # every problem of every file, or nothing
    by_digest = {c.source_sha256: c for c in checklists}
    with write_transaction(db):
        for path in checklist_files(directory):
            text = path.read_text(encoding="utf-8")
            checklist = by_digest.get(source_sha256(text))
            if checklist is not None:  # the file changed since it was loaded: skip it this time
                register_checklist(db, checklist, text, actor)
    return checklists


def get_checklist(db: sqlite_utils.Database, form_id: str, version: int | None = None) -> Checklist:
    """A registered checklist version (the newest when version is None), rebuilt from its YAML."""
    if version is None:
        row = db.execute(
            "SELECT version, sha256, source_yaml FROM forms WHERE form_id = ? "
            "ORDER BY version DESC LIMIT 1",
            (form_id,),
        ).fetchone()
    else:
        row = db.execute(
            "SELECT version, sha256, source_yaml FROM forms WHERE form_id = ? AND version = ?",
            (form_id, version),
        ).fetchone()
    if row is None:
        raise UnknownForm(form_id, version, known_form_ids(db))
    found_version, digest, source = row
    cached = _PARSED.get(digest)
    if cached is None:
        from app.core.checklist import load_checklist_text

        cached = load_checklist_text(source, f"db:{form_id}@{found_version}")
        _PARSED[digest] = cached
    return cached


def current_checklists(db: sqlite_utils.Database) -> list[Checklist]:
    """The newest version of every registered checklist, by id."""
    rows = db.execute(
        "SELECT form_id, max(version) FROM forms GROUP BY form_id ORDER BY form_id"
    ).fetchall()
    return [get_checklist(db, form_id, version) for form_id, version in rows]


def known_form_ids(db: sqlite_utils.Database) -> list[str]:
    """The ids of every registered checklist."""
    return [r[0] for r in db.execute("SELECT DISTINCT form_id FROM forms ORDER BY form_id")]
