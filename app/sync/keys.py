"""A device's keys: Ed25519 to sign its bundles, X25519 to receive bundles encrypted to it.

The private keys live in one file beside the database, `<db stem>-keys/device-keys.json`
(folder 0700, file 0600), never in the database and never in a bundle. The public part goes
out as a small signed JSON file (`devices key --out`), with a fingerprint people read out
over the phone to check they enrol the right device.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.core.text import Text
from app.sync.errors import DeviceError, KeyFileRefused

KEY_FILE_FORMAT = "street-audit-device-keys"  # the private file
PUBLIC_FORMAT = "street-audit-device-key"  # the public file others enrol
PUBLIC_FORMAT_VERSION = 1
MAX_PUBLIC_FILE = 64 * 1024
ROLES = ("field", "lead", "office")


def canonical(value: Any) -> bytes:
    """The one byte string signed for a JSON value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, length: int | None = None) -> bytes:
    """Strict base64 of `length` bytes; ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError("not a base64 string")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("bad base64") from exc
    if length is not None and len(data) != length:
        raise ValueError(f"expected {length} bytes, got {len(data)}")
    return data


def fingerprint(sign_public: bytes, enc_public: bytes) -> str:
    """A short human check of both public keys: 20 hex digits in groups, `3F7A-9C21-…`."""
    digest = hashlib.sha256(b"street-audit device key\n" + sign_public + enc_public).hexdigest()
    head = digest[:20].upper()
    return "-".join(head[i:i + 4] for i in range(0, 20, 4))


def raw_public(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class DeviceKeys:
    """This device's private keys (held in memory only while signing or decrypting)."""

    device_id: str
    signing: Ed25519PrivateKey
    receiving: X25519PrivateKey

    @property
    def sign_public(self) -> bytes:
        return raw_public(self.signing)

    @property
    def enc_public(self) -> bytes:
        return raw_public(self.receiving)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.enc_public)

    def sign(self, data: bytes) -> bytes:
        return self.signing.sign(data)


def key_file(db_path: Path) -> Path:
    """Where the private keys of the database at `db_path` are kept."""
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.stem}-keys" / "device-keys.json"


def create_keys(db_path: Path, device_id: str) -> DeviceKeys:
    """Make a new key pair set for the device and write it (0600); refused if one exists."""
    path = key_file(db_path)
    if path.exists():
        raise DeviceError(Text(f"本机密钥文件已存在，未覆盖：{path}",
                               f"this device's key file already exists, not overwritten: {path}"))
    keys = DeviceKeys(device_id, Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    body = {
        "format": KEY_FILE_FORMAT,
        "device_id": device_id,
        "ed25519_private": b64(keys.signing.private_bytes_raw()),
        "x25519_private": b64(keys.receiving.private_bytes_raw()),
    }
    _write_private(path, json.dumps(body, indent=1).encode("utf-8"))
    return keys


def load_keys(db_path: Path, device_id: str) -> DeviceKeys:
    """This device's keys from their file; DeviceError saying what is wrong and what to do."""
    path = key_file(db_path)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != KEY_FILE_FORMAT:
            raise ValueError("format")
        signing = Ed25519PrivateKey.from_private_bytes(unb64(body["ed25519_private"], 32))
        receiving = X25519PrivateKey.from_private_bytes(unb64(body["x25519_private"], 32))
        owner = body["device_id"]
    except FileNotFoundError:
        raise DeviceError(Text(
            f"找不到本机密钥文件：{path}。请从备份恢复该文件；如确已丢失，需重新初始化设备并到单位重新登记",
            f"this device's key file is missing: {path}. Restore it from a backup; if it is "
            "lost, the device must be set up again and enrolled again at the office")) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DeviceError(Text(f"本机密钥文件无法读取：{path}（{exc}）",
                               f"this device's key file cannot be read: {path} ({exc})")) from exc
    if owner != device_id:
        raise DeviceError(Text(
            f"密钥文件属于另一台设备（{owner}），不是本数据库的设备 {device_id}：{path}",
            f"the key file belongs to another device ({owner}), not this database's "
            f"{device_id}: {path}"))
    return DeviceKeys(device_id, signing, receiving)


def _write_private(path: Path, data: bytes) -> None:
    """Write a secret file all-or-nothing with mode 0600 in a 0700 folder."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path.parent, 0o700)
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass(frozen=True)
class PublicKeyFile:
    """What `devices key --out` writes and `devices enrol` reads."""

    device_id: str
    name: str
    role: str
    sign_public: bytes
    enc_public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.enc_public)

    def body(self) -> dict[str, Any]:
        return {
            "format": PUBLIC_FORMAT,
            "format_version": PUBLIC_FORMAT_VERSION,
            "device_id": self.device_id,
            "name": self.name,
            "role": self.role,
            "sign_public_key": b64(self.sign_public),
            "encrypt_public_key": b64(self.enc_public),
            "fingerprint": self.fingerprint,
        }


def public_key_text(keys: DeviceKeys, name: str, role: str) -> str:
    """The public key file of this device, self-signed (proof the sender holds the key)."""
    body = PublicKeyFile(keys.device_id, name, role, keys.sign_public, keys.enc_public).body()
    body["signature"] = b64(keys.sign(canonical(body)))
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def parse_public_key(data: bytes, source: str) -> PublicKeyFile:
    """Read and check a public key file (format, fields, fingerprint, self-signature)."""

    def bad(zh: str, en: str) -> KeyFileRefused:
        return KeyFileRefused(Text(f"设备密钥文件 {source} 无效：{zh}",
                                   f"device key file {source} is not valid: {en}"))

    if len(data) > MAX_PUBLIC_FILE:
        raise bad("文件过大", "too large")
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad(f"不是 JSON（{exc}）", f"not JSON ({exc})") from exc
    if not isinstance(body, dict) or body.get("format") != PUBLIC_FORMAT:
        raise bad("不是街巷巡查的设备密钥文件", "not a Street Audit device key file")
    if body.get("format_version") != PUBLIC_FORMAT_VERSION:
        raise bad(f"格式版本 {body.get('format_version')!r} 不受支持，请升级本程序",
                  f"format version {body.get('format_version')!r} is not supported: update")
    try:
        key = PublicKeyFile(
            device_id=_text(body, "device_id"), name=_text(body, "name"),
            role=_text(body, "role"), sign_public=unb64(body.get("sign_public_key"), 32),
            enc_public=unb64(body.get("encrypt_public_key"), 32))
        signature = unb64(body.get("signature"), 64)
    except ValueError as exc:
        raise bad(f"字段错误（{exc}）", f"bad field ({exc})") from exc
    if key.role not in ROLES:
        raise bad(f"角色 {key.role!r} 未知", f"unknown role {key.role!r}")
    if body.get("fingerprint") != key.fingerprint:
        raise bad("指纹与公钥不符", "the fingerprint does not match the keys")
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(key.sign_public).verify(signature, canonical(unsigned))
    except InvalidSignature:
        raise bad("签名不符（文件被改动过）", "the signature does not match (the file was changed)"
                  ) from None
    return key


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValueError(f"{name} missing or not text")
    return value


def verify_signature(sign_public: bytes, signature: bytes, data: bytes) -> bool:
    """Whether `signature` is the Ed25519 signature of `data` by the key `sign_public`."""
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
