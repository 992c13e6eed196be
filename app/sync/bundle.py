"""The bundle file (docs/bundle-format.md): write one, and open one suspiciously.

Writing: entries are encrypted as they are added (memory stays bounded), the signed manifest
goes last, the zip is written under a temporary name, fsynced and renamed; over the part
limit it becomes numbered parts, each written the same way. Reading: every structural check
(names, links, duplicates, sizes, ratios, counts, the manifest's form) happens before any
payload byte is used; the caller checks the signature and the hashes next, then decrypts.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.core.bounded_read import NotRegularFile, open_regular_file
from app.sync.crypto import (
    CHUNK,
    SCHEME,
    DecryptionFailed,
    open_stream,
    receiver_key,
    seal_stream,
    sealed_size,
    sender_key,
)
from app.sync.errors import BundleRefused, refused
from app.sync.keys import DeviceKeys, b64, canonical, unb64, verify_signature

FORMAT = "street-audit-bundle"
FORMAT_VERSION = 1
KINDS = ("field", "assignment", "rollup")
SUFFIX = ".sabundle"
DEFAULT_PART_LIMIT = int(3.5 * 1024**3)  # below FAT32's 4 GiB per file
MANIFEST = "manifest.json"
# Every name a bundle may hold: nothing else is accepted (no "..", no absolute or drive
# paths, no backslashes, no surprises).
ENTRY_NAME = re.compile(r"\A(?:manifest\.json|data/(?:inner\.json|records\.jsonl|photo-\d{6}))\Z")
MAX_ENTRIES = 200_003
MAX_MANIFEST = 64 * 1024 * 1024
MAX_RATIO = 10  # uncompressed / compressed, for the few that are compressed at all
PART_NAME = re.compile(r"\A(?P<stem>.+)\.part(?P<k>\d{2,4})-of-(?P<n>\d{2,4})\.sabundle\Z")


@dataclass(frozen=True)
class BundleHeader:
    """The outer facts of a bundle: readable without the key (who, to whom, which, format)."""

    kind: str
    bundle_id: str
    sender: str
    receiver: str
    seq: int
    schema_version: int
    created_at: str

    def file_stem(self) -> str:
        if self.kind == "assignment":  # numbered per receiver: the receiver is in the name
            return f"sa-assignment-{self.sender}-to-{self.receiver}-{self.seq:06d}"
        return f"sa-{self.kind}-{self.sender}-{self.seq:06d}"


@dataclass(frozen=True)
class FileEntry:
    """One encrypted entry as the manifest lists it (size and SHA-256 of the stored bytes)."""

    index: int
    name: str
    size: int
    sha256: str


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class BundleWriter:
    """Write one bundle: add entries (encrypted on the way in), then `finish`."""

    def __init__(self, out_dir: Path, header: BundleHeader, keys: DeviceKeys,
                 receiver_public: bytes, *, part_limit: int = DEFAULT_PART_LIMIT,
                 chunk: int = CHUNK) -> None:
        if header.kind not in KINDS:
            raise ValueError(header.kind)
        self.out_dir = Path(out_dir)
        self.header = header
        self._keys = keys
        self._part_limit = part_limit
        self._chunk = chunk
        self._key, self._ephemeral = sender_key(receiver_public, header.bundle_id)
        self._files: list[FileEntry] = []
        self.out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{header.file_stem()}.", suffix=".incoming",
                                   dir=self.out_dir)
        os.close(fd)
        self._tmp = Path(tmp)
        self._zip = zipfile.ZipFile(self._tmp, "w", zipfile.ZIP_STORED, allowZip64=True)

    def add_stream(self, name: str, source: BinaryIO, plain_size: int) -> None:
        """Encrypt `plain_size` bytes from `source` into the entry `name`."""
        if not ENTRY_NAME.match(name) or name == MANIFEST:
            raise ValueError(name)
        index = len(self._files)
        size = sealed_size(plain_size, self._chunk)
        digest = hashlib.sha256()
        written = 0
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = (stat.S_IFREG | 0o600) << 16
        with self._zip.open(info, "w", force_zip64=size > 0x7FFF0000) as out:
            for block in seal_stream(self._key, self.header.bundle_id, index, name, source,
                                     self._chunk):
                digest.update(block)
                out.write(block)
                written += len(block)
        if written != size:
            raise OSError(f"{name}: the source changed while it was read")
        self._files.append(FileEntry(index, name, written, digest.hexdigest()))

    def add_bytes(self, name: str, data: bytes) -> None:
        self.add_stream(name, io.BytesIO(data), len(data))

    def manifest(self) -> dict[str, Any]:
        """The outer manifest, signed."""
        h = self.header
        body: dict[str, Any] = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "kind": h.kind,
            "bundle_id": h.bundle_id, "sender": h.sender, "receiver": h.receiver, "seq": h.seq,
            "schema_version": h.schema_version, "created_at": h.created_at,
            "encryption": {"scheme": SCHEME, "ephemeral_public_key": b64(self._ephemeral),
                           "chunk_size": self._chunk},
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256}
                      for f in self._files],
        }
        body["signature"] = b64(self._keys.sign(canonical(body)))
        return body

    def finish(self) -> list[Path]:
        """Write the manifest, make the file durable and give it its name (or its parts')."""
        info = zipfile.ZipInfo(MANIFEST, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = (stat.S_IFREG | 0o600) << 16
        self._zip.writestr(info, canonical(self.manifest()))
        self._zip.close()
        try:
            with self._tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            size = self._tmp.stat().st_size
            stem = self.header.file_stem()
            if size <= self._part_limit:
                final = self.out_dir / f"{stem}{SUFFIX}"
                os.replace(self._tmp, final)
                _fsync_dir(self.out_dir)
                return [final]
            return self._split(stem, size)
        finally:
            with contextlib.suppress(OSError):
                self._tmp.unlink()

    def _split(self, stem: str, size: int) -> list[Path]:
        count = -(-size // self._part_limit)
        width = max(2, len(str(count)))
        paths = []
        with self._tmp.open("rb") as src:
            for k in range(1, count + 1):
                final = self.out_dir / f"{stem}.part{k:0{width}d}-of-{count:0{width}d}{SUFFIX}"
                fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".incoming",
                                           dir=self.out_dir)
                try:
                    left = min(self._part_limit, size - (k - 1) * self._part_limit)
                    while left:
                        block = src.read(min(left, 8 * 1024 * 1024))
                        if not block:
                            raise OSError("the bundle shrank while it was split")
                        view = memoryview(block)
                        while view:
                            view = view[os.write(fd, view):]
                        left -= len(block)
                    os.fsync(fd)
                finally:
                    os.close(fd)
                os.replace(tmp, final)
                paths.append(final)
        _fsync_dir(self.out_dir)
        return paths

    def abort(self) -> None:
        """Throw the unfinished bundle away."""
        with contextlib.suppress(Exception):
            self._zip.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()


class _Parts(io.RawIOBase):
    """The parts of a split bundle read as one seekable file (no copy)."""

    def __init__(self, paths: list[Path]) -> None:
        self._files = [p.open("rb") for p in paths]
        self._sizes = [os.fstat(f.fileno()).st_size for f in self._files]
        self._total = sum(self._sizes)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._total}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._total:
            start = 0
            for f, size in zip(self._files, self._sizes, strict=True):
                if self._pos < start + size:
                    f.seek(self._pos - start)
                    got = f.readinto(view[done:done + min(len(view) - done,
                                                          start + size - self._pos)])
                    if not got:
                        return done
                    done += got
                    self._pos += got
                    break
                start += size
        return done

    def close(self) -> None:
        for f in self._files:
            f.close()
        super().close()


def bundle_parts(path: Path) -> list[Path]:
    """The files of the bundle `path` is (one of): itself, or all its numbered parts."""
    match = PART_NAME.match(path.name)
    if not match:
        return [path]
    count = int(match["n"])
    width = len(match["n"])
    parts = [path.with_name(f"{match['stem']}.part{k:0{width}d}-of-{match['n']}{SUFFIX}")
             for k in range(1, count + 1)]
    missing = [str(k) for k, p in enumerate(parts, start=1) if not p.is_file()]
    if missing:
        raise refused("missing_part",
                      f"分卷数据包缺少第 {'、'.join(missing)} 部分（共 {count} 部分）：{path.name}",
                      f"parts {', '.join(missing)} of {count} are missing: {path.name}")
    return parts


class OpenedBundle:
    """A bundle whose container passed every structural check; nothing of it trusted yet."""

    def __init__(self, paths: list[Path], source: BinaryIO, archive: zipfile.ZipFile,
                 manifest: dict[str, Any], header: BundleHeader, files: list[FileEntry],
                 ephemeral: bytes, chunk: int) -> None:
        self.paths = paths
        self._source = source
        self.zip = archive
        self.manifest = manifest
        self.header = header
        self.files = files
        self.ephemeral = ephemeral
        self.chunk = chunk
        self._key: bytes | None = None

    @property
    def name(self) -> str:
        return self.paths[0].name

    def close(self) -> None:
        self.zip.close()
        self._source.close()

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_signature(self, sign_public: bytes) -> None:
        unsigned = {k: v for k, v in self.manifest.items() if k != "signature"}
        signature = self.manifest.get("signature")
        try:
            raw = unb64(signature, 64)
        except ValueError:
            raw = b""
        if not raw or not verify_signature(sign_public, raw, canonical(unsigned)):
            raise refused("bad_signature",
                          f"数据包签名不符（被改动过，或不是该设备签发的）：{self.name}",
                          f"the bundle's signature does not match (changed, or not signed by "
                          f"its sender): {self.name}")

    def check_hashes(self) -> None:
        """Every entry's stored bytes have the size and SHA-256 the signed manifest says."""
        for f in self.files:
            digest = hashlib.sha256()
            size = 0
            try:
                with self.zip.open(f.name) as fh:
                    while block := fh.read(1024 * 1024):
                        digest.update(block)
                        size += len(block)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise _broken(self.name, exc) from exc
            if size != f.size or digest.hexdigest() != f.sha256:
                raise refused("bad_hash",
                              f"数据包中 {f.name} 的大小或哈希与清单不符：{self.name}",
                              f"{f.name} does not match the manifest's size or hash: {self.name}")

    def unlock(self, keys: DeviceKeys) -> None:
        """Derive the payload key with this device's receiving key."""
        self._key = receiver_key(keys.receiving, keys.enc_public, self.ephemeral,
                                 self.header.bundle_id)

    def plaintext(self, name: str) -> Iterator[bytes]:
        """The decrypted chunks of one entry; BundleRefused if any does not authenticate."""
        if self._key is None:
            raise RuntimeError("unlock first")
        entry = next((f for f in self.files if f.name == name), None)
        if entry is None:
            raise refused("missing_entry", f"数据包缺少 {name}：{self.name}",
                          f"the bundle lacks {name}: {self.name}")
        try:
            with self.zip.open(name) as fh:
                yield from open_stream(self._key, self.header.bundle_id, entry.index, name, fh,
                                       entry.size, self.chunk)
        except DecryptionFailed as exc:
            raise refused("decrypt", f"数据包 {name} 无法解密（密钥不对或内容被改动）：{self.name}",
                          f"{name} cannot be decrypted (wrong key or changed bytes): "
                          f"{self.name} ({exc})") from exc
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise _broken(self.name, exc) from exc

    def read_plain(self, name: str, limit: int) -> bytes:
        """A whole decrypted entry of at most `limit` bytes."""
        out = bytearray()
        for block in self.plaintext(name):
            out += block
            if len(out) > limit:
                raise refused("too_large", f"数据包中 {name} 过大：{self.name}",
                              f"{name} is too large: {self.name}")
        return bytes(out)


def _broken(name: str, exc: BaseException) -> BundleRefused:
    return refused("broken_zip", f"数据包已损坏或不完整（{exc}）：{name}",
                   f"the bundle is damaged or incomplete ({exc}): {name}")


def open_bundle(path: Path) -> OpenedBundle:
    """Open a bundle (or the set of parts `path` belongs to) and check its structure.

    Refused (BundleRefused, with the reason) for: missing parts, not a zip or cut off, unsafe
    or unknown entry names, symbolic links, duplicates, too many entries, compression bombs,
    an encrypted zip, a manifest that is not the format's JSON, a newer format version, or
    entries that differ from the manifest's list.
    """
    path = Path(path)
    paths = bundle_parts(path)
    try:
        for part in paths:  # a folder, a pipe or a device is no bundle (a pipe would hang)
            if not part.is_file() and part.exists():
                raise NotRegularFile(part, part.is_dir())
        source: BinaryIO = (io.BufferedReader(_Parts(paths)) if len(paths) > 1
                            else open_regular_file(paths[0]))
    except NotRegularFile as exc:
        raise refused("unreadable", f"不是数据包文件（文件夹、管道或设备）：{path}",
                      f"not a bundle file (a folder, a pipe or a device): {path}") from exc
    except OSError as exc:
        raise refused("unreadable", f"无法读取数据包 {path}：{exc.strerror or exc}",
                      f"cannot read the bundle {path}: {exc.strerror or exc}") from exc
    try:
        total = source.seek(0, 2)
        source.seek(0)
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise _broken(path.name, exc) from exc
        try:
            manifest, files = _check_container(archive, path.name, total)
            header, ephemeral, chunk = _check_manifest(manifest, files, path.name)
        except BaseException:
            archive.close()
            raise
    except BaseException:
        source.close()
        raise
    return OpenedBundle(paths, source, archive, manifest, header, files, ephemeral, chunk)


def _check_container(archive: zipfile.ZipFile, name: str,
                     total: int) -> tuple[dict[str, Any], list[FileEntry]]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refused("too_many_entries", f"数据包条目过多（{len(infos)}）：{name}",
                      f"too many entries ({len(infos)}): {name}")
    seen: set[str] = set()
    declared = 0
    for info in infos:
        entry = info.orig_filename
        if not ENTRY_NAME.match(entry) or entry != info.filename:
            raise refused("bad_name", f"数据包含不允许的条目名 {entry!r}：{name}",
                          f"the bundle holds an entry name that is not allowed, {entry!r}: "
                          f"{name}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refused("symlink", f"数据包含符号链接条目 {entry}：{name}",
                          f"the bundle holds a symbolic link entry {entry}: {name}")
        if entry in seen:
            raise refused("duplicate", f"数据包中条目 {entry} 重复：{name}",
                          f"the entry {entry} appears twice: {name}")
        seen.add(entry)
        if info.flag_bits & 0x1:
            raise refused("zip_encrypted", f"数据包条目 {entry} 使用了 zip 加密：{name}",
                          f"the entry {entry} uses zip encryption: {name}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refused("compression", f"数据包条目 {entry} 的压缩方式不支持：{name}",
                          f"the entry {entry} uses an unsupported compression: {name}")
        if info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise refused("zip_bomb", f"数据包条目 {entry} 的压缩比异常（疑似压缩炸弹）：{name}",
                          f"the entry {entry} expands suspiciously (a zip bomb?): {name}")
        declared += info.file_size
    if declared > MAX_RATIO * max(total, 1024):
        raise refused("zip_bomb", f"数据包解压后总大小异常（疑似压缩炸弹）：{name}",
                      f"the bundle's entries add up to far more than the file (a zip bomb?): "
                      f"{name}")
    if MANIFEST not in seen:
        raise refused("no_manifest", f"数据包缺少 manifest.json：{name}",
                      f"the bundle has no manifest.json: {name}")
    info = archive.getinfo(MANIFEST)
    if info.file_size > MAX_MANIFEST:
        raise refused("too_large", f"数据包清单过大：{name}", f"the manifest is too large: {name}")
    try:
        raw = archive.read(MANIFEST)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _broken(name, exc) from exc
    try:
        manifest = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError) as exc:
        raise refused("bad_json", f"数据包清单不是有效的 JSON（{exc}）：{name}",
                      f"the manifest is not valid JSON ({exc}): {name}") from exc
    if not isinstance(manifest, dict):
        raise refused("bad_manifest", f"数据包清单格式错误：{name}", f"malformed manifest: {name}")
    listed = manifest.get("files")
    if not isinstance(listed, list):
        raise _bad_manifest(name, "files")
    files = []
    for index, item in enumerate(listed):
        if (not isinstance(item, dict) or set(item) != {"name", "size", "sha256"}
                or not isinstance(item["name"], str) or not _is_count(item["size"])
                or not _is_hex64(item["sha256"])):
            raise _bad_manifest(name, f"files[{index}]")
        files.append(FileEntry(index, item["name"], item["size"], item["sha256"]))
    names = [f.name for f in files]
    if len(set(names)) != len(names) or set(names) != seen - {MANIFEST}:
        raise refused("entries_differ", f"数据包中的条目与清单不符：{name}",
                      f"the bundle's entries are not those its manifest lists: {name}")
    for f in files:
        if archive.getinfo(f.name).file_size != f.size:
            raise refused("bad_size", f"数据包中 {f.name} 的大小与清单不符：{name}",
                          f"{f.name} is not the size the manifest says: {name}")
    return manifest, files


