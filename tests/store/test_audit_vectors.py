"""The audit chain's stored format, pinned with fixed vectors that databases in the field keep.

Every database written by today's program holds these hashes. If `canonical_json` or
`entry_hash` ever changes (a separator, the key order, ensure_ascii, the field order, the
"\\n" between the previous hash and the body), those databases fail `verify` forever after an
upgrade. The hex digests below were computed once from the program as released and must never
be edited to make a test pass: a change of formula needs a new, versioned chain instead.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import sqlite_utils

from app.store.audit import (
    GENESIS,
    AuditWriter,
    canonical_json,
    entry_hash,
    local_device_id,
    record_audit,
    verify_audit_chain,
)
from app.store.db import write_transaction
from app.store.profile import Profile

DEV = "0190f3a2-7b1c-7def-8abc-0123456789ab"
INSP = "0190f3a2-7b1c-7def-8abc-00000000000b"

# (seq, at, device_id, actor, action, entity, entity_id, detail as given)
ENTRIES: list[tuple[int, str, str, str, str, str, str, dict[str, Any]]] = [
    (1, "2024-05-01T02:00:00.000Z", DEV, "王建国", "site.create", "site",
     "0190f3a2-7b1c-7def-8abc-00000000000a", {"name": "老王烟酒", "district_code": "110105"}),
    (2, "2024-05-01T02:05:30.123Z", DEV, "王建国", "answer.set", "inspection", INSP,
     {"residential": "yes", "openings": 2}),
    (3, "2024-05-01T03:00:00.000Z", "", "system", "device.init", "device", DEV, {}),
    (4, "2024-05-02T16:00:00.000Z", DEV, '李 "四"\n', "photo.attach", "inspection", INSP,
     {"sha256": "ab" * 32, "item_id": None, "ratio": 0.1, "list": [3, 1, 2],
      "nested": {"z": 1, "a": "é"}}),
]
# The `detail` column text and the `hash` column of each entry, as stored today.
STORED_DETAIL = [
    '{"district_code":"110105","name":"老王烟酒"}',
    '{"openings":2,"residential":"yes"}',
    "{}",
    '{"item_id":null,"list":[3,1,2],"nested":{"a":"é","z":1},"ratio":0.1,'
    '"sha256":"abababababababababababababababababababababababababababababababab"}',
]
STORED_HASH = [
    "e5ba5aea58996d487e91e7e5e02040a046aacb1ef6790fdd927e8dd0b0fc7819",
    "99a0a84b178331c00493201976d44b7521b35eed5efa28e6cde07acc682cdacd",
    "022c79e97bed0ead2e5db21987e0103e4310f29f180b734aa0d1de116707c0de",
    "b120741b0866cad2fd468d100cede57a39871845f0e437aad9e70c34fbd456fe",
]
COLUMNS = ("seq", "at", "device_id", "actor", "action", "entity", "entity_id", "detail",
           "prev_hash", "hash")


def stored_rows() -> list[tuple[Any, ...]]:
    """The audit table of a database written today, row by row."""
    prevs = [GENESIS, *STORED_HASH[:-1]]
    return [(*e[:7], STORED_DETAIL[i], prevs[i], STORED_HASH[i]) for i, e in enumerate(ENTRIES)]


def insert_rows(db: sqlite_utils.Database, rows: list[tuple[Any, ...]]) -> None:
    with write_transaction(db):
        db.conn.executemany(
            f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            rows,
        )


def table(db: sqlite_utils.Database) -> list[tuple[Any, ...]]:
    return db.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY seq").fetchall()


@pytest.fixture
def empty_db(db: sqlite_utils.Database) -> sqlite_utils.Database:
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
    return db


# ---- the formulas -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"b": 1, "a": [1.5, None, True, "北京"], "c": {"z": '\n"', "y": 0}},
         '{"a":[1.5,null,true,"北京"],"b":1,"c":{"y":0,"z":"\\n\\""}}'),
        ({}, "{}"),
        ([], "[]"),
        ("é", '"é"'),
        (0.1, "0.1"),
        (1e20, "1e+20"),
        ([2, 1], "[2,1]"),  # lists keep their order
    ],
)
def test_canonical_json_vectors(value: Any, text: str) -> None:
    assert canonical_json(value) == text


def test_entry_hash_vectors() -> None:
    prev = GENESIS
    for entry, detail, digest in zip(ENTRIES, STORED_DETAIL, STORED_HASH, strict=True):
        assert canonical_json(entry[7]) == detail
        assert entry_hash(prev, *entry[:7], detail) == digest
        prev = digest


def test_entry_hash_is_the_documented_formula() -> None:
    """SHA-256 of `prev_hash + "\\n" + the compact JSON list of the fields` (UTF-8)."""
    seq, at, dev, actor, action, entity, eid, _ = ENTRIES[3]
    body = json.dumps([seq, at, dev, actor, action, entity, eid, STORED_DETAIL[3]],
                      ensure_ascii=False, separators=(",", ":"))
    expected = hashlib.sha256((STORED_HASH[2] + "\n" + body).encode("utf-8")).hexdigest()
    assert expected == STORED_HASH[3]
    assert entry_hash(STORED_HASH[2], seq, at, dev, actor, action, entity, eid,
                      STORED_DETAIL[3]) == expected


def test_genesis_is_64_zeros() -> None:
    assert GENESIS == "0" * 64


@pytest.mark.parametrize("field", range(8))
def test_every_field_is_in_the_hash(field: int) -> None:
    args: list[Any] = [*ENTRIES[1][:7], STORED_DETAIL[1]]
    args[field] = args[field] + 1 if isinstance(args[field], int) else args[field] + "x"
    assert entry_hash(STORED_HASH[0], *args) != STORED_HASH[1]
    assert entry_hash(GENESIS, *ENTRIES[1][:7], STORED_DETAIL[1]) != STORED_HASH[1]


# ---- writing the chain --------------------------------------------------------------------


def test_record_audit_writes_todays_format(empty_db: sqlite_utils.Database) -> None:
    with write_transaction(empty_db):
        returned = [record_audit(empty_db, actor, action, entity, eid, detail, at=at,
                                 device_id=dev)
                    for _seq, at, dev, actor, action, entity, eid, detail in ENTRIES]
    assert returned == STORED_HASH
    assert table(empty_db) == stored_rows()
    assert verify_audit_chain(empty_db) == []


def test_record_audit_continues_a_chain(empty_db: sqlite_utils.Database) -> None:
    insert_rows(empty_db, stored_rows()[:2])
    with write_transaction(empty_db):
        _s, at, dev, actor, action, entity, eid, detail = ENTRIES[2]
        assert record_audit(empty_db, actor, action, entity, eid, detail, at=at,
                            device_id=dev) == STORED_HASH[2]
    assert table(empty_db) == stored_rows()[:3]


def test_record_audit_defaults_to_now_and_this_device(
    db: sqlite_utils.Database, profile: Profile
) -> None:
    with write_transaction(db):
        digest = record_audit(db, "王建国", "site.update", "site", "s1")
    seq, at, device, *_rest, detail, prev, stored = table(db)[-1]
    assert stored == digest and device == profile.device_id and detail == "{}"
    assert at.endswith("Z") and len(at) == len("2024-05-01T02:00:00.000Z")
    assert prev == table(db)[-2][-1] and seq == table(db)[-2][0] + 1
    assert verify_audit_chain(db) == []


def test_record_audit_outside_a_transaction_is_refused(empty_db: sqlite_utils.Database) -> None:
    with pytest.raises(RuntimeError) as refused:
        record_audit(empty_db, "a", "b", "c", "d")
    assert str(refused.value) == "record_audit must run inside the change's write transaction"
    assert table(empty_db) == []


def test_bulk_flush_outside_a_transaction_is_refused(empty_db: sqlite_utils.Database) -> None:
    writer = AuditWriter(empty_db, DEV)
    writer.add("2024-05-01T02:00:00.000Z", "a", "b", "c", "d", {})
    with pytest.raises(RuntimeError) as refused:
        writer.flush(empty_db)
    assert str(refused.value) == "AuditWriter.flush must run inside the write transaction"
    assert table(empty_db) == []


def test_before_init_the_device_is_blank(empty_db: sqlite_utils.Database) -> None:
    assert local_device_id(empty_db) == ""
    with write_transaction(empty_db):
        record_audit(empty_db, "system", "db.create", "database", "x")
    assert table(empty_db)[0][2] == ""


def test_the_local_device_is_the_one_marked_local(
    db: sqlite_utils.Database, profile: Profile
) -> None:
    assert local_device_id(db) == profile.device_id != ""


def test_bulk_writer_makes_the_same_chain(empty_db: sqlite_utils.Database) -> None:
    with write_transaction(empty_db):
        writer = AuditWriter(empty_db, DEV)
        for _seq, at, _dev, actor, action, entity, eid, detail in ENTRIES[:2]:
            writer.add(at, actor, action, entity, eid, detail)
        writer.flush(empty_db)
        assert writer.rows == []
    assert table(empty_db) == stored_rows()[:2]


def test_bulk_writer_continues_after_existing_entries(empty_db: sqlite_utils.Database) -> None:
    insert_rows(empty_db, stored_rows()[:3])
    _s, at, _dev, actor, action, entity, eid, detail = ENTRIES[3]
    with write_transaction(empty_db):
        writer = AuditWriter(empty_db, DEV)
        writer.add(at, actor, action, entity, eid, detail)
        writer.flush(empty_db)
    assert table(empty_db) == stored_rows()
    assert verify_audit_chain(empty_db) == []


# ---- verifying a database written today ---------------------------------------------------


def test_a_database_written_today_verifies(empty_db: sqlite_utils.Database) -> None:
    insert_rows(empty_db, stored_rows())
    assert verify_audit_chain(empty_db) == []


def test_an_empty_chain_verifies(empty_db: sqlite_utils.Database) -> None:
    assert verify_audit_chain(empty_db) == []


@pytest.mark.parametrize("column", range(1, 8))  # at, device_id, actor, …, detail
def test_each_altered_column_is_found(empty_db: sqlite_utils.Database, column: int) -> None:
    rows = [list(r) for r in stored_rows()]
    rows[1][column] = '{"openings":3,"residential":"yes"}' if column == 7 else rows[1][column] + "x"
    insert_rows(empty_db, [tuple(r) for r in rows])
    problems = verify_audit_chain(empty_db)
    assert len(problems) == 1
    assert "审计日志第2条内容已被改动" in problems[0]
    entity, eid, action = rows[1][5], rows[1][6], rows[1][4]
    assert f"(audit entry 2 was altered: {entity} {eid} {action})" in problems[0]


def test_a_missing_entry_is_found(empty_db: sqlite_utils.Database) -> None:
    rows = stored_rows()
    insert_rows(empty_db, [rows[0], rows[2], rows[3]])
    assert verify_audit_chain(empty_db) == [
        "审计日志缺少第2–2条 (audit entries 2-2 are missing)",
        "审计日志第3条与前一条的链接不符 (audit entry 3 does not link to the one before)",
    ]


def test_missing_first_entries_are_found(empty_db: sqlite_utils.Database) -> None:
    insert_rows(empty_db, stored_rows()[2:])
    problems = verify_audit_chain(empty_db)
    assert len(problems) == 2
    assert "(audit entries 1-2 are missing)" in problems[0]
    assert "(audit entry 3 does not link to the one before)" in problems[1]


def test_a_rewritten_link_is_found_even_with_a_matching_hash(
    empty_db: sqlite_utils.Database,
) -> None:
    """A forger who rehashes a row with a made-up previous hash still breaks the link."""
    rows = [list(r) for r in stored_rows()]
    fake_prev = "f" * 64
    rows[0][8] = fake_prev
    rows[0][9] = entry_hash(fake_prev, *ENTRIES[0][:7], STORED_DETAIL[0])
    insert_rows(empty_db, [tuple(rows[0])])
    assert verify_audit_chain(empty_db) == [
        "审计日志第1条与前一条的链接不符 (audit entry 1 does not link to the one before)",
    ]
