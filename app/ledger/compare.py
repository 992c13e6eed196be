"""市区比对 (cross-check): a district's ledger spreadsheet against the merged records here.

The district hands in the ledger in the layout `app.ledger.files.write_xlsx` writes: one sheet
per work item (title row, headers, the lines, 合计) and optionally the case list (案件清单).
`read_ledger_file` reads it back; `compare_ledger` builds this database's ledger with the same
period grain, dates, 截至 day and districts, and lists every difference:

- `count`: one count of one line (work item × district × street × period) differs (a line only
  one side has counts as zeros on the other);
- `case_only_here` / `case_only_there`: a case on one side only;
- `closed_here_open_there` / `open_here_closed_there`: a case closed (销号) on one side, open
  on the other; `state`: any other difference of state.

The rate (整改率) and the 合计 row follow from the counts and are not compared again. No Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import InputRefused
from app.core.text import Text
from app.ledger.build import COLUMNS, build_ledger
from app.ledger.files import CASE_COLUMNS, CASE_SHEET, case_list
from app.store.ledger_query import COUNT_FIELDS, PERIODS, LedgerFilter

if TYPE_CHECKING:
    import sqlite_utils

OPEN_STATES = frozenset({"found", "filed", "ordered", "rectifying", "reinspected"})
_GRAINS = {"按周": "week", "按月": "month", "累计": "campaign"}
_TITLE = re.compile(r"（(按周|按月|累计)，(\S+) 至 (\S+)，截至 (\d{4}-\d{2}-\d{2})）")

LineKey = tuple[str, str, str, str]  # work item, district, street, period


class LedgerFileError(InputRefused):
    """A spreadsheet that is not a ledger in our layout; the message says where."""


@dataclass
class LedgerFile:
    """What a ledger spreadsheet says: its filter (from the title) and its lines and cases."""

    period: str
    date_from: date | None
    date_to: date | None
    as_of: date
    lines: dict[LineKey, dict[str, int]] = field(default_factory=dict)
    cases: dict[str, dict[str, Any]] | None = None

    @property
    def districts(self) -> set[str]:
        return {k[1] for k in self.lines}


@dataclass(frozen=True)
class Difference:
    """One difference between here (the merged records) and there (the district's file)."""

    kind: str
    work_item: str = ""
    district_code: str = ""
    street_code: str = ""
    period: str = ""
    field: str = ""
    case_id: str = ""
    here: Any = None
    there: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None) or k in (
            "kind", "here", "there")}

    def text(self) -> Text:
        header = {f: (zh, en) for f, zh, en in COLUMNS}
        where = f"{self.work_item} {self.district_code} {self.street_code} {self.period}"
        if self.kind == "count":
            zh, en = header.get(self.field, (self.field, self.field))
            return Text(f"{where}：{zh} 本地 {self.here}，区报 {self.there}",
                        f"{where}: {en} here {self.here}, there {self.there}")
        titles = {
            "case_only_here": ("案件只在本地", "case only here"),
            "case_only_there": ("案件只在区报台账", "case only in the district's file"),
            "closed_here_open_there": ("本地已销号，区报未结", "closed here, open there"),
            "open_here_closed_there": ("本地未结，区报已销号", "open here, closed there"),
            "state": ("案件状态不同", "case state differs"),
        }
        zh, en = titles[self.kind]
        states = f"（本地 {self.here or '—'}，区报 {self.there or '—'}）"
        return Text(f"{zh}：{self.case_id}{states}",
                    f"{en}: {self.case_id} (here {self.here or '-'}, there {self.there or '-'})")


@dataclass(frozen=True)
class Comparison:
    """The outcome: the filter both sides were read with, and every difference."""

    filter: LedgerFilter
    districts: tuple[str, ...]
    lines_compared: int
    cases_compared: int | None
    differences: tuple[Difference, ...]

    @property
    def equal(self) -> bool:
        return not self.differences


