"""Export then merge: a laptop's day reaches the office whole; again is idempotent."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from app.store.audit import verify_audit_chain
from app.store.db import connection_path
from app.sync.export import export_again, export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.sync_edits import (
    add_photo,
    amend,
    complete,
    dump,
    new_inspection,
    new_site,
    rename_site,
)


def test_a_day_reaches_the_office(tmp_path: Path, office: sqlite_utils.Database,
                                  laptop: sqlite_utils.Database) -> None:
    site = new_site(laptop, "老北京面馆")
    insp = new_inspection(laptop, site)
    sha = add_photo(laptop, insp, 1)
    complete(laptop, insp)
    first = export_bundle(laptop, tmp_path / "out")
    assert first.seq == 1 and first.counts["inspection"] == 1 and first.counts["photo_files"] == 1
    result = merge_bundle(office, first.paths[0])
    assert result.status == "merged", result.reason
    got = dump(office)
    assert [r[0] for r in got["sites"]] == [site]
    assert [r[0] for r in got["inspections"]] == [insp]
    assert got["inspections"][0][5] == laptop.execute(
        "SELECT finding_count FROM inspections").fetchone()[0]
    office_store = connection_path(office.conn).parent / "street-audit-photos" / "originals"
    assert (office_store / sha[:2] / sha).read_bytes() == (
        connection_path(laptop.conn).parent / "street-audit-photos" / "originals" / sha[:2]
        / sha).read_bytes()
    # Merged twice: nothing changes.
    assert merge_bundle(office, first.paths[0]).status == "already"
    assert dump(office) == got
    # Next day: an amendment and a renamed site; only those travel.
    rename_site(laptop, site, "老北京炸酱面馆")
    new = amend(laptop, insp)
    complete(laptop, new)
    second = export_bundle(laptop, tmp_path / "out")
    assert second.seq == 2
    assert second.counts["photo_files"] == 0  # sent already
    assert merge_bundle(office, second.paths[0]).status == "merged"
    rows = {r[0]: r for r in dump(office)["inspections"]}
    assert rows[insp][4] == new
    assert office.execute("SELECT name FROM sites").fetchone()[0] == "老北京炸酱面馆"
    assert office.execute("SELECT count(*) FROM sync_audit").fetchone()[0] > 5
    assert verify_audit_chain(office) == []
    assert office.execute("PRAGMA foreign_key_check").fetchall() == []
    # A lost bundle written again is the same bundle: merged already.
    again = export_again(laptop, 1, tmp_path / "again")
    assert merge_bundle(office, again.paths[0]).status == "already"
