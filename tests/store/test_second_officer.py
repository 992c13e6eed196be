"""The second officer of an inspection (行政处罚法 第四十二条: two officers inspect): stored,
remembered for the next inspection, fixed once completed, carried into an amendment, printed,
and part of the record's digest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.reports.gather import inspection_report_data
from app.store.inspection_digest import inspection_digest
from app.store.inspection_errors import InspectionError
from app.store.inspection_records import get_inspection
from app.store.inspections import (
    amend_inspection,
    complete_inspection,
    remembered_second_officer,
    set_second_officer,
    start_inspection,
)
from tests.helpers import report_db as F


@pytest.fixture
def fx(tmp_path: Path) -> F.Fixture:
    return F.make_database(tmp_path)


def test_named_at_the_start_and_remembered_for_the_next(fx: F.Fixture) -> None:
    assert remembered_second_officer(fx.db) == ("", "")
    first = start_inspection(fx.db, "street_order", fx.site.id, fx.profile,
                             second_officer=(" 李卫东 ", "京东城0416"))
    assert (first.second_inspector_name, first.second_badge_no) == ("李卫东", "京东城0416")
    assert remembered_second_officer(fx.db) == ("李卫东", "京东城0416")
    alone = start_inspection(fx.db, "street_order", fx.site.id, fx.profile)
    assert alone.second_inspector_name == ""  # not given: not invented
    data = inspection_report_data(fx.db, first.id)
    assert (data.second_inspector, data.second_badge_no) == ("李卫东", "京东城0416")


def test_a_draft_can_change_it_a_completed_record_cannot(fx: F.Fixture,
                                                        tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=3, clean=True, photos=0,
                              complete=False, tmp=tmp_path)
    before = inspection_digest(fx.db, rid)
    rev = get_inspection(fx.db, rid).rev
    changed = set_second_officer(fx.db, rid, "王芳", "京东城0417", F.ACTOR)
    assert changed.second_inspector_name == "王芳" and changed.rev == rev + 1
    assert inspection_digest(fx.db, rid) != before  # the paper must show the change
    same = set_second_officer(fx.db, rid, "王芳", "京东城0417", F.ACTOR)
    assert same.rev == changed.rev  # nothing changed, nothing written
    complete_inspection(fx.db, rid, F.ACTOR)
    with pytest.raises(InspectionError):
        set_second_officer(fx.db, rid, "赵六", "X", F.ACTOR)
    with pytest.raises(sqlite3.IntegrityError, match="read-only"), fx.db.conn:
        fx.db.execute("UPDATE inspections SET second_badge_no = 'X' WHERE id = ?", (rid,))
    assert get_inspection(fx.db, rid).second_badge_no == "京东城0417"
    amendment = amend_inspection(fx.db, rid, "补录", F.ACTOR)
    assert (amendment.second_inspector_name, amendment.second_badge_no) == ("王芳",
                                                                          "京东城0417")
    audit = fx.db.execute("SELECT count(*) FROM audit WHERE action = "
                          "'inspection.second_officer'").fetchone()[0]
    assert audit == 1
