"""Filling the team lead's summary (`app.reports.model.SummaryData`) from a database.

The figures come from `app.store.summary_query` (a few set-based queries, never one per
inspection); this module names and adds them up. The rules (docs/reports.md, "Summary"):

- inspections: completed ones count; drafts are shown apart and find nothing;
- a problem (事项) is a kind of finding (checklist item + finding wording) at a site with a
  checklist, counted once however many visits find it; it is found in the period its first
  visit was started in; a later completed visit of the same site and checklist without it
  rectifies it (已整改); 整改率 = rectified / found ("—" when nothing was found);
- its deadline runs from the day of the visit that first found it, for its checklist's period
  (the finding's own where the checklist gives one); overdue = still open after the deadline;
- 占道经营 and 开墙打洞 (one campaign work item, two checklists) are counted apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.checklist import Checklist
from app.core.checklist.model import Violation
from app.core.clock import beijing_day
from app.reports.gather import (
    STATUS_LABELS,
    SUMMARY_STATUSES,
    WORK_ITEM_LABELS,
    default_media_root,
    division_name,
    load_inspection,
    now_text,
    office_name,
    photo_entries,
    today,
)
from app.reports.model import (
    FigureRow,
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
from app.store.summary_query import (
    NO_STREET,
    SiteRow,
    SummaryScope,
    inspection_counts,
    item_runs,
    listed_inspections,
    scope_sites,
    started_hours,
    work_items_of_forms,
)

if TYPE_CHECKING:
    import sqlite_utils

# The list of inspections is printed up to this many (a year of a district is 100,000: a
# summary, not a register; the window's list and the ledger show them all).
LIST_LIMIT = 300
# A period longer than this many days is charted by month, a shorter one by week.
WEEKLY_UP_TO_DAYS = 92

# 占道经营/无证无照经营 and 开墙打洞 are one work item of the campaign ("street_order", DOMAIN.md)
# with a checklist each; offices count them apart (the city counted its 16,000 openings), and
# so does the summary: by checklist, in the campaign's order of work items.
SPLIT_WORK_ITEMS = {
    "street_order": "占道经营、无证无照经营整治",
    "storefront_opening": "“开墙打洞”整治",
}
NO_STREET_LABEL = "（未填写街道）"
NO_INSPECTOR = "（未填写）"


@dataclass(frozen=True)
class SummaryFilter:
    """The summary's filters: Beijing calendar dates (inclusive), district, street, checklist."""

    date_from: date | None = None
    date_to: date | None = None
    district_code: str | None = None  # 6 digits
    street_code: str | None = None  # 9 or 12 digits (a 街道/乡/镇)
    form_id: str | None = None


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


# ---- names ------------------------------------------------------------------------------


def work_item_of(form_id: str, work_item: str) -> tuple[int, str]:
    """(order, label) of a checklist's row in the work-item table."""
    keys = list(WORK_ITEM_LABELS)
    order = keys.index(work_item) * 10 if work_item in keys else 1000
    if form_id in SPLIT_WORK_ITEMS:
        return order + list(SPLIT_WORK_ITEMS).index(form_id), SPLIT_WORK_ITEMS[form_id]
    return order, WORK_ITEM_LABELS.get(work_item, work_item or form_id)


@cache
def street_label(code: str) -> str:
    """The 街道/乡/镇's name of a 9-digit code (the code itself when the list lacks it)."""
    if not code or code == NO_STREET:
        return NO_STREET_LABEL
    return division_name(code + "000") or code


def _site_text(site: SiteRow | None) -> str:
    if site is None:
        return ""
    if site.name and site.address:
        return f"{site.name}（{site.address}）"
    return site.name or site.address


def _street_of(site: SiteRow | None) -> str:
    code = (site.division_code or "") if site else ""
    return code[:9] if len(code) == 12 else NO_STREET


_DAYS: dict[str, date | None] = {}


