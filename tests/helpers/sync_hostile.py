"""Hostile and broken bundles, made from a good one: re-zipped entries (structure attacks) or
forged with a device's real keys (a signed, encrypted bundle whose content lies)."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path
from typing import Any

from app.core.ids import new_id
from app.sync.bundle import BundleHeader, BundleWriter
from app.sync.keys import DeviceKeys, canonical


def entries(bundle: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(bundle) as z:
        return [(i, z.read(i.filename)) for i in z.infolist()]


def rezip(target: Path, items: list[tuple[zipfile.ZipInfo | str, bytes]],
          compression: int = zipfile.ZIP_STORED) -> Path:
    """A zip of exactly these entries (names and attributes as given, duplicates allowed)."""
    with zipfile.ZipFile(target, "w", compression) as z:
        for info, data in items:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info)
            info.compress_type = compression
            z.writestr(info, data)
    return target


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def resign(target: Path, source: Path, keys: DeviceKeys, **changes: Any) -> Path:
    """The same bundle with manifest fields changed and signed again by `keys`."""
    items = entries(source)
    out: list[tuple[zipfile.ZipInfo | str, bytes]] = []
    for info, data in items:
        if info.filename == "manifest.json":
            manifest = json.loads(data)
            manifest.pop("signature")
            manifest.update(changes)
            import base64

            manifest["signature"] = base64.b64encode(keys.sign(canonical(manifest))).decode()
            data = canonical(manifest)
        out.append((info, data))
    return rezip(target, out)


def forge(out_dir: Path, keys: DeviceKeys, receiver_public: bytes, receiver: str, seq: int,
          records: list[dict[str, Any]] | bytes, photos: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
          *, bundle_id: str | None = None, schema_version: int = 4) -> Path:
    """A correctly signed and encrypted bundle holding exactly these records and photo files."""
    bundle_id = bundle_id or new_id()
    header = BundleHeader("field", bundle_id, keys.device_id, receiver, seq, schema_version,
                          "2026-01-05T08:00:00.000Z")
    body = records if isinstance(records, bytes) else b"".join(
        canonical(r) + b"\n" for r in records)
    import hashlib

    listed = [{"file": f"data/photo-{n:06d}", "sha256": sha, "size": len(data)}
              for n, (sha, data) in enumerate(photos, start=1)]
    inner = {"bundle_id": bundle_id, "counts": {},
             "records": {"file": "data/records.jsonl", "size": len(body),
                         "sha256": hashlib.sha256(body).hexdigest()},
             "photos": listed, "audit": {"from": None, "upto": None, "head": None}}
    writer = BundleWriter(out_dir, header, keys, receiver_public)
    writer.add_bytes("data/inner.json", canonical(inner))
    writer.add_bytes("data/records.jsonl", body)
    for entry, (_sha, data) in zip(listed, photos, strict=True):
        writer.add_bytes(entry["file"], data)
    return writer.finish()[0]


def records_of(bundle: Path, keys: DeviceKeys) -> list[dict[str, Any]]:
    """The records of a bundle, read with the receiver's keys (to forge a variant)."""
    from app.sync.bundle import open_bundle

    with open_bundle(bundle) as opened:
        opened.unlock(keys)
        text = opened.read_plain("data/records.jsonl", 1 << 30)
    return [json.loads(line) for line in text.splitlines()]
