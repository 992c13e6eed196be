"""A database for the 今日概况, 台账 and 地图 pages: shops in two districts, inspections with
findings, one case ordered and overdue, one ordered and not yet due; an MBTiles file."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from unittest import mock

from PIL import Image

from app.core.clock import format_utc
from app.map.mbtiles import write_mbtiles
from app.map.projection import project
from app.store.cases import Case, list_cases, order_case, update_cases
from tests.helpers.case_world import CaseWorld, add_shop, beijing, inspect, open_case_world

AS_OF = date(2026, 1, 20)


@dataclass
class PagesWorld:
    world: CaseWorld
    shops: dict[str, str]  # name -> site id
    overdue: Case  # ordered 2026-01-05, 3 days: due 2026-01-08
    not_due: Case  # ordered 2026-01-18: due 2026-01-21 (goods out) — not overdue on AS_OF

    @property
    def path(self) -> Path:
        return self.world.path


def make_pages_world(path: Path) -> PagesWorld:
    w = open_case_world(path)
    shops = {
        "兴隆小吃": add_shop(w, "兴隆小吃", lat=39.9300, lon=116.4500),
        "晨光便利店": add_shop(w, "晨光便利店", division="110105001000", lat=39.9420,
                          lon=116.4330),
        "东四杂货": add_shop(w, "东四杂货", district="110101", division="110101006000",
                         lat=39.9240, lon=116.4170),
    }
    inspect(w, shops["兴隆小吃"], "2026-01-02 10:00", goods_out=True)
    inspect(w, shops["晨光便利店"], "2026-01-16 11:00", goods_out=True, no_licence=True)
    inspect(w, shops["东四杂货"], "2025-12-20 09:30", goods_out=True)
    inspect(w, shops["东四杂货"], "2026-01-10 09:30")  # gone: the case closes (销号)
    update_cases(w.db)

    def order(site: str, item: str, day: str) -> Case:
        (case,) = [c for c in list_cases(w.db, site_id=shops[site]) if c.item_id == item]
        with mock.patch("app.store.cases.utc_now",
                        return_value=format_utc(beijing(f"{day} 09:00"))):
            return order_case(w.db, case.id, "朝阳城管责改", "王建国",
                              issue_date=date.fromisoformat(day))

    overdue = order("兴隆小吃", "goods_out", "2026-01-05")
    not_due = order("晨光便利店", "goods_out", "2026-01-18")
    w.db.close()
    return PagesWorld(w, shops, overdue, not_due)


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, "PNG")
    return out.getvalue()


def beijing_mbtiles(path: Path, colour: tuple[int, int, int] = (200, 230, 255),
                    datum: str = "gcj02") -> Path:
    """Tiles over central Beijing at zooms 10–14, one colour (the test can see them)."""
    tiles = {}
    x, y = project(39.93, 116.44)
    for z in range(10, 15):
        n = 1 << z
        cx, cy = int(x / 256 * n), int(y / 256 * n)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                tiles[(z, cx + dx, cy + dy)] = png(colour)
    write_mbtiles(path, tiles, {"name": "北京测试底图", "format": "png", "minzoom": "10",
                                "maxzoom": "14", "center": "116.44,39.93,12", "datum": datum})
    return path
