"""Signatures on a completed inspection (db/009_signatures.sql): the PNG drawn on the signature
pad, its SHA-256 and time, or the party's refusal with the witness who saw it.

Signatures are written only by completing (app.store.completion), in the completion's
transaction, and never change afterwards (triggers refuse it); they travel in bundles as the
record kind 'signature' (app/sync/records.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.clock import utc_now
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id
from app.store.inspection_errors import InspectionError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlite_utils

ROLES = ("inspector", "second_officer", "party", "witness")
ROLE_LABELS = {
    "inspector": Text("检查人员", "Inspector"),
    "second_officer": Text("检查人员", "Second officer"),
    "party": Text("当事人", "Party"),
    "witness": Text("见证人", "Witness"),
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_PNG_BYTES = 2 * 1024 * 1024  # a signature drawn on a pad is a few tens of kB


class SignatureRefused(InspectionError):
    """A signature that cannot be stored (not a PNG, too large, a role twice, no witness)."""


@dataclass(frozen=True)
class SignatureInput:
    """A signature to store with a completion: a drawn PNG, or the party's refusal."""

    role: str
    png: bytes | None = None
    signer_name: str = ""
    signed_at: str | None = None  # UTC ISO 8601; None: when stored
    refused: bool = False  # the party refused to sign (no picture; a witness is named)
    witness_name: str = ""

    @staticmethod
    def party_refused(witness_name: str, party_name: str = "") -> SignatureInput:
        return SignatureInput("party", None, party_name, refused=True, witness_name=witness_name)


@dataclass(frozen=True)
class Signature:
    """One stored signature (`signatures`)."""

    id: str
    inspection_id: str
    role: str
    signer_name: str
    png: bytes | None
    sha256: str | None
    signed_at: str
    refused: bool
    witness_name: str

    @property
    def label(self) -> Text:
        return ROLE_LABELS[self.role]


def png_sha256(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()


def check_signatures(signatures: Iterable[SignatureInput]) -> list[SignatureInput]:
    """The signatures to store, checked (SignatureRefused says what is wrong)."""
    result: list[SignatureInput] = []
    seen: set[str] = set()
    for sig in signatures:
        if sig.role not in ROLES:
            raise SignatureRefused(Text(f"未知的签字人身份：{sig.role}",
                                        f"unknown signer role: {sig.role}"))
        if sig.role in seen:
            raise SignatureRefused(Text(f"{ROLE_LABELS[sig.role].zh}签字重复",
                                        f"two signatures for the {sig.role}"))
        seen.add(sig.role)
        if sig.refused:
            if sig.role != "party":
                raise SignatureRefused(Text("只有当事人可以拒签", "only the party can refuse"))
            if not sig.witness_name.strip():
                raise SignatureRefused(Text("当事人拒签时须填写见证人姓名",
                                            "name the witness of the party's refusal"))
            result.append(SignatureInput("party", None, sig.signer_name.strip(), sig.signed_at,
                                         True, sig.witness_name.strip()))
            continue
        png = sig.png or b""
        if not png.startswith(PNG_MAGIC):
            raise SignatureRefused(Text(f"{ROLE_LABELS[sig.role].zh}的签字不是 PNG 图片",
                                        f"the {sig.role}'s signature is not a PNG image"))
        if len(png) > MAX_PNG_BYTES:
            raise SignatureRefused(Text(f"{ROLE_LABELS[sig.role].zh}的签字图片过大",
                                        f"the {sig.role}'s signature image is too large"))
        result.append(SignatureInput(sig.role, png, sig.signer_name.strip(), sig.signed_at))
    return result


def insert_signatures(db: sqlite_utils.Database, inspection_id: str,
                      signatures: Iterable[SignatureInput]) -> list[Signature]:
    """Store checked signatures inside the caller's transaction (the completion's), while the
    inspection is still a draft (a trigger refuses them on a completed one)."""
    stored: list[Signature] = []
    device = local_device_id(db)
    for sig in check_signatures(signatures):
        now = utc_now()
        sha = png_sha256(sig.png) if sig.png is not None else None
        encoded = base64.b64encode(sig.png).decode("ascii") if sig.png is not None else None
        signature = Signature(new_id(), inspection_id, sig.role, sig.signer_name, sig.png, sha,
                              sig.signed_at or now, sig.refused, sig.witness_name)
        db.execute(
            "INSERT INTO signatures (id, origin_device, rev, base_rev, created_at, updated_at, "
            "inspection_id, role, signer_name, png_base64, sha256, signed_at, refused, "
            "witness_name) VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (signature.id, device, now, now, inspection_id, sig.role, sig.signer_name, encoded,
             sha, signature.signed_at, int(sig.refused), sig.witness_name))
        stored.append(signature)
    return stored


def signatures_for(db: sqlite_utils.Database, inspection_id: str) -> dict[str, Signature]:
    """The signatures of an inspection by role (the latest of a role, should a merge of two
    completions bring two)."""
    rows = db.execute(
        "SELECT id, inspection_id, role, signer_name, png_base64, sha256, signed_at, refused, "
        "witness_name FROM signatures WHERE inspection_id = ? ORDER BY signed_at, id",
        (inspection_id,)).fetchall()
    found: dict[str, Signature] = {}
    for sid, insp, role, name, encoded, sha, signed_at, refused, witness in rows:
        png = _decode(encoded)
        found[str(role)] = Signature(str(sid), str(insp), str(role), str(name), png,
                                     sha, str(signed_at), bool(refused), str(witness))
    return found


def signature_problems(signature: Signature) -> str | None:
    """Why a stored signature's picture is not what was signed (None: it is)."""
    if signature.refused:
        return None
    if signature.png is None or signature.sha256 is None:
        return "签字图片无法读取"
    if png_sha256(signature.png) != signature.sha256:
        return "签字图片与其 SHA-256 不符"
    return None


def _decode(encoded: str | None) -> bytes | None:
    if encoded is None:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
