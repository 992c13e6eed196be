"""Tiers (issue 10.6): laptops → district → city gives the city what laptops → city gives;
the city checks each laptop's audit chain, knows which district sent what, and refuses a
roll-up from a district it has not enrolled."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from app.cli import main
from app.media.filestore import MediaStore
from app.store.db import connection_path
from app.sync.chains import verify_device_chains
from app.sync.errors import DeviceError
from app.sync.export import export_again, export_bundle
from app.sync.inbox import merge_bundle
from app.sync.rollup import export_rollup, export_rollup_again, routes, sent_by
from tests.helpers.sync_edits import rename_site
from tests.helpers.sync_tiers import (
    a_day,
    device_id,
    enrol_one_way,
    make_tiers,
    records,
)
from tests.helpers.sync_world import make_device


def _merged(db, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = merge_bundle(db, path)
    assert result.status == "merged", result.reason


def test_laptop_district_city_equals_laptop_city(tmp_path: Path) -> None:
    via = make_tiers(tmp_path / "via")
    district, city = via.district, via.city
    district_id = device_id(district)
    # The same laptops also enrol a second city directly (the "direct" route).
    direct = make_device(tmp_path / "direct" / "street-audit.db", "office", "北京市", "110000")
    for laptop in via.laptops:
        enrol_one_way(laptop, direct)
        enrol_one_way(direct, laptop)
    field_bundles = []  # (laptop, seq)
    for n, laptop in enumerate(via.laptops):
        made = a_day(laptop, f"L{n}", seed=10 + n)
        assert made
        b = export_bundle(laptop, tmp_path / "out", receiver_id=district_id)
        field_bundles.append((laptop, b.seq))
        _merged(district, b.paths[0])
    # A second day on laptop 0 (a renamed site), merged at the district too.
    site = via.laptops[0].execute("SELECT id FROM sites ORDER BY id LIMIT 1").fetchone()[0]
    rename_site(via.laptops[0], site, "改名后的场所")
    b = export_bundle(via.laptops[0], tmp_path / "out", receiver_id=district_id)
    field_bundles.append((via.laptops[0], b.seq))
    _merged(district, b.paths[0])

    rollup = export_rollup(district, tmp_path / "up", receiver_id=device_id(city))
    assert rollup.counts["inspection"] > 0 and rollup.counts["chain_audit"] > 0
    assert rollup.counts["photo_files"] == 2
    assert rollup.paths[0].name.startswith(f"sa-rollup-{district_id}-")
    _merged(city, rollup.paths[0])
    assert merge_bundle(city, rollup.paths[0]).status == "already"

    direct_id = device_id(direct)
    direct_paths = [export_again(laptop, seq, tmp_path / "direct-out",
                                 receiver_id=direct_id).paths[0]
                    for laptop, seq in field_bundles]
    for path in direct_paths:
        _merged(direct, path)

    # The same records: sites, inspections, photo uses, photos, findings, conflicts, every
    # version with its maker, each laptop's audit chain (the district's own chain aside).
    got = records(city, leave_out_chains=(district_id,))
    assert got == records(direct)
    assert got["inspections"] and got["photos"] and got["sync_audit"]
    makers = {row[5] for row in got["versions"]}
    assert makers == {device_id(laptop) for laptop in via.laptops}
    for sha, *_ in got["photos"]:
        assert MediaStore.for_database(connection_path(city.conn)).verify_original(sha)

    # The city can tell which district sent what.
    insp_ids = [r[0] for r in got["inspections"]]
    assert sent_by(city, district_id, "inspection") == insp_ids
    assert {r.via_device for r in routes(city)} == {district_id}
    assert {r.origin_device for r in routes(city)} == makers

    # Order-independent with the laptops' own bundles arriving too, each merged twice:
    # a city that enrolled the district and both laptops, bundles in two orders.
    for k in range(2):
        two = make_device(tmp_path / f"two{k}" / "street-audit.db", "office", "北京市", "110000")
        enrol_one_way(two, district)
        enrol_one_way(district, two)
        for laptop in via.laptops:
            enrol_one_way(laptop, two)
            enrol_one_way(two, laptop)
        up = export_rollup(district, tmp_path / f"up{k}", receiver_id=device_id(two)).paths[0]
        again = [export_again(laptop, seq, tmp_path / f"two-out{k}",
                              receiver_id=device_id(two)).paths[0]
                 for laptop, seq in field_bundles]
        bundles = [up, *again] if k == 0 else [*reversed(again), up]
        for path in itertools.chain(bundles, bundles):
            assert merge_bundle(two, path).status in ("merged", "already")
        assert records(two, leave_out_chains=(district_id,)) == got
        assert {r.via_device for r in routes(two)} == {district_id,
                                                      *(device_id(x) for x in via.laptops)}
        two.close()
    direct.close()
    via.close()


def test_city_verifies_each_laptops_chain(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    tiers = make_tiers(tmp_path, laptops=1)
    laptop = tiers.laptops[0]
    laptop_id = device_id(laptop)
    a_day(laptop, "甲", seed=3)
    _merged(tiers.district, export_bundle(laptop, tmp_path / "o").paths[0])
    _merged(tiers.city, export_rollup(tiers.district, tmp_path / "up").paths[0])
    laptop_entries = laptop.execute("SELECT count(*) FROM audit").fetchone()[0]
    at_city = tiers.city.execute("SELECT count(*) FROM sync_audit WHERE chain_device = ?",
                                 (laptop_id,)).fetchone()[0]
    # every entry up to the export's own (the export's entry goes with the next bundle)
    assert at_city == laptop_entries - 1
    assert verify_device_chains(tiers.city) == ([], [])
    city_path = str(connection_path(tiers.city.conn))
    assert main(["verify", "--db", city_path]) == 0
    capsys.readouterr()
    tiers.city.conn.execute("UPDATE sync_audit SET actor = '别人' WHERE chain_device = ? "
                            "AND seq = 2", (laptop_id,))
    tiers.city.conn.commit()
    assert main(["verify", "--db", city_path]) == 1
    out = capsys.readouterr().out
    assert "已被改动" in out and laptop_id in out
    tiers.close()


def test_rollups_are_incremental_and_written_again_the_same(tmp_path: Path) -> None:
    tiers = make_tiers(tmp_path, laptops=1)
    laptop, district, city = tiers.laptops[0], tiers.district, tiers.city
    a_day(laptop, "甲", seed=4)
    _merged(district, export_bundle(laptop, tmp_path / "o").paths[0])
    first = export_rollup(district, tmp_path / "up")
    _merged(city, first.paths[0])
    # Nothing new: an empty roll-up (but numbered: the city sees no gap).
    empty = export_rollup(district, tmp_path / "up")
    assert empty.seq == first.seq + 1
    assert sum(empty.counts[k] for k in ("site", "inspection", "inspection_photo")) == 0
    assert empty.counts["photo_files"] == 0
    # A new day: only what came in since, plus what it refers to; photos not sent twice.
    site = laptop.execute("SELECT id FROM sites ORDER BY id LIMIT 1").fetchone()[0]
    rename_site(laptop, site, "新名字")
    _merged(district, export_bundle(laptop, tmp_path / "o").paths[0])
    second = export_rollup(district, tmp_path / "up")
    assert second.counts["site"] == 1 and second.counts["inspection"] == 0
    assert second.counts["photo_files"] == 0
    _merged(city, second.paths[0])  # before the empty one: order does not matter
    _merged(city, empty.paths[0])
    assert city.execute("SELECT name FROM sites WHERE id = ?", (site,)).fetchone()[0] == "新名字"
    # Lost and written again: the same bundle, merged already.
    again = export_rollup_again(district, first.seq, tmp_path / "again")
    assert again.bundle_id == first.bundle_id
    assert merge_bundle(city, again.paths[0]).status == "already"
    # The field path refuses to write a roll-up's number again.
    with pytest.raises(DeviceError):
        export_again(district, first.seq, tmp_path / "again2")
    # A laptop does not roll up.
    with pytest.raises(DeviceError):
        export_rollup(laptop, tmp_path / "nope")
    tiers.close()


def test_rollup_from_unenrolled_district_is_refused(tmp_path: Path) -> None:
    tiers = make_tiers(tmp_path, laptops=1)
    a_day(tiers.laptops[0], "甲", seed=5)
    _merged(tiers.district, export_bundle(tiers.laptops[0], tmp_path / "o").paths[0])
    # Another city that never enrolled this district (the district knows its key).
    stranger = make_device(tmp_path / "stranger" / "street-audit.db", "office", "别市", "110000")
    enrol_one_way(tiers.district, stranger)
    before = records(stranger)
    up = export_rollup(tiers.district, tmp_path / "up", receiver_id=device_id(stranger))
    result = merge_bundle(stranger, up.paths[0])
    assert result.status == "refused" and result.code == "unknown_sender"
    assert result.reason is not None and "未登记" in result.reason.zh
    assert records(stranger) == before
    # A roll-up from a device the city enrolled, but not as an office: refused too.
    enrol_one_way(stranger, tiers.district)
    stranger.conn.execute("UPDATE devices SET role = 'field' WHERE id = ?",
                          (device_id(tiers.district),))
    stranger.conn.commit()
    result = merge_bundle(stranger, up.paths[0])
    assert result.status == "refused" and result.code == "not_an_office"
    stranger.close()
    tiers.close()


def test_export_rollup_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tiers = make_tiers(tmp_path, laptops=1)
    a_day(tiers.laptops[0], "甲", seed=6)
    _merged(tiers.district, export_bundle(tiers.laptops[0], tmp_path / "o").paths[0])
    district_path = str(connection_path(tiers.district.conn))
    city_path = str(connection_path(tiers.city.conn))
    city_id = device_id(tiers.city)
    tiers.close()
    assert main(["export", "--db", district_path, "--rollup", "--to", city_id, "--out",
                 str(tmp_path / "up"), "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "rollup" and out["receiver"] == city_id
    assert main(["merge", "--db", city_path, out["files"][0]]) == 0
    assert main(["export", "--db", district_path, "--rollup", "--again", str(out["seq"]),
                 "--out", str(tmp_path / "again")]) == 0
    assert "汇总数据包" in capsys.readouterr().out


def test_a_laptops_chain_with_a_gap_goes_up_and_closes(tmp_path: Path) -> None:
    """Bundles 1 and 3 of a laptop reach the district before 2: the roll-up carries its chain
    with the gap (a note at the city, not a fault); the next one closes it."""
    tiers = make_tiers(tmp_path, laptops=1)
    laptop, district, city = tiers.laptops[0], tiers.district, tiers.city
    bundles = []
    for day in range(3):
        a_day(laptop, f"第{day}天", seed=20 + day)
        bundles.append(export_bundle(laptop, tmp_path / "o").paths[0])
    _merged(district, bundles[0])
    _merged(district, bundles[2])
    _merged(city, export_rollup(district, tmp_path / "up").paths[0])
    problems, notes = verify_device_chains(city)
    assert problems == [] and any(device_id(laptop) in n for n in notes)
    _merged(district, bundles[1])
    _merged(city, export_rollup(district, tmp_path / "up").paths[0])
    assert verify_device_chains(city) == ([], [])
    tiers.close()
