"""The audit log: append-only by trigger, and a tampered row is found by the hash chain."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from app.store.audit import record_audit, verify_audit_chain
from app.store.db import write_transaction
from app.store.profile import Profile
from app.store.sites import Site


def test_chain_of_real_changes_verifies(db: sqlite_utils.Database, site: Site) -> None:
    rows = db.execute("SELECT seq, prev_hash, hash, device_id FROM audit ORDER BY seq").fetchall()
    assert len(rows) >= 3  # device, profile, site
    assert rows[0][1] == "0" * 64
    assert all(rows[i][1] == rows[i - 1][2] for i in range(1, len(rows)))
    assert all(r[3] for r in rows)
    assert verify_audit_chain(db) == []


def test_update_and_delete_are_refused(db: sqlite_utils.Database, site: Site) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET actor = 'x' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit WHERE seq = 1")


def _drop_guards(db: sqlite_utils.Database) -> None:
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")


def test_edited_row_is_reported(db: sqlite_utils.Database, site: Site) -> None:
    _drop_guards(db)
    with write_transaction(db):
        db.execute("UPDATE audit SET actor = '冒名者' WHERE action = 'site.create'")
    problems = verify_audit_chain(db)
    assert len(problems) == 1 and "altered" in problems[0] and "site" in problems[0]


def test_deleted_row_is_reported(db: sqlite_utils.Database, site: Site) -> None:
    _drop_guards(db)
    with write_transaction(db):
        db.execute("DELETE FROM audit WHERE seq = 2")
    problems = verify_audit_chain(db)
    assert any("missing" in p for p in problems)
    assert any("does not link" in p for p in problems)


def test_rewritten_hash_breaks_the_next_link(db: sqlite_utils.Database, site: Site) -> None:
    """Recomputing a tampered row's own hash is not enough: the next row no longer links."""
    from app.store.audit import entry_hash

    _drop_guards(db)
    seq, at, dev, _actor, action, entity, eid, detail, prev = db.execute(
        "SELECT seq, at, device_id, actor, action, entity, entity_id, detail, prev_hash "
        "FROM audit WHERE seq = 2"
    ).fetchone()
    forged = entry_hash(prev, seq, at, dev, "冒名者", action, entity, eid, detail)
    with write_transaction(db):
        db.execute("UPDATE audit SET actor = '冒名者', hash = ? WHERE seq = 2", (forged,))
    problems = verify_audit_chain(db)
    assert len(problems) == 1 and "entry 3 does not link" in problems[0]


def test_record_audit_needs_a_transaction(db: sqlite_utils.Database, profile: Profile) -> None:
    with pytest.raises(RuntimeError):
        record_audit(db, "x", "test", "test", "1", {})
