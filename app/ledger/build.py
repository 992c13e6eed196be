"""The ledger (台账) as one value: lines per work item × district × street × period, the people,
and the open cases by site (docs/ledger.md). No Qt: the window and the command line call it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.text import Text
from app.store.cases import update_cases
from app.store.ledger_query import (
    COUNT_FIELDS,
    LedgerFilter,
    LedgerRow,
    PersonRow,
    inspector_rows,
    ledger_rows,
)

if TYPE_CHECKING:
    import sqlite_utils

WORK_ITEMS: dict[str, Text] = {
    "illegal_construction": Text("拆除违法建设", "Illegal construction"),
    "street_order": Text("占道经营、无证无照经营和“开墙打洞”整治", "Street order"),
    "urban_rural_fringe": Text("城乡结合部整治改造", "Urban-rural fringe"),
    "old_compounds": Text("中心城区老旧小区综合整治", "Old compounds"),
    "key_areas": Text("中心城区重点区域整治提升", "Key areas"),
    "manufacturing_polluters": Text("疏解一般制造业和“散乱污”企业治理", "Scattered polluters"),
    "wholesale_markets": Text("疏解区域性专业市场", "Wholesale markets"),
    "public_services": Text("疏解部分公共服务功能", "Public services"),
    "underground_group_rental": Text("地下空间和群租房整治", "Basements and group rental"),
    "shanty_public_housing": Text("棚户区改造、直管公房及“商改住”清理整治", "Shanty towns"),
}

# The ledger's columns, in order: (field, header zh, header en).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("district_code", "区", "District"),
    ("street_code", "街道（乡镇）", "Street"),
    ("period", "期间", "Period"),
    ("sites", "检查场所数", "Sites inspected"),
    ("inspections", "检查次数", "Inspections"),
    ("findings", "发现问题数", "Findings"),
    ("opened", "立案数", "Cases opened"),
    ("rectified", "销号数", "Rectified"),
    ("rate", "整改率", "Rectification rate"),
    ("overdue", "逾期未整改", "Overdue"),
    ("rebounds", "反弹数", "Rebounds"),
    ("reinspections_due", "待复查", "Re-inspections due"),
    ("failed_reinspections", "复查未通过", "Re-inspections failed"),
)


def work_item_title(key: str) -> Text:
    return WORK_ITEMS.get(key, Text(key, key))


@dataclass(frozen=True)
class Ledger:
    """What `build_ledger` gives: its filter, its lines and the people's lines."""

    filter: LedgerFilter
    rows: tuple[LedgerRow, ...]
    people: tuple[PersonRow, ...]

    def work_items(self) -> list[str]:
        return sorted({r.work_item for r in self.rows})

    def rows_of(self, work_item: str) -> list[LedgerRow]:
        return [r for r in self.rows if r.work_item == work_item]


def totals(rows: list[LedgerRow], work_item: str = "") -> LedgerRow:
    """The rows added up (a site inspected in two periods counts in each: see docs/ledger.md)."""
    total = LedgerRow(work_item, "", "", "")
    for row in rows:
        for name in COUNT_FIELDS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def build_ledger(db: sqlite_utils.Database, flt: LedgerFilter, actor: str = "") -> Ledger:
    """The ledger as the database stands (queued inspections turned into cases first)."""
    update_cases(db, actor)
    return Ledger(flt, tuple(ledger_rows(db, flt)), tuple(inspector_rows(db, flt)))
