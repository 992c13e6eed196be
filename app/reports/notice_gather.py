"""Filling a rectification notice's values (`app.reports.model.NoticeData`) from a database."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core.clock import beijing_day
from app.reports.gather import (
    NoticeNotPossible,
    findings_of,
    load_inspection,
    office_name,
    site_info,
    today,
)
from app.reports.model import NoticeData
from app.reports.notice_rules import notice_number, rectification_deadline, report_back_text

if TYPE_CHECKING:
    import sqlite_utils


def notice_data(db: sqlite_utils.Database, inspection_id: str,
                issue_date: date | None = None) -> NoticeData:
    """The notice for a completed inspection with findings; NoticeNotPossible otherwise."""
    inspection, checklist, site = load_inspection(db, inspection_id)
    completed_on = beijing_day(inspection.completed_at or "")
    if inspection.status != "completed" or completed_on is None:
        raise NoticeNotPossible(
            f"检查记录 {inspection.id} 尚未完成，完成后才能出具整改通知书。"
            f" (inspection {inspection.id} is not completed: complete it first)"
        )
    findings = findings_of(db, checklist, inspection.id)
    if not findings:
        raise NoticeNotPossible(
            f"检查记录 {inspection.id} 未发现问题，无需出具整改通知书。"
            f" (inspection {inspection.id} has no findings: there is nothing to rectify)"
        )
    office = office_name(db)
    if not office.strip():
        # A notice without 发文机关 cannot be served: say where the office is set.
        raise NoticeNotPossible(
            "未设置发文单位名称，不能出具整改通知书；请在“设置”中填写单位名称"
            "（命令行：street-audit init --office 单位名称） "
            "(no issuing office is set: a notice cannot be made; enter the office name in "
            "Settings, or give init --office)")
    issued = issue_date or today()
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