def stamp_day(stamp: str) -> date | None:
    """The Beijing date of a stored UTC stamp (cached per hour: Beijing is UTC+8 all year)."""
    key = stamp[:13]
    if key not in _DAYS:
        try:
            day = date.fromisoformat(key[:10])
            _DAYS[key] = day + timedelta(days=1) if int(key[11:13]) >= 16 else day
        except ValueError:
            _DAYS[key] = beijing_day(stamp)
    return _DAYS[key]


def _finding_terms(checklist: Checklist) -> dict[tuple[str, str], tuple[int, bool]]:
    """(item id, finding wording) -> (days to rectify, ordered on the party)."""
    terms: dict[tuple[str, str], tuple[int, bool]] = {}
    sources: list[tuple[str, tuple[Violation, ...]]] = [
        (item.id, item.violations) for item in checklist.items()]
    sources += [(value.id, value.violations) for value in checklist.computed]
    for item_id, violations in sources:
        for v in violations:
            days = checklist.rectification_days if v.rectification_days is None \
                else v.rectification_days
            terms[(item_id, v.finding.zh)] = (days, v.ordered)
    return terms


# ---- periods ------------------------------------------------------------------------------


@cache
def _bucket(day: date, unit: str) -> date:
    if unit == "月":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())  # the Monday of its week


def _next_bucket(start: date, unit: str) -> date:
    if unit == "月":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7)


def _bucket_label(start: date, unit: str) -> str:
    if unit == "月":
        return f"{start:%Y-%m}"
    return f"{start:%m-%d}～{start + timedelta(days=6):%m-%d}"


# ---- the summary ----------------------------------------------------------------------------


@dataclass
class _Tally:
    completed: int = 0
    drafts: int = 0
    found: int = 0
    rectified: int = 0
    overdue: int = 0

    def row(self, label: str) -> FigureRow:
        return FigureRow(label, self.completed, self.drafts, self.found, self.rectified,
                         self.overdue)


