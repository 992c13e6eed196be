"""The payload's encryption: ephemeral X25519 to the receiver, HKDF-SHA256, AES-256-GCM in
chunks (docs/bundle-format.md, "Encryption"), so a 3 GB bundle never sits in memory.

Each file is a sequence of chunks; chunk *k* of file *i* is sealed with the nonce
`i (4 bytes) ‖ k (7 bytes) ‖ last (1 byte)` and the associated data `bundle id ‖ "\\n" ‖
entry name`: chunks cannot be reordered, moved to another file or bundle, or cut off.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SCHEME = "X25519-HKDF-SHA256-AES256GCM-CHUNKED"
CHUNK = 1024 * 1024  # plaintext bytes per chunk
TAG = 16
MAX_CHUNKS = 1 << 56


class DecryptionFailed(Exception):
    """A chunk did not authenticate (wrong key, changed bytes, cut off, reordered)."""


def derive_key(shared: bytes, ephemeral_public: bytes, receiver_public: bytes,
               bundle_id: str) -> bytes:
    """The bundle's 32-byte AES key from the X25519 shared secret."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + receiver_public,
        info=b"street-audit bundle v1 " + bundle_id.encode("utf-8"),
    ).derive(shared)


def sender_key(receiver_public: bytes, bundle_id: str) -> tuple[bytes, bytes]:
    """(AES key, ephemeral public key) for writing a bundle to `receiver_public`."""
    ephemeral = X25519PrivateKey.generate()
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    eph_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(receiver_public))
    return derive_key(shared, eph_public, receiver_public, bundle_id), eph_public


def receiver_key(receiving: X25519PrivateKey, receiver_public: bytes, ephemeral_public: bytes,
                 bundle_id: str) -> bytes:
    """The same AES key, on the receiving side."""
    shared = receiving.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    return derive_key(shared, ephemeral_public, receiver_public, bundle_id)


def _nonce(file_index: int, chunk: int, last: bool) -> bytes:
    return file_index.to_bytes(4, "big") + chunk.to_bytes(7, "big") + (b"\x01" if last else b"\x00")


def _aad(bundle_id: str, name: str) -> bytes:
    return bundle_id.encode("utf-8") + b"\n" + name.encode("utf-8")


def sealed_size(plain_size: int, chunk: int = CHUNK) -> int:
    """The ciphertext size of a file of `plain_size` bytes (an empty file is one empty chunk)."""
    chunks = max(1, -(-plain_size // chunk))
    return plain_size + chunks * TAG


def seal_stream(key: bytes, bundle_id: str, file_index: int, name: str,
                source: BinaryIO, chunk: int = CHUNK) -> Iterator[bytes]:
    """Encrypt a file read from `source`, chunk by chunk (one chunk read ahead to know the last)."""
    aead = AESGCM(key)
    aad = _aad(bundle_id, name)
    current = source.read(chunk)
    k = 0
    while True:
        following = source.read(chunk) if len(current) == chunk else b""
        last = not following
        yield aead.encrypt(_nonce(file_index, k, last), current, aad)
        if last:
            return
        current = following
        k += 1


def seal_bytes(key: bytes, bundle_id: str, file_index: int, name: str, data: bytes,
               chunk: int = CHUNK) -> Iterator[bytes]:
    """seal_stream over bytes in memory."""
    import io

    return seal_stream(key, bundle_id, file_index, name, io.BytesIO(data), chunk)


def open_stream(key: bytes, bundle_id: str, file_index: int, name: str,
                sealed: Iterable[bytes] | BinaryIO, sealed_size_: int,
                chunk: int = CHUNK) -> Iterator[bytes]:
    """Decrypt a sealed file of `sealed_size_` bytes; DecryptionFailed on any tampering."""
    aead = AESGCM(key)
    aad = _aad(bundle_id, name)
    remaining = sealed_size_
    if remaining < TAG:
        raise DecryptionFailed("too short")
    read = sealed.read if hasattr(sealed, "read") else None
    if read is None:
        raise TypeError("open_stream needs a readable file")
    k = 0
    while remaining > 0:
        size = min(chunk + TAG, remaining)
        block = read(size)
        if len(block) != size:
            raise DecryptionFailed("cut off")
        remaining -= size
        last = remaining == 0
        if not last and size != chunk + TAG:
            raise DecryptionFailed("chunk size")
        try:
            yield aead.decrypt(_nonce(file_index, k, last), block, aad)
        except InvalidTag:
            raise DecryptionFailed(f"chunk {k}") from None
        k += 1
        if k > MAX_CHUNKS:
            raise DecryptionFailed("too many chunks")
