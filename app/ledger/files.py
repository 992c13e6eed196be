"""The ledger written out: .xlsx as an office hands it in, .csv for Excel, .geojson of sites
with open cases (docs/ledger.md)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.geo import wgs84_to_gcj02
from app.ledger.build import COLUMNS, Ledger, totals, work_item_title
from app.store.ledger_query import LedgerRow

if TYPE_CHECKING:
    import sqlite_utils

CASE_SHEET = "案件清单"
CASE_COLUMNS = (("id", "案件编号"), ("work_item", "工作内容"), ("site_id", "场所编号"),
                ("site_name", "场所"), ("item_id", "问题类别"), ("state", "状态"),
                ("opened_at", "发现时间"), ("deadline", "整改期限"), ("closed_at", "销号时间"),
                ("rebound_of", "反弹自"))


def _value(row: LedgerRow, name: str) -> Any:
    return row.rate if name == "rate" else getattr(row, name)


def title_of(ledger: Ledger, work_item: str) -> str:
    f = ledger.filter
    span = f"{f.date_from or '开始'} 至 {f.date_to or f.as_of}"
    grain = {"week": "按周", "month": "按月", "campaign": "累计"}[f.period]
    return (f"{work_item_title(work_item).zh} 工作台账（{grain}，{span}，截至 {f.as_of}）"
            + (f" 区划 {f.district_code}" if f.district_code else ""))


def write_csv(ledger: Ledger, path: Path) -> None:
    """One table, UTF-8 with BOM (so Excel opens the Chinese), a work item column first."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["工作内容", *(zh for _f, zh, _en in COLUMNS)])
        for row in ledger.rows:
            out.writerow([work_item_title(row.work_item).zh,
                          *("" if _value(row, f) is None else
                            (f"{_value(row, f):.4f}" if f == "rate" else _value(row, f))
                            for f, _zh, _en in COLUMNS)])


def write_xlsx(ledger: Ledger, path: Path, cases: list[dict[str, Any]] | None = None) -> None:
    """One sheet per work item: a title row, headers, frozen panes below them, the lines, a
    totals row; number formats (counts as whole numbers, the rate as a percentage). A case
    list sheet when `cases` is given (the cross-check reads it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for work_item in ledger.work_items() or ["street_order"]:
        sheet = book.create_sheet(work_item[:31])
        sheet.append([title_of(ledger, work_item)])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.append([zh for _f, zh, _en in COLUMNS])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        rows = ledger.rows_of(work_item)
        for row in rows:
            sheet.append([_value(row, f) for f, _zh, _en in COLUMNS])
        total = totals(rows, work_item)
        sheet.append(["合计", "", "", *(_value(total, f) for f, _zh, _en in COLUMNS[3:])])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for n, (name, _zh, _en) in enumerate(COLUMNS, start=1):
            letter = sheet.cell(row=2, column=n).column_letter
            sheet.column_dimensions[letter].width = 14 if n > 3 else 16
            for r in range(3, sheet.max_row + 1):
                cell = sheet.cell(row=r, column=n)
                if name == "rate":
                    cell.number_format = "0.0%"
                elif n > 3:
                    cell.number_format = "#,##0"
        sheet.freeze_panes = "D3"
    if cases is not None:
        sheet = book.create_sheet(CASE_SHEET)
        sheet.append([zh for _k, zh in CASE_COLUMNS])
        for case in cases:
            sheet.append([case.get(k) for k, _zh in CASE_COLUMNS])
        sheet.freeze_panes = "A2"
    book.save(path)


def case_list(db: sqlite_utils.Database, district_code: str | None = None) -> list[dict[str, Any]]:
    """Every case with its site, for the case list sheet and the cross-check."""
    sql = ("SELECT c.id, c.work_item, coalesce(s.merged_into, s.id), s.name, c.item_id, c.state, "
           "c.opened_at, c.deadline, c.closed_at, c.rebound_of FROM cases c "
           "JOIN sites s ON s.id = c.site_id")
    args: list[Any] = []
    if district_code:
        sql += " WHERE s.district_code = ?"
        args.append(district_code)
    names = [k for k, _zh in CASE_COLUMNS]
    return [dict(zip(names, r, strict=True)) for r in db.execute(sql + " ORDER BY c.id", args)]


def write_geojson(db: sqlite_utils.Database, path: Path, *, gcj02: bool = False,
                  district_code: str | None = None) -> int:
    """Sites with open cases as points (WGS-84, or GCJ-02 on request, said in the file); the
    number of sites written."""
    sql = ("SELECT coalesce(s.merged_into, s.id) AS site, s.name, s.address, s.district_code, "
           "s.lat, s.lon, c.id, c.work_item, c.item_id, c.state, c.deadline FROM cases c "
           "JOIN sites s ON s.id = c.site_id WHERE c.state IN "
           "('found', 'filed', 'ordered', 'rectifying', 'reinspected') AND s.lat IS NOT NULL")
    args: list[Any] = []
    if district_code:
        sql += " AND s.district_code = ?"
        args.append(district_code)
    sites: dict[str, dict[str, Any]] = {}
    for site, name, address, district, lat, lon, case_id, wi, item, state, deadline in (
            db.execute(sql + " ORDER BY 1, 7", args)):
        if site not in sites:
            if gcj02:
                p = wgs84_to_gcj02(lat, lon)
                lat, lon = p.lat, p.lon
            sites[site] = {"type": "Feature",
                           "geometry": {"type": "Point", "coordinates": [lon, lat]},
                           "properties": {"site_id": site, "name": name, "address": address,
                                          "district_code": district, "cases": []}}
        sites[site]["properties"]["cases"].append(
            {"id": case_id, "work_item": wi, "item_id": item, "state": state,
             "deadline": deadline})
    crs = "GCJ-02" if gcj02 else "WGS-84"
    doc = {
        "type": "FeatureCollection",
        # RFC 7946 GeoJSON is WGS-84; a GCJ-02 file says so (Chinese web maps draw it).
        "crs_note": (f"坐标系 {crs}" + ("（非 RFC 7946 标准的 WGS-84，供高德/腾讯地图使用）"
                                         if gcj02 else "") + f" (coordinates in {crs})"),
        "coordinate_system": crs,
        "features": [sites[k] for k in sorted(sites)],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(sites)
