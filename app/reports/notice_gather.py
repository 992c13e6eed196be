"""Filling a rectification notice's values (`app.reports.model.NoticeData`) from a database.

`issue_notice_data` is the one way a notice is made for printing: in one write transaction it
checks that a notice may be issued, takes (or, for a reprint, finds) its 文号 through
`app.store.notices` with an audit entry, and returns what to print. `notice_data` only reads:
the issued notice, or a preview without a number.

The findings come from the checklist engine over the stored answers (`evaluate(...).findings`),
not from the stored findings table (a query cache without the order basis and periods): every
finding the checklist orders is listed, patrol observations (`ordered=False`) never are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core.checklist import Checklist, evaluate
from app.core.checklist.model import Finding
from app.core.clock import beijing_day, chinese_date
from app.reports.gather import (
    SEVERITY_LABELS,
    NoticeNotPossible,
    division_name,
    load_inspection,
    signature_entries,
    site_info,
    today,
)
from app.reports.model import NoticeData, NoticeFinding, SignatureEntry
from app.reports.notice_rules import (
    missed_deadline_text,
    notice_number,
    rectification_deadline,
    remedies_text,
    report_back_text,
    statement_text,
)
from app.store.db import write_transaction
from app.store.inspection_records import Inspection
from app.store.notices import NoticeRecord, issue_notice, notice_for_inspection
from app.store.profile import get_profile
from app.store.sites import Site

if TYPE_CHECKING:
    import sqlite_utils

UNNUMBERED = "（未编号：签发时取号）"


def notice_findings(checklist: Checklist, findings: tuple[Finding, ...] | list[Finding],
                    issued: date) -> tuple[NoticeFinding, ...]:
    """The findings a notice orders, each with its bases and its own period.

    The order basis is the finding's own, else the checklist's legal basis; the period is the
    finding's own (`rectification_days`, 0 = at once), else the checklist's. Patrol
    observations (`ordered=False`) are left out: nothing is ordered on the party for them."""
    fallback = "、".join(t.zh for t in checklist.legal_basis)
    rows = []
    for f in findings:
        if not f.ordered:
            continue
        days = checklist.rectification_days if f.rectification_days is None \
            else f.rectification_days
        days = max(0, days)
        rows.append(NoticeFinding(
            text=f.text.zh,
            legal_basis=f.legal_basis.zh if f.legal_basis else "",
            order_basis=f.order_basis.zh if f.order_basis else fallback,
            rectification_days=days,
            deadline=rectification_deadline(issued, days).isoformat(),
            item_label=_item_label(checklist, f.item_id),
            severity=SEVERITY_LABELS.get(f.severity, f.severity),
        ))
    return tuple(rows)


def _item_label(checklist: Checklist, item_id: str) -> str:
    try:
        return checklist.item(item_id).label.zh
    except KeyError:
        pass
    try:
        return checklist.computed_value(item_id).label.zh
    except KeyError:
        return item_id


@dataclass(frozen=True)
class _Checked:
    inspection: Inspection
    checklist: Checklist
    site: Site
    completed_on: date
    findings: tuple[Finding, ...]
    office_name: str
    office_code: str
    district: str
    actor: str
    party_signature: SignatureEntry | None = None  # drawn (or refused) at the inspection


def _check(db: sqlite_utils.Database, inspection_id: str) -> _Checked:
    """What a notice needs, or NoticeNotPossible saying what is missing and where to set it."""
    inspection, checklist, site = load_inspection(db, inspection_id)
    completed_on = beijing_day(inspection.completed_at or "")
    if inspection.status != "completed" or completed_on is None:
        raise NoticeNotPossible(
            f"检查记录 {inspection.id} 尚未完成，完成后才能出具整改通知书。"
            f" (inspection {inspection.id} is not completed: complete it first)"
        )
    found = evaluate(checklist, inspection.answers).findings
    if not found:
        raise NoticeNotPossible(
            f"检查记录 {inspection.id} 未发现问题，无需出具整改通知书。"
            f" (inspection {inspection.id} has no findings: there is nothing to rectify)"
        )
    if not any(f.ordered for f in found):
        shown = "、".join(f.text.zh for f in found[:3])
        raise NoticeNotPossible(
            f"检查记录 {inspection.id} 只有巡查观察记录（{shown}），不针对被检查的当事人，"
            "不能据此责令整改。"
            f" (inspection {inspection.id} holds only patrol observations, which order nothing "
            "on the party inspected: no notice)"
        )
    profile = get_profile(db)
    office = profile.office_name.strip() if profile else ""
    if not office:
        # A notice without 发文机关 cannot be served: say where the office is set.
        raise NoticeNotPossible(
            "未设置发文单位名称，不能出具整改通知书；请在“设置”中填写单位名称"
            "（命令行：street-audit init --office 单位名称） "
            "(no issuing office is set: a notice cannot be made; enter the office name in "
            "Settings, or give init --office)")
    code = profile.office_code.strip() if profile else ""
    if not code:
        raise NoticeNotPossible(
            "未设置机关代字，不能编整改通知书文号（如“东城城管责改〔2026〕第12号”中的"
            "“东城城管责改”）；"
            "请在“设置”中填写机关代字（命令行：street-audit init --office-code 机关代字） "
            "(no office code is set: a notice cannot be numbered; enter the office code, e.g. "
            "东城城管责改, in Settings, or give init --office-code)")
    assert profile is not None
    return _Checked(inspection, checklist, site, completed_on, found, office, code,
                    division_name(profile.district_code), profile.inspector_name,
                    signature_entries(db, inspection.id).get("party"))


def _check_date(issued: date, completed_on: date) -> None:
    if issued < completed_on:
        raise NoticeNotPossible(
            f"签发日期 {issued.isoformat()} 早于检查日期 {completed_on.isoformat()}，"
            "通知书不能在检查之前签发 "
            f"(the issue date {issued.isoformat()} is before the inspection on "
            f"{completed_on.isoformat()}: a notice cannot be issued before it)")


def _data(c: _Checked, issued: date, number: str) -> NoticeData:
    info = site_info(c.site)
    party = c.site.name.strip() or c.site.contact_name.strip()
    return NoticeData(
        office_name=c.office_name,
        notice_number=number,
        record_id=c.inspection.id,
        site=info,
        party_name=party,
        party_is_person=not c.site.name.strip(),
        # The periods run from the notice (issued, then served), never from the inspection.
        findings=notice_findings(c.checklist, c.findings, issued),
        inspection_date=c.completed_on.isoformat(),
        issue_date=issued.isoformat(),
        report_back=report_back_text(c.office_name),
        missed_deadline=missed_deadline_text(c.office_name),
        statement=statement_text(c.office_name),
        remedies=remedies_text(c.district),
        contact_name=c.site.contact_name,
        contact_phone=c.site.contact_phone,
        inspector=c.inspection.inspector_name,
        badge_no=c.inspection.badge_no,
        checklist_title=c.checklist.title.zh,
        legal_basis=tuple(t.zh for t in c.checklist.legal_basis),
        party_signature=c.party_signature,
    )


def _number(record: NoticeRecord) -> str:
    return notice_number(record.office_code, record.year, record.number)


def notice_data(db: sqlite_utils.Database, inspection_id: str,
                issue_date: date | None = None) -> NoticeData:
    """What the inspection's notice says, without writing: the issued notice (its number and
    date), else a preview dated `issue_date` (default today) whose number is not yet taken."""
    c = _check(db, inspection_id)
    live = notice_for_inspection(db, inspection_id)
    if live is not None:
        return _data(c, date.fromisoformat(live.issue_date), _number(live))
    issued = issue_date or today()
    _check_date(issued, c.completed_on)
    return _data(c, issued, UNNUMBERED)


def issue_notice_data(db: sqlite_utils.Database, inspection_id: str,
                      issue_date: date | None = None, actor: str | None = None) -> NoticeData:
    """Issue the inspection's notice (or find the one issued) and return what to print.

    One write transaction: the checks, the 文号 taken from the office sequence, the notice row
    and its audit entry. A reprint returns the same number and date and writes nothing; another
    issue date for an issued notice is refused (`app.store.notices.issue_notice`)."""
    with write_transaction(db):
        c = _check(db, inspection_id)
        live = notice_for_inspection(db, inspection_id)
        issued = issue_date or (date.fromisoformat(live.issue_date) if live else today())
        _check_date(issued, c.completed_on)
        record = issue_notice(db, inspection_id, c.office_code, issued,
                              c.actor if actor is None else actor)
        return _data(c, date.fromisoformat(record.issue_date), _number(record))


def issued_summary(data: NoticeData) -> str:
    """One line for the command line and the window: number, party, issue date."""
    return f"{data.notice_number}　{data.party_name or '当事人'}　{chinese_date(data.issue_date)}"
