"""Whether a database holds nothing but demo data: the demo's inspector, the demo's records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store.profile import is_demo_identity

if TYPE_CHECKING:
    import sqlite_utils

# What people make (a site, an inspection, an amendment): the demo marks its own entries.
_MADE_BY_PEOPLE = (
    "SELECT 1 FROM audit WHERE action IN ('site.create', 'inspection.start', 'inspection.amend') "
    "AND json_extract(detail, '$.demo') IS NOT 1 LIMIT 1"
)


def holds_only_demo_data(db: sqlite_utils.Database) -> bool:
    """The profile is still the demo's and no site or inspection was made by anyone else."""
    return is_demo_identity(db) and db.execute(_MADE_BY_PEOPLE).fetchone() is None
