"""Device keys: made at init beside the database (0600), public part round trip, enrol, revoke."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import sqlite_utils

from app.store.db import connection_path
from app.sync.devices import (
    enrol_device,
    get_device,
    list_devices,
    local_device,
    local_keys,
    receiver_for,
    revoke_device,
)
from app.sync.errors import DeviceError, KeyFileRefused
from app.sync.keys import key_file, parse_public_key, public_key_text
from tests.helpers.sync_world import make_device


def _public(db: sqlite_utils.Database) -> bytes:
    me = local_device(db)
    return public_key_text(local_keys(db), me.label, me.role).encode()


def test_keys_live_beside_the_database_private_and_never_in_it(
        office: sqlite_utils.Database) -> None:
    path = key_file(connection_path(office.conn))
    assert path.parent.parent == connection_path(office.conn).parent
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    private = json.loads(path.read_text())["ed25519_private"]
    dump = "\n".join(office.conn.iterdump())
    assert private not in dump
    me = local_device(office)
    assert me.sign_public == local_keys(office).sign_public


def test_public_key_file_round_trip(office: sqlite_utils.Database) -> None:
    data = _public(office)
    key = parse_public_key(data, "k.json")
    me = local_device(office)
    assert (key.device_id, key.role, key.sign_public, key.enc_public) == (
        me.id, "office", me.sign_public, me.enc_public)
    assert len(key.fingerprint) == 24 and key.fingerprint.count("-") == 4
    assert "private" not in data.decode()


@pytest.mark.parametrize("change", ["name", "sign_public_key", "fingerprint", "format_version"])
def test_a_changed_key_file_is_refused(office: sqlite_utils.Database, change: str) -> None:
    body = json.loads(_public(office))
    body[change] = {"name": "假单位", "format_version": 9,
                    "fingerprint": "0000-0000-0000-0000-0000",
                    "sign_public_key": body["encrypt_public_key"]}[change]
    with pytest.raises(KeyFileRefused):
        parse_public_key(json.dumps(body).encode(), "k.json")


def test_garbage_key_file_refused() -> None:
    for data in (b"\xff\xfe", b"[]", b"{", b'{"format": "street-audit-device-key"}'):
        with pytest.raises(KeyFileRefused):
            parse_public_key(data, "k.json")


def test_enrol_both_ways_then_revoke(office: sqlite_utils.Database,
                                     laptop: sqlite_utils.Database) -> None:
    lap = local_device(laptop)
    off = local_device(office)
    assert get_device(office, lap.id) is not None
    assert receiver_for(laptop, None).id == off.id
    # The same file again: nothing changes.
    _device, new = enrol_device(office, parse_public_key(_public(laptop), "k"))
    assert new is False
    # Its own key: refused.
    with pytest.raises(KeyFileRefused):
        enrol_device(office, parse_public_key(_public(office), "k"))
    revoked = revoke_device(office, lap.id)
    assert revoked.revoked
    with pytest.raises(KeyFileRefused):
        enrol_device(office, parse_public_key(_public(laptop), "k"))
    with pytest.raises(DeviceError):
        revoke_device(office, off.id)
    assert [d.id for d in list_devices(office)] == [off.id, lap.id]


def test_other_keys_under_a_known_id_refused(tmp_path: Path, office: sqlite_utils.Database,
                                             laptop: sqlite_utils.Database) -> None:
    body = json.loads(_public(laptop))
    other = make_device(tmp_path / "other" / "street-audit.db")
    forged = json.loads(_public(other))
    forged_key = parse_public_key(json.dumps(forged).encode(), "k")
    impostor = forged_key.__class__(body["device_id"], "x", "field", forged_key.sign_public,
                                    forged_key.enc_public)
    with pytest.raises(KeyFileRefused):
        enrol_device(office, impostor)
    other.close()


def test_lost_key_file_is_an_error_not_new_keys(office: sqlite_utils.Database) -> None:
    key_file(connection_path(office.conn)).unlink()
    with pytest.raises(DeviceError, match="missing"):
        local_keys(office)
