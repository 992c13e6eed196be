"""Drill-down: every number of the ledger equals the number of cases listed behind it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from unittest import mock

import pytest

from app.core.clock import format_utc
from app.ledger.build import build_ledger
from app.ledger.drill import DAY_OF_COLUMN, LedgerCell, cases_behind, period_key, person_cases
from app.store.cases import list_cases, order_case, update_cases
from app.store.ledger_query import LedgerFilter
from tests.helpers.case_world import CaseWorld, add_shop, beijing, inspect, open_case_world

AS_OF = date(2026, 2, 1)
CASE_COLUMNS = ("opened", "rectified", "overdue", "rebounds", "reinspections_due",
                "failed_reinspections")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseWorld]:
    w = open_case_world(tmp_path_factory.mktemp("drill") / "drill.db")
    rng = random.Random(5)
    shops = [add_shop(w, f"店{n}", district=d, division=s, lat=39.9 + n / 1000, lon=116.4)
             for n, (d, s) in enumerate([("110105", "110105004000"), ("110105", "110105001000"),
                                         ("110101", "110101006000")] * 3)]
    for _n in range(45):
        day = date.fromordinal(date(2025, 11, 1).toordinal() + rng.randrange(80))
        inspect(w, rng.choice(shops), f"{day.isoformat()} {9 + rng.randrange(8):02d}:10",
                goods_out=rng.random() < 0.5, no_licence=rng.random() < 0.3)
    update_cases(w.db)
    early = [c for c in list_cases(w.db, state="open") if (c.opened_at or "") < "2026-01-05"]
    for case in early[::2]:
        with mock.patch("app.store.cases.utc_now",
                        return_value=format_utc(beijing("2026-01-05 09:00"))):
            order_case(w.db, case.id, "朝阳城管责改", "王建国", issue_date=date(2026, 1, 5))
    yield w
    w.db.close()


def test_period_keys() -> None:
    assert period_key(date(2026, 1, 1), "week") == "2025-12-29"  # a Thursday: its Monday
    assert period_key(date(2026, 1, 1), "month") == "2026-01"
    assert period_key(date(2026, 1, 1), "campaign") == "campaign"


@pytest.mark.parametrize("period", ["week", "month", "campaign"])
def test_every_number_is_its_cases(world: CaseWorld, period: str) -> None:
    flt = LedgerFilter(period=period, date_from=date(2025, 11, 10), date_to=date(2026, 1, 20),
                       as_of=AS_OF)
    ledger = build_ledger(world.db, flt)
    checked = 0
    for row in ledger.rows:
        for column in CASE_COLUMNS:
            cell = LedgerCell(column, row.work_item, row.district_code, row.street_code,
                              row.period)
            cases = cases_behind(world.db, flt, cell)
            expected = getattr(row, column)
            if column == "failed_reinspections":  # a count of re-inspections, not of cases
                assert sum(c.failed_reinspections for c in cases) == expected
            else:
                assert len(cases) == expected, (row, column)
            checked += expected
        assert len(cases_behind(world.db, flt, LedgerCell(
            "rate", row.work_item, row.district_code, row.street_code, row.period))) == row.opened
    assert checked > 0
    assert sum(r.overdue for r in ledger.rows) > 0


def test_people_numbers_are_their_cases(world: CaseWorld) -> None:
    flt = LedgerFilter(period="month", as_of=AS_OF)
    ledger = build_ledger(world.db, flt)
    assert ledger.people
    for person in ledger.people:
        for column in ("opened", "rectified"):
            cases = person_cases(world.db, flt, person.inspector_name, person.team,
                                 person.period, column)
            assert len(cases) == getattr(person, column)


def test_every_column_has_a_day() -> None:
    assert set(DAY_OF_COLUMN) >= {"sites", "inspections", "findings", *CASE_COLUMNS, "rate"}
