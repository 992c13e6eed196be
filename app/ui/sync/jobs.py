"""The sync page's background jobs (run_task): export one bundle, merge many one by one.

Each job opens its own connection; a merge is one transaction per bundle, so a cancel stops
before the next bundle and never inside one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from app.core.text import Text
from app.sync.bundle import PART_NAME, open_bundle
from app.sync.devices import get_device
from app.sync.errors import BundleRefused
from app.sync.export import ExportResult, export_bundle
from app.sync.inbox import MergeResult, merge_bundle, sequence_report
from app.ui.tasks import TaskContext


@dataclass(frozen=True)
class BundleRow:
    """One bundle's line in the import results."""

    file: str
    status: str  # merged / already / refused / cancelled
    sender_id: str = ""
    sender_label: str = ""
    seq: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    reason: Text | None = None


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: a row per bundle, and the bundles still missing per sender."""

    rows: tuple[BundleRow, ...]
    missing: tuple[tuple[str, int], ...]  # (sender label, missing number)
    cancelled: bool = False

    @property
    def merged(self) -> int:
        return sum(1 for r in self.rows if r.status == "merged")


def unique_bundles(paths: list[Path]) -> list[Path]:
    """Parts of one split bundle count once (any part names the whole), as `merge` does."""
    seen: set[str] = set()
    out = []
    for path in paths:
        match = PART_NAME.match(path.name)
        key = str(path.with_name(match["stem"])) if match else str(path)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def _merged_before(result: MergeResult) -> MergeResult:
    """A bundle merged before says who sent it and its number (its outer manifest: the same
    bundle id as the one verified then)."""
    if result.status != "already" or result.sender:
        return result
    try:
        with open_bundle(result.path) as opened:
            result.sender, result.seq = opened.header.sender, opened.header.seq
    except (BundleRefused, OSError):
        pass
    return result


def _row(db: object, result: MergeResult) -> BundleRow:
    result = _merged_before(result)
    device = get_device(db, result.sender) if result.sender else None  # type: ignore[arg-type]
    label = device.label if device is not None and device.label else result.sender
    counts = {k: int(v) for k, v in result.counts.items() if isinstance(v, int)}
    return BundleRow(result.path.name, result.status, result.sender, label, result.seq, counts,
                     result.reason)


def import_job(ctx: TaskContext, paths: list[Path], actor: str,
               stop: threading.Event) -> ImportOutcome:
    """Merge the bundles one by one (progress after each); `stop` set stops before the next
    bundle, and what was merged is still reported (so not the task's own cancel, which drops
    the result)."""
    bundles = unique_bundles(paths)
    db = ctx.open_database()
    rows: list[BundleRow] = []
    cancelled = False
    try:
        for done, path in enumerate(bundles):
            if stop.is_set():
                cancelled = True
                rows.extend(BundleRow(p.name, "cancelled") for p in bundles[done:])
                break
            ctx.progress(done, len(bundles), path.name)
            rows.append(_row(db, merge_bundle(db, path, actor)))
        ctx.progress(len(rows), len(bundles), "")
        senders = {r.sender_id: r.sender_label for r in rows if r.sender_id}
        missing = tuple((senders[sender], n)
                        for sender, report in sorted(sequence_report(db).items())
                        if sender in senders for n in report.missing)
    finally:
        db.close()
    return ImportOutcome(tuple(rows), missing, cancelled)


def export_job(ctx: TaskContext, out_dir: Path, actor: str) -> ExportResult:
    """Write this device's next bundle into `out_dir`."""
    db = ctx.open_database()
    try:
        return export_bundle(db, out_dir, actor=actor)
    finally:
        db.close()
