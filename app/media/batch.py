"""Folder import: propose which inspection each photo belongs to, by capture time and place.

A camera card or a phone export holds the photos of several inspections mixed with others.
`propose_folder` reads every file (a broken one is reported, never stops the rest) and proposes
an inspection per photo with the reason; a person confirms or changes it, then
`apply_proposal` attaches each confirmed photo (checking the file is still the one reviewed).
Photo bytes are not kept between the two steps, so memory stays flat for any folder size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.clock import parse_utc
from app.core.geo import haversine_m
from app.core.text import Text
from app.media.checks import CheckSettings
from app.media.errors import PhotoRejected
from app.media.importer import (
    DECODERS,
    IN_FLIGHT,
    AttachRequest,
    AttachResult,
    attach_requests,
)
from app.media.meta import PhotoMeta
from app.media.reading import read_photo_file

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Candidate:
    """An open inspection a photo may belong to."""

    inspection_id: str
    label: str  # site name or address, for the dialog
    start: datetime
    end: datetime | None  # completed_at; None while the inspection is open
    site_lat: float | None
    site_lon: float | None


@dataclass(frozen=True)
class Assignment:
    """One file of the folder: the proposed inspection (or None) and why."""

    path: Path
    sha256: str | None
    meta: PhotoMeta | None
    thumbnail: bytes | None
    inspection_id: str | None
    reason: Text
    distance_m: float | None = None
    error: PhotoRejected | None = None

    def assign(self, inspection_id: str | None) -> Assignment:
        """The person's decision: another inspection, or None to put the photo aside."""
        return replace(self, inspection_id=inspection_id,
                       reason=Text("人工指定", "chosen by hand"))


def open_candidates(db: sqlite_utils.Database) -> list[Candidate]:
    """Draft inspections with their sites: where a folder's photos can go."""
    rows = db.execute(
        "SELECT i.id, coalesce(nullif(s.name, ''), s.address), i.started_at, i.completed_at, "
        "s.lat, s.lon FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE i.status = 'draft' ORDER BY i.started_at").fetchall()
    return [Candidate(r[0], r[1], parse_utc(r[2]), parse_utc(r[3]) if r[3] else None, r[4], r[5])
            for r in rows]


def choose(meta: PhotoMeta, candidates: Sequence[Candidate], settings: CheckSettings,
           now: datetime) -> tuple[str | None, Text, float | None]:
    """The rule: in the time window (with tolerance), then nearest site within the distance."""
    when = meta.taken_utc() or meta.gps_time
    tol = settings.time_tolerance

    def dist(c: Candidate) -> float | None:
        if meta.lat is None or meta.lon is None or c.site_lat is None or c.site_lon is None:
            return None
        return haversine_m(meta.lat, meta.lon, c.site_lat, c.site_lon)

    if when is None:
        near = [(d, c) for c in candidates if (d := dist(c)) is not None
                and d <= settings.max_distance_m]
        if len(near) == 1:
            d, c = near[0]
            return c.inspection_id, Text(f"无拍摄时间，按位置（{d:.0f} 米）",
                                         f"no capture time; by place ({d:.0f} m)"), d
        return None, Text("照片没有拍摄时间，无法判断属于哪次检查",
                          "the photo has no capture time: cannot tell which inspection"), None
    in_time = [c for c in candidates if c.start - tol <= when <= (c.end or now) + tol]
    if not in_time:
        return None, Text("拍摄时没有进行中的检查",
                          "no inspection was under way when it was taken"), None
    measured = [(d, c) for c in in_time if (d := dist(c)) is not None]
    close = sorted((d, c.inspection_id, c) for d, c in measured if d <= settings.max_distance_m)
    if close:
        d, _, c = close[0]
        return c.inspection_id, Text(f"时间相符，距场所 {d:.0f} 米",
                                     f"taken during the inspection, {d:.0f} m from the site"), d
    unmeasured = [c for c in in_time if dist(c) is None]
    if len(unmeasured) == 1 and not measured:
        c = unmeasured[0]
        return c.inspection_id, Text("时间相符（无法比较位置）",
                                     "taken during the inspection (place not comparable)"), None
    if measured:
        nearest = min(d for d, _ in measured)
        return None, Text(f"时间相符，但离所有场所都太远（最近 {nearest:.0f} 米）",
                          f"taken during an inspection but far from every site "
                          f"(nearest {nearest:.0f} m)"), nearest
    return None, Text("同一时间有多次检查且无法比较位置，请人工选择",
                      "several inspections at that time and no place to compare: choose"), None


@dataclass(frozen=True)
class _Look:
    """What the proposal keeps of one file: no photo bytes (memory stays flat)."""

    sha256: str | None = None
    meta: PhotoMeta | None = None
    thumbnail: bytes | None = None
    error: PhotoRejected | None = None


def _look(path: Path) -> _Look:
    """Decoder-thread work: read one file quickly (1/8 decode) and keep what the dialog shows."""
    report = read_photo_file(path)
    if report.photo is None:
        return _Look(error=report.error)
    p = report.photo
    return _Look(p.sha256, p.meta, p.thumbnail)


def propose_folder(
    db: sqlite_utils.Database,
    paths: Iterable[Path],
    *,
    candidates: Sequence[Candidate] | None = None,
    settings: CheckSettings | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Assignment]:
    """Read each file and propose an inspection for it (a broken file gets its error).

    Files are read on the import's decoder threads (two at once, as `attach_requests` does),
    and proposed in order; at most IN_FLIGHT files are being read at a time.
    """
    s = settings or CheckSettings()
    cands = open_candidates(db) if candidates is None else list(candidates)
    moment = now or datetime.now(UTC)
    files = list(paths)
    out: list[Assignment] = []
    pending: deque[tuple[Path, Future[_Look]]] = deque()

    def propose_oldest() -> None:
        path, future = pending.popleft()
        look = future.result()
        if look.error is not None or look.meta is None:
            assert look.error is not None
            out.append(Assignment(path, None, None, None, None, look.error.text,
                                  error=look.error))
        else:
            insp, reason, d = choose(look.meta, cands, s, moment)
            out.append(Assignment(path, look.sha256, look.meta, look.thumbnail, insp, reason,
                                  d))
        if progress:
            progress(len(out), len(files))  # may raise: the dialog's cancel

    pool = ThreadPoolExecutor(max_workers=DECODERS, thread_name_prefix="photo-decoder")
    try:
        for path in files:
            while len(pending) >= IN_FLIGHT:
                propose_oldest()
            pending.append((path, pool.submit(_look, path)))
        while pending:
            propose_oldest()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a cancel does not read the rest
    return out


def apply_proposal(
    db: sqlite_utils.Database, db_path: Path, assignments: Iterable[Assignment], actor: str,
    *, settings: CheckSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[AttachResult]:
    """Attach every assigned photo to its inspection; unassigned ones are left where they are."""
    chosen = [a for a in assignments if a.inspection_id and a.sha256]
    requests = [AttachRequest(a.path, a.inspection_id, expected_sha256=a.sha256)
                for a in chosen if a.inspection_id]
    return attach_requests(db, db_path, requests, actor, settings=settings, progress=progress)
