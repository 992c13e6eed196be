"""Hostile and broken bundles: each refused with its reason before anything is written."""

from __future__ import annotations

import hashlib
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

import app.sync.bundle as bundle_mod
from app.store.db import connection_path
from app.sync.devices import local_device, local_keys, revoke_device
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.sync_edits import add_photo, dump, new_inspection, new_site
from tests.helpers.sync_hostile import (
    entries,
    forge,
    records_of,
    resign,
    rezip,
    symlink_info,
)
from tests.helpers.sync_world import enrol_both, make_device


@pytest.fixture
def good(tmp_path: Path, laptop: sqlite_utils.Database) -> Path:
    site = new_site(laptop, "面馆")
    insp = new_inspection(laptop, site)
    add_photo(laptop, insp, 3)
    return export_bundle(laptop, tmp_path / "out").paths[0]


def refused(office: sqlite_utils.Database, bundle: Path, code: str) -> None:
    """Merging `bundle` is refused with `code`, fast, and leaves nothing behind."""
    before = dump(office)
    started = time.monotonic()
    result = merge_bundle(office, bundle)
    assert time.monotonic() - started < 2
    assert (result.status, result.code) == ("refused", code), result.reason
    assert result.reason is not None and result.reason.zh and result.reason.en
    assert dump(office) == before
    assert office.execute("SELECT count(*) FROM sync_log").fetchone()[0] == 0
    media = connection_path(office.conn).parent / "street-audit-photos"
    assert not list(media.glob(".incoming-*")) if media.exists() else True
    assert not list((media / "originals").rglob("*")) if media.exists() else True


def _with(good: Path, tmp_path: Path, name: str, data: bytes | None = None) -> Path:
    items: list[tuple[Any, bytes]] = [(i, d) for i, d in entries(good)]
    items.append((name, data if data is not None else b"x"))
    return rezip(tmp_path / "bad.sabundle", items)


@pytest.mark.parametrize("name", ["../evil", "data/../../evil", "/etc/passwd", "C:/evil",
                                  "data\\inner.json", "data/photo-1", "DATA/inner.json"])
def test_unsafe_entry_names(good: Path, tmp_path: Path, office: sqlite_utils.Database,
                            name: str) -> None:
    refused(office, _with(good, tmp_path, name), "bad_name")


def test_symlink_entry(good: Path, tmp_path: Path, office: sqlite_utils.Database) -> None:
    items = [(symlink_info(i.filename) if i.filename == "data/records.jsonl" else i, d)
             for i, d in entries(good)]
    refused(office, rezip(tmp_path / "bad.sabundle", items), "symlink")


def test_duplicate_entry(good: Path, tmp_path: Path, office: sqlite_utils.Database) -> None:
    items = entries(good)
    dup = next((i, d) for i, d in items if i.filename == "data/records.jsonl")
    with pytest.warns(UserWarning, match="Duplicate name"):
        bad = rezip(tmp_path / "bad.sabundle", [*items, dup])
    refused(office, bad, "duplicate")


def test_zip_bomb_by_ratio(good: Path, tmp_path: Path, office: sqlite_utils.Database) -> None:
    items: list[tuple[Any, bytes]] = [(i.filename, d) for i, d in entries(good)]
    items[0] = (items[0][0], items[0][1] + b"\0" * 5_000_000)
    refused(office, rezip(tmp_path / "bad.sabundle", items, zipfile.ZIP_DEFLATED), "zip_bomb")


def test_too_many_entries(good: Path, tmp_path: Path, office: sqlite_utils.Database,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_mod, "MAX_ENTRIES", 3)
    items: list[tuple[Any, bytes]] = list(entries(good))
    items += [(f"data/photo-{n:06d}", b"x") for n in range(900, 905)]
    refused(office, rezip(tmp_path / "bad.sabundle", items), "too_many_entries")


def test_truncated_zip(good: Path, tmp_path: Path, office: sqlite_utils.Database) -> None:
    bad = tmp_path / "cut.sabundle"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(office, bad, "broken_zip")


def test_not_a_zip(tmp_path: Path, office: sqlite_utils.Database) -> None:
    bad = tmp_path / "x.sabundle"
    bad.write_bytes(b"PK\x03\x04 not really")
    refused(office, bad, "broken_zip")


def test_malformed_manifest_json(good: Path, tmp_path: Path,
                                 office: sqlite_utils.Database) -> None:
    items = [(i, b'{"format": "street-audit-bundle",' if i.filename == "manifest.json" else d)
             for i, d in entries(good)]
    refused(office, rezip(tmp_path / "bad.sabundle", items), "bad_json")


def test_entry_bytes_not_matching_the_manifest(good: Path, tmp_path: Path,
                                               office: sqlite_utils.Database) -> None:
    items = []
    for info, data in entries(good):
        if info.filename == "data/records.jsonl":
            data = bytes([data[0] ^ 1]) + data[1:]
        items.append((info, data))
    refused(office, rezip(tmp_path / "bad.sabundle", items), "bad_hash")


def test_changed_manifest_breaks_the_signature(good: Path, tmp_path: Path,
                                               office: sqlite_utils.Database) -> None:
    import json

    items = []
    for info, data in entries(good):
        if info.filename == "manifest.json":
            manifest = json.loads(data)
            manifest["seq"] = 99
            data = json.dumps(manifest).encode()
        items.append((info, data))
    refused(office, rezip(tmp_path / "bad.sabundle", items), "bad_signature")