def _check_manifest(m: dict[str, Any], files: list[FileEntry],
                    name: str) -> tuple[BundleHeader, bytes, int]:
    if m.get("format") != FORMAT:
        raise refused("not_a_bundle", f"不是街巷巡查数据包：{name}",
                      f"not a Street Audit bundle: {name}")
    version = m.get("format_version")
    if not isinstance(version, int) or not _is_count(version) or version < 1:
        raise _bad_manifest(name, "format_version")
    if version > FORMAT_VERSION:
        raise refused("newer_format",
                      f"数据包格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新，"
                      f"请升级本程序：{name}",
                      f"the bundle's format version {version} is newer than this program's "
                      f"{FORMAT_VERSION}: update the program: {name}")
    for key in ("bundle_id", "sender", "receiver", "created_at", "kind"):
        if not isinstance(m.get(key), str) or not m[key] or len(m[key]) > 100:
            raise _bad_manifest(name, key)
    if m["kind"] not in KINDS:
        raise _bad_manifest(name, "kind")
    for key in ("seq", "schema_version"):
        if not _is_count(m.get(key)) or m[key] < 1:
            raise _bad_manifest(name, key)
    enc = m.get("encryption")
    if not isinstance(enc, dict) or enc.get("scheme") != SCHEME:
        raise _bad_manifest(name, "encryption")
    chunk = enc.get("chunk_size")
    if not isinstance(chunk, int) or not _is_count(chunk) or not 1024 <= chunk <= 64 * 1024 * 1024:
        raise _bad_manifest(name, "encryption.chunk_size")
    try:
        ephemeral = unb64(enc.get("ephemeral_public_key"), 32)
    except ValueError:
        raise _bad_manifest(name, "encryption.ephemeral_public_key") from None
    if not files or files[0].name != "data/inner.json":
        raise _bad_manifest(name, "files[0] (data/inner.json)")
    header = BundleHeader(m["kind"], m["bundle_id"], m["sender"], m["receiver"], m["seq"],
                          m["schema_version"], m["created_at"])
    return header, ephemeral, chunk


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def loads_strict(text: bytes | str) -> Any:
    """JSON with duplicate keys refused (ValueError)."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 53


def _is_hex64(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) is not None


def _bad_manifest(name: str, field: str) -> BundleRefused:
    return refused("bad_manifest", f"数据包清单的 {field} 字段缺失或无效：{name}",
                   f"the manifest's {field} is missing or not valid: {name}")