def _int(value: Any, where: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise LedgerFileError(Text(f"{where} 应为整数，而不是 {value!r}",
                                   f"{where} should be a whole number, not {value!r}"))
    return int(value)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():  # a code Excel turned into a number
        value = int(value)
    return "" if value is None else str(value).strip()


def _parse_title(title: str, sheet: str) -> tuple[str, date | None, date | None, date]:
    match = _TITLE.search(title)
    if match is None:
        raise LedgerFileError(Text(
            f"工作表 {sheet} 的标题行不是台账标题：{title[:60]!r}",
            f"sheet {sheet}'s title row is not a ledger title: {title[:60]!r}"))
    grain, start, end, as_of = match.groups()
    try:
        return (_GRAINS[grain], None if start == "开始" else date.fromisoformat(start),
                date.fromisoformat(end), date.fromisoformat(as_of))
    except ValueError as exc:
        raise LedgerFileError(Text(f"工作表 {sheet} 标题中的日期无法识别：{title[:60]!r}",
                                   f"sheet {sheet}'s title has a date not understood")) from exc


def read_ledger_file(path: Path) -> LedgerFile:
    """The ledger a spreadsheet holds (our layout); LedgerFileError naming what is wrong."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise LedgerFileError(Text(f"无法读取台账文件 {path}：{exc}",
                                   f"cannot read the ledger file {path}: {exc}")) from exc
    try:
        headers = [zh for _f, zh, _en in COLUMNS]
        names = [f for f, _zh, _en in COLUMNS]
        result: LedgerFile | None = None
        for sheet in book.worksheets:
            if sheet.title == CASE_SHEET:
                continue
            rows = list(sheet.iter_rows(values_only=True))
            if len(rows) < 2 or [_text(v) for v in rows[1][:len(headers)]] != headers:
                raise LedgerFileError(Text(
                    f"工作表 {sheet.title} 不是台账格式（第 2 行应为表头：{'、'.join(headers)}）",
                    f"sheet {sheet.title} is not in the ledger layout (row 2: the headers)"))
            period, start, end, as_of = _parse_title(_text(rows[0][0]), sheet.title)
            if result is None:
                result = LedgerFile(period, start, end, as_of)
            elif (period, start, end, as_of) != (result.period, result.date_from,
                                                 result.date_to, result.as_of):
                raise LedgerFileError(Text(f"工作表 {sheet.title} 的期间与其他工作表不同",
                                           f"sheet {sheet.title} covers another period"))
            for n, row in enumerate(rows[2:], start=3):
                values = dict(zip(names, row, strict=False))
                if _text(values.get("district_code")) in ("合计", ""):
                    continue
                key = (sheet.title, _text(values["district_code"]),
                       _text(values["street_code"]), _text(values["period"]))
                counts = {f: _int(values.get(f), f"{sheet.title}!{n}行 {f}")
                          for f in names[3:] if f != "rate"}
                result.lines[key] = counts
        if result is None:
            raise LedgerFileError(Text("台账文件中没有工作内容的工作表",
                                       "the ledger file has no work item sheet"))
        if CASE_SHEET in book.sheetnames:
            result.cases = _read_cases(book[CASE_SHEET])
        return result
    finally:
        book.close()


def _read_cases(sheet: Any) -> dict[str, dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    by_header = {zh: key for key, zh in CASE_COLUMNS}
    if not rows:
        return {}
    columns = [by_header.get(_text(h)) for h in rows[0]]
    if "id" not in columns or "state" not in columns:
        raise LedgerFileError(Text(f"{CASE_SHEET} 缺少“案件编号”或“状态”列",
                                   f"{CASE_SHEET} lacks the case id or state column"))
    cases = {}
    for row in rows[1:]:
        case = {c: _text(v) for c, v in zip(columns, row, strict=False) if c}
        if case.get("id"):
            cases[case["id"]] = case
    return cases


def compare_ledger(db: sqlite_utils.Database, path: Path, period: str | None = None,
                   actor: str = "") -> Comparison:
    """Every difference between the district's ledger file and this database's ledger, built
    with the file's period grain, dates and 截至 day, over the districts the file names."""
    there = read_ledger_file(path)
    if period is not None and period != there.period:
        raise LedgerFileError(Text(
            f"文件是{_grain_zh(there.period)}台账，不能按{_grain_zh(period)}比对",
            f"the file is a {there.period} ledger: it cannot be compared by {period}"))
    districts = sorted(there.districts)
    flt = LedgerFilter(there.period, there.date_from, there.date_to,
                       districts[0] if len(districts) == 1 else None, there.as_of)
    ledger = build_ledger(db, flt, actor)
    here: dict[LineKey, dict[str, int]] = {}
    for row in ledger.rows:
        if districts and row.district_code not in districts:
            continue
        here[row.key] = {f: getattr(row, f) for f in COUNT_FIELDS}
    diffs: list[Difference] = []
    fields = [f for f, _zh, _en in COLUMNS[3:] if f != "rate"]
    for key in sorted(set(here) | set(there.lines)):
        counts_here, counts_there = here.get(key, {}), there.lines.get(key, {})
        for f in fields:
            a, b = counts_here.get(f, 0), counts_there.get(f, 0)
            if a != b:
                diffs.append(Difference("count", *key, field=f, here=a, there=b))
    cases_compared = None
    if there.cases is not None:
        scopes: list[str | None] = list(districts) or [None]
        mine_cases = {c["id"]: c for d in scopes for c in case_list(db, d)}
        cases_compared = len(set(mine_cases) | set(there.cases))
        for case_id in sorted(set(mine_cases) | set(there.cases)):
            mine, theirs = mine_cases.get(case_id), there.cases.get(case_id)
            if theirs is None:
                diffs.append(_case_diff("case_only_here", mine, None))
            elif mine is None:
                diffs.append(_case_diff("case_only_there", None, theirs))
            elif mine["state"] != theirs["state"]:
                diffs.append(_case_diff(_state_kind(mine["state"], theirs["state"]), mine,
                                        theirs))
    return Comparison(flt, tuple(districts), len(set(here) | set(there.lines)),
                      cases_compared, tuple(diffs))


def _state_kind(here: str, there: str) -> str:
    if here == "closed" and there in OPEN_STATES:
        return "closed_here_open_there"
    if here in OPEN_STATES and there == "closed":
        return "open_here_closed_there"
    return "state"


def _case_diff(kind: str, here: dict[str, Any] | None,
               there: dict[str, Any] | None) -> Difference:
    case = here or there or {}
    return Difference(kind, work_item=_text(case.get("work_item")),
                      case_id=_text(case.get("id")),
                      here=here["state"] if here else None,
                      there=there["state"] if there else None)


def _grain_zh(period: str) -> str:
    return {v: k for k, v in _GRAINS.items()}.get(period, period) if period in PERIODS \
        else period
