"""`street-audit devices key|enrol|list|revoke` in process, as a person would use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from app.cli import main
from app.store.db import connection_path
from app.sync.devices import local_device


def test_key_enrol_list_revoke(tmp_path: Path, office: sqlite_utils.Database,
                               capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers.sync_world import make_device

    lap = make_device(tmp_path / "lap" / "street-audit.db")
    lap_path, office_path = connection_path(lap.conn), connection_path(office.conn)
    lap_id = local_device(lap).id
    lap.close()
    key = tmp_path / "lap-key.json"
    assert main(["devices", "key", "--db", str(lap_path), "--out", str(key)]) == 0
    out = capsys.readouterr().out
    fingerprint = json.loads(key.read_text())["fingerprint"]
    assert fingerprint in out
    assert main(["devices", "enrol", "--db", str(office_path), str(key)]) == 0
    assert "已登记" in capsys.readouterr().out
    assert main(["devices", "list", "--db", str(office_path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [d["device_id"] for d in listed if not d["local"]] == [lap_id]
    assert listed[1]["fingerprint"] == fingerprint
    assert main(["devices", "revoke", "--db", str(office_path), lap_id]) == 0
    capsys.readouterr()
    assert main(["devices", "list", "--db", str(office_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[1]["revoked_at"]


def test_enrol_a_bad_file_is_exit_3(tmp_path: Path, office: sqlite_utils.Database,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "street-audit-device-key", "format_version": 1}')
    assert main(["devices", "enrol", "--db", str(connection_path(office.conn)), str(bad)]) == 3
    assert "无效" in capsys.readouterr().err


def test_revoking_an_unknown_device_is_exit_3(office: sqlite_utils.Database,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = str(connection_path(office.conn))
    assert main(["devices", "revoke", "--db", path, "01a2ffff-0000-7000-8000-000000000000"]) == 3
    assert "没有这台设备" in capsys.readouterr().err
    own = local_device(office).id
    assert main(["devices", "revoke", "--db", path, own]) == 1  # known, but cannot be done


@pytest.mark.parametrize("what", ["pipe", "folder"])
def test_what_is_no_file_is_refused_at_once(tmp_path: Path, office: sqlite_utils.Database,
                                            capsys: pytest.CaptureFixture[str],
                                            what: str) -> None:
    """A pipe where a key file or a bundle was expected used to hang `devices enrol` and
    `merge` (open waited for a writer); now both are refused at once with the reason."""
    import os

    target = tmp_path / ("x.sabundle" if what == "pipe" else "dir.sabundle")
    if what == "pipe":
        os.mkfifo(target)
    else:
        target.mkdir()
    path = str(connection_path(office.conn))
    assert main(["devices", "enrol", "--db", path, str(target)]) == 3
    assert "不是普通文件" in capsys.readouterr().err
    assert main(["merge", "--db", path, str(target)]) == 3
    said = capsys.readouterr()
    assert "不是数据包文件" in said.out + said.err
