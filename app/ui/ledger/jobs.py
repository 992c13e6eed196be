"""The ledger page's background jobs (run_task, each on its own connection): build the ledger,
list the cases behind a number, write the files. No Qt widgets here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from app.ledger.build import Ledger, build_ledger
from app.ledger.drill import LedgerCell, cases_behind, person_cases
from app.ledger.files import case_list, write_csv, write_geojson, write_xlsx
from app.output_guard import check_output
from app.store.ledger_query import LedgerFilter
from app.ui.ledger.case_rows import CaseRow, case_rows
from app.ui.tasks import TaskContext


@dataclass(frozen=True)
class LedgerChoice:
    """What the filters ask: the ledger's filter plus the lines kept (work item, street)."""

    filter: LedgerFilter
    work_item: str = ""
    street_code: str = ""

    def keeps(self, work_item: str, street_code: str) -> bool:
        return ((not self.work_item or work_item == self.work_item)
                and (not self.street_code or street_code == self.street_code))


def filtered(ledger: Ledger, choice: LedgerChoice) -> Ledger:
    """The ledger with only the lines the choice keeps."""
    return dataclasses.replace(ledger, rows=tuple(
        r for r in ledger.rows if choice.keeps(r.work_item, r.street_code)))


def ledger_job(ctx: TaskContext, choice: LedgerChoice, actor: str) -> Ledger:
    db = ctx.open_database()
    try:
        return filtered(build_ledger(db, choice.filter, actor), choice)
    finally:
        db.close()


def drill_job(ctx: TaskContext, flt: LedgerFilter, cell: LedgerCell) -> list[CaseRow]:
    db = ctx.open_database()
    try:
        return case_rows(db, cases_behind(db, flt, cell), flt.as_of)
    finally:
        db.close()


def person_job(ctx: TaskContext, flt: LedgerFilter, name: str, team: str, period: str,
               column: str) -> list[CaseRow]:
    db = ctx.open_database()
    try:
        return case_rows(db, person_cases(db, flt, name, team, period, column), flt.as_of)
    finally:
        db.close()


def export_job(ctx: TaskContext, db_path: Path, choice: LedgerChoice, out: Path,
               actor: str) -> Path:
    """Write the ledger (as filtered) to .xlsx (with the case list), .csv or .geojson."""
    check_output(out, db_path, force=True)  # the save dialog asked before replacing a file
    db = ctx.open_database()
    try:
        district = choice.filter.district_code
        suffix = out.suffix.lower()
        if suffix == ".geojson":
            write_geojson(db, out, district_code=district)
            return out
        ledger = filtered(build_ledger(db, choice.filter, actor), choice)
        if suffix == ".csv":
            write_csv(ledger, out)
        else:
            write_xlsx(ledger, out, cases=case_list(db, district))
        return out
    finally:
        db.close()
