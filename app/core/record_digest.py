"""The fingerprint of an inspection record as printed, and the text its QR code carries.

A printed 检查记录 carries its record id and the SHA-256 of the record's content (what the paper
shows: answers, people, times, place and the photos' own hashes). `street-audit verify
--document` recomputes the digest from the database and says whether the paper still matches:
something an inspected party, a court or an office can check without trusting the paper.

The canonical form is JSON with sorted keys, no spaces and UTF-8 — the same bytes on every
machine and in every language another program might be written in (docs/reports.md gives it).
The site's own record (its name may be corrected later) is not part of it: the inspection
record is.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# 1: the inspection's printed fields and its photos. 2 (issue 12's completion): also the
# short-photo reason and the signatures (role, signer, the picture's SHA-256, time, refusal,
# witness). A paper carries its version, so papers printed under 1 still check out.
DIGEST_VERSION = 2
KNOWN_VERSIONS = (1, 2)
QR_PREFIX = "SA-REC"
# Hex characters of the SHA-256 printed and put in the QR: 128 bits, far beyond guessing.
PRINTED_HEX = 32

# The inspection's columns that the record prints (docs/reports.md "record digest").
DIGEST_FIELDS = (
    "id", "form_id", "form_version", "site_id", "status", "answers", "inspector_name",
    "badge_no", "second_inspector_name", "second_badge_no", "team", "started_at",
    "completed_at", "lat", "lon", "amends_id", "amend_reason",
)


@dataclass(frozen=True)
class SignatureMark:
    """A signature as the record prints it (the picture by its SHA-256)."""

    role: str
    signer_name: str
    sha256: str
    signed_at: str
    refused: bool
    witness_name: str


@dataclass(frozen=True)
class PhotoUse:
    """One photo as the record prints it."""

    sha256: str
    item_id: str | None
    caption: str
    position: int


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8, floats as Python's shortest repr."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def record_digest(fields: Mapping[str, Any], photos: Sequence[PhotoUse],
                  signatures: Sequence[SignatureMark] = (),
                  version: int = DIGEST_VERSION) -> str:
    """The SHA-256 (hex) of the record's printed content. Missing fields count as null."""
    if version not in KNOWN_VERSIONS:
        raise ValueError(f"unknown record digest version {version}")
    body: dict[str, Any] = {
        "v": version,
        "record": {name: fields.get(name) for name in DIGEST_FIELDS},
        "photos": sorted(
            ([p.item_id or "", p.position, p.sha256, p.caption] for p in photos),
        ),
    }
    if version >= 2:
        body["short_photo_reason"] = fields.get("short_photo_reason")
        body["signatures"] = sorted(
            [s.role, s.signer_name, s.sha256, s.signed_at, s.refused, s.witness_name]
            for s in signatures)
    return hashlib.sha256(canonical_json(body)).hexdigest()


def qr_text(record_id: str, digest: str) -> str:
    """What the record's QR code holds: `SA-REC:1:<record id>:<first 32 hex of the digest>`."""
    return f"{QR_PREFIX}:{DIGEST_VERSION}:{record_id}:{digest[:PRINTED_HEX]}"


def grouped(digest: str) -> str:
    """The printed digest in groups of four, easy to read out: `3f7a 9c21 …`."""
    short = digest[:PRINTED_HEX]
    return " ".join(short[i:i + 4] for i in range(0, len(short), 4))


_QR = re.compile(
    rf"{QR_PREFIX}:(\d+):([0-9A-Za-z-]{{8,64}}):([0-9a-fA-F]{{{PRINTED_HEX}}})")


@dataclass(frozen=True)
class PrintedMark:
    """What a paper (or its PDF) says about itself."""

    record_id: str
    digest_prefix: str  # lower-case hex, PRINTED_HEX long
    version: int


def find_mark(text: str) -> PrintedMark | None:
    """The first record mark in `text` (a QR's contents, a PDF's metadata or its text)."""
    match = _QR.search(text)
    if not match:
        return None
    return PrintedMark(match.group(2), match.group(3).lower(), int(match.group(1)))
