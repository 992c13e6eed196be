"""The devices a database knows: this one (with its keys) and the ones enrolled here.

An office enrols each laptop's public keys (to check their bundles' signatures); a laptop
enrols its office's (to encrypt its bundles to it). A revoked device's bundles are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.text import Text
from app.store.audit import record_audit
from app.store.db import connection_path, write_transaction
from app.sync.errors import DeviceError, KeyFileRefused, UnknownDevice
from app.sync.keys import DeviceKeys, PublicKeyFile, create_keys, fingerprint, load_keys

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Device:
    """One row of `devices` with its keys (None before they were made or enrolled)."""

    id: str
    role: str
    label: str
    sign_public: bytes | None
    enc_public: bytes | None
    is_local: bool
    enrolled_at: str | None
    revoked_at: str | None

    @property
    def fingerprint(self) -> str:
        if self.sign_public is None or self.enc_public is None:
            return ""
        return fingerprint(self.sign_public, self.enc_public)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


_COLS = "id, role, label, public_key, enc_public_key, is_local, enrolled_at, revoked_at"


def _device(row: tuple[Any, ...]) -> Device:
    id_, role, label, sign, enc, local, enrolled, revoked = row
    return Device(str(id_), str(role), str(label), bytes(sign) if sign is not None else None,
                  bytes(enc) if enc is not None else None, bool(local),
                  enrolled if isinstance(enrolled, str) else None,
                  revoked if isinstance(revoked, str) else None)


def list_devices(db: sqlite_utils.Database) -> list[Device]:
    """Every device: this one first, then the enrolled ones by id."""
    rows = db.execute(f"SELECT {_COLS} FROM devices ORDER BY is_local DESC, id").fetchall()
    return [_device(r) for r in rows]


def get_device(db: sqlite_utils.Database, device_id: str) -> Device | None:
    row = db.execute(f"SELECT {_COLS} FROM devices WHERE id = ?", (device_id,)).fetchone()
    return _device(row) if row else None


def local_device(db: sqlite_utils.Database) -> Device:
    """This database's own device; DeviceError before `init`."""
    row = db.execute(f"SELECT {_COLS} FROM devices WHERE is_local = 1").fetchone()
    if row is None:
        raise DeviceError(Text("数据库还没有初始化（没有本机设备），请先运行 street-audit init",
                               "the database has no device yet: run `street-audit init` first"))
    return _device(row)


def make_local_keys(db: sqlite_utils.Database, actor: str = "") -> DeviceKeys:
    """Create this device's keys (init): the file beside the database, the public part here."""
    device = local_device(db)
    path = connection_path(db.conn)
    keys = create_keys(path, device.id)
    now = utc_now()
    with write_transaction(db):
        db.execute(
            "UPDATE devices SET public_key = ?, enc_public_key = ?, fingerprint = ?, "
            "updated_at = ? WHERE id = ?",
            (keys.sign_public, keys.enc_public, keys.fingerprint, now, device.id))
        record_audit(db, actor, "device.keys", "device", device.id,
                     {"fingerprint": keys.fingerprint})
    return keys


def local_keys(db: sqlite_utils.Database, actor: str = "") -> DeviceKeys:
    """This device's keys; made now for a database set up before sync existed.

    A database whose public keys are recorded but whose key file is gone is an error (making
    new keys would silently break every office's enrolment of this device).
    """
    device = local_device(db)
    path = connection_path(db.conn)
    if device.sign_public is None:
        return make_local_keys(db, actor)
    keys = load_keys(Path(path), device.id)
    if keys.sign_public != device.sign_public or keys.enc_public != device.enc_public:
        raise DeviceError(Text(
            "本机密钥文件与数据库中登记的公钥不符；请从备份恢复正确的密钥文件",
            "the key file does not match the public keys this database recorded; restore "
            "the right key file from a backup"))
    return keys


