"""Filling the document values of `app.reports.model` from a database, via the store's API.

This is the one module of app/reports that knows the store, the checklist engine and the photo
tables; the renderers see only resolved strings, numbers and file paths. No reportlab, no Pillow.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.checklist import Checklist, Item, evaluate
from app.core.checklist.item_types import printed_answer
from app.core.clock import BEIJING, beijing_day, beijing_text
from app.core.divisions import get_division
from app.core.errors import InputRefused
from app.core.geo import haversine_m, wgs84_to_gcj02
from app.media.filestore import MediaStore, file_sha256
from app.paths import media_dir
from app.reports.model import (
    AnswerRow,
    AnswerSection,
    FindingRow,
    GeoPoint,
    InspectionReportData,
    InspectorRow,
    LabelCount,
    NoticeData,
    OpenItem,
    PhotoEntry,
    PhotoGroup,
    SiteInfo,
    StatusCountRow,
    SummaryData,
    SummaryInspectionRow,
)
from app.reports.notice_rules import notice_number, rectification_deadline, report_back_text
from app.store.checklists import get_checklist
from app.store.inspection_errors import InspectionNotFound
from app.store.inspection_list import list_inspections
from app.store.inspection_query import InspectionFilter, InspectionRow, InspectionSort
from app.store.inspection_records import (
    Inspection,
    get_findings,
    get_inspection,
    passed_recheck_after,
)
from app.store.photos import checks_for_inspection, get_photo, list_inspection_photos
from app.store.profile import get_profile
from app.store.sites import Site, get_site

if TYPE_CHECKING:
    import sqlite_utils

# The campaign's ten work items (DOMAIN.md), as printed.
WORK_ITEM_LABELS = {
    "illegal_construction": "拆除违法建设",
    "street_order": "占道经营、无证无照经营和“开墙打洞”整治",
    "urban_rural_fringe": "城乡结合部整治改造",
    "old_compounds": "中心城区老旧小区综合整治",
    "key_areas": "中心城区重点区域整治提升",
    "manufacturing_polluters": "疏解一般制造业和“散乱污”企业治理",
    "wholesale_markets": "疏解区域性专业市场",
    "public_services": "疏解部分公共服务功能",
    "underground_group_rental": "地下空间和群租房整治",
    "shanty_public_housing": "棚户区改造、直管公房及“商改住”清理整治",
}
SEVERITY_LABELS = {"minor": "一般", "major": "较重", "critical": "严重"}
STATUS_LABELS = {"draft": "草稿", "completed": "已完成", "superseded": "已被更正"}
SUMMARY_STATUSES = ("draft", "completed")  # the list shows current versions only

PAGE = 500  # inspections read per query when gathering a summary


class NoticeNotPossible(InputRefused, ValueError):
    """This inspection cannot have a notice (not completed, or nothing to rectify)."""


class InspectionMissing(InputRefused, LookupError):
    """No inspection with this id; the message names it (Chinese, then English)."""


# ---- small look-ups ----------------------------------------------------------------------


def _division_name(code: str | None) -> str:
    if not code:
        return ""
    division = get_division(code)
    return division.name if division else ""


def _street_code(site: Site) -> str:
    """The 12-digit code of the site's street/town (township level), or ""."""
    code = site.division_code or ""
    return code[:9] + "000" if len(code) == 12 else ""


def site_info(site: Site) -> SiteInfo:
    """The site as printed: district, street, community names; credit code None if it has none."""
    community = ""
    code = site.division_code or ""
    if len(code) == 12 and not code.endswith("000"):
        community = _division_name(code)
    return SiteInfo(
        district=_division_name(site.district_code),
        street=_division_name(_street_code(site)),
        community=community,
        address=site.address,
        business_name=site.name,
        credit_code=site.credit_code or None,
        credit_code_warning=(site.credit_code_warning.zh if site.credit_code_warning else ""),
    )


