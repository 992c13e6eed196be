"""Duplicate sites (issue 11.7): two inspectors recording one place as two sites.

`find_duplicates` lists likely pairs with their reasons; a person decides and `merge_sites`
merges: the dropped site points at the one kept (`sites.merged_into`, a synced column, so the
merge travels in bundles as a site version), drafts at the dropped site move to the kept one,
and completed inspections and cases stay as they were made (every query walks a merged site
with the site it was merged into: docs/cases.md). No Qt.

The rules (each a reason, a pair may have several):

- `credit_code`: the same 统一社会信用代码;
- `address`: the same normalised address in the same district — full-width and half-width
  alike (NFKC), spaces and punctuation dropped, 北京市 and the district's name dropped at the
  front, Chinese numerals before 号/楼/单元 as digits, 号楼/栋/幢/座 as 楼, 门 as 单元;
- `nearby`: within `NEARBY_M` metres (WGS-84, haversine) with a similar name
  (`difflib.SequenceMatcher` ratio of the normalised names at least `NAME_RATIO`).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.clock import utc_now
from app.core.divisions import get_division
from app.core.errors import InputRefused
from app.core.geo import haversine_m
from app.core.text import Text
from app.store.audit import record_audit
from app.store.cases import cancel_case
from app.store.db import write_transaction
from app.store.ledger_query import OPEN_STATES_SQL
from app.store.sites import get_site

if TYPE_CHECKING:
    import sqlite_utils

NEARBY_M = 30.0
NAME_RATIO = 0.6
REASON_TEXT = {
    "credit_code": Text("统一社会信用代码相同", "same credit code"),
    "address": Text("地址相同", "same address"),
    "nearby": Text("相距很近且名称相似", "close together with a similar name"),
}


class SiteMergeError(InputRefused):
    """A merge refused (the same site, an unknown one, one already merged)."""


@dataclass(frozen=True)
class DuplicatePair:
    """Two sites that are likely one place; `a` was recorded first."""

    a: str
    b: str
    reasons: tuple[str, ...]
    distance_m: float | None
    name_ratio: float

    def reason_text(self) -> Text:
        return Text("；".join(REASON_TEXT[r].zh for r in self.reasons),
                    "; ".join(REASON_TEXT[r].en for r in self.reasons))


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"([零〇一二两三四五六七八九十]+)(?=号|楼|单元|门|层|栋|幢|座|室)")
_PUNCT = re.compile(r"[\s\-—－_·・,，.。、:：;；()（）\[\]【】#＃\"'“”‘’/\\]+")


def _cn_number(text: str) -> str:
    """一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23 (numbers below 100)."""
    if "十" not in text:
        return "".join(str(_CN_DIGITS[c]) for c in text)
    tens, _sep, ones = text.partition("十")
    value = (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0)
                                                              if ones else 0)
    return str(value)


def normalise_address(address: str, district_code: str = "") -> str:
    """The address as compared: see the module's rules."""
    text = unicodedata.normalize("NFKC", address or "").lower()
    text = _PUNCT.sub("", text)
    for prefix in ("北京市", "北京"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    division = get_division(district_code) if district_code else None
    if division is not None:
        for name in (division.name, division.name.removesuffix("区")):
            if name and text.startswith(name):
                text = text[len(name):]
                break
    text = _CN_NUMBER.sub(lambda m: _cn_number(m.group(1)), text)
    text = re.sub(r"(\d+)(?:号楼|栋|幢|座|号座)", r"\1楼", text)
    text = re.sub(r"(\d+)门", r"\1单元", text)
    return text


def normalise_name(name: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name or "").lower())


def name_ratio(a: str, b: str) -> float:
    """How alike two names are, 0 to 1 (difflib's ratio of the normalised names)."""
    x, y = normalise_name(a), normalise_name(b)
    if not x or not y:
        return 0.0
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


@dataclass(frozen=True)
class _Site:
    id: str
    seq: int
    name: str
    address: str
    district_code: str
    credit_code: str | None
    lat: float | None
    lon: float | None


