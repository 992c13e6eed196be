"""Attaching photos to an inspection: read, store the original, link, check — per photo,
all-or-nothing.

Order matters for "never half-stored": the file is checked completely in memory first, the
original is written atomically (temp, fsync, rename), and only then one database transaction
records the photo, its use, the item's answer, the audit entries and the checks. If that
transaction fails, an original written just now is removed again, so neither the store nor
the inspection shows a trace. Batches work on a few photos at once on threads and commit them
in order (`attach_requests`); the order of the steps of each photo stays the same.
"""

from __future__ import annotations

import json
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.clock import format_utc, parse_utc, utc_now
from app.core.text import Text
from app.media.checks import (
    BADGES,
    CheckResult,
    CheckSettings,
    InspectionFacts,
    OtherUse,
    PhotoFacts,
    check_photo,
)
from app.media.errors import NotAPhotoItem, PhotoRejected, rejected
from app.media.filestore import RESTORED, WRITTEN, MediaStore
from app.media.reading import (
    CheckedPhoto,
    PhotoFile,
    check_photo_bytes,
    finish_photo,
    load_bytes,
)
from app.media.thumbs import PRINT_PX, THUMB_PX
from app.store import photos as repo
from app.store.audit import local_device_id, record_audit
from app.store.db import write_transaction
from app.store.inspection_records import inspection_checklist
from app.store.inspections import set_answer

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class AttachResult:
    """What happened to one file: attached (with its checks) or refused (with the reason)."""

    path: Path | None
    sha256: str | None = None
    link_id: str | None = None
    already_attached: bool = False
    checks: list[CheckResult] = field(default_factory=list)
    error: PhotoRejected | None = None
    restored: bool = False  # the stored original had been changed; this file put it right

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self) -> str:
        """One result line, Chinese first (the CLI prints these)."""
        name = self.path.name if self.path else (self.sha256 or "?")[:12]
        if self.error is not None:
            return f"{name}: 拒绝 (rejected) — {self.error.text.both()}"
        state = "已在此检查中 (already attached)" if self.already_attached else "已添加 (attached)"
        warnings = [c for c in self.checks if c.severity == "warning"]
        notes = "; ".join([*([RESTORED_NOTE.both()] if self.restored else []),
                           *(c.text.both() for c in warnings)])
        return f"{name}: {state} {self.sha256}" + (f" — {notes}" if notes else "")


RESTORED_NOTE = Text(
    "照片库中的原件已被改动，已用此文件恢复为原样",
    "the stored original had been changed; it was restored from this file")


def photo_record(photo: PhotoFile, device: str) -> repo.PhotoRecord:
    """The `photos` row for a read photo."""
    m = photo.meta
    taken_utc = m.taken_utc() if m.taken_at else None
    return repo.PhotoRecord(
        sha256=photo.sha256, size=photo.size, mime=m.mime or "application/octet-stream",
        width=m.width, height=m.height, lat=m.lat, lon=m.lon, alt=m.alt,
        taken_at=m.taken_at.isoformat() if m.taken_at else None,
        taken_offset_assumed=int(m.taken_offset_assumed),
        taken_at_utc=format_utc(taken_utc) if taken_utc else None,
        gps_time=format_utc(m.gps_time) if m.gps_time else None,
        orientation=m.orientation, make=m.make, model=m.model, phash=photo.phash,
        exif_source=m.exif_source,
        problems=json.dumps([p.to_dict() for p in m.problems], ensure_ascii=False),
        original_name=photo.name, imported_at=utc_now(), origin_device=device,
    )


def _facts(record: repo.PhotoRecord) -> PhotoFacts:
    return PhotoFacts(
        sha256=record.sha256, lat=record.lat, lon=record.lon,
        taken_utc=parse_utc(record.taken_at_utc) if record.taken_at_utc else None,
        gps_time=parse_utc(record.gps_time) if record.gps_time else None,
        offset_assumed=bool(record.taken_offset_assumed), problems=record.problem_texts(),
    )