def _geo(lat: float | None, lon: float | None) -> GeoPoint | None:
    if lat is None or lon is None:
        return None
    gcj = wgs84_to_gcj02(lat, lon)
    return GeoPoint(lat, lon, gcj.lat, gcj.lon)


def _item_label(checklist: Checklist, item_id: str) -> str:
    try:
        return checklist.item(item_id).label.zh
    except KeyError:
        pass
    try:
        return checklist.computed_value(item_id).label.zh
    except KeyError:
        return item_id


def answer_text(item: Item, value: Any) -> str:
    """An answer as printed: option labels instead of values, the unit after a number."""
    return printed_answer(item, value)


def _findings(db: sqlite_utils.Database, checklist: Checklist, inspection_id: str
              ) -> tuple[FindingRow, ...]:
    return tuple(
        FindingRow(
            item_label=_item_label(checklist, f.item_id),
            text=f.text.zh,
            severity=SEVERITY_LABELS.get(f.severity, f.severity),
            legal_basis=f.legal_basis.zh if f.legal_basis else "",
        )
        for f in get_findings(db, inspection_id)
    )


def _load(db: sqlite_utils.Database, inspection_id: str) -> tuple[Inspection, Checklist, Site]:
    try:
        inspection = get_inspection(db, inspection_id)
    except InspectionNotFound:
        raise InspectionMissing(
            f"找不到检查记录 {inspection_id}，请核对编号（可在检查列表中复制）。"
            f" (no inspection with id {inspection_id}: check the id)"
        ) from None
    checklist = get_checklist(db, inspection.form_id, inspection.form_version)
    return inspection, checklist, get_site(db, inspection.site_id)


def _sections(checklist: Checklist, inspection: Inspection) -> tuple[AnswerSection, ...]:
    ev = evaluate(checklist, inspection.answers)
    visible = set(ev.visible)
    finding_items = {f.item_id for f in ev.findings}
    sections = []
    for section in checklist.sections:
        rows = []
        for item in section.items:
            if item.id not in visible:
                continue
            notes = "；".join(w.zh for w in ev.warnings.get(item.id, ()))
            rows.append(AnswerRow(item.label.zh, answer_text(item, inspection.answers.get(item.id)),
                                  item.id in finding_items, notes))
        for computed in checklist.computed:
            value = ev.computed.get(computed.id)
            if computed.section_id != section.id or value is None:
                continue
            unit = f" {computed.unit.zh}" if computed.unit else ""
            rows.append(AnswerRow(f"{computed.label.zh}（自动计算）", f"{value:.2f}{unit}",
                                  computed.id in finding_items))
        if rows:
            sections.append(AnswerSection(section.title.zh, tuple(rows)))
    return tuple(sections)


def _status_label(inspection: Inspection) -> str:
    label = STATUS_LABELS.get(inspection.display_status, inspection.display_status)
    if inspection.amendment_no:
        label += f"（第 {inspection.amendment_no} 次更正：{inspection.amend_reason or ''}）"
    return label


def _office_name(db: sqlite_utils.Database) -> str:
    profile = get_profile(db)
    return profile.office_name if profile else ""


def _now_text() -> str:
    return datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M")


def _today() -> date:
    return datetime.now(BEIJING).date()


# ---- photos --------------------------------------------------------------------------------


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file of the main database (None for an in-memory one)."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None


def default_media_root(db: sqlite_utils.Database) -> Path | None:
    """The photo store beside the database (app.paths.media_dir)."""

    file = database_file(db)
    return media_dir(file) if file else None


def print_cache_dir(db: sqlite_utils.Database) -> Path | None:
    """Where print-size copies of this database's photos are cached (beside thumbnails)."""
    root = default_media_root(db)
    return root / "cache" / "print" if root else None


