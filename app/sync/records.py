"""What of each synced record travels, and its canonical form (docs/bundle-format.md, Records).

A version's `content` is the record's synced columns as a JSON object; its hash is the
SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8). Local bookkeeping (`seq`,
`vid`, `base_vid`) and derived columns (`finding_count`: the receiver evaluates the answers
again) do not travel.
"""

from __future__ import annotations

import hashlib
from typing import Any

from app.store.cases import CASE_SYNCED, EVENT_SYNCED
from app.sync.keys import canonical

SITE_COLUMNS = (
    "id", "origin_device", "rev", "base_rev", "created_at", "updated_at", "name", "address",
    "district_code", "division_code", "credit_code", "credit_code_check", "lat", "lon",
    "location_source", "contact_name", "contact_phone", "notes", "merged_into",
)
INSPECTION_COLUMNS = (
    "id", "origin_device", "rev", "base_rev", "created_at", "updated_at", "form_id",
    "form_version", "site_id", "district_code", "status", "answers", "inspector_name",
    "badge_no", "team", "started_at", "completed_at", "lat", "lon", "chain_id", "amendment_no",
    "amends_id", "amend_reason", "superseded_by", "second_inspector_name", "second_badge_no",
    "short_photo_reason",
)
INSPECTION_PHOTO_COLUMNS = (
    "id", "origin_device", "rev", "base_rev", "created_at", "updated_at", "inspection_id",
    "sha256", "item_id", "caption", "position", "added_at",
)
PHOTO_COLUMNS = (
    "sha256", "size", "mime", "width", "height", "lat", "lon", "alt", "taken_at",
    "taken_offset_assumed", "taken_at_utc", "gps_time", "orientation", "make", "model", "phash",
    "exif_source", "problems", "original_name", "imported_at", "origin_device",
)
FORM_COLUMNS = (
    "form_id", "version", "work_item", "title_zh", "title_en", "source_yaml", "sha256",
    "registered_at",
)
# A signature drawn at completion, or the party's refusal (db/009; never changed once made).
SIGNATURE_COLUMNS = (
    "id", "origin_device", "rev", "base_rev", "created_at", "updated_at", "inspection_id",
    "role", "signer_name", "png_base64", "sha256", "signed_at", "refused", "witness_name",
)
# A team lead's decision on a completed inspection (db/010; never changed once made).
REVIEW_COLUMNS = (
    "id", "origin_device", "rev", "base_rev", "created_at", "updated_at", "inspection_id",
    "decision", "comments", "reviewer_name", "reviewer_role", "reviewed_at", "task_id",
)
AUDIT_COLUMNS = (
    "seq", "at", "device_id", "actor", "action", "entity", "entity_id", "detail", "prev_hash",
    "hash",
)

# entity → (table, key column, synced columns); parents before children.
ENTITIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "site": ("sites", "id", SITE_COLUMNS),
    "inspection": ("inspections", "id", INSPECTION_COLUMNS),
    "inspection_photo": ("inspection_photos", "id", INSPECTION_PHOTO_COLUMNS),
    "signature": ("signatures", "id", SIGNATURE_COLUMNS),
    "case": ("cases", "id", CASE_SYNCED),
    "case_event": ("case_events", "id", EVENT_SYNCED),
    "review": ("reviews", "id", REVIEW_COLUMNS),
}

# Records made once and never changed (docs/cases.md): two devices may make the same one (a
# case's id follows from its site, kind and generation; an automatic step's from its case and
# inspection), so two versions of one are the same fact: the merge keeps one, no conflict.
IMMUTABLE_ENTITIES = frozenset({"case", "case_event"})

# Columns a version made before they existed may lack (read as NULL): a site's merged_into
# (db/006) or an inspection's short_photo_reason (db/009) in a bundle from a device not yet
# updated.
OPTIONAL_COLUMNS: dict[str, frozenset[str]] = {"site": frozenset({"merged_into"}),
                                               "inspection": frozenset({"short_photo_reason"})}

# Columns that must be text (others: numbers or null as the schema says).
_TEXT_REQUIRED = {"id", "origin_device", "created_at", "updated_at"}


def content_hash(content: dict[str, Any]) -> str:
    """The SHA-256 of a version's canonical content."""
    return hashlib.sha256(canonical(content)).hexdigest()


def row_content(entity: str, row: tuple[Any, ...]) -> dict[str, Any]:
    """A table row (its synced columns, in ENTITIES order) as a version's content."""
    return dict(zip(ENTITIES[entity][2], row, strict=True))


def check_content(entity: str, content: Any) -> str | None:
    """Why a received version's content cannot be a row of its table (None: it can)."""
    if not isinstance(content, dict):
        return "content is not an object"
    columns = ENTITIES[entity][2]
    optional = OPTIONAL_COLUMNS.get(entity, frozenset())
    if set(content) - set(columns) or set(columns) - set(content) - optional:
        extra = sorted(set(content) - set(columns))
        missing = sorted(set(columns) - set(content) - optional)
        return f"columns differ (extra {extra}, missing {missing})"
    for key, value in content.items():
        if value is not None and not isinstance(value, str | int | float):
            return f"{key}: not a plain value"
        if isinstance(value, bool):
            return f"{key}: a boolean"
        if key in _TEXT_REQUIRED and (not isinstance(value, str) or not value):
            return f"{key}: missing"
        if isinstance(value, str) and len(value) > 16 * 1024 * 1024:
            return f"{key}: too long"
    if not isinstance(content.get("rev"), int) or content["rev"] < 1:
        return "rev: not a positive whole number"
    return None
