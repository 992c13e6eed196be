"""Beijing administrative divisions: the 16 districts and the 12-digit statistical codes.

A 12-digit code is province 2 + city 2 + county 2 + township 3 + village 3, e.g.
110101001001 多福巷社区 → 110101001000 东华门街道 → 110101000000 东城区 (DOMAIN.md).
The township digits say what kind of unit it is (GB/T 10114, used by the NBS lists): 001–099
街道, 100–199 镇, 200–399 乡, 400–599 units "like a township" (开发区, 机场: 类似乡级单位).
Codes change over the years, so every row in resources/divisions.csv carries the year of the
code list it comes from; docs/divisions.md names the source.

The kind column says what the source calls the unit. It mostly follows the code range, with
one documented exception: a 地区办事处 (an office that is both a 街道 and a 乡 government,
e.g. 南磨房地区) is numbered in the 街道 range.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, cast

from app.paths import resources_dir

Level = Literal["district", "township", "community"]

BEIJING_PREFIX = "11"

LEVELS: tuple[Level, ...] = ("district", "township", "community")

# What the township digits stand for (GB/T 10114). DOMAIN.md gives 200–299 for 乡; the
# standard reserves 200–399, and no Beijing code lies in 300–399, so both agree on the data.
_TOWNSHIP_RANGES: tuple[tuple[int, int, str], ...] = (
    (0, 99, "街道"),
    (100, 199, "镇"),
    (200, 399, "乡"),
    (400, 599, "类似乡级单位"),
)

# The kinds the list uses for townships, and the code range each is numbered in.
TOWNSHIP_KIND_RANGE: dict[str, str] = {
    "街道": "街道",
    "地区": "街道",  # 地区办事处: 街道 and 乡 in one office, numbered as a 街道
    "镇": "镇",
    "乡": "乡",
    "类似乡级单位": "类似乡级单位",
}


@dataclass(frozen=True, slots=True)
class Division:
    """One division: 12-digit code, name, level, kind (区/街道/地区/镇/乡/社区…), parent, year."""

    code: str
    name: str
    level: Level
    kind: str
    parent_code: str | None
    year: int

    @property
    def district_code(self) -> str:
        """The 6-digit code of the district this division lies in."""
        return self.code[:6]


def full_code(code: str) -> str:
    """A 6-, 9- or 12-digit code padded to 12 digits (110105 → 110105000000)."""
    code = code.strip()
    if not code.isdigit() or len(code) not in (6, 9, 12):
        raise ValueError(
            f"行政区划代码应为6、9或12位数字 (a division code has 6, 9 or 12 digits): {code!r}"
        )
    return code.ljust(12, "0")


def level_of(code: str) -> Level:
    """Which level a code names: district (…000000), township (…000) or community."""
    code = full_code(code)
    if code[6:] == "000000":
        return "district"
    if code[9:] == "000":
        return "township"
    return "community"


def township_kind(code: str) -> str:
    """街道, 镇, 乡 or 类似乡级单位 from the township digits (GB/T 10114); 其他 beyond 599."""
    number = int(full_code(code)[6:9])
    for low, high, kind in _TOWNSHIP_RANGES:
        if low <= number <= high:
            return kind
    return "其他"


def kind_agrees_with_code(division: Division) -> bool:
    """True when a township's kind fits its code range (地区 counts as 街道); True above it."""
    if division.level != "township":
        return True
    return TOWNSHIP_KIND_RANGE.get(division.kind) == township_kind(division.code)


def parent_of(code: str) -> str | None:
    """The 12-digit code one level up; None for a district."""
    code = full_code(code)
    level = level_of(code)
    if level == "community":
        return code[:9] + "000"
    if level == "township":
        return code[:6] + "000000"
    return None


def divisions_csv() -> Path:
    """The bundled division list."""

    return resources_dir() / "divisions.csv"


def _row_error(source: Path, line_no: int, zh: str, en: str) -> ValueError:
    return ValueError(
        f"行政区划表 {source} 第 {line_no} 行：{zh}；请按 docs/divisions.md 修正该行 "
        f"({source}:{line_no}: {en}; fix the row as docs/divisions.md describes)"
    )