def photo_entries(
    db: sqlite_utils.Database,
    inspection: Inspection,
    checklist: Checklist,
    site: Site,
    media_root: Path | None,
) -> tuple[PhotoEntry, ...]:
    """The inspection's photos with time, distance to the site and evidence-check badges."""
    if media_root is None:
        return ()
    store = MediaStore(media_root)
    checks = checks_for_inspection(db, inspection.id)
    ref_lat, ref_lon = (site.lat, site.lon) if site.lat is not None else (inspection.lat,
                                                                           inspection.lon)
    entries = []
    for link in list_inspection_photos(db, inspection.id):
        photo = get_photo(db, link.sha256)
        if photo is None:
            continue
        distance = None
        if (photo.lat is not None and photo.lon is not None and ref_lat is not None
                and ref_lon is not None):
            distance = haversine_m(photo.lat, photo.lon, ref_lat, ref_lon)
        taken = beijing_text(photo.taken_at_utc or "") or (photo.taken_at or "")[:16]
        badges: list[str] = []
        for check in checks.get(link.id, ()):
            if check.severity == "warning" and check.text.zh not in badges:
                badges.append(check.text.zh)
        caption_parts = [_item_label(checklist, link.item_id) if link.item_id else "",
                         link.caption]
        entries.append(PhotoEntry(
            path=store.original_path(link.sha256),
            taken_at=taken.replace("T", " "),
            distance_m=distance,
            badges=tuple(badges),
            caption="：".join(p for p in caption_parts if p),
            original_problem=_original_problem(store, link.sha256, photo.size),
        ))
    return tuple(entries)


def _original_problem(store: MediaStore, sha256: str, size: int) -> str:
    """Whether the stored original is still the evidence it was (issue 9.5): a record must
    never print "通过" beside a picture whose original is gone or was changed."""
    path = store.original_path(sha256)
    try:
        if path.stat().st_size != size or file_sha256(path) != sha256:
            return "照片原件已被改动，不能作为证据；请从备份恢复原件"
    except OSError:
        return "照片原件缺失，不能作为证据；请从备份恢复原件"
    return ""


# ---- the documents -----------------------------------------------------------------------


def inspection_report_data(
    db: sqlite_utils.Database, inspection_id: str, media_root: Path | None = None
) -> InspectionReportData:
    """Everything the inspection report of `inspection_id` shows; InspectionMissing if unknown."""
    inspection, checklist, site = _load(db, inspection_id)
    if media_root is None:
        media_root = default_media_root(db)
    return InspectionReportData(
        office_name=_office_name(db),
        record_id=inspection.id,
        checklist_title=checklist.title.zh,
        checklist_version=checklist.version,
        work_item=WORK_ITEM_LABELS.get(checklist.work_item, checklist.work_item),
        status=_status_label(inspection),
        is_draft=inspection.status == "draft",
        site=site_info(site),
        inspector=inspection.inspector_name,
        badge_no=inspection.badge_no,
        team=inspection.team,
        started_at=beijing_text(inspection.started_at),
        completed_at=beijing_text(inspection.completed_at or ""),
        location=_geo(inspection.lat, inspection.lon) or _geo(site.lat, site.lon),
        sections=_sections(checklist, inspection),
        findings=_findings(db, checklist, inspection.id),
        photos=photo_entries(db, inspection, checklist, site, media_root),
        legal_basis=tuple(t.zh for t in checklist.legal_basis),
        generated_at=_now_text(),
    )