def inspection_facts(db: sqlite_utils.Database, inspection_id: str) -> InspectionFacts:
    """The inspection's window and site location, as the checks need them."""
    row = repo.inspection_row(db, inspection_id)
    return InspectionFacts(
        inspection_id=inspection_id,
        started_at=parse_utc(row["started_at"]),
        completed_at=parse_utc(row["completed_at"]) if row["completed_at"] else None,
        site_lat=row["site_lat"], site_lon=row["site_lon"],
        site_location_source=row["site_location_source"],
        site_location_photo=row["site_location_photo"],
    )


def recheck_link(
    db: sqlite_utils.Database, link: repo.InspectionPhoto, *,
    settings: CheckSettings | None = None, now: datetime | None = None,
) -> list[CheckResult]:
    """Run the evidence checks for one photo use and store them."""
    s = settings or CheckSettings()
    record = repo.get_photo(db, link.sha256)
    if record is None:
        raise KeyError(link.sha256)
    others = [OtherUse(i, sha, bits) for i, sha, bits in
              repo.uses_elsewhere(db, link.inspection_id, link.sha256, record.phash,
                                  s.similar_max_bits)]
    results = check_photo(_facts(record), inspection_facts(db, link.inspection_id), others,
                          now=now or datetime.now(UTC), settings=s)
    repo.replace_checks(db, link, [(c.code, c.severity, c.text, c.detail) for c in results])
    return results


def recheck_inspection(db: sqlite_utils.Database, inspection_id: str, *,
                       settings: CheckSettings | None = None) -> None:
    """Recompute the checks of every photo of an inspection (after its site moved, say)."""
    with write_transaction(db):
        for link in repo.list_inspection_photos(db, inspection_id):
            recheck_link(db, link, settings=settings)


def _append_to_item(db: sqlite_utils.Database, inspection_id: str, item_id: str, sha256: str,
                    actor: str) -> None:
    """Add the hash to the photo item's answer through the inspections API (findings, audit)."""
    raw = db.execute("SELECT answers FROM inspections WHERE id = ?",
                     (inspection_id,)).fetchone()[0]
    current = json.loads(raw or "{}").get(item_id) or []
    if not isinstance(current, list):
        current = []
    if sha256 not in current:
        set_answer(db, inspection_id, item_id, [*current, sha256], actor)


def attach_photo(
    db: sqlite_utils.Database,
    store: MediaStore,
    inspection_id: str,
    photo: PhotoFile,
    actor: str,
    *,
    item_id: str | None = None,
    caption: str = "",
    settings: CheckSettings | None = None,
    path: Path | None = None,
) -> AttachResult:
    """Store a read photo and use it in the inspection; a storage failure is a refused result.

    Raises InspectionReadOnly / InspectionMissing (they concern the whole batch, not a file).
    """
    _writable_row(db, inspection_id)
    require_photo_slot(db, inspection_id, item_id)
    stored = _store(store, photo)
    request = AttachRequest(path or Path(photo.name), inspection_id, item_id, caption)
    return _record(db, store, request, stored, actor, settings, path)


@dataclass(frozen=True)
class AttachRequest:
    """One file to attach: where it goes and, after a reviewed folder import, the hash seen."""

    path: Path
    inspection_id: str
    item_id: str | None = None
    caption: str = ""
    expected_sha256: str | None = None


@dataclass(frozen=True)
class _Stored:
    """A photo after the file step: its original durable in the store, or why not."""

    photo: PhotoFile | None  # None when the file itself was refused (see `error`)
    new_file: bool = False
    error: PhotoRejected | None = None
    restored: bool = False


def _writable_row(db: sqlite_utils.Database, inspection_id: str) -> None:
    row = repo.inspection_row(db, inspection_id)  # InspectionMissing if unknown
    if row["status"] == "completed":
        raise repo.InspectionReadOnly(inspection_id)


