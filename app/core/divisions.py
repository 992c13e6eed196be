"""Beijing administrative divisions: the 16 districts and the 12-digit statistical codes.

A 12-digit code is province 2 + city 2 + county 2 + township 3 + village 3, e.g.
110101001001 多福巷社区 → 110101001000 东华门街道 → 110101000000 东城区 (DOMAIN.md).
Township numbers 000–099 are 街道, 100–199 镇, 200–299 乡. Codes change over the years, so
every row in resources/divisions.csv carries the year of the code list it comes from.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

Level = Literal["district", "township", "community"]

BEIJING_PREFIX = "11"


@dataclass(frozen=True, slots=True)
class Division:
    """One division: its 12-digit code, name, level, kind (区/街道/镇/乡/社区/村), parent, year."""

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
    """街道, 镇 or 乡 from the township digits (000–099, 100–199, 200–299); 其他 beyond."""
    number = int(full_code(code)[6:9])
    if number < 100:
        return "街道"
    if number < 200:
        return "镇"
    if number < 300:
        return "乡"
    return "其他"


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
    from app.paths import resources_dir

    return resources_dir() / "divisions.csv"


@cache
def load_divisions(path: Path | None = None) -> tuple[Division, ...]:
    """Every division in the bundled CSV (or `path`), districts first, in file order."""
    source = path or divisions_csv()
    rows: list[Division] = []
    with source.open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            try:
                code = full_code(row["code"])
                level = row["level"]
                if level not in ("district", "township", "community") or level != level_of(code):
                    raise ValueError(f"level {level!r} does not match the code")
                rows.append(
                    Division(
                        code=code,
                        name=row["name"].strip(),
                        level=level,
                        kind=row["kind"].strip(),
                        parent_code=row["parent_code"].strip() or None,
                        year=int(row["year"]),
                    )
                )
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{source}:{line_no}: {exc}") from exc
    return tuple(rows)


@cache
def _by_code() -> dict[str, Division]:
    return {d.code: d for d in load_divisions()}


def get_division(code: str) -> Division | None:
    """The division with this code (6, 9 or 12 digits), or None if the list lacks it."""
    try:
        return _by_code().get(full_code(code))
    except ValueError:
        return None


def districts() -> tuple[Division, ...]:
    """The 16 districts of Beijing, in code order."""
    return tuple(
        sorted((d for d in load_divisions() if d.level == "district"), key=lambda d: d.code)
    )


def district_of(code: str) -> Division:
    """The district a code (6, 9 or 12 digits) lies in; ValueError for a code outside Beijing."""
    district = get_division(full_code(code)[:6])
    if district is None:
        raise ValueError(f"不是北京市的区代码 (not a Beijing district code): {code!r}")
    return district


def children_of(code: str) -> tuple[Division, ...]:
    """The divisions one level below `code` that the list knows."""
    parent = full_code(code)
    return tuple(d for d in load_divisions() if d.parent_code == parent)


def is_district_code(code: str) -> bool:
    """True for one of the 16 six-digit district codes."""
    return len(code) == 6 and get_division(code) is not None and level_of(code) == "district"


def names(divisions: Iterable[Division]) -> list[str]:
    """Just the names, for messages."""
    return [d.name for d in divisions]
