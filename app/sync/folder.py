"""The sync folder (issue 10.3): a USB stick or a network share that devices meet in.

A database names one folder (setting `sync.folder`). `sync_run` merges every bundle there
that is addressed to this device and not merged yet, then writes this device's own into
`<folder>/outbox-<device id>/`: a laptop its next field bundle (when it has changes), an
office (or team lead) an assignment bundle for each enrolled field device that has something
new. Merging first means what came in is answered in the same run (a task just merged, the
numbers a laptop used).

Only bundle files are read or written there: no SQLite database is ever opened in the folder
(SQLite's locking does not hold across network file systems), and a folder that is the
database's own, or inside its photo store or key folder, is refused.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import InputRefused
from app.core.text import Text
from app.paths import media_dir
from app.store.db import connection_path
from app.store.profile import get_profile, get_setting, set_setting
from app.store.tasks import ASSIGNING_ROLES
from app.sync.assignment import AssignmentResult, assignment_receivers, write_assignment
from app.sync.bundle import DEFAULT_PART_LIMIT, PART_NAME, SUFFIX, open_bundle
from app.sync.devices import local_device
from app.sync.errors import BundleRefused, DeviceError
from app.sync.export import ExportResult, export_bundle
from app.sync.inbox import MergeResult, merge_bundle
from app.sync.keys import key_file
from app.sync.records import ENTITIES
from app.sync.task_records import has_unsent_field_items

if TYPE_CHECKING:
    import sqlite_utils

SYNC_FOLDER = "sync.folder"  # the per-database setting
OUTBOX = "outbox-"
_OUTBOX_NAME = re.compile(r"\Aoutbox-[0-9A-Za-z-]{1,64}\Z")


class SyncFolderRefused(InputRefused):
    """A folder that cannot be the sync folder; the message says why."""


@dataclass
class SyncReport:
    """One `sync run`: what was merged (one result per bundle) and what was written."""

    folder: Path
    merged: list[MergeResult] = field(default_factory=list)
    already: int = 0  # bundles for this device merged before
    others: int = 0  # bundles for other devices (left alone)
    written: list[ExportResult | AssignmentResult] = field(default_factory=list)

    @property
    def refused(self) -> list[MergeResult]:
        return [r for r in self.merged if r.status == "refused"]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def check_sync_folder(db_path: Path, folder: Path) -> Path:
    """The folder as stored (absolute, links resolved); refused if it is the database's own
    folder, inside its photo store or key folder, or not a folder."""
    real = Path(os.path.realpath(Path(folder).expanduser()))
    db_dir = Path(os.path.realpath(Path(db_path).parent))
    photos = Path(os.path.realpath(media_dir(Path(db_path))))
    keys = Path(os.path.realpath(key_file(Path(db_path)).parent))
    if real == db_dir:
        raise SyncFolderRefused(Text(
            f"同步文件夹不能是数据库所在的文件夹：{real}。请指定 U 盘或共享文件夹",
            f"the sync folder cannot be the database's own folder: {real}; name a USB stick "
            "or a shared folder"))
    if _inside(real, photos) or _inside(real, keys):
        raise SyncFolderRefused(Text(
            f"同步文件夹不能在照片库或密钥文件夹内：{real}",
            f"the sync folder cannot be inside the photo store or the key folder: {real}"))
    if real.exists() and not real.is_dir():
        raise SyncFolderRefused(Text(f"不是文件夹：{real}", f"not a folder: {real}"))
    return real


def set_sync_folder(db: sqlite_utils.Database, folder: Path, actor: str = "") -> Path:
    """Name the sync folder of this database (audited); it must exist (a USB stick plugged in,
    a share mounted)."""
    real = check_sync_folder(connection_path(db.conn), folder)
    if not real.is_dir():
        raise SyncFolderRefused(Text(f"文件夹不存在：{real}（U 盘是否已插入？）",
                                     f"no such folder: {real} (is the USB stick plugged in?)"))
    set_setting(db, SYNC_FOLDER, str(real), actor)
    return real


def clear_sync_folder(db: sqlite_utils.Database, actor: str = "") -> None:
    set_setting(db, SYNC_FOLDER, None, actor)


def get_sync_folder(db: sqlite_utils.Database) -> Path | None:
    value = get_setting(db, SYNC_FOLDER, None)
    return Path(value) if isinstance(value, str) and value else None


def _has_field_changes(db: sqlite_utils.Database, device_id: str) -> bool:
    """Whether a field bundle would carry anything but audit entries (those wait for the next
    bundle: a run with nothing to say writes nothing)."""
    for table, _key, _columns in ENTITIES.values():
        if db.execute(f"SELECT 1 FROM {table} WHERE vid IS NULL LIMIT 1").fetchone():
            return True
    if db.execute("SELECT 1 FROM sync_tombstones WHERE vid IS NULL UNION ALL "
                  "SELECT 1 FROM sync_unsent LIMIT 1").fetchone():
        return True
    return has_unsent_field_items(db, device_id)


def _bundle_files(folder: Path, own_outbox: Path) -> list[Path]:
    """The bundle files in the folder and its outbox-* folders (one per split bundle)."""
    found: list[Path] = []
    outboxes = sorted(p for p in folder.iterdir()
                      if _OUTBOX_NAME.match(p.name) and p.is_dir() and p != own_outbox)
    places = [folder, *outboxes]
    for place in places:
        seen: set[str] = set()
        for path in sorted(place.iterdir()):
            if not path.name.endswith(SUFFIX) or path.name.startswith(".") or not path.is_file():
                continue
            match = PART_NAME.match(path.name)
            key = match["stem"] if match else path.name
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def sync_run(db: sqlite_utils.Database, actor: str = "", *,
             part_limit: int = DEFAULT_PART_LIMIT) -> SyncReport:
    """Merge what the sync folder holds for this device, then write this device's bundles."""
    folder = get_sync_folder(db)
    if folder is None:
        raise DeviceError(Text("还没有设置同步文件夹：请先运行 sync folder set 文件夹",
                               "no sync folder is set: run `sync folder set PATH` first"))
    folder = check_sync_folder(connection_path(db.conn), folder)
    if not folder.is_dir():
        raise DeviceError(Text(f"同步文件夹不存在：{folder}（U 盘是否已插入？）",
                               f"the sync folder is missing: {folder} (is the USB stick plugged "
                               "in?)"))
    me = local_device(db)
    outbox = folder / f"{OUTBOX}{me.id}"
    report = SyncReport(folder)
    try:
        candidates = _bundle_files(folder, outbox)
    except OSError as exc:
        raise DeviceError(Text(f"无法读取同步文件夹 {folder}：{exc.strerror or exc}",
                               f"cannot read the sync folder {folder}: {exc.strerror or exc}")
                          ) from exc
    waiting: list[tuple[str, int, Path]] = []
    for path in candidates:
        try:
            with open_bundle(path) as opened:
                h = opened.header
        except BundleRefused as exc:
            report.merged.append(MergeResult(path, "refused", reason=exc.text, code=exc.code))
            continue
        if h.receiver != me.id or h.sender == me.id:
            report.others += 1
        elif db.execute("SELECT 1 FROM sync_log WHERE direction = 'in' AND bundle_id = ?",
                        (h.bundle_id,)).fetchone():
            report.already += 1
        else:
            waiting.append((h.sender, h.seq, path))
    for _sender, _seq, path in sorted(waiting):
        result = merge_bundle(db, path, actor)
        if result.status == "already":
            report.already += 1
        else:
            report.merged.append(result)
    report.written.extend(_write_own(db, outbox, actor, part_limit))
    return report


def _write_own(db: sqlite_utils.Database, outbox: Path, actor: str,
               part_limit: int) -> list[ExportResult | AssignmentResult]:
    profile = get_profile(db)
    me = local_device(db)
    if profile is not None and profile.role in ASSIGNING_ROLES:
        written: list[ExportResult | AssignmentResult] = []
        for receiver in assignment_receivers(db):
            result = write_assignment(db, outbox, receiver, part_limit=part_limit,
                                      skip_empty=True, actor=actor)
            if result is not None:
                written.append(result)
        return written
    if not _has_field_changes(db, me.id):
        return []
    return [export_bundle(db, outbox, part_limit=part_limit, actor=actor)]
