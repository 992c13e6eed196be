"""What has come in: the bundles merged per sending device, and the gaps in their numbering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class SequenceReport:
    """One sender's merged bundles: the highest number and the numbers below it not received."""

    device_id: str
    highest: int
    missing: tuple[int, ...]

    def missing_text(self) -> list[str]:
        """"第 7 号数据包未收到" for each missing number (zh and en)."""
        return [f"设备 {self.device_id} 的第 {n} 号数据包未收到 "
                f"(bundle {n} of device {self.device_id} has not been received)"
                for n in self.missing]


def sequence_report(db: sqlite_utils.Database) -> dict[str, SequenceReport]:
    """Per sender: the highest bundle number merged and the missing ones below it."""
    seen: dict[str, list[int]] = {}
    for sender, seq in db.execute(
            "SELECT sender, seq FROM sync_log WHERE direction = 'in' ORDER BY sender, seq"):
        seen.setdefault(str(sender), []).append(int(seq))
    out: dict[str, SequenceReport] = {}
    for sender, numbers in seen.items():
        have = set(numbers)
        top = max(numbers)
        out[sender] = SequenceReport(sender, top,
                                     tuple(n for n in range(1, top) if n not in have))
    return out
