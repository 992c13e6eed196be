"""`street-audit conflicts list|resolve` in process, as a person would use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import connection_path, open_database
from app.store.sites import get_site
from tests.helpers.sync_conflict_world import make_conflict_world


def test_list_then_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    world = make_conflict_world(tmp_path)
    path = connection_path(world.office.conn)
    world.close()
    assert main(["conflicts", "list", "--db", str(path)]) == 0
    human = capsys.readouterr().out
    assert "乙又改的名字" in human and "甲改的名字" in human and "名称" in human
    assert main(["conflicts", "list", "--db", str(path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    (site,) = [c for c in listed if c["entity"] == "site"]
    assert site["differences"] == [{"key": "name", "label": {"zh": "名称", "en": "Name"},
                                    "current": "乙又改的名字", "other": "甲改的名字"}]
    assert site["short_id"] in human
    assert main(["conflicts", "resolve", "--db", str(path), site["short_id"],
                 "--keep", "other"]) == 0
    assert "采用对方" in capsys.readouterr().out
    assert main(["conflicts", "resolve", "--db", str(path), site["short_id"],
                 "--keep", "current"]) == 3
    assert "已经解决" in capsys.readouterr().err
    assert main(["conflicts", "resolve", "--db", str(path), "nonexistent-id",
                 "--keep", "current"]) == 3
    capsys.readouterr()
    assert main(["conflicts", "list", "--db", str(path), "--all", "--json"]) == 0
    resolved = [c for c in json.loads(capsys.readouterr().out) if c["resolved"]]
    assert resolved[0]["resolved"]["keep"] == "other"
    db = open_database(path)
    try:
        assert get_site(db, world.site_id).name == "甲改的名字"
    finally:
        db.close()
