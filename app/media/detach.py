"""Taking a photo out of a draft inspection: the use goes, and the hash leaves its item's
answer in the same transaction (findings and audit follow); the original stays in the store,
because it is evidence and may be used elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.errors import InputRefused
from app.core.text import Text
from app.store import photos as repo
from app.store.db import write_transaction
from app.store.inspection_records import get_inspection
from app.store.inspections import set_answer

if TYPE_CHECKING:
    import sqlite_utils


class PhotoNotInInspection(InputRefused):
    """The photo named is not used in that inspection; nothing was changed."""


def remove_photo_use(db: sqlite_utils.Database, link_id: str, actor: str) -> repo.InspectionPhoto:
    """Remove one use of a photo (one slot); refused for a completed inspection."""
    with write_transaction(db):
        link = repo.unlink_photo(db, link_id, actor)
        if link.item_id:
            current = get_inspection(db, link.inspection_id).answers.get(link.item_id) or []
            if isinstance(current, list) and link.sha256 in current:
                remaining = [h for h in current if h != link.sha256]
                # Another use of the same picture in that slot keeps its hash in the answer.
                still_used = any(other.sha256 == link.sha256 for other in
                                 repo.list_inspection_photos(db, link.inspection_id,
                                                             link.item_id, all_items=False))
                if not still_used:
                    set_answer(db, link.inspection_id, link.item_id, remaining or None, actor)
    return link


def remove_photo(db: sqlite_utils.Database, inspection_id: str, sha256: str,
                 actor: str) -> list[repo.InspectionPhoto]:
    """Remove every use of the photo `sha256` (a full hash or a unique prefix of 8+) from the
    inspection; PhotoNotInInspection when it has none."""
    with write_transaction(db):
        links = repo.list_inspection_photos(db, inspection_id)  # InspectionMissing if unknown
        wanted = sha256.strip().lower()
        matches = sorted({lk.sha256 for lk in links if len(wanted) >= 8
                          and lk.sha256.startswith(wanted)})
        if len(matches) != 1:
            why = Text("没有这张照片", "has no such photo") if not matches else Text(
                "中有多张照片以此开头，请给出完整的哈希",
                "has several photos starting so: give the whole hash")
            raise PhotoNotInInspection(Text(
                f"检查 {inspection_id} {why.zh}：{sha256}（照片哈希见 photos import 的输出）",
                f"inspection {inspection_id} {why.en}: {sha256} (the hash is printed by "
                "photos import)"))
        return [remove_photo_use(db, lk.id, actor) for lk in links if lk.sha256 == matches[0]]