def _parse_row(row: dict[str, str], source: Path, line_no: int) -> Division:
    try:
        code = full_code(row["code"])
        level = row["level"].strip()
        name = row["name"].strip()
        kind = row["kind"].strip()
        parent_code = row["parent_code"].strip() or None
        year = int(row["year"])
    except KeyError as exc:
        raise _row_error(source, line_no, f"缺少列 {exc}", f"missing column {exc}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise _row_error(
            source, line_no, f"代码或年份无效（{exc}）", f"bad code or year ({exc})"
        ) from exc
    if level not in LEVELS or level != level_of(code):
        raise _row_error(
            source, line_no, f"层级 {level!r} 与代码 {code} 不符",
            f"level {level!r} does not match code {code}",
        )  # fmt: skip
    if parent_code != parent_of(code):
        raise _row_error(
            source, line_no, f"上级代码 {parent_code} 应为 {parent_of(code)}",
            f"parent {parent_code} should be {parent_of(code)}",
        )  # fmt: skip
    if not name or not kind:
        raise _row_error(source, line_no, "名称或类别为空", "empty name or kind")
    return Division(code, name, cast(Level, level), kind, parent_code, year)


@cache
def load_divisions(path: Path | None = None) -> tuple[Division, ...]:
    """Every division in the bundled CSV (or `path`), in file order; parents come first.

    Read once and cached. A bad row raises ValueError naming the file and line.
    """
    source = path or divisions_csv()
    rows: list[Division] = []
    seen: set[str] = set()
    with source.open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            division = _parse_row(row, source, line_no)
            if division.code in seen:
                raise _row_error(
                    source, line_no, f"代码 {division.code} 重复",
                    f"duplicate code {division.code}",
                )  # fmt: skip
            # Parents first: the database loads rows in this order under a foreign key.
            if division.parent_code is not None and division.parent_code not in seen:
                raise _row_error(
                    source, line_no, f"上级 {division.parent_code} 不在此行之前",
                    f"parent {division.parent_code} is not listed before this row",
                )  # fmt: skip
            seen.add(division.code)
            rows.append(division)
    return tuple(rows)


@cache
def _by_code() -> dict[str, Division]:
    return {d.code: d for d in load_divisions()}


@cache
def _children() -> dict[str | None, tuple[Division, ...]]:
    grouped: dict[str | None, list[Division]] = {}
    for division in load_divisions():
        grouped.setdefault(division.parent_code, []).append(division)
    return {parent: tuple(sorted(kids, key=lambda d: d.code)) for parent, kids in grouped.items()}


def list_year() -> int:
    """The year of the NBS code list the bundled divisions come from (the newest row's)."""
    return max(d.year for d in load_divisions())


def get_division(code: str) -> Division | None:
    """The division with this code (6, 9 or 12 digits), or None if the list lacks it."""
    try:
        return _by_code().get(full_code(code))
    except ValueError:
        return None


def districts() -> tuple[Division, ...]:
    """The 16 districts of Beijing, in code order."""
    return tuple(sorted(_children().get(None, ()), key=lambda d: d.code))


def district_of(code: str) -> Division:
    """The district a code (6, 9 or 12 digits) lies in; ValueError for a code outside Beijing."""
    district = get_division(full_code(code)[:6])
    if district is None:
        raise ValueError(f"不是北京市的区代码 (not a Beijing district code): {code!r}")
    return district


def children_of(code: str) -> tuple[Division, ...]:
    """The divisions one level below `code` that the list knows, in code order."""
    return _children().get(full_code(code), ())


def chain_of(code: str) -> tuple[Division, ...]:
    """The known divisions from the district down to `code`, e.g. 东城区, 东华门街道, 多福巷社区.

    Stops above a level the list lacks (a community not in the list gives district and street).
    """
    chain: list[Division] = []
    current: str | None = full_code(code)
    while current is not None:
        division = _by_code().get(current)
        if division is not None:
            chain.append(division)
        current = parent_of(current)
    return tuple(reversed(chain))


def full_name(code: str) -> str:
    """The names along the chain run together, as an address begins: 东城区东华门街道多福巷社区."""
    return "".join(d.name for d in chain_of(code))


def is_district_code(code: str) -> bool:
    """True for one of the 16 six-digit district codes."""
    return len(code) == 6 and get_division(code) is not None and level_of(code) == "district"


def names(divisions: Iterable[Division]) -> list[str]:
    """Just the names, for messages."""
    return [d.name for d in divisions]