def require_photo_slot(db: sqlite_utils.Database, inspection_id: str, item_id: str | None) -> None:
    """Refuse (NotAPhotoItem) an item that is not a photo slot of the inspection's checklist.

    A photo's hash written into a choice or text answer would replace what the inspector
    answered and leave an inspection that can never be completed.
    """
    if item_id is None:
        return
    checklist = inspection_checklist(db, inspection_id)
    slots = [item for item in checklist.items() if item.type == "photo"]
    if any(item.id == item_id for item in slots):
        return
    known = any(item.id == item_id for item in checklist.items())
    listed_zh = "、".join(f"{i.id}（{i.label.zh}）" for i in slots) or "无"
    listed_en = ", ".join(i.id for i in slots) or "none"
    what_zh = "不是照片项" if known else "不存在"
    what_en = "is not a photo item" if known else "does not exist"
    raise NotAPhotoItem(Text(
        f"检查表 {checklist.key} 的项目 {item_id} {what_zh}，照片未添加；照片项有：{listed_zh}",
        f"item {item_id} of checklist {checklist.key} {what_en}; no photo was attached. "
        f"Photo items: {listed_en}"))


def _store(store: MediaStore, photo: PhotoFile, expected_sha256: str | None = None) -> _Stored:
    """The file step: original written durably (temp, fsync, rename), then the cache copies."""
    if expected_sha256 is not None and photo.sha256 != expected_sha256:
        return _Stored(photo, error=rejected(
            "changed", "文件在确认后被改动过，请重新导入",
            "the file changed after it was reviewed; import it again"))
    try:
        # PhotoFile.sha256 was computed from .data in finish_photo (frozen since).
        outcome = store.store_original(photo.sha256, photo.data, verified=True)
    except PhotoRejected as exc:
        return _Stored(photo, error=exc)
    store.put_derived(photo)  # thumbnail and print copy: a cache, rebuilt if this fails
    return _Stored(photo, outcome == WRITTEN, restored=outcome == RESTORED)


def _store_derived(store: MediaStore, derived: Future[PhotoFile | PhotoRejected],
                   expected_sha256: str | None) -> _Stored:
    """Writer-thread work for one photo: its original made durable once it is derived."""
    photo = derived.result()
    if isinstance(photo, PhotoRejected):
        return _Stored(None, error=photo)  # a bad file: nothing to write
    return _store(store, photo, expected_sha256)


def _derive(path: Path, box: int, with_print: bool) -> PhotoFile | PhotoRejected:
    """Decoder-thread work for one photo: read, decode, check, hash and derived pictures."""
    checked = _check_file(path, box=box)
    if isinstance(checked, PhotoRejected):
        return checked
    return finish_photo(checked, with_print=with_print)


def _record(
    db: sqlite_utils.Database, store: MediaStore, request: AttachRequest, stored: _Stored,
    actor: str, settings: CheckSettings | None, path: Path | None,
    in_flight: list[Future[_Stored]] | None = None,
) -> AttachResult:
    """The database step, once the original is durable: one transaction, or nothing."""
    photo = stored.photo
    if photo is None or stored.error is not None:
        return AttachResult(path, photo.sha256 if photo else None, error=stored.error)
    s = settings or CheckSettings()
    inspection_id, item_id = request.inspection_id, request.item_id
    try:
        with write_transaction(db):
            repo.inspection_row(db, inspection_id)  # InspectionMissing inside the transaction
            repo.insert_photo(db, photo_record(photo, local_device_id(db)))
            link, created = repo.link_photo(db, inspection_id, photo.sha256, actor,
                                            item_id=item_id, caption=request.caption)
            if item_id is not None:
                _append_to_item(db, inspection_id, item_id, photo.sha256, actor)
            # Never the site's location from here: only a person's confirmation gives a site
            # its location from a photo (app.media.site_location).
            if stored.restored:  # evidence put right: who, when, which picture
                record_audit(db, actor, "photo.restored", "photo", photo.sha256,
                             {"file": photo.name, "inspection_id": inspection_id})
            checks = recheck_link(db, link, settings=s)
    except BaseException as exc:
        if stored.new_file and _unreferenced(db, photo.sha256) and not _shared(
                photo.sha256, None, in_flight or []):
            store.remove_original(photo.sha256)
        if isinstance(exc, sqlite3.Error):
            return AttachResult(path, photo.sha256, error=rejected(
                "db_failed", f"数据库写入失败，照片未添加（{exc}）",
                f"the database write failed; the photo was not attached ({exc})"))
        raise
    return AttachResult(path, photo.sha256, link.id, already_attached=not created, checks=checks,
                        restored=stored.restored)


