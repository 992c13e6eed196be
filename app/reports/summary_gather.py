"""Filling the team lead's summary (`app.reports.model.SummaryData`) from a database."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.checklist import Checklist
from app.core.clock import beijing_day
from app.reports.gather import (
    PAGE,
    STATUS_LABELS,
    SUMMARY_STATUSES,
    WORK_ITEM_LABELS,
    default_media_root,
    division_name,
    load_inspection,
    now_text,
    office_name,
    photo_entries,
    site_info,
    today,
)
from app.reports.model import (
    InspectorRow,
    LabelCount,
    OpenItem,
    PhotoGroup,
    StatusCountRow,
    SummaryData,
    SummaryInspectionRow,
)
from app.reports.notice_rules import rectification_deadline
from app.store.checklists import get_checklist
from app.store.inspection_list import list_inspections
from app.store.inspection_query import InspectionFilter, InspectionRow, InspectionSort
from app.store.inspection_records import get_findings, passed_recheck_after
from app.store.sites import Site, get_site

if TYPE_CHECKING:
    import sqlite_utils


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
    lines = [f"区：{division_name(flt.district_code) or flt.district_code}"
             if flt.district_code else "区：全部"]
    if flt.street_code:
        lines.append(f"街道/乡镇：{division_name(flt.street_code) or flt.street_code}")
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
    as_of = as_of or today()
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
            inspection, _, _ = load_inspection(db, row.id)
            root = media_root if media_root is not None else default_media_root(db)
            photos = photo_entries(db, inspection, checklist, site, root)
            if photos:
                groups.append(PhotoGroup(f"{listed[-1].date}　{site_text}　（{row.id}）", photos))

    open_items.sort(key=lambda item: (-item.overdue_days, item.deadline))
    return SummaryData(
        office_name=office_name(db),
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
        generated_at=now_text(),
        photo_groups=tuple(groups),
    )
