"""What each document shows, already resolved to strings, numbers and photo file paths.

The renderers take only these frozen values (no database, no checklist engine), so the layout is
testable with data a test builds, and `gather.py` is the one place that knows the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GeoPoint:
    """A position in both systems: WGS-84 as the GPS gave it, GCJ-02 for Chinese web maps."""

    wgs84_lat: float
    wgs84_lon: float
    gcj02_lat: float
    gcj02_lon: float


@dataclass(frozen=True)
class SiteInfo:
    """The inspected site as printed; "" where unknown; credit_code None if none."""

    district: str
    street: str
    address: str
    business_name: str
    credit_code: str | None = None
    community: str = ""
    credit_code_warning: str = ""  # why the code fails its GB 32100 check ("" when it passes)
    contact_name: str = ""  # the responsible person (the party for a home)
    contact_phone: str = ""

    def credit_code_text(self) -> str:
        """The code as printed, with the failed check said beside it (issue 9.8)."""
        if not self.credit_code:
            return "无"
        if self.credit_code_warning:
            return f"{self.credit_code}（{self.credit_code_warning}）"
        return self.credit_code


@dataclass(frozen=True)
class AnswerRow:
    """One visible checklist item and its answer as shown (option labels, unit appended)."""

    label: str
    answer: str
    is_finding: bool = False
    note: str = ""  # e.g. a warning such as a credit code failing its check


@dataclass(frozen=True)
class AnswerSection:
    title: str
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class FindingRow:
    """A violation found: the item it came from, its wording, severity label and legal basis."""

    item_label: str
    text: str
    severity: str  # already a label: 一般 / 较重 / 严重
    legal_basis: str = ""


@dataclass(frozen=True)
class PhotoEntry:
    """One photo to print: the original file (scaled for print when the PDF is made) and caption."""

    path: Path
    taken_at: str = ""  # local time as printed, "" if unknown
    distance_m: float | None = None  # to the site, None if either position is unknown
    badges: tuple[str, ...] = ()  # evidence-check problems, already worded (e.g. "无GPS")
    caption: str = ""  # the item it belongs to or the inspector's caption
    original_problem: str = ""  # the original is missing or changed: not evidence (worded)
    sha256: str = ""  # the original's SHA-256 (its first 12 hex are printed under the photo)


@dataclass(frozen=True)
class SignatureEntry:
    """A signature as printed: the drawn PNG over the line and its time under it, or the party's
    refusal with the witness named (app.store.signatures)."""

    role: str  # inspector / second_officer / party / witness
    name: str
    png: bytes | None  # None: refused (or the picture could not be read)
    signed_at: str  # Beijing time as printed, YYYY-MM-DD HH:MM
    sha256: str = ""
    refused: bool = False
    witness_name: str = ""
    problem: str = ""  # the stored picture does not match its SHA-256 (worded)


@dataclass(frozen=True)
class InspectionReportData:
    """Everything on an inspection report (检查记录)."""

    office_name: str
    record_id: str
    checklist_title: str
    checklist_version: int
    work_item: str
    status: str
    site: SiteInfo
    inspector: str
    badge_no: str
    started_at: str
    completed_at: str
    location: GeoPoint | None
    sections: tuple[AnswerSection, ...]
    findings: tuple[FindingRow, ...]
    photos: tuple[PhotoEntry, ...] = ()
    legal_basis: tuple[str, ...] = ()  # of the checklist as a whole
    team: str = ""
    generated_at: str = ""
    is_draft: bool = False  # printed with a 草稿 watermark and no signature lines
    content_digest: str = ""  # app.core.record_digest: printed and in the QR code
    second_inspector: str = ""  # the second officer (行政处罚法 第四十二条: at least two)
    second_badge_no: str = ""
    amends_record: str = ""  # an amendment: the id of the record it replaces ...
    amends_completed_at: str = ""  # ... when that one was completed ...
    amend_reason: str = ""  # ... and why
    superseded_by: str = ""  # this version was replaced by that amendment
    signatures: tuple[SignatureEntry, ...] = ()  # drawn at completion (issue 12.1)
    short_photo_reason: str = ""  # why photo slots hold fewer photos than asked (照片不足说明)


@dataclass(frozen=True)
class NoticeFinding:
    """One 违法事实 on a notice: what was found, the provision it breaks, the provision that
    empowers the order, and its own period (0 = 立即整改) with the last day."""

    text: str
    legal_basis: str  # the provision broken ("" when the checklist names none)
    order_basis: str  # the provision empowering the order (the finding's, else the checklist's)
    rectification_days: int  # 0: at once
    deadline: str  # YYYY-MM-DD (the issue date when immediate)
    item_label: str = ""
    severity: str = ""  # already a label: 一般 / 较重 / 严重

    @property
    def immediate(self) -> bool:
        return self.rectification_days <= 0


@dataclass(frozen=True)
class NoticeData:
    """Everything on a rectification notice (整改通知书) and its service receipt (送达回执)."""

    office_name: str
    notice_number: str  # 机关代字〔年〕第N号
    record_id: str
    site: SiteInfo
    party_name: str  # the business name, or the responsible person for a home
    party_is_person: bool  # a person (住户/个人), not a business
    findings: tuple[NoticeFinding, ...]  # every ordered finding, in checklist order
    inspection_date: str  # YYYY-MM-DD, local date the inspection was completed
    issue_date: str  # YYYY-MM-DD
    report_back: str  # where and how to report the rectification back
    missed_deadline: str  # what happens when the deadline passes
    statement: str  # the right to state a case (陈述、申辩)
    remedies: str  # reconsideration and litigation: bodies, time limits, articles
    contact_name: str = ""
    contact_phone: str = ""
    inspector: str = ""
    badge_no: str = ""
    checklist_title: str = ""
    legal_basis: tuple[str, ...] = ()  # of the checklist as a whole
    party_signature: SignatureEntry | None = None  # signed (or refused) at the inspection


@dataclass(frozen=True)
class StatusCountRow:
    """Counts of one work item (or checklist) by status, in the order of SummaryData.statuses."""

    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class LabelCount:
    label: str
    count: int


@dataclass(frozen=True)
class InspectorRow:
    name: str
    inspections: int
    completed: int
    findings: int


@dataclass(frozen=True)
class OpenItem:
    """An open problem (事项): a kind of finding at a site with a checklist that no later
    completed visit has found gone (see docs/reports.md, "Summary")."""

    record_id: str  # the latest inspection that found it
    site: str
    findings: str  # the kind: the finding's wording
    completed_on: str  # the day it was first found (YYYY-MM-DD)
    deadline: str  # "" for a patrol observation (never ordered on the party)
    overdue_days: int  # 0 if not (yet) overdue
    street: str = ""
    work_item: str = ""
    visits: int = 1  # completed visits that found it


@dataclass(frozen=True)
class FigureRow:
    """One row of the summary's tables: a work item, a street, a kind of finding, a period.

    `completed` and `drafts` count inspections; `found`, `rectified` and `overdue` count
    problems (事项: a kind of finding at a site, see docs/reports.md)."""

    label: str
    completed: int = 0
    drafts: int = 0
    found: int = 0
    rectified: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.found - self.rectified

    @property
    def rate(self) -> float | None:
        """已整改 / 发现 (整改率); None when nothing was found."""
        return self.rectified / self.found if self.found else None

    def rate_text(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class SummaryInspectionRow:
    date: str
    record_id: str
    district: str
    street: str
    site: str
    checklist: str
    inspector: str
    status: str
    findings: int


@dataclass(frozen=True)
class PhotoGroup:
    """Photos of one inspection for the summary's evidence appendix."""

    heading: str
    photos: tuple[PhotoEntry, ...]


