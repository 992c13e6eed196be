"""`street-audit photos remove`: what the window's "remove photo" does, without the window
(issue 8.1's proof that the services can do what the window does)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.media.filestore import MediaStore
from app.store.db import open_database
from app.store.inspection_records import get_inspection
from tests.helpers.photos import write_jpeg
from tests.helpers.world import add_inspection, add_site, open_world, photo_item

NOW = datetime.now(UTC).replace(microsecond=0)


def _taken() -> datetime:
    return (NOW + timedelta(hours=8)).replace(tzinfo=None)


def test_remove_detaches_the_photo_and_its_answer_and_keeps_the_original(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    insp = add_inspection(world, add_site(world, "移除", 39.929, 116.41),
                          NOW - timedelta(minutes=10))
    item = photo_item(world, insp)
    world.db.conn.close()
    a = write_jpeg(tmp_path / "a.jpg", seed=1, lat=39.929, lon=116.41, taken=_taken())
    b = write_jpeg(tmp_path / "b.jpg", seed=2, lat=39.929, lon=116.41, taken=_taken())
    assert main(["photos", "import", "--db", str(db_path), "--inspection", insp, "--item", item,
                 "--json", str(a), str(b)]) == 0
    sha_a, sha_b = (r["sha256"] for r in json.loads(capsys.readouterr().out))

    assert main(["photos", "remove", "--db", str(db_path), "--inspection", insp,
                 sha_a[:10], "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sha256"] == sha_a and len(out["removed"]) == 1
    db = open_database(db_path)
    try:
        assert get_inspection(db, insp).answers[item] == [sha_b]
        uses = [r[0] for r in db.execute("SELECT sha256 FROM inspection_photos")]
        assert uses == [sha_b]
        actions = [r[0] for r in db.execute("SELECT action FROM audit ORDER BY seq DESC LIMIT 2")]
        assert set(actions) == {"photo.detach", "answer.set"}
    finally:
        db.conn.close()
    assert MediaStore.for_database(db_path).verify_original(sha_a)  # evidence stays


def test_remove_refuses_what_is_not_there(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    insp = add_inspection(world, add_site(world, "无照片", 39.929, 116.41), NOW)
    world.db.conn.close()
    for sha in ("0" * 64, "abc"):
        assert main(["photos", "remove", "--db", str(db_path), "--inspection", insp, sha]) == 3
        assert "has no such photo" in capsys.readouterr().err
    assert main(["photos", "remove", "--db", str(db_path), "--inspection", "no-such-id",
                 "0" * 64]) == 3
    assert "no-such-id" in capsys.readouterr().err