def enrol_device(
    db: sqlite_utils.Database, key: PublicKeyFile, actor: str = ""
) -> tuple[Device, bool]:
    """Enrol another device's public keys; (device, True if newly enrolled).

    The same keys again change nothing; other keys under a known id, this device's own id,
    or a revoked device are refused (revocation is final: the device makes new keys).
    """
    with write_transaction(db):
        me = local_device(db)
        if key.device_id == me.id:
            raise KeyFileRefused(Text("这是本机自己的密钥文件，不需要登记",
                                      "this is this device's own key file: nothing to enrol"))
        known = get_device(db, key.device_id)
        if known is not None:
            if known.revoked:
                raise KeyFileRefused(Text(
                    f"设备 {key.device_id} 已被吊销，不能重新登记",
                    f"device {key.device_id} was revoked and cannot be enrolled again"))
            if known.sign_public == key.sign_public and known.enc_public == key.enc_public:
                return known, False
            if known.sign_public is not None:
                raise KeyFileRefused(Text(
                    f"设备 {key.device_id} 已用另一组密钥登记（指纹 {known.fingerprint}）；"
                    "如确实换了密钥，请先吊销旧登记",
                    f"device {key.device_id} is enrolled with other keys (fingerprint "
                    f"{known.fingerprint}); revoke that enrolment first if the keys really "
                    "changed"))
        now = utc_now()
        db.execute(
            "INSERT INTO devices (id, role, label, public_key, enc_public_key, fingerprint, "
            "is_local, enrolled_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET role = excluded.role, label = excluded.label, "
            "public_key = excluded.public_key, enc_public_key = excluded.enc_public_key, "
            "fingerprint = excluded.fingerprint, enrolled_at = excluded.enrolled_at, "
            "updated_at = excluded.updated_at",
            (key.device_id, key.role, key.name, key.sign_public, key.enc_public,
             key.fingerprint, now, now, now))
        record_audit(db, actor, "device.enrol", "device", key.device_id,
                     {"role": key.role, "name": key.name, "fingerprint": key.fingerprint})
        device = get_device(db, key.device_id)
        assert device is not None
    return device, True


def revoke_device(db: sqlite_utils.Database, device_id: str, actor: str = "") -> Device:
    """Revoke an enrolled device: its bundles are refused from now on (audited)."""
    with write_transaction(db):
        device = get_device(db, device_id)
        if device is None:
            raise UnknownDevice(Text(
                f"没有这台设备：{device_id}；可用 street-audit devices list 查看",
                f"no such device: {device_id}; see street-audit devices list"))
        if device.is_local:
            raise DeviceError(Text("不能吊销本机自己", "this device cannot revoke itself"))
        if device.revoked:
            return device
        now = utc_now()
        db.execute("UPDATE devices SET revoked_at = ?, updated_at = ? WHERE id = ?",
                   (now, now, device_id))
        record_audit(db, actor, "device.revoke", "device", device_id,
                     {"fingerprint": device.fingerprint})
        revoked = get_device(db, device_id)
        assert revoked is not None
    return revoked


def receiver_for(db: sqlite_utils.Database, device_id: str | None) -> Device:
    """The device a bundle is encrypted to: the one named, or the only enrolled office."""
    if device_id is not None:
        device = get_device(db, device_id)
        if device is None or device.is_local or device.enc_public is None:
            raise DeviceError(Text(f"设备 {device_id} 未登记，请先 devices enrol 它的密钥文件",
                                   f"device {device_id} is not enrolled: `devices enrol` its key "
                                   "file first"))
        if device.revoked:
            raise DeviceError(Text(f"设备 {device_id} 已被吊销", f"device {device_id} is revoked"))
        return device
    offices = [d for d in list_devices(db) if not d.is_local and not d.revoked
               and d.role == "office" and d.enc_public is not None]
    if len(offices) == 1:
        return offices[0]
    if not offices:
        raise DeviceError(Text(
            "还没有登记接收单位：请先用 devices enrol 登记单位的密钥文件",
            "no office is enrolled to receive bundles: `devices enrol` the office's key file"))
    raise DeviceError(Text(
        "登记了多个单位，请用 --to 指定接收单位：" + "、".join(d.id for d in offices),
        "several offices are enrolled: name the receiver with --to: "
        + ", ".join(d.id for d in offices)))
