"""Duplicate sites: planted pairs found by each rule at its boundary, no false pair among
distinct neighbours; the merge moves drafts, cancels a duplicate open case, is audited, and
travels in a bundle so the office sees the sites merged."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.cli import main
from app.core.geo import EARTH_RADIUS_M, haversine_m
from app.store.cases import list_cases
from app.store.inspections import start_inspection
from app.store.site_duplicates import (
    SiteMergeError,
    find_duplicates,
    merge_sites,
    name_ratio,
    normalise_address,
)
from app.store.sites import SiteNotFound
from app.sync.devices import local_device, make_local_keys
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.case_world import CaseWorld, add_shop, inspect, open_case_world
from tests.helpers.sync_world import enrol_both

LAT, LON = 39.9100, 116.4500


def north(metres: float) -> float:
    return LAT + math.degrees(metres / EARTH_RADIUS_M)


def east(metres: float) -> float:
    return LON + math.degrees(metres / (EARTH_RADIUS_M * math.cos(math.radians(LAT))))


@pytest.fixture
def world(tmp_path: Path) -> CaseWorld:
    return open_case_world(tmp_path / "sites.db")


def pairs(world: CaseWorld) -> set[tuple[frozenset[str], tuple[str, ...]]]:
    return {(frozenset((p.a, p.b)), p.reasons) for p in find_duplicates(world.db)}


def test_address_forms_normalise_alike() -> None:
    forms = ["北京市朝阳区建国路８８号　３号楼二单元", "建国路88号3栋2门",
             "朝阳区 建国路88号3幢2单元", "北京朝阳建国路88号三号楼2单元"]
    assert {normalise_address(f, "110105") for f in forms} == {"建国路88号3楼2单元"}
    assert normalise_address("建国路88号4号楼2单元", "110105") != normalise_address(
        "建国路88号3号楼2单元", "110105")
    assert normalise_address("建国路十二号", "110105") == "建国路12号"
    assert name_ratio("张记面馆", "张记面馆（朝阳店）") >= 0.6
    assert name_ratio("张记面馆", "李家超市") < 0.6


def test_each_rule_at_its_boundary(world: CaseWorld) -> None:
    # A street of distinct neighbours 10 m apart: no pair among them.
    names = ["永和豆浆", "庆丰包子铺", "便利蜂", "华联超市", "同仁堂药店", "中国银行", "链家地产",
             "新华书店", "稻香村", "眼镜店"]
    for n, name in enumerate(names):
        add_shop(world, name, address=f"朝阳区光华路{n + 1}号", lat=north(10 * n), lon=LON)
    assert pairs(world) == set()
    # Within 30 m and a similar name: a pair at 29 m, none at 31 m, none with another name.
    far_lon = east(500)
    base = add_shop(world, "张记面馆", address="朝阳区东三环中路1号", lat=LAT, lon=far_lon)
    near = add_shop(world, "张记面馆（朝阳店）", address="东三环中路甲1号", lat=north(29),
                    lon=far_lon)
    add_shop(world, "张记面馆（朝阳店）", address="东三环中路乙1号", lat=north(-31), lon=far_lon)
    add_shop(world, "李家超市", address="东三环中路丙1号", lat=north(-29), lon=far_lon)
    # The same credit code, far apart, other names; the same address written another way.
    a = add_shop(world, "某某科技", address="海淀区中关村大街1号",
                 credit_code="91110108MA01XYZ12A", district="110108",
                 division="110108001000", lat=39.98, lon=116.31)
    b = add_shop(world, "某公司", address="望京街1号", credit_code="91110108MA01XYZ12A",
                 lat=40.00, lon=116.47)
    c = add_shop(world, "王记", address="北京市朝阳区建国路８８号　３号楼二单元",
                 lat=None, lon=None)
    d = add_shop(world, "王氏餐饮", address="建国路88号3栋2门", lat=None, lon=None)
    found = find_duplicates(world.db)
    assert {(frozenset((p.a, p.b)), p.reasons) for p in found} == {
        (frozenset((base, near)), ("nearby",)),
        (frozenset((a, b)), ("credit_code",)),
        (frozenset((c, d)), ("address",)),
    }
    nearby = next(p for p in found if p.reasons == ("nearby",))
    assert nearby.distance_m is not None and 28.5 < nearby.distance_m < 29.5
    assert haversine_m(LAT, far_lon, north(29), far_lon) == pytest.approx(29, abs=0.01)


def test_merge_moves_drafts_and_cancels_the_duplicate_case(world: CaseWorld) -> None:
    keep = add_shop(world, "张记", address="朝阳区建国路1号")
    drop = add_shop(world, "张记饭馆", address="建国路1号")
    inspect(world, keep, "2025-12-01 10:00", goods_out=True)
    inspect(world, drop, "2025-12-02 10:00", goods_out=True, no_licence=True)
    draft = start_inspection(world.db, "test_frontage", drop, world.profile)
    with pytest.raises(SiteMergeError):
        merge_sites(world.db, keep, keep, "王建国")
    with pytest.raises(SiteNotFound):
        merge_sites(world.db, keep, "nope", "王建国")
    merged = merge_sites(world.db, keep, drop, "王建国")
    assert merged.drafts_moved == (draft.id,)
    assert world.db.execute("SELECT site_id FROM inspections WHERE id = ?",
                            (draft.id,)).fetchone()[0] == keep
    by_kind = {(c.site_id, c.item_id): c for c in list_cases(world.db, site_id=keep)}
    assert set(by_kind) == {(keep, "goods_out"), (drop, "goods_out"), (drop, "no_licence")}
    assert merged.cases_cancelled == (by_kind[(drop, "goods_out")].id,)
    assert by_kind[(drop, "goods_out")].state == "cancelled"
    assert by_kind[(drop, "no_licence")].state == "found"
    assert find_duplicates(world.db) == []
    with pytest.raises(SiteMergeError, match="已并入"):
        merge_sites(world.db, keep, drop, "王建国")
    audit = world.db.execute("SELECT detail FROM audit WHERE action = 'site.merge'").fetchone()
    assert json.loads(audit[0])["keep"] == keep


def test_the_merge_travels_in_a_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laptop = open_case_world(tmp_path / "laptop.db", role="field", name="王巡查")
    office = open_case_world(tmp_path / "office.db", role="office", name="李主任")
    for w, n in ((laptop, "王巡查"), (office, "李主任")):
        make_local_keys(w.db, n)
    enrol_both(laptop.db, office.db)
    keep = add_shop(laptop, "张记面馆", address="朝阳区建国路1号", lat=LAT, lon=LON)
    drop = add_shop(laptop, "张记面馆（建国路）", address="建国路1号", lat=north(5), lon=LON)
    inspect(laptop, drop, "2025-12-01 10:00", no_licence=True)
    to_office = local_device(office.db).id

    def send(out: str) -> None:
        bundle = export_bundle(laptop.db, tmp_path / out, receiver_id=to_office).paths[0]
        assert merge_bundle(office.db, bundle).status == "merged"

    send("one")
    laptop.db.close()
    db = str(laptop.path)
    assert main(["sites", "duplicates", "--db", db, "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert {row["a"], row["b"]} == {keep, drop} and set(row["reasons"]) == {"address", "nearby"}
    assert main(["sites", "merge", keep, drop, "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["drop"] == drop
    assert main(["sites", "merge", keep, drop, "--db", db]) == 3
    assert main(["sites", "duplicates", "--db", db, "--json"]) == 0
    assert "[]" in capsys.readouterr().out
    from app.store.db import open_database

    laptop.db = open_database(laptop.path)
    send("two")
    assert office.db.execute("SELECT merged_into FROM sites WHERE id = ?",
                             (drop,)).fetchone()[0] == keep
    [case] = list_cases(office.db, site_id=keep)
    assert case.site_id == drop and case.item_id == "no_licence"
    assert find_duplicates(office.db) == []
