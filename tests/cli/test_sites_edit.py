"""`street-audit sites edit ID`: the window's site page without the window (issue 12.3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import open_database
from app.store.sites import get_site
from tests.helpers.world import add_site, open_world


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, str]:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    site_id = add_site(world, "东四小吃店", 39.9245, 116.4170)
    world.db.conn.close()
    return db_path, site_id


def edit(db_path: Path, site_id: str, *options: str) -> int:
    return main(["sites", "edit", "--db", str(db_path), site_id, "--json", *options])


def test_edit_changes_only_what_is_given_and_is_audited(
        site: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db_path, site_id = site
    assert edit(db_path, site_id, "--name", "东四炸酱面馆", "--contact", "李秀英",
                "--phone", "13800138000", "--credit-code", "91110000600037341l") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rev"] == 2
    assert sorted(out["changed"]) == ["contact_name", "contact_phone", "credit_code", "name"]
    assert out["credit_code"] == "91110000600037341L" and out["credit_code_warning"] is None
    db = open_database(db_path)
    try:
        s = get_site(db, site_id)
        assert (s.name, s.address, s.contact_name, s.lat) == (
            "东四炸酱面馆", "东城区东四小吃店胡同1号", "李秀英", 39.9245)
        detail = json.loads(db.execute("SELECT detail FROM audit WHERE action = 'site.update' "
                                       "AND entity_id = ?", (site_id,)).fetchone()[0])
        assert detail["name"] == {"old": "东四小吃店", "new": "东四炸酱面馆"}
    finally:
        db.close()


def test_a_failing_credit_code_warns_and_is_saved(
        site: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db_path, site_id = site
    assert main(["sites", "edit", "--db", str(db_path), site_id,
                 "--credit-code", "91110000600037341N"]) == 0
    out = capsys.readouterr().out
    assert "注意" in out and "校验位不符" in out


@pytest.mark.parametrize("options", [
    ("--lat", "31.23", "--lon", "121.47"),  # Shanghai
    ("--lat", "39.91", "--lon", "116.4293"),  # Chaoyang, just across the district line
    ("--name", "", "--address", ""),
    ("--lat", ""),  # latitude cleared, longitude kept
])
def test_a_refused_edit_exits_3_and_writes_nothing(
        site: tuple[Path, str], capsys: pytest.CaptureFixture[str],
        options: tuple[str, ...]) -> None:
    db_path, site_id = site
    assert edit(db_path, site_id, *options) == 3
    assert capsys.readouterr().err.strip()
    db = open_database(db_path)
    try:
        assert get_site(db, site_id).rev == 1
    finally:
        db.close()


def test_nothing_to_change_and_unknown_site_exit_3(
        site: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db_path, site_id = site
    assert edit(db_path, site_id) == 3
    assert "没有要修改的项" in capsys.readouterr().err
    assert edit(db_path, "no-such-site", "--name", "x") == 3
    assert "找不到场所" in capsys.readouterr().err


def test_a_bad_coordinate_is_refused_by_the_parser(
        site: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db_path, site_id = site
    with pytest.raises(SystemExit) as stopped:
        edit(db_path, site_id, "--lat", "北纬39度")
    assert stopped.value.code != 0
    assert "十进制度数" in capsys.readouterr().err


def test_clearing_the_location(site: tuple[Path, str],
                               capsys: pytest.CaptureFixture[str]) -> None:
    db_path, site_id = site
    assert edit(db_path, site_id, "--lat", "", "--lon", "") == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["lat"], out["lon"], out["location_source"]) == (None, None, None)