def test_newer_format_version(good: Path, tmp_path: Path, office: sqlite_utils.Database,
                              laptop: sqlite_utils.Database) -> None:
    bad = resign(tmp_path / "bad.sabundle", good, local_keys(laptop), format_version=2)
    refused(office, bad, "newer_format")


def test_newer_schema(good: Path, tmp_path: Path, office: sqlite_utils.Database,
                      laptop: sqlite_utils.Database) -> None:
    bad = resign(tmp_path / "bad.sabundle", good, local_keys(laptop), schema_version=999)
    refused(office, bad, "newer_schema")


def test_unknown_sender(tmp_path: Path, good: Path, office: sqlite_utils.Database) -> None:
    stranger = make_device(tmp_path / "s" / "street-audit.db")
    bad = resign(tmp_path / "bad.sabundle", good, local_keys(stranger),
                 sender=local_device(stranger).id)
    refused(office, bad, "unknown_sender")
    stranger.close()


def test_forged_by_another_device_under_the_laptops_name(
        tmp_path: Path, good: Path, office: sqlite_utils.Database) -> None:
    stranger = make_device(tmp_path / "s" / "street-audit.db")
    refused(office, resign(tmp_path / "bad.sabundle", good, local_keys(stranger)),
            "bad_signature")
    stranger.close()


def test_revoked_sender(good: Path, office: sqlite_utils.Database,
                        laptop: sqlite_utils.Database) -> None:
    revoke_device(office, local_device(laptop).id)
    refused(office, good, "revoked_sender")


def test_encrypted_to_another_office(tmp_path: Path, laptop: sqlite_utils.Database,
                                     office: sqlite_utils.Database) -> None:
    other = make_device(tmp_path / "o2" / "street-audit.db", "office", "东城区")
    enrol_both(laptop, other)
    new_site(laptop, "别处")
    bundle = export_bundle(laptop, tmp_path / "out2", receiver_id=local_device(other).id)
    refused(office, bundle.paths[0], "not_for_us")
    other.close()


def test_photo_bytes_not_matching_their_hash(good: Path, tmp_path: Path,
                                             office: sqlite_utils.Database,
                                             laptop: sqlite_utils.Database) -> None:
    records = records_of(good, local_keys(office))
    sha = next(r["sha256"] for r in records if r["t"] == "photo")
    bad = forge(tmp_path / "forged", local_keys(laptop), local_device(office).enc_public or b"",
                local_device(office).id, 2, records, [(sha, b"\xff\xd8 not the picture")])
    refused(office, bad, "photo_hash")


def test_malformed_record_json(tmp_path: Path, office: sqlite_utils.Database,
                               laptop: sqlite_utils.Database) -> None:
    bad = forge(tmp_path / "forged", local_keys(laptop), local_device(office).enc_public or b"",
                local_device(office).id, 1, b'{"t": "version", \n')
    refused(office, bad, "bad_json")


def test_replayed_sequence_number(good: Path, tmp_path: Path, office: sqlite_utils.Database,
                                  laptop: sqlite_utils.Database) -> None:
    assert merge_bundle(office, good).status == "merged"
    # Signed by the laptop (say, restored from an old backup): seq 1 again, other content.
    bad = forge(tmp_path / "forged", local_keys(laptop), local_device(office).enc_public or b"",
                local_device(office).id, 1, [])
    before = dump(office)
    result = merge_bundle(office, bad)
    assert (result.status, result.code) == ("refused", "replayed_seq")
    assert dump(office) == before


def test_same_version_with_other_content(good: Path, tmp_path: Path,
                                         office: sqlite_utils.Database,
                                         laptop: sqlite_utils.Database) -> None:
    records = records_of(good, local_keys(office))
    assert merge_bundle(office, good).status == "merged"
    for r in records:
        if r["t"] == "version" and r["entity"] == "site":
            r["content"]["name"] = "改过的名字"
    bad = forge(tmp_path / "forged", local_keys(laptop), local_device(office).enc_public or b"",
                local_device(office).id, 2, records)
    before = dump(office)
    result = merge_bundle(office, bad)
    assert (result.status, result.code) == ("refused", "version_clash")
    assert dump(office) == before


def test_a_missing_part(tmp_path: Path, laptop: sqlite_utils.Database,
                        office: sqlite_utils.Database) -> None:
    site = new_site(laptop, "分卷")
    insp = new_inspection(laptop, site)
    for n in range(3):
        add_photo(laptop, insp, 10 + n)
    parts = export_bundle(laptop, tmp_path / "parts", part_limit=2048).paths
    assert len(parts) > 2
    parts[1].unlink()
    refused(office, parts[0], "missing_part")


def test_parts_merge_whole(tmp_path: Path, laptop: sqlite_utils.Database,
                           office: sqlite_utils.Database) -> None:
    site = new_site(laptop, "分卷")
    insp = new_inspection(laptop, site)
    shas = [add_photo(laptop, insp, 20 + n) for n in range(3)]
    parts = export_bundle(laptop, tmp_path / "parts", part_limit=2048).paths
    assert len(parts) > 2 and all(p.stat().st_size <= 2048 for p in parts)
    assert merge_bundle(office, parts[-1]).status == "merged"
    media = connection_path(office.conn).parent / "street-audit-photos" / "originals"
    for sha in shas:
        assert hashlib.sha256((media / sha[:2] / sha).read_bytes()).hexdigest() == sha
