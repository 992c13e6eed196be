"""市区比对: a ledger file written from the same database compares equal; planted differences
(a changed count, a case removed, a case closed there, a case open there) are each found, and
nothing else."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.ledger.build import build_ledger
from app.ledger.compare import LedgerFileError, compare_ledger
from app.ledger.files import CASE_SHEET, case_list, write_xlsx
from app.store.ledger_query import LedgerFilter
from tests.helpers.case_world import CaseWorld, add_shop, inspect, open_case_world

AS_OF = date(2026, 2, 1)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseWorld]:
    w = open_case_world(tmp_path_factory.mktemp("compare") / "city.db")
    rng = random.Random(5)
    shops = [add_shop(w, f"店{n}", district=d, division=s)
             for n, (d, s) in enumerate([("110105", "110105004000"), ("110105", "110105001000"),
                                         ("110101", "110101006000")] * 3)]
    for _n in range(40):
        day = date.fromordinal(date(2025, 11, 1).toordinal() + rng.randrange(80))
        inspect(w, rng.choice(shops), f"{day} {9 + rng.randrange(8):02d}:10",
                goods_out=rng.random() < 0.5, no_licence=rng.random() < 0.3)
    yield w
    w.db.close()


@pytest.fixture(scope="module")
def reported(world: CaseWorld, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Chaoyang's monthly ledger as the district would hand it in."""
    flt = LedgerFilter("month", date(2025, 11, 1), date(2026, 1, 31), "110105", AS_OF)
    path = tmp_path_factory.mktemp("reported") / "110105.xlsx"
    write_xlsx(build_ledger(world.db, flt), path, case_list(world.db, "110105"))
    return path


def planted(reported: Path, tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "planted.xlsx"
    shutil.copy(reported, path)
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def kinds(world: CaseWorld, path: Path) -> list[tuple[str, str]]:
    return [(d.kind, d.field or d.case_id) for d in compare_ledger(world.db, path).differences]


def test_the_same_database_compares_equal(world: CaseWorld, reported: Path) -> None:
    result = compare_ledger(world.db, reported)
    assert result.equal, [d.text().both() for d in result.differences]
    assert result.districts == ("110105",)
    assert result.filter.period == "month" and result.filter.as_of == AS_OF
    assert result.lines_compared > 3
    assert result.cases_compared == len(case_list(world.db, "110105")) > 0


def _case_rows(book) -> list[tuple[int, dict[str, str]]]:  # type: ignore[no-untyped-def]
    sheet = book[CASE_SHEET]
    header = [c.value for c in sheet[1]]
    return [(n, dict(zip(header, (c.value for c in row), strict=True)))
            for n, row in enumerate(sheet.iter_rows(min_row=2), start=2)]


def test_each_planted_difference_and_nothing_else(world: CaseWorld, reported: Path,
                                                  tmp_path: Path) -> None:
    def count(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["street_order"]
        sheet.cell(row=3, column=5).value = sheet.cell(row=3, column=5).value + 1  # 检查次数

    assert kinds(world, planted(reported, tmp_path, count)) == [("count", "inspections")]

    rows = _case_rows(load_workbook(reported))
    open_row, open_case = next((n, c) for n, c in rows if c["状态"] != "closed")
    closed_row, closed_case = next((n, c) for n, c in rows if c["状态"] == "closed")
    removed_row, removed = next((n, c) for n, c in rows if n not in (open_row, closed_row))

    def remove(book) -> None:  # type: ignore[no-untyped-def]
        book[CASE_SHEET].delete_rows(removed_row)

    assert kinds(world, planted(reported, tmp_path, remove)) == [
        ("case_only_here", removed["案件编号"])]

    def close(book) -> None:  # type: ignore[no-untyped-def]
        book[CASE_SHEET].cell(row=open_row, column=6).value = "closed"

    assert kinds(world, planted(reported, tmp_path, close)) == [
        ("open_here_closed_there", open_case["案件编号"])]

    def reopen(book) -> None:  # type: ignore[no-untyped-def]
        book[CASE_SHEET].cell(row=closed_row, column=6).value = "ordered"

    assert kinds(world, planted(reported, tmp_path, reopen)) == [
        ("closed_here_open_there", closed_case["案件编号"])]

    def all_of_them(book) -> None:  # type: ignore[no-untyped-def]
        count(book)
        close(book)
        reopen(book)
        remove(book)

    assert sorted(kinds(world, planted(reported, tmp_path, all_of_them))) == sorted([
        ("count", "inspections"), ("case_only_here", removed["案件编号"]),
        ("open_here_closed_there", open_case["案件编号"]),
        ("closed_here_open_there", closed_case["案件编号"])])


def test_a_case_only_in_the_file_and_a_line_only_here(world: CaseWorld, reported: Path,
                                                     tmp_path: Path) -> None:
    def extra(book) -> None:  # type: ignore[no-untyped-def]
        book[CASE_SHEET].append(["x-1", "street_order", "s", "某店", "goods_out", "found"])
        sheet = book["street_order"]
        sheet.delete_rows(3)  # the first line gone: its counts are here only

    found = compare_ledger(world.db, planted(reported, tmp_path, extra)).differences
    assert ("case_only_there", "x-1") in [(d.kind, d.case_id) for d in found]
    assert {d.kind for d in found} == {"case_only_there", "count"}
    assert all(d.there == 0 for d in found if d.kind == "count")


def test_not_a_ledger_is_refused(world: CaseWorld, tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["随便一张表"])
    book.save(path)
    with pytest.raises(LedgerFileError, match="台账"):
        compare_ledger(world.db, path)
    (tmp_path / "text.xlsx").write_text("不是表格")
    with pytest.raises(LedgerFileError):
        compare_ledger(world.db, tmp_path / "text.xlsx")