@dataclass(frozen=True)
class SummaryData:
    """Everything on a team lead's summary (巡查汇总).

    `totals`, `work_items`, `streets`, `kinds` and `trend` are the figures (completed
    inspections only, problems per site and kind); `by_work_item` (inspections by status) and
    `findings_by_kind` (problems found per kind) are the window's preview tables."""

    office_name: str
    date_from: str  # the period as printed; see period_from_data
    date_to: str
    filters: tuple[str, ...]  # human-readable filter lines, e.g. "区：东城区"
    statuses: tuple[str, ...]  # column labels for StatusCountRow.counts
    by_work_item: tuple[StatusCountRow, ...]
    findings_by_kind: tuple[LabelCount, ...]
    per_inspector: tuple[InspectorRow, ...]
    open_items: tuple[OpenItem, ...]  # all of them, overdue first (the PDF prints the first)
    inspections: tuple[SummaryInspectionRow, ...]  # the list, when not too long (listed_all)
    as_of: str  # YYYY-MM-DD the overdue days are counted to
    generated_at: str = ""
    photo_groups: tuple[PhotoGroup, ...] = field(default=())  # optional evidence appendix
    totals: FigureRow | None = None  # None: made by hand without figures (tests)
    work_items: tuple[FigureRow, ...] = ()
    streets: tuple[FigureRow, ...] = ()
    kinds: tuple[FigureRow, ...] = ()
    trend: tuple[FigureRow, ...] = ()  # per week or month (trend_unit), oldest first
    trend_unit: str = "月"  # 月 or 周
    period_from_data: bool = False  # no dates asked: the first and last inspection dates found
    listed_all: bool = True  # False: more inspections than the list prints (inspections empty)
    notes: tuple[str, ...] = ()  # how the figures are counted, printed under 说明

    @property
    def total_inspections(self) -> int:
        """Completed inspections counted (drafts are counted apart)."""
        return self.totals.completed if self.totals else len(self.inspections)

    @property
    def draft_count(self) -> int:
        return self.totals.drafts if self.totals else 0

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.open_items if item.overdue_days > 0)
