"""`street-audit photos info` and `photos import`: output, JSON, exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from tests.helpers.photos import write_jpeg
from tests.helpers.world import add_inspection, add_site, open_world


def test_info_prints_each_file_and_exit_3_on_a_rejected_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_jpeg(tmp_path / "s.jpg", lat=-33.856784, lon=-70.5, alt=-3.5, orientation=8,
                      taken=datetime(2024, 1, 2, 3, 4, 5), offset="-03:00")
    bad = tmp_path / "bad.jpg"
    bad.write_text("hello")
    code = main(["photos", "info", str(good), str(bad)])
    out = capsys.readouterr().out
    assert code == 3
    assert "-33.856784" in out and "-70.500000" in out and "-3.5 m" in out
    assert "2024-01-02T03:04:05-03:00" in out and "orientation 8" in out
    assert "bad.jpg" in out and "不是图片" in out and "not an image" in out


def test_info_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_jpeg(tmp_path / "a.jpg", lat=39.9, lon=116.4, lat_ref=None)
    assert main(["photos", "info", "--json", str(good)]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["ok"] and item["lat"] is None and item["width"] == 320
    assert "N/S" in item["problems"][0]["en"]


def test_info_on_the_corpus(exif_samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gps = sorted((exif_samples / "jpg" / "gps").glob("*.jpg"))
    files = [*gps, exif_samples / "jpg" / "corrupted.jpg"]
    assert main(["photos", "info", "--json", *map(str, files)]) == 3
    items = json.loads(capsys.readouterr().out)
    assert [i["ok"] for i in items] == [True] * (len(files) - 1) + [False]


def test_import_one_line_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    now = datetime.now(UTC)
    insp = add_inspection(world, add_site(world, "命令行", 39.93, 116.41),
                          now - timedelta(minutes=10))
    world.db.conn.close()
    taken = (now + timedelta(hours=8)).replace(tzinfo=None)
    near = write_jpeg(tmp_path / "near.jpg", seed=1, lat=39.93, lon=116.41, taken=taken)
    far = write_jpeg(tmp_path / "far.jpg", seed=2, lat=39.96, lon=116.41, taken=taken)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    code = main(["photos", "import", "--db", str(db_path), "--inspection", insp,
                 str(near), str(far), str(empty)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 3
    assert len(lines) == 3
    assert lines[0].startswith("near.jpg: 已添加 (attached)")
    assert "far.jpg" in lines[1] and "m from the site" in lines[1]
    assert "empty.jpg: 拒绝 (rejected)" in lines[2]


def test_import_unknown_inspection_is_a_failure(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "street-audit.db"
    open_world(db_path).db.conn.close()
    photo = write_jpeg(tmp_path / "p.jpg")
    assert main(["photos", "import", "--db", str(db_path), "--inspection", "nope",
                 str(photo)]) == 3
    assert "no such inspection" in capsys.readouterr().err