def _unreferenced(db: sqlite_utils.Database, sha256: str) -> bool:
    try:
        return repo.get_photo(db, sha256) is None
    except sqlite3.Error:
        return False  # cannot tell: keep the file (an orphan is harmless, a lost original is not)


def _load(path: Path) -> bytes | PhotoRejected:
    try:
        return load_bytes(path)
    except PhotoRejected as exc:
        return exc
    except MemoryError:
        return _no_memory()


def _check_file(path: Path, data: bytes | PhotoRejected | None = None, box: int = PRINT_PX
                ) -> CheckedPhoto | PhotoRejected:
    """Decode and read one file (reduced to cover `box`); a bad file gives its refusal.

    `data` is the file's bytes (or the refusal) when they were already read; else it is read here.
    """
    if data is None:
        data = _load(path)
    if isinstance(data, PhotoRejected):
        return data
    try:
        return check_photo_bytes(data, path.name, box=box)
    except PhotoRejected as exc:
        return exc
    except MemoryError:
        return _no_memory()


def _no_memory() -> PhotoRejected:
    return rejected("too_large", "图片太大，内存不足", "image too large for memory")


def attach_file(
    db: sqlite_utils.Database,
    db_path: Path,
    inspection_id: str,
    path: Path,
    actor: str,
    *,
    item_id: str | None = None,
    caption: str = "",
    settings: CheckSettings | None = None,
    expected_sha256: str | None = None,
) -> AttachResult:
    """Read one file and attach it; a bad file gives a refused result, never an exception."""
    request = AttachRequest(Path(path), inspection_id, item_id, caption, expected_sha256)
    return attach_requests(db, db_path, [request], actor, settings=settings)[0]


def attach_files(
    db: sqlite_utils.Database, db_path: Path, inspection_id: str, paths: Iterable[Path],
    actor: str, *, item_id: str | None = None, settings: CheckSettings | None = None,
    progress: Callable[[int, int], None] | None = None, print_copies: bool = True,
    on_result: Callable[[AttachResult], None] | None = None,
) -> list[AttachResult]:
    """Attach many files; each one succeeds or fails on its own (see attach_requests)."""
    requests = [AttachRequest(Path(p), inspection_id, item_id) for p in paths]
    return attach_requests(db, db_path, requests, actor, settings=settings, progress=progress,
                           print_copies=print_copies, on_result=on_result)


# Photos decoded at once. Pillow decodes without the GIL, so two decoders keep both cores of a
# small laptop busy; a third only adds memory, as the writer and the database need CPU too.
DECODERS = 2
# Photos between the start of their read and their commit: the decoders' two, one being written,
# one waiting for its commit. What bounds the memory (each holds its file's bytes), not the batch.
IN_FLIGHT = DECODERS + 2


