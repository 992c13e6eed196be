"""The ledger: totals equal to direct SQL counts; xlsx, csv and geojson read back."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from openpyxl import load_workbook

from app.core.clock import format_utc
from app.core.geo import wgs84_to_gcj02
from app.ledger.build import COLUMNS, build_ledger, totals
from app.ledger.files import CASE_SHEET, case_list, write_csv, write_geojson, write_xlsx
from app.store.cases import list_cases, order_case, update_cases
from app.store.ledger_query import COUNT_FIELDS, LedgerFilter
from tests.helpers.case_world import CaseWorld, add_shop, beijing, inspect, open_case_world

AS_OF = date(2026, 2, 1)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseWorld]:
    w = open_case_world(tmp_path_factory.mktemp("ledger") / "ledger.db")
    rng = random.Random(11)
    shops = [add_shop(w, f"店{n}", district=d, division=s, lat=39.9 + n / 1000, lon=116.4)
             for n, (d, s) in enumerate([("110105", "110105004000"), ("110105", "110105001000"),
                                         ("110101", "110101006000")] * 4)]
    for _n in range(60):
        day = date(2025, 11, 1).toordinal() + rng.randrange(85)
        hour = 9 + rng.randrange(8)
        when = f"{date.fromordinal(day).isoformat()} {hour:02d}:{rng.randrange(60):02d}"
        inspect(w, rng.choice(shops), when, goods_out=rng.random() < 0.5,
                no_licence=rng.random() < 0.3)
    update_cases(w.db)
    early = [c for c in list_cases(w.db, state="open") if (c.opened_at or "") < "2026-01-05"]
    for case in early[::2]:
        with mock.patch("app.store.cases.utc_now",
                        return_value=format_utc(beijing("2026-01-05 09:00"))):
            order_case(w.db, case.id, "朝阳城管责改", "王建国", issue_date=date(2026, 1, 5))
    yield w
    w.db.close()


def scalar(world: CaseWorld, sql: str, *args: object) -> int:
    return int(world.db.execute(sql, args).fetchone()[0] or 0)


@pytest.mark.parametrize("period", ["week", "month", "campaign"])
def test_totals_equal_direct_counts(world: CaseWorld, period: str) -> None:
    ledger = build_ledger(world.db, LedgerFilter(period=period, as_of=AS_OF))
    total = totals(list(ledger.rows))
    current = "status = 'completed' AND superseded_by IS NULL"
    assert total.inspections == scalar(world, f"SELECT count(*) FROM inspections WHERE {current}")
    assert total.findings == scalar(
        world, f"SELECT count(*) FROM findings WHERE inspection_id IN "
        f"(SELECT id FROM inspections WHERE {current})")
    assert total.opened == scalar(world, "SELECT count(*) FROM cases")
    assert total.rectified == scalar(world, "SELECT count(*) FROM cases WHERE state = 'closed'")
    assert total.opened_closed == total.rectified
    assert total.rebounds == scalar(
        world, "SELECT count(*) FROM cases WHERE rebound_of IS NOT NULL")
    assert total.rebounds > 0 and total.rectified > 0
    open_states = "('found', 'filed', 'ordered', 'rectifying', 'reinspected')"
    assert total.overdue == scalar(
        world, f"SELECT count(*) FROM cases WHERE state IN {open_states} AND deadline < ?",
        AS_OF.isoformat())
    assert total.overdue > 0
    assert total.failed_reinspections == scalar(
        world, "SELECT sum(failed_reinspections) FROM cases")
    if period == "campaign":
        # Sites: distinct per street in one period, so the campaign's lines add up exactly.
        assert total.sites == scalar(world, f"SELECT count(DISTINCT site_id) FROM inspections "
                                     f"WHERE {current}")


def test_district_and_date_filters(world: CaseWorld) -> None:
    whole = build_ledger(world.db, LedgerFilter(period="month", as_of=AS_OF))
    dongcheng = build_ledger(world.db, LedgerFilter(period="month", district_code="110101",
                                                    as_of=AS_OF))
    assert {r.district_code for r in dongcheng.rows} == {"110101"}
    assert [r for r in whole.rows if r.district_code == "110101"] == list(dongcheng.rows)
    december = build_ledger(world.db, LedgerFilter(period="month", date_from=date(2025, 12, 1),
                                                   date_to=date(2025, 12, 31), as_of=AS_OF))
    assert {r.period for r in december.rows} == {"2025-12"}
    for field in COUNT_FIELDS:
        assert getattr(totals(list(december.rows)), field) == getattr(
            totals([r for r in whole.rows if r.period == "2025-12"]), field)


def test_people(world: CaseWorld) -> None:
    ledger = build_ledger(world.db, LedgerFilter(period="campaign", as_of=AS_OF))
    [person] = ledger.people
    assert (person.inspector_name, person.team) == ("王建国", "朝阳二队")
    assert person.opened == scalar(world, "SELECT count(*) FROM cases")


def test_xlsx_reads_back(world: CaseWorld, tmp_path: Path) -> None:
    ledger = build_ledger(world.db, LedgerFilter(period="month", as_of=AS_OF))
    out = tmp_path / "ledger.xlsx"
    write_xlsx(ledger, out, case_list(world.db))
    book = load_workbook(out)
    assert book.sheetnames == ["street_order", CASE_SHEET]
    sheet = book["street_order"]
    assert "工作台账" in sheet["A1"].value and sheet.freeze_panes == "D3"
    assert [c.value for c in sheet[2]] == [zh for _f, zh, _en in COLUMNS]
    body = list(sheet.iter_rows(min_row=3, max_row=sheet.max_row - 1, values_only=True))
    assert len(body) == len(ledger.rows)
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == "合计"
    assert last[5] == sum(r.findings for r in ledger.rows)
    assert sheet.cell(row=3, column=9).number_format == "0.0%"
    assert sheet.cell(row=3, column=6).number_format == "#,##0"
    assert book[CASE_SHEET].max_row == 1 + scalar(world, "SELECT count(*) FROM cases")


def test_csv_has_a_bom(world: CaseWorld, tmp_path: Path) -> None:
    ledger = build_ledger(world.db, LedgerFilter(period="campaign", as_of=AS_OF))
    out = tmp_path / "ledger.csv"
    write_csv(ledger, out)
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["工作内容", "区"] and len(rows) == 1 + len(ledger.rows)


@pytest.mark.parametrize("gcj02", [False, True])
def test_geojson(world: CaseWorld, tmp_path: Path, gcj02: bool) -> None:
    out = tmp_path / "sites.geojson"
    n = write_geojson(world.db, out, gcj02=gcj02)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == n > 0
    assert doc["coordinate_system"] == ("GCJ-02" if gcj02 else "WGS-84")
    assert ("GCJ-02" if gcj02 else "WGS-84") in doc["crs_note"]
    feature = doc["features"][0]
    site = feature["properties"]["site_id"]
    lat, lon = world.db.execute("SELECT lat, lon FROM sites WHERE id = ?", (site,)).fetchone()
    if gcj02:
        p = wgs84_to_gcj02(lat, lon)
        lat, lon = p.lat, p.lon
    assert feature["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
    assert all(c["state"] != "closed" for c in feature["properties"]["cases"])
