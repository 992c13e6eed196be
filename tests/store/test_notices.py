"""The 文号 sequence (issue 9.4): 1, 2, 3 per office and year, blocks per device that never
overlap, a reprint keeps its number, a voided notice keeps its own, a killed writer leaves no
gap and no reuse."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
import sqlite_utils

from app.core.checklist import Checklist
from app.store.audit import verify_audit_chain
from app.store.db import open_database
from app.store.inspections import start_inspection
from app.store.notices import (
    NoticeNumberError,
    NumberBlock,
    accept_block,
    device_blocks,
    grant_block,
    issue_notice,
    may_grant_itself,
    notice_for_inspection,
    notice_register,
    void_notice,
)
from app.store.profile import (
    OfficeCodeRefused,
    Profile,
    check_office_code,
    get_profile,
    save_profile,
)
from app.store.sites import Site

ROOT = Path(__file__).resolve().parents[2]
CODE = "朝阳城管责改"
DAY = date(2026, 3, 15)


def _inspections(db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site,
                 n: int) -> list[str]:
    return [start_inspection(db, checklist.id, site.id, profile).id for _ in range(n)]


def test_numbers_run_1_2_3_per_office_and_year_and_restart_next_year(
        db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site) -> None:
    ids = _inspections(db, profile, checklist, site, 6)
    numbers = [issue_notice(db, i, CODE, DAY, "王建国").number for i in ids[:3]]
    assert numbers == [1, 2, 3]
    # Another office code has its own sequence; the next year starts again at 1.
    assert issue_notice(db, ids[3], "朝阳城管", DAY).number == 1
    assert issue_notice(db, ids[4], CODE, date(2027, 1, 2)).number == 1
    assert issue_notice(db, ids[5], CODE, date(2026, 12, 31)).number == 4
    register = notice_register(db, CODE, 2026)
    assert [line.number for line in register] == [1, 2, 3, 4]
    assert {line.state for line in register} == {"issued"}
    assert not verify_audit_chain(db)
    audited = db.execute("SELECT count(*) FROM audit WHERE action = 'notice.issue'").fetchone()
    assert audited[0] == 6


def test_a_reprint_keeps_its_number_and_date(
        db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site) -> None:
    first, second = _inspections(db, profile, checklist, site, 2)
    issued = issue_notice(db, first, CODE, DAY)
    before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = issue_notice(db, first, CODE, None)
    assert again == issued
    assert issue_notice(db, first, CODE, DAY) == issued
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == before  # nothing written
    with pytest.raises(NoticeNumberError, match="重印时签发日期不变"):
        issue_notice(db, first, CODE, date(2026, 3, 20))
    assert issue_notice(db, second, CODE, DAY).number == 2


def test_a_voided_notice_keeps_its_number_and_a_new_one_takes_the_next(
        db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site) -> None:
    first, second = _inspections(db, profile, checklist, site, 2)
    issued = issue_notice(db, first, CODE, DAY)
    with pytest.raises(NoticeNumberError, match="理由"):
        void_notice(db, issued.id, "  ")
    voided = void_notice(db, issued.id, "当事人名称写错", "王建国")
    assert voided.voided and voided.number == 1 and voided.voided_reason == "当事人名称写错"
    with pytest.raises(NoticeNumberError, match="已于"):
        void_notice(db, issued.id, "再次作废")
    assert notice_for_inspection(db, first) is None
    renewed = issue_notice(db, first, CODE, date(2026, 3, 16))
    assert renewed.number == 2 and renewed.id != issued.id
    assert issue_notice(db, second, CODE, DAY).number == 3
    states = [(line.number, line.state) for line in notice_register(db, CODE, 2026)]
    assert states == [(1, "voided"), (2, "issued"), (3, "issued")]
    # The table itself refuses a changed number and a deleted notice.
    with pytest.raises(sqlite_utils.utils.sqlite3.IntegrityError):
        db.execute("UPDATE notices SET number = 9 WHERE id = ?", [renewed.id])
    with pytest.raises(sqlite_utils.utils.sqlite3.IntegrityError):
        db.execute("DELETE FROM notices WHERE id = ?", [renewed.id])


def test_blocks_of_two_devices_never_overlap_and_merge_without_collisions(
        tmp_path: Path, db: sqlite_utils.Database, profile: Profile, checklist: Checklist,
        site: Site) -> None:
    """The office grants laptops A and B blocks; each issues from its own; the numbers of all
    three never collide, and the register accounts for every number from 1 to the highest."""
    office = replace_role(db, profile, "office")
    laptop_a, laptop_b = "0190aaaa-0000-7000-8000-00000000000a", "0190bbbb-0000-7000-8000-0000000b"
    own = _inspections(db, office, checklist, site, 2)
    assert issue_notice(db, own[0], CODE, DAY).number == 1  # the office numbers itself
    a = grant_block(db, CODE, 2026, laptop_a, 5, "组长")
    b = grant_block(db, CODE, 2026, laptop_b, 5, "组长")
    assert (a.first, a.last, b.first, b.last) == (2, 6, 7, 11)
    assert issue_notice(db, own[1], CODE, DAY).number == 12  # after every block granted
    blocks = device_blocks(db, CODE, 2026)
    spans = sorted((blk.first, blk.last) for blk in blocks)
    assert all(prev[1] < nxt[0] for prev, nxt in pairwise(spans))
    # An overlapping block is refused; the same block again changes nothing.
    with pytest.raises(NoticeNumberError, match="重叠"):
        accept_block(db, NumberBlock(CODE, 2026, laptop_b, 4, 8, a.granted_at, a.granted_by))
    assert accept_block(db, a) is False
    # Laptop A takes its block in and issues from it: 2, 3, … and never beyond 6.
    laptop_db = open_database(tmp_path / "laptop.db", create=True)
    from app.store.checklists import register_checklist
    from app.store.profile import initialize_device
    from app.store.sites import SiteDraft, create_site
    from tests.helpers.checklists import mini_checklist

    lp = initialize_device(laptop_db, "field", "李秀英")
    laptop_db.execute("INSERT INTO devices (id, role, label, is_local, created_at, updated_at) "
                      "VALUES (?, 'office', '朝阳区', 0, '2026-01-01T00:00:00Z', "
                      "'2026-01-01T00:00:00Z')", [office.device_id])
    laptop_db.conn.commit()
    assert not may_grant_itself(laptop_db)
    c, text = mini_checklist()
    register_checklist(laptop_db, c, text, "李秀英")
    s = create_site(laptop_db, SiteDraft(district_code="110105", address="工体北路1号"), "李秀英")
    ids = _inspections(laptop_db, lp, c, s, 6)
    with pytest.raises(NoticeNumberError, match="请向单位申请号段"):
        issue_notice(laptop_db, ids[0], CODE, DAY)
    accept_block(laptop_db, NumberBlock(CODE, 2026, lp.device_id, a.first, a.last,
                                        a.granted_at, a.granted_by))
    got = [issue_notice(laptop_db, i, CODE, DAY).number for i in ids[:5]]
    assert got == [2, 3, 4, 5, 6]
    with pytest.raises(NoticeNumberError, match="已用完"):
        issue_notice(laptop_db, ids[5], CODE, DAY)
    assert not set(got) & {1, 12} and not set(got) & set(range(b.first, b.last + 1))
    laptop_db.close()


def replace_role(db: sqlite_utils.Database, profile: Profile, role: str) -> Profile:
    from dataclasses import replace

    save_profile(db, replace(profile, role=role))  # type: ignore[arg-type]
    saved = get_profile(db)
    assert saved is not None
    return saved


def test_a_number_outside_the_devices_blocks_is_refused_by_the_table(
        db: sqlite_utils.Database, profile: Profile, checklist: Checklist, site: Site) -> None:
    (inspection,) = _inspections(db, profile, checklist, site, 1)
    with pytest.raises(sqlite_utils.utils.sqlite3.IntegrityError, match="号段"):
        db.execute("INSERT INTO notices (id, office_code, year, number, inspection_id, "
                   "issue_date, device_id, issued_at, updated_at) VALUES ('x', ?, 2026, 7, ?, "
                   "'2026-03-15', ?, 'now', 'now')", [CODE, inspection, profile.device_id])


def test_office_code_rules(db: sqlite_utils.Database, profile: Profile) -> None:
    assert check_office_code("  东城城管责改 ") == "东城城管责改"
    assert check_office_code("") == ""
    for bad in ("东城 城管", "东城〔责改〕", "京" * 21, "第1号"):
        with pytest.raises(OfficeCodeRefused, match="机关代字"):
            check_office_code(bad)
    from dataclasses import replace

    save_profile(db, replace(profile, office_code=" 朝阳城管责改"))
    saved = get_profile(db)
    assert saved is not None and saved.office_code == "朝阳城管责改"
    with pytest.raises(OfficeCodeRefused):
        save_profile(db, replace(profile, office_code="朝阳 城管"))
    with pytest.raises(NoticeNumberError, match="未设置机关代字"):
        issue_notice(db, "any", "", DAY)


ISSUER = """
import sys
from datetime import date
from app.store.db import open_database
from app.store.notices import issue_notice
db = open_database(sys.argv[1])
for inspection_id in sys.argv[2:]:
    record = issue_notice(db, inspection_id, "朝阳城管责改", date(2026, 3, 15), "王建国")
    print(record.number, inspection_id, flush=True)  # acknowledged: committed
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("delay", [0.35, 0.6, 0.9])
def test_a_killed_issuer_leaves_no_gap_and_no_reuse(
        db_path: Path, db: sqlite_utils.Database, profile: Profile, checklist: Checklist,
        site: Site, delay: float) -> None:
    ids = _inspections(db, profile, checklist, site, 400)
    db.close()
    child = subprocess.Popen([sys.executable, "-c", ISSUER, str(db_path), *ids], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    out, _ = child.communicate()
    acknowledged = [line.split() for line in out.splitlines() if line.strip()]
    again = open_database(db_path)
    try:
        assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = again.execute("SELECT number, inspection_id FROM notices ORDER BY number").fetchall()
        numbers = [r[0] for r in rows]
        assert numbers == list(range(1, len(numbers) + 1))  # no gap, no number twice
        assert len({r[1] for r in rows}) == len(rows)
        held = {str(n): i for n, i in rows}
        assert all(held[n] == i for n, i in acknowledged)  # nothing acknowledged is lost
        audits = again.execute("SELECT count(*) FROM audit WHERE action = 'notice.issue'"
                               ).fetchone()[0]
        assert audits == len(rows)
        assert not verify_audit_chain(again)
        # A rerun goes on from where the killed one stopped.
        rest = [i for i in ids if i not in {r[1] for r in rows}]
        if rest:
            assert issue_notice(again, rest[0], CODE, DAY).number == len(rows) + 1
    finally:
        again.close()