def attach_requests(
    db: sqlite_utils.Database, db_path: Path, requests: Iterable[AttachRequest], actor: str,
    *, settings: CheckSettings | None = None,
    progress: Callable[[int, int], None] | None = None, print_copies: bool = True,
    on_result: Callable[[AttachResult], None] | None = None,
) -> list[AttachResult]:
    """Attach each file where its request says, in order, each photo all-or-nothing.

    `on_result` hears each file's result as soon as it is final (committed or refused), so a
    caller interrupted part way can say which files were committed.

    A pipeline: two decoder threads each take a whole photo (read, reduced decode, EXIF, hash,
    thumbnail, perceptual hash, print copy) while a writer thread writes the originals durably,
    one after another in request order; each photo's database transaction then commits here
    (the connection stays on its thread), in request order and only after its original is
    durable. Pillow, hashlib and file I/O release the GIL, so the steps really overlap. At most
    IN_FLIGHT photos' bytes are in memory, however long the batch.

    A photo is imported when its row commits. A crash between the durable file and the commit
    leaves an original no row refers to: harmless (a later import of the same picture reuses
    it; app.media.orphans finds and removes them). Raises InspectionReadOnly /
    InspectionMissing for a request's inspection (after every earlier photo is committed,
    before any file of it is read or written).

    `print_copies=False` skips the print-size copies (a 1/8 instead of a 1/4 decode, no
    bicubic scaling): a cheaper import, and the PDF reports make the copies from the originals
    when they first print these photos.
    """
    box = PRINT_PX if print_copies else THUMB_PX
    store = MediaStore.for_database(Path(db_path))
    todo = list(requests)
    results: list[AttachResult] = []
    # In request order, every photo between its submission and its commit.
    pending: deque[tuple[AttachRequest, Future[_Stored]]] = deque()
    slots_checked: set[tuple[str, str | None]] = set()

    def commit_oldest() -> None:
        request, step = pending.popleft()
        results.append(_record(db, store, request, step.result(), actor, settings,
                               request.path, [s for _, s in pending]))
        if on_result:
            on_result(results[-1])
        if progress:
            progress(len(results), len(todo))

    with ThreadPoolExecutor(max_workers=DECODERS, thread_name_prefix="photo-decoder") as \
            decoders, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="photo-writer") as writer:
        try:
            for request in todo:
                while len(pending) >= IN_FLIGHT:
                    commit_oldest()
                try:
                    _writable_row(db, request.inspection_id)
                    if (request.inspection_id, request.item_id) not in slots_checked:
                        require_photo_slot(db, request.inspection_id, request.item_id)
                        slots_checked.add((request.inspection_id, request.item_id))
                except Exception:
                    while pending:  # every earlier photo is committed first
                        commit_oldest()
                    raise
                derived = decoders.submit(_derive, request.path, box, print_copies)
                # One writer, in order: the same picture twice in a batch is written once.
                pending.append((request, writer.submit(
                    _store_derived, store, derived, request.expected_sha256)))
            while pending:
                commit_oldest()
        finally:
            for _, step in pending:  # stopped (cancelled, an error) with files in flight
                _abandon(db, store, step, [s for _, s in pending])
    return results


def _abandon(db: sqlite_utils.Database, store: MediaStore, future: Future[_Stored],
             in_flight: list[Future[_Stored]]) -> None:
    """Take back an original written for a photo whose row will never commit."""
    try:
        stored = future.result()
    except Exception:
        return
    if stored.photo is not None and stored.new_file and _unreferenced(
            db, stored.photo.sha256) and not _shared(stored.photo.sha256, future, in_flight):
        store.remove_original(stored.photo.sha256)


def _shared(sha256: str, own: Future[_Stored] | None, in_flight: list[Future[_Stored]]) -> bool:
    """Another photo of the batch still in flight has the same picture (it relies on the file)."""
    for step in in_flight:
        if step is own:
            continue
        try:
            other = step.result().photo
        except Exception:
            continue
        if other is not None and other.sha256 == sha256:
            return True
    return False


def badge_text(results: Iterable[CheckResult], lang: str = "zh") -> str:
    """Short badge labels of the warning checks, e.g. for a tooltip or a CLI line."""

    return " · ".join(BADGES.get(c.code, Text(c.code, c.code)).get(lang)
                      for c in results if c.severity == "warning")
