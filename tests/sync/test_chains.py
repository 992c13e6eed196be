"""Each device's audit chain, merged at the office, checks out; a changed entry does not."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from app.sync.chains import verify_device_chains
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.sync_edits import new_site, rename_site


def test_chains_after_merges_in_any_order(tmp_path: Path, office: sqlite_utils.Database,
                                          laptop: sqlite_utils.Database) -> None:
    site = new_site(laptop, "一")
    b1 = export_bundle(laptop, tmp_path / "o").paths[0]
    rename_site(laptop, site, "二")
    b2 = export_bundle(laptop, tmp_path / "o").paths[0]
    assert merge_bundle(office, b2).status == "merged"
    problems, notes = verify_device_chains(office)
    assert problems == [] and notes  # bundle 1's entries not yet here
    assert merge_bundle(office, b1).status == "merged"
    assert verify_device_chains(office) == ([], [])
    # Edited behind the program's back: found.
    office.conn.execute("UPDATE sync_audit SET actor = '别人' WHERE seq = 3")
    office.conn.commit()
    problems, _ = verify_device_chains(office)
    assert any("altered" in p for p in problems)


def test_verify_checks_every_devices_chain(tmp_path: Path, office: sqlite_utils.Database,
                                          laptop: sqlite_utils.Database,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    new_site(laptop, "一")
    assert merge_bundle(office, export_bundle(laptop, tmp_path / "o").paths[0]).status == \
        "merged"
    office_path = str(tmp_path / "office" / "street-audit.db")
    assert main(["verify", "--db", office_path]) == 0
    capsys.readouterr()
    office.conn.execute("UPDATE sync_audit SET actor = '别人' WHERE seq = 2")
    office.conn.commit()
    assert main(["verify", "--db", office_path]) == 1
    assert "已被改动" in capsys.readouterr().out
