"""Demo data that looks like real work: real streets in their own 街道, Beijing working hours,
recent drafts, amendments after what they correct, sites that fit their checklist."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from app.core.clock import beijing_date, to_beijing
from app.core.divisions import get_division
from app.demo.calendar import RECENT_DAYS
from app.demo.generate import fill_demo
from app.demo.sites import STREETS
from app.store.db import open_database

AS_OF = date(2026, 3, 31)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path, create=True)
    summary = fill_demo(db, inspections=1500, seed=11, as_of=AS_OF)
    assert (summary.first_day, summary.last_day) == (date(2025, 3, 31), date(2026, 3, 30))
    yield db
    db.close()


def test_every_street_belongs_to_a_real_township_of_its_district() -> None:
    for street in STREETS:
        township = get_division(street.township)
        assert township is not None, street
        assert township.level == "township" and township.parent_code == street.district + "000000"
        assert township.kind in ("街道", "地区"), street  # city streets, not 镇 or 乡
        assert 39.4 < street.lat < 41.1 and 115.4 < street.lon < 117.6  # inside Beijing
    named = Counter((s.district, s.name) for s in STREETS)
    assert max(named.values()) == 1
    # The pairs the issue names (checked against resources/divisions.csv).
    by_name = {s.name: s.township for s in STREETS}
    assert by_name["东四北大街"] == "110101006000" and by_name["王府井大街"] == "110101001000"
    assert by_name["三里屯路"] == "110105004000"
    assert get_division(by_name["前门大街"]).name == "前门街道"  # type: ignore[union-attr]


def test_inspections_fall_in_beijing_working_hours_before_as_of(
    demo: sqlite_utils.Database,
) -> None:
    first, last = AS_OF - timedelta(days=365), AS_OF - timedelta(days=1)
    days: list[date] = []
    for started, completed in demo.execute("SELECT started_at, completed_at FROM inspections"):
        local = to_beijing(started)
        assert first <= local.date() <= last
        assert time(8, 30) <= local.time() <= time(17, 16)
        if completed:
            done = to_beijing(completed)
            assert done.date() == local.date() and done.time() <= time(18, 0, 59)
        days.append(local.date())
    weekend = sum(1 for d in days if d.weekday() >= 5)
    assert 0 < weekend < len(days) * 0.1  # weekdays mostly
    # The whole year is covered, not a corner of it.
    assert len({d.month for d in days}) == 12


def test_drafts_are_recent_work_and_completed_ones_older(demo: sqlite_utils.Database) -> None:
    recent_from = AS_OF - timedelta(days=RECENT_DAYS)
    drafts = [beijing_date(s) for (s,) in demo.execute(
        "SELECT started_at FROM inspections WHERE status = 'draft'")]  # fmt: skip
    completed = [beijing_date(s) for (s,) in demo.execute(
        "SELECT started_at FROM inspections WHERE status = 'completed'")]  # fmt: skip
    assert drafts and all(d >= recent_from for d in drafts)
    assert _middle(completed) < recent_from < _middle(drafts)


def _middle(days: list[date]) -> date:
    return sorted(days)[len(days) // 2]


def test_amendments_come_after_what_they_correct(demo: sqlite_utils.Database) -> None:
    rows = demo.execute(
        "SELECT a.started_at, o.completed_at, o.superseded_by, a.id, a.status FROM inspections a "
        "JOIN inspections o ON o.id = a.amends_id"
    ).fetchall()
    assert rows
    for started, original_done, superseded_by, amend_id, status in rows:
        assert datetime.fromisoformat(started) > datetime.fromisoformat(original_done)
        # A completed amendment supersedes the original; a draft one does not yet.
        assert superseded_by == (amend_id if status == "completed" else None)


def test_sites_fit_their_checklists(demo: sqlite_utils.Database) -> None:
    rows = demo.execute(
        "SELECT DISTINCT i.form_id, s.name, s.address, s.credit_code FROM inspections i "
        "JOIN sites s ON s.id = i.site_id"
    ).fetchall()
    hutongs = tuple(s.name for s in STREETS if s.hutong)
    by_form: dict[str, list[tuple[str, str, str | None]]] = {}
    for form, name, address, code in rows:
        by_form.setdefault(form, []).append((name, address, code))
    # Basements and group rentals: homes in residential compounds, no business licence.
    for name, address, code in by_form["underground_group_rental"]:
        assert code is None and "号院" in address, address
        assert any(w in name for w in ("地下", "单元", "平房")), name
    # Wall-breaching: a shop in a residential building's ground floor, or a lane's bungalow.
    for _name, address, _code in by_form["storefront_opening"]:
        assert address.endswith("号楼1层") or any(h in address for h in hutongs), address
    # Street order: shops and stalls on the street, never a basement or a flat.
    for name, address, _code in by_form["street_order"]:
        assert "地下" not in name and "单元" not in address, address
    stalls = [a for _n, a, c in by_form["street_order"] if a.endswith("门前")]
    assert stalls and all(c is None for n, a, c in by_form["street_order"] if a.endswith("门前"))


def test_days_widens_the_period(tmp_path: Path) -> None:
    db = open_database(tmp_path / "two.db", create=True)
    summary = fill_demo(db, inspections=200, seed=2, as_of=date(2026, 1, 1), days=731)
    assert summary.first_day == date(2024, 1, 1) and summary.last_day == date(2025, 12, 31)
    years = {s[:4] for (s,) in db.execute("SELECT started_at FROM inspections")}
    assert {"2024", "2025"} <= years
    with pytest.raises(ValueError, match="days"):
        fill_demo(db, inspections=10, days=0)
    db.close()


def test_every_demo_inspection_has_two_officers_who_differ(demo: sqlite_utils.Database) -> None:
    rows = demo.execute("SELECT inspector_name, badge_no, second_inspector_name, "
                        "second_badge_no FROM inspections").fetchall()
    assert rows
    for name, badge, second, second_badge in rows:
        assert second and second_badge.startswith("BJ-"), (name, second)
        assert (second, second_badge) != (name, badge)


def test_a_demo_database_has_its_cases_derived(tmp_path: Path) -> None:
    from app.demo.make import make_demo
    from app.store.cases import list_cases

    db = open_database(tmp_path / "cases.db", create=True)
    try:
        make_demo(db, tmp_path / "cases.db", inspections=60, seed=2, photos=0)
        assert db.execute("SELECT count(*) FROM case_queue").fetchone()[0] == 0
        with_findings = db.execute(
            "SELECT count(*) FROM inspections WHERE status = 'completed' "
            "AND superseded_by IS NULL AND finding_count > 0").fetchone()[0]
        assert with_findings and list_cases(db)  # every finding is a case from the start
    finally:
        db.close()