def notice_data(db: sqlite_utils.Database, inspection_id: str,
                issue_date: date | None = None) -> NoticeData:
    """The notice for a completed inspection with findings; NoticeNotPossible otherwise."""
    inspection, checklist, site = _load(db, inspection_id)
    completed_on = beijing_day(inspection.completed_at or "")
    if inspection.status != "completed" or completed_on is None:
        raise NoticeNotPossible(
            f"检查记录 {inspection.id} 尚未完成，完成后才能出具整改通知书。"
            f" (inspection {inspection.id} is not completed: complete it first)"
        )
    findings = _findings(db, checklist, inspection.id)
    if not findings:
        raise NoticeNotPossible(
            f"检查记录 {inspection.id} 未发现问题，无需出具整改通知书。"
            f" (inspection {inspection.id} has no findings: there is nothing to rectify)"
        )
    office = _office_name(db)
    if not office.strip():
        # A notice without 发文机关 cannot be served: say where the office is set.
        raise NoticeNotPossible(
            "未设置发文单位名称，不能出具整改通知书；请在“设置”中填写单位名称"
            "（命令行：street-audit init --office 单位名称） "
            "(no issuing office is set: a notice cannot be made; enter the office name in "
            "Settings, or give init --office)")
    issued = issue_date or _today()
    if issued < completed_on:
        raise NoticeNotPossible(
            f"签发日期 {issued.isoformat()} 早于检查日期 {completed_on.isoformat()}，"
            "通知书不能在检查之前签发 "
            f"(the issue date {issued.isoformat()} is before the inspection on "
            f"{completed_on.isoformat()}: a notice cannot be issued before it)")
    info = site_info(site)
    return NoticeData(
        office_name=office,
        notice_number=notice_number(info.district, completed_on, inspection.id),
        record_id=inspection.id,
        site=info,
        findings=findings,
        legal_basis=tuple(t.zh for t in checklist.legal_basis),
        inspection_date=completed_on.isoformat(),
        rectification_days=checklist.rectification_days,
        # The period runs from the notice (issued, then served), never from the inspection: a
        # notice signed later must not name a deadline already past.
        deadline=rectification_deadline(issued, checklist.rectification_days).isoformat(),
        report_back=report_back_text(office),
        issue_date=issued.isoformat(),
        inspector=inspection.inspector_name,
        badge_no=inspection.badge_no,
        checklist_title=checklist.title.zh,
    )


@dataclass(frozen=True)
class SummaryFilter:
    """The summary's filters: Beijing calendar dates (inclusive), district, street, checklist."""

    date_from: date | None = None
    date_to: date | None = None
    district_code: str | None = None  # 6 digits
    street_code: str | None = None  # 9 or 12 digits (a 街道/乡/镇)
    form_id: str | None = None


def _all_rows(db: sqlite_utils.Database, flt: InspectionFilter) -> Iterable[InspectionRow]:
    offset = 0
    while True:
        page = list_inspections(db, flt, InspectionSort("started_at", descending=False),
                                offset=offset, limit=PAGE)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def _filter_lines(db: sqlite_utils.Database, flt: SummaryFilter) -> tuple[str, ...]:
    lines = [f"区：{_division_name(flt.district_code) or flt.district_code}"
             if flt.district_code else "区：全部"]
    if flt.street_code:
        lines.append(f"街道/乡镇：{_division_name(flt.street_code) or flt.street_code}")
    else:
        lines.append("街道/乡镇：全部")
    if flt.form_id:
        try:
            lines.append(f"检查表：{get_checklist(db, flt.form_id).title.zh}")
        except Exception:  # an unknown form still filters (to nothing); say what was asked
            lines.append(f"检查表：{flt.form_id}")
    else:
        lines.append("检查表：全部")
    return tuple(lines)