def find_duplicates(db: sqlite_utils.Database, district_code: str | None = None
                    ) -> list[DuplicatePair]:
    """Likely duplicate pairs among the sites not merged yet, each once with all its reasons,
    in the order the first of each pair was recorded."""
    sql = ("SELECT id, seq, name, address, district_code, credit_code, lat, lon FROM sites "
           "WHERE merged_into IS NULL")
    args: list[str] = []
    if district_code:
        sql += " AND district_code = ?"
        args.append(district_code)
    sites = [_Site(str(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), r[5], r[6], r[7])
             for r in db.execute(sql + " ORDER BY seq", args)]
    reasons: dict[tuple[_Site, _Site], set[str]] = defaultdict(set)

    def pair(x: _Site, y: _Site, reason: str) -> None:
        reasons[(x, y) if x.seq < y.seq else (y, x)].add(reason)

    for key_of, reason in ((lambda s: s.credit_code or None, "credit_code"),
                           (lambda s: (s.district_code, normalise_address(s.address,
                                                                          s.district_code))
                            if normalise_address(s.address, s.district_code) else None,
                            "address")):
        groups: dict[object, list[_Site]] = defaultdict(list)
        for site in sites:
            key = key_of(site)
            if key is not None:
                groups[key].append(site)
        for group in groups.values():
            for i, x in enumerate(group):
                for y in group[i + 1:]:
                    pair(x, y, reason)
    # Nearby: a grid of cells a little larger than NEARBY_M, each site against its 9 cells.
    cell_lat = NEARBY_M / 111_000 * 1.01
    grid: dict[tuple[int, int], list[_Site]] = defaultdict(list)
    placed = [s for s in sites if s.lat is not None and s.lon is not None]
    for s in placed:
        assert s.lat is not None and s.lon is not None
        cell_lon = cell_lat / max(math.cos(math.radians(s.lat)), 0.01)
        grid[(math.floor(s.lat / cell_lat), math.floor(s.lon / cell_lon))].append(s)
    for s in placed:
        assert s.lat is not None and s.lon is not None
        cell_lon = cell_lat / max(math.cos(math.radians(s.lat)), 0.01)
        ci, cj = math.floor(s.lat / cell_lat), math.floor(s.lon / cell_lon)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for t in grid.get((ci + di, cj + dj), ()):
                    if t.seq <= s.seq:
                        continue
                    assert t.lat is not None and t.lon is not None
                    if (haversine_m(s.lat, s.lon, t.lat, t.lon) <= NEARBY_M
                            and name_ratio(s.name, t.name) >= NAME_RATIO):
                        pair(s, t, "nearby")
    order = ("credit_code", "address", "nearby")
    result = []
    for (x, y), found in reasons.items():
        distance = None
        if x.lat is not None and x.lon is not None and y.lat is not None and y.lon is not None:
            distance = round(haversine_m(x.lat, x.lon, y.lat, y.lon), 1)
        result.append(DuplicatePair(x.id, y.id, tuple(r for r in order if r in found),
                                    distance, round(name_ratio(x.name, y.name), 3)))
    seqs = {s.id: s.seq for s in sites}
    return sorted(result, key=lambda p: (seqs[p.a], seqs[p.b]))


@dataclass(frozen=True)
class SiteMerge:
    """What a merge did."""

    keep: str
    drop: str
    also_moved: tuple[str, ...]      # sites merged into the dropped one, now into the kept one
    drafts_moved: tuple[str, ...]    # draft inspections now at the kept site
    cases_cancelled: tuple[str, ...]  # the dropped site's open cases the kept site also has


def merge_sites(db: sqlite_utils.Database, keep: str, drop: str, actor: str) -> SiteMerge:
    """Merge `drop` into `keep` (one transaction, audited `site.merge`).

    The dropped site's `merged_into` is set (and that of sites merged into it before: no
    chains), its drafts move to the kept site, and an open case of the dropped site whose kind
    the kept site also has open is cancelled (撤销, naming the case it duplicates). Completed
    inspections, cases and photos stay as they were made: lists, cases and the ledger count a
    merged site with the kept one."""
    if keep == drop:
        raise SiteMergeError(Text("不能把场所并入它自己", "a site cannot be merged into itself"))
    with write_transaction(db):
        kept, dropped = get_site(db, keep), get_site(db, drop)  # SiteNotFound names the id
        for site_id, label in ((kept.id, "保留的"), (dropped.id, "并入的")):
            into = db.execute("SELECT merged_into FROM sites WHERE id = ?",
                              (site_id,)).fetchone()[0]
            if into is not None:
                raise SiteMergeError(Text(
                    f"{label}场所 {site_id} 已并入 {into}",
                    f"site {site_id} was already merged into {into}"))
        now = utc_now()
        also = tuple(str(r[0]) for r in db.execute(
            "SELECT id FROM sites WHERE merged_into = ? ORDER BY seq", (drop,)))
        db.execute("UPDATE sites SET merged_into = ?, rev = rev + 1, base_rev = rev, "
                   "updated_at = ? WHERE id = ? OR merged_into = ?", (keep, now, drop, drop))
        drafts = tuple(str(r[0]) for r in db.execute(
            "SELECT id FROM inspections WHERE site_id = ? AND status = 'draft' ORDER BY id",
            (drop,)))
        db.execute("UPDATE inspections SET site_id = ?, district_code = ?, rev = rev + 1, "
                   "base_rev = rev, updated_at = ? WHERE site_id = ? AND status = 'draft'",
                   (keep, kept.district_code, now, drop))
        cancelled = []
        for case_id, duplicate_of in db.execute(
                "SELECT d.id, min(k.id) FROM cases d JOIN cases k ON k.form_id = d.form_id "
                "AND k.item_id = d.item_id AND k.site_id IN (SELECT id FROM sites WHERE "
                f"id = ? OR (merged_into = ? AND id NOT IN ({', '.join('?' * (len(also) + 1))})))"
                f" WHERE d.site_id IN ({', '.join('?' * (len(also) + 1))}) "
                f"AND d.state IN {OPEN_STATES_SQL} AND k.state IN {OPEN_STATES_SQL} "
                "GROUP BY d.id ORDER BY d.id",
                (keep, keep, drop, *also, drop, *also)).fetchall():
            cancel_case(db, str(case_id), f"场所合并：与案件 {duplicate_of} 重复 (sites merged: "
                        f"the same as case {duplicate_of})", actor)
            cancelled.append(str(case_id))
        record_audit(db, actor, "site.merge", "site", drop,
                     {"keep": keep, "drop": drop, "also": list(also), "drafts": list(drafts),
                      "cases_cancelled": cancelled})
    return SiteMerge(keep, drop, also, drafts, tuple(cancelled))
