"""Filling the document values of `app.reports.model` from a database, via the store's API.

This is the one module of app/reports that knows the store, the checklist engine and the photo
tables; the renderers see only resolved strings, numbers and file paths. No reportlab, no Pillow.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.checklist import Checklist, Item, evaluate
from app.core.checklist.item_types import printed_answer
from app.core.clock import BEIJING, beijing_text
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
    PhotoEntry,
    SignatureEntry,
    SiteInfo,
)
from app.store.checklists import get_checklist
from app.store.completion import short_photo_reason
from app.store.inspection_digest import inspection_digest
from app.store.inspection_errors import InspectionNotFound
from app.store.inspection_records import (
    Inspection,
    get_findings,
    get_inspection,
)
from app.store.photos import checks_for_inspection, get_photo, list_inspection_photos
from app.store.profile import get_profile
from app.store.signatures import signature_problems, signatures_for
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


def division_name(code: str | None) -> str:
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
        community = division_name(code)
    return SiteInfo(
        district=division_name(site.district_code),
        street=division_name(_street_code(site)),
        community=community,
        address=site.address,
        business_name=site.name,
        credit_code=site.credit_code or None,
        credit_code_warning=(site.credit_code_warning.zh if site.credit_code_warning else ""),
        contact_name=site.contact_name,
        contact_phone=site.contact_phone,
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


def findings_of(db: sqlite_utils.Database, checklist: Checklist, inspection_id: str
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


def load_inspection(
    db: sqlite_utils.Database, inspection_id: str
) -> tuple[Inspection, Checklist, Site]:
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


def office_name(db: sqlite_utils.Database) -> str:
    profile = get_profile(db)
    return profile.office_name if profile else ""


def now_text() -> str:
    return datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M")


def today() -> date:
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
            sha256=link.sha256,
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
    inspection, checklist, site = load_inspection(db, inspection_id)
    if media_root is None:
        media_root = default_media_root(db)
    return InspectionReportData(
        office_name=office_name(db),
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
        findings=findings_of(db, checklist, inspection.id),
        photos=photo_entries(db, inspection, checklist, site, media_root),
        legal_basis=tuple(t.zh for t in checklist.legal_basis),
        generated_at=now_text(),
        content_digest=inspection_digest(db, inspection.id),
        second_inspector=getattr(inspection, "second_inspector_name", "") or "",
        second_badge_no=getattr(inspection, "second_badge_no", "") or "",
        amends_record=inspection.amends_id or "",
        amends_completed_at=_completed_text(db, inspection.amends_id),
        amend_reason=inspection.amend_reason or "",
        superseded_by=inspection.superseded_by or "",
        signatures=tuple(signature_entries(db, inspection.id).values()),
        short_photo_reason=short_photo_reason(db, inspection.id),
    )


def signature_entries(db: sqlite_utils.Database, inspection_id: str
                      ) -> dict[str, SignatureEntry]:
    """The inspection's signatures as printed, by role (issue 12.1)."""
    return {
        role: SignatureEntry(
            role=role, name=sig.signer_name, png=sig.png if not sig.refused else None,
            signed_at=beijing_text(sig.signed_at).replace("T", " "), sha256=sig.sha256 or "",
            refused=sig.refused, witness_name=sig.witness_name,
            problem=signature_problems(sig) or "")
        for role, sig in signatures_for(db, inspection_id).items()
    }


def _completed_text(db: sqlite_utils.Database, inspection_id: str | None) -> str:
    if not inspection_id:
        return ""
    try:
        return beijing_text(get_inspection(db, inspection_id).completed_at or "")
    except InspectionNotFound:
        return ""


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
    "inspection_report_data",
    "parse_day",
]