def summary_data(
    db: sqlite_utils.Database,
    flt: SummaryFilter | None = None,
    as_of: date | None = None,
    include_photos: bool = False,
    media_root: Path | None = None,
) -> SummaryData:
    """The team lead's summary over the current versions of the inspections matching `flt`.

    Open items: completed inspections with findings and no later completed inspection of the
    same site and checklist without findings; overdue once `as_of` is past their deadline.
    """
    flt = flt or SummaryFilter()
    as_of = as_of or _today()
    store_filter = InspectionFilter(form_id=flt.form_id, district_code=flt.district_code,
                                    date_from=flt.date_from, date_to=flt.date_to)
    street_prefix = (flt.street_code or "")[:9]
    sites: dict[str, Site] = {}
    checklists: dict[tuple[str, int], Checklist] = {}

    def site_of(site_id: str) -> Site:
        if site_id not in sites:
            sites[site_id] = get_site(db, site_id)
        return sites[site_id]

    def checklist_of(row: InspectionRow) -> Checklist:
        key = (row.form_id, row.form_version)
        if key not in checklists:
            checklists[key] = get_checklist(db, row.form_id, row.form_version)
        return checklists[key]

    rows = [r for r in _all_rows(db, store_filter)
            if not street_prefix or (site_of(r.site_id).division_code or "")[:9] == street_prefix]

    by_work_item: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: Counter[str] = Counter()
    per_inspector: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    open_items: list[OpenItem] = []
    listed: list[SummaryInspectionRow] = []
    groups: list[PhotoGroup] = []
    for row in rows:
        checklist = checklist_of(row)
        site = site_of(row.site_id)
        by_work_item[checklist.work_item][row.status] += 1
        stats = per_inspector[row.inspector_name or "（未填写）"]
        stats[0] += 1
        stats[1] += row.status == "completed"
        stats[2] += row.finding_count
        findings = get_findings(db, row.id) if row.finding_count else []
        kinds.update(f.text.zh for f in findings)
        info = site_info(site)
        site_text = info.business_name or info.address
        if info.business_name and info.address:
            site_text = f"{info.business_name}（{info.address}）"
        started = beijing_day(row.started_at)
        listed.append(SummaryInspectionRow(
            date=started.isoformat() if started else "",
            record_id=row.id, district=info.district, street=info.street, site=site_text,
            checklist=checklist.title.zh, inspector=row.inspector_name,
            status=STATUS_LABELS.get(row.status, row.status), findings=row.finding_count,
        ))
        completed_on = beijing_day(row.completed_at or "")
        if row.status == "completed" and findings and completed_on and not passed_recheck_after(
            db, row.site_id, row.form_id, row.completed_at or ""):
            deadline = rectification_deadline(completed_on, checklist.rectification_days)
            open_items.append(OpenItem(
                record_id=row.id, site=site_text, findings="；".join(f.text.zh for f in findings),
                completed_on=completed_on.isoformat(), deadline=deadline.isoformat(),
                overdue_days=max(0, (as_of - deadline).days),
            ))
        if include_photos:
            inspection, _, _ = _load(db, row.id)
            root = media_root if media_root is not None else default_media_root(db)
            photos = photo_entries(db, inspection, checklist, site, root)
            if photos:
                groups.append(PhotoGroup(f"{listed[-1].date}　{site_text}　（{row.id}）", photos))

    open_items.sort(key=lambda item: (-item.overdue_days, item.deadline))
    return SummaryData(
        office_name=_office_name(db),
        date_from=flt.date_from.isoformat() if flt.date_from else "",
        date_to=flt.date_to.isoformat() if flt.date_to else "",
        filters=_filter_lines(db, flt),
        statuses=tuple(STATUS_LABELS[s] for s in SUMMARY_STATUSES),
        by_work_item=tuple(
            StatusCountRow(WORK_ITEM_LABELS.get(key, key),
                           tuple(counts[s] for s in SUMMARY_STATUSES))
            for key, counts in sorted(by_work_item.items(), key=lambda kv: -kv[1].total())
        ),
        findings_by_kind=tuple(LabelCount(k, n) for k, n in kinds.most_common()),
        per_inspector=tuple(
            InspectorRow(name, *stats)
            for name, stats in sorted(per_inspector.items(), key=lambda kv: -kv[1][0])
        ),
        open_items=tuple(open_items),
        inspections=tuple(listed),
        as_of=as_of.isoformat(),
        generated_at=_now_text(),
        photo_groups=tuple(groups),
    )


def parse_day(text: str) -> date:
    """"2026-03-15" → date; ValueError with a bilingual message otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"日期格式应为 YYYY-MM-DD，而不是 {text!r} (dates are YYYY-MM-DD)"
        ) from None


def to_json(value: Any) -> str:
    """A dataclass tree as JSON (paths as strings), for --json and debugging."""

    return json.dumps(asdict(value), ensure_ascii=False, default=str)


__all__: Sequence[str] = [
    "InspectionMissing",
    "NoticeNotPossible",
    "SummaryFilter",
    "inspection_report_data",
    "notice_data",
    "parse_day",
    "summary_data",
]