def summary_data(
    db: sqlite_utils.Database,
    flt: SummaryFilter | None = None,
    as_of: date | None = None,
    include_photos: bool = False,
    media_root: Path | None = None,
) -> SummaryData:
    """The team lead's summary over the current versions of the inspections matching `flt`
    (the rules in the module's docstring); open items overdue once `as_of` is past their
    deadline."""
    flt = flt or SummaryFilter()
    as_of = as_of or today()
    scope = SummaryScope(date_from=flt.date_from, date_to=flt.date_to,
                         district_code=flt.district_code, street_code=flt.street_code,
                         form_id=flt.form_id, as_of=as_of)
    form_work_items = work_items_of_forms(db)
    counts = inspection_counts(db, scope)
    hours = started_hours(db, scope)
    runs = item_runs(db, scope)
    sites = scope_sites(db, scope)

    # The period: as asked, else the first and last inspection dates found.
    days_found = sorted({d for hour, _s, _n in hours if (d := stamp_day(hour)) is not None})
    first = flt.date_from or (days_found[0] if days_found else None)
    last = flt.date_to or (days_found[-1] if days_found else None)
    unit = "月" if first and last and (last - first).days > WEEKLY_UP_TO_DAYS else "周"

    checklists: dict[tuple[str, int], Checklist] = {}
    terms: dict[tuple[str, int], dict[tuple[str, str], tuple[int, bool]]] = {}
    for key in {(r.form_id, r.form_version) for r in runs}:
        checklists[key] = get_checklist(db, *key)
        terms[key] = _finding_terms(checklists[key])

    item_of_form: dict[str, tuple[int, str]] = {}

    def work_item(form_id: str) -> tuple[int, str]:
        if form_id not in item_of_form:
            item_of_form[form_id] = work_item_of(form_id, form_work_items.get(form_id, ""))
        return item_of_form[form_id]

    total = _Tally()
    by_item: dict[tuple[int, str], _Tally] = defaultdict(_Tally)
    by_street: dict[str, _Tally] = defaultdict(_Tally)
    by_kind: dict[tuple[str, str, str], _Tally] = defaultdict(_Tally)
    by_period: dict[date, _Tally] = defaultdict(_Tally)
    by_person: dict[str, _Tally] = defaultdict(_Tally)
    statuses: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for c in counts:
        field_name = "completed" if c.status == "completed" else "drafts"
        for tally in (total, by_item[work_item(c.form_id)], by_street[c.street_code],
                      by_person[c.inspector_name or NO_INSPECTOR]):
            setattr(tally, field_name, getattr(tally, field_name) + c.count)
        statuses[work_item(c.form_id)][c.status] += c.count
    for hour, status, n in hours:
        day = stamp_day(hour)
        if day is not None and status == "completed":
            by_period[_bucket(day, unit)].completed += n

    open_items: list[OpenItem] = []
    # Per site and per (day, period) values are computed once: a year holds ~100,000 runs over
    # a few thousand sites and a few hundred days (the summary's cost is this loop).
    site_cache: dict[str, tuple[str, str, str]] = {}
    deadlines: dict[tuple[date, int], date] = {}
    for run in runs:
        found_on = stamp_day(run.first_started_at)  # the day of the visit that found it
        days, ordered = terms[(run.form_id, run.form_version)].get(
            (run.item_id, run.text_zh), (checklists[(run.form_id, run.form_version)]
                                         .rectification_days, True))
        deadline = None
        if found_on and ordered:
            deadline = deadlines.get((found_on, days))
            if deadline is None:
                deadline = deadlines[(found_on, days)] = rectification_deadline(found_on, days)
        overdue = max(0, (as_of - deadline).days) if deadline and run.closed_by is None else 0
        cached = site_cache.get(run.site_id)
        if cached is None:
            site = sites.get(run.site_id)
            code = _street_of(site)
            cached = site_cache[run.site_id] = (code, street_label(code), _site_text(site))
        street_code, street_name, site_text = cached
        kind = (run.form_id, run.item_id, run.text_zh)
        tallies = [total, by_item[work_item(run.form_id)], by_street[street_code],
                   by_kind[kind], by_person[run.inspector_name or NO_INSPECTOR]]
        if found_on:
            by_period[_bucket(found_on, unit)].found += 1
        for tally in tallies:
            tally.found += 1
            tally.rectified += run.closed_by is not None
            tally.overdue += overdue > 0
        if run.closed_by is not None:
            closed_on = stamp_day(run.closed_started_at or "")
            if closed_on and (last is None or closed_on <= last):
                by_period[_bucket(closed_on, unit)].rectified += 1
            continue
        open_items.append(OpenItem(
            record_id=run.last_id, site=site_text, findings=run.text_zh,
            completed_on=found_on.isoformat() if found_on else "",
            deadline=deadline.isoformat() if deadline else "", overdue_days=overdue,
            street=street_name, work_item=work_item(run.form_id)[1],
            visits=run.visits,
        ))
    open_items.sort(key=lambda i: (-i.overdue_days, i.deadline or "9999", i.site, i.findings))

    trend: list[FigureRow] = []
    if first and last and (total.completed or total.found):
        start = _bucket(first, unit)
        while start <= last:
            trend.append(by_period.get(start, _Tally()).row(_bucket_label(start, unit)))
            start = _next_bucket(start, unit)

    kind_names = Counter(text for _f, _i, text in by_kind)
    titles = {form_id: c.title.zh for (form_id, _v), c in checklists.items()}

    def kind_label(kind: tuple[str, str, str]) -> str:
        form_id, _item, text = kind
        return f"{text}（{titles.get(form_id, form_id)}）" if kind_names[text] > 1 else text

    kinds = sorted((t.row(kind_label(k)) for k, t in by_kind.items()),
                   key=lambda r: (-r.found, r.label))
    n_inspections = total.completed + total.drafts
    listed_all = n_inspections <= LIST_LIMIT
    listed, groups = _listed(db, scope, sites, include_photos, media_root) \
        if listed_all else ((), ())
    return SummaryData(
        office_name=office_name(db),
        date_from=first.isoformat() if first else "",
        date_to=last.isoformat() if last else "",
        filters=_filter_lines(db, flt),
        statuses=tuple(STATUS_LABELS[s] for s in SUMMARY_STATUSES),
        by_work_item=tuple(
            StatusCountRow(label, tuple(statuses[(order, label)][s] for s in SUMMARY_STATUSES))
            for order, label in sorted(statuses)),
        findings_by_kind=tuple(LabelCount(r.label, r.found) for r in kinds),
        per_inspector=tuple(
            InspectorRow(name, t.completed + t.drafts, t.completed, t.found)
            for name, t in sorted(by_person.items(), key=lambda kv: (-kv[1].completed, kv[0]))),
        open_items=tuple(open_items),
        inspections=listed,
        as_of=as_of.isoformat(),
        generated_at=now_text(),
        photo_groups=groups,
        totals=total.row("合计"),
        work_items=tuple(by_item[key].row(key[1]) for key in sorted(by_item)),
        streets=tuple(by_street[code].row(street_label(code))
                      for code in sorted(by_street, key=lambda c: (c == NO_STREET, c))),
        kinds=tuple(kinds),
        trend=tuple(trend),
        trend_unit=unit,
        period_from_data=bool(first and last) and not (flt.date_from or flt.date_to),
        listed_all=listed_all,
        notes=summary_notes(as_of.isoformat()) if total.completed + total.drafts else (),
    )


def summary_notes(as_of: str) -> tuple[str, ...]:
    """How the summary counts, printed under 说明 (the same words as docs/reports.md)."""
    return (
        "检查数只计已完成的检查（更正过的检查只计现行版本）；草稿另列，其中的问题不计入。",
        "问题按“场所＋检查表＋问题类别（检查项及问题表述）”计为一项：同一场所多次检查发现同一"
        "问题只计一项，计入首次发现所在的时段。",
        f"已整改：此后同一场所、同一检查表的一次已完成检查不再发现该问题（截至 {as_of}）；"
        "之后再次发现的计为新的一项（反弹）。",
        "整改率＝已整改数÷发现数；未发现问题时记为“—”。",
        f"整改期限自首次发现之日起按检查表规定的天数计算；逾期指截至 {as_of} 已过期限仍未整改。"
        "巡查观察类问题不责令当事人整改，不计期限。",
        "“占道经营、无证无照经营”与“开墙打洞”同属专项行动第二项工作内容，按各自的检查表分列。",
    )


def _listed(db: sqlite_utils.Database, scope: SummaryScope, sites: dict[str, SiteRow],
            include_photos: bool, media_root: Path | None
            ) -> tuple[tuple[SummaryInspectionRow, ...], tuple[PhotoGroup, ...]]:
    """The list of inspections (when short enough) and, if asked, their photos."""
    rows: list[SummaryInspectionRow] = []
    groups: list[PhotoGroup] = []
    for insp in listed_inspections(db, scope, LIST_LIMIT):
        site = sites.get(insp.site_id)
        started = stamp_day(insp.started_at)
        rows.append(SummaryInspectionRow(
            date=started.isoformat() if started else "", record_id=insp.id,
            district=division_name(site.district_code) if site else "",
            street=street_label(_street_of(site)) if _street_of(site) else "",
            site=_site_text(site), checklist=insp.form_title, inspector=insp.inspector_name,
            status=STATUS_LABELS.get(insp.status, insp.status), findings=insp.finding_count,
        ))
        if include_photos:
            groups.extend(_photo_group(db, rows[-1], media_root))
    return tuple(rows), tuple(groups)


def _photo_group(db: sqlite_utils.Database, row: SummaryInspectionRow,
                 media_root: Path | None) -> Iterable[PhotoGroup]:
    inspection, checklist, site = load_inspection(db, row.record_id)
    root = media_root if media_root is not None else default_media_root(db)
    photos = photo_entries(db, inspection, checklist, site, root)
    if photos:
        yield PhotoGroup(f"{row.date}　{row.site}　（{row.record_id}）", photos)
