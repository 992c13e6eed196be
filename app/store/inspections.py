"""Changing inspections: start, answer (saved at once), complete, amend, discard a draft.

Every change is one write transaction that also rewrites the derived findings and appends an
audit entry, so a killed program leaves an inspection as it was before or after the change.
Reading is app.store.inspection_records; the list and its counts are inspection_list and
inspection_counts; the errors are inspection_errors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.core import clock
from app.core.clock import utc_now
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.cases import update_cases
from app.store.checklists import get_checklist
from app.store.db import write_transaction
from app.store.inspection_errors import (
    AmendmentInProgress,
    IncompleteInspection,
    InspectionError,
    InspectionReadOnly,
    ItemProblem,
    UnknownItem,
)
from app.store.inspection_records import (
    Inspection,
    checklist_of,
    evaluate_answers,
    get_inspection,
)
from app.store.photos import copy_photo_uses
from app.store.profile import Profile, get_profile, get_setting, set_setting
from app.store.sites import get_site

if TYPE_CHECKING:
    import sqlite_utils

    from app.core.checklist import Checklist, Evaluation


def start_inspection(
    db: sqlite_utils.Database,
    form_id: str,
    site_id: str,
    profile: Profile | None,
    *,
    form_version: int | None = None,
    answers: Mapping[str, Any] | None = None,
    lat: float | None = None,
    lon: float | None = None,
    second_officer: tuple[str, str] | None = None,
) -> Inspection:
    """A new draft inspection of a site with a registered checklist (the newest version).

    `second_officer` (name, badge number): the officer inspecting with the profile's one; it
    is remembered for the next inspection (setting "second_officer")."""
    checklist = get_checklist(db, form_id, form_version)  # UnknownForm names the known ones
    site = get_site(db, site_id)
    profile = profile or get_profile(db)
    inspector = profile.inspector_name if profile else ""
    given = dict(answers or {})
    _check_items(checklist, given)
    now = utc_now()
    # The checklist's own dates (`default:`, e.g. 检查日期 = today) count from the Beijing day
    # of the start and are written as answers now, so the window, the command line and bundles
    # all see the same date; an answer given here wins.
    from app.core.checklist import default_answers

    defaults = default_answers(checklist, clock.beijing_date(now), given)
    given.update(defaults)
    second_name, second_badge = (x.strip() for x in (second_officer or ("", "")))
    inspection_id = new_id()
    with write_transaction(db):
        ev = evaluate_answers(checklist, given)
        db.execute(
            "INSERT INTO inspections (id, origin_device, rev, base_rev, created_at, updated_at, "
            "form_id, form_version, site_id, district_code, status, answers, finding_count, "
            "inspector_name, badge_no, team, started_at, lat, lon, chain_id, amendment_no, "
            "second_inspector_name, second_badge_no) "
            "VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                inspection_id,
                local_device_id(db),
                now,
                now,
                checklist.id,
                checklist.version,
                site.id,
                site.district_code,
                _dump(given),
                len(ev.findings),
                inspector,
                profile.badge_no if profile else "",
                profile.team if profile else "",
                now,
                lat,
                lon,
                inspection_id,
                second_name,
                second_badge,
            ),
        )
        _write_findings(db, inspection_id, ev)
        if second_officer is not None:
            set_setting(db, "second_officer", {"name": second_name, "badge": second_badge},
                        inspector)
        record_audit(
            db,
            inspector,
            "inspection.start",
            "inspection",
            inspection_id,
            {"form": checklist.key, "site_id": site.id, "answers": given,
             "defaults": sorted(defaults),
             **({"second_officer": {"name": second_name, "badge": second_badge}}
                if second_officer is not None else {})},
        )
    return get_inspection(db, inspection_id)


def set_answer(
    db: sqlite_utils.Database, inspection_id: str, item_id: str, value: Any, actor: str
) -> Evaluation:
    """Save one answer at once (None or blank text removes it); returns the new evaluation."""
    return set_answers(db, inspection_id, {item_id: value}, actor)


def set_answers(
    db: sqlite_utils.Database, inspection_id: str, answers: Mapping[str, Any], actor: str
) -> Evaluation:
    """Save several answers in one transaction (one audit entry); returns the evaluation."""
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        _refuse_if_completed(inspection)
        checklist = checklist_of(db, inspection)
        _check_items(checklist, answers)
        new = dict(inspection.answers)
        changes: dict[str, Any] = {}
        for item_id, value in answers.items():
            old = new.get(item_id)
            if _is_blank(value):
                if item_id in new:
                    del new[item_id]
                    changes[item_id] = {"old": old, "new": None}
            elif old != value or item_id not in new:
                new[item_id] = value
                changes[item_id] = {"old": old, "new": value}
        if changes:
            filled = _defaults_for_newly_shown(checklist, inspection, new)
            new.update(filled)
            changes.update({k: {"old": None, "new": v, "default": True} for k, v in filled.items()})
        ev = evaluate_answers(checklist, new)
        if not changes:
            return ev
        db.execute(
            "UPDATE inspections SET answers = ?, finding_count = ?, rev = rev + 1, "
            "base_rev = rev, updated_at = ? WHERE id = ?",
            (_dump(new), len(ev.findings), utc_now(), inspection_id),
        )
        _write_findings(db, inspection_id, ev)
        record_audit(db, actor, "answer.set", "inspection", inspection_id, changes)
    return ev


def _defaults_for_newly_shown(
    checklist: Checklist, inspection: Inspection, answers: Mapping[str, Any]
) -> dict[str, Any]:
    """Date defaults of items that an answer has just brought into view (e.g. 整改期限 once
    "notice served" is chosen), counted from the inspection's Beijing start day. An item that
    was already shown keeps what the inspector left in it, even blank."""
    from app.core.checklist import default_answers

    fills = default_answers(checklist, clock.beijing_date(inspection.started_at), answers)
    if not fills:
        return {}
    shown_before = set(evaluate_answers(checklist, inspection.answers).visible)
    return {k: v for k, v in fills.items() if k not in shown_before}


def complete_inspection(db: sqlite_utils.Database, inspection_id: str, actor: str) -> Inspection:
    """Complete a draft: refused (IncompleteInspection) until required answers are valid.

    Completing an amendment marks the version it amends as superseded, in the same transaction.
    """
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        _refuse_if_completed(inspection)
        checklist = checklist_of(db, inspection)
        ev = evaluate_answers(checklist, inspection.answers)
        if not ev.can_complete:
            raise incomplete_error(checklist, ev)
        now = utc_now()
        db.execute(
            "UPDATE inspections SET status = 'completed', completed_at = ?, rev = rev + 1, "
            "base_rev = rev, updated_at = ? WHERE id = ?",
            (now, now, inspection_id),
        )
        _write_findings(db, inspection_id, ev)
        record_audit(
            db,
            actor,
            "inspection.complete",
            "inspection",
            inspection_id,
            {"findings": len(ev.findings), "amends": inspection.amends_id},
        )
        if inspection.amends_id:
            db.execute(
                "UPDATE inspections SET superseded_by = ?, rev = rev + 1, base_rev = rev, "
                "updated_at = ? WHERE id = ?",
                (inspection_id, now, inspection.amends_id),
            )
            record_audit(
                db,
                actor,
                "inspection.supersede",
                "inspection",
                inspection.amends_id,
                {"superseded_by": inspection_id, "reason": inspection.amend_reason},
            )
        # Its findings open, re-inspect or close cases now (docs/cases.md), in this transaction.
        update_cases(db, actor)
    return get_inspection(db, inspection_id)


def amend_inspection(
    db: sqlite_utils.Database, inspection_id: str, reason: str, actor: str
) -> Inspection:
    """A new draft version of a completed inspection, answers copied; the old one is untouched."""
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError(Text("请填写更正原因", "give the reason for the amendment"))
    with write_transaction(db):
        old = get_inspection(db, inspection_id)
        if not old.is_completed:
            raise InspectionError(Text(
                "只有已完成的检查才需要更正；草稿可直接修改",
                "only a completed inspection is amended; edit a draft directly"))
        if old.superseded_by:
            raise InspectionError(Text(
                f"该检查已被更正版本 {old.superseded_by} 取代，请更正最新版本",
                f"this inspection was superseded by {old.superseded_by}: amend the latest version"))
        open_draft = db.execute(
            "SELECT id FROM inspections WHERE amends_id = ? AND status = 'draft'", (old.id,)
        ).fetchone()
        if open_draft:
            raise AmendmentInProgress(str(open_draft[0]))
        profile = get_profile(db)
        now = utc_now()
        new_inspection_id = new_id()
        number = (
            1
            + db.execute(
                "SELECT max(amendment_no) FROM inspections WHERE chain_id = ?", (old.chain_id,)
            ).fetchone()[0]
        )
        ev = evaluate_answers(checklist_of(db, old), old.answers)
        db.execute(
            "INSERT INTO inspections (id, origin_device, rev, base_rev, created_at, updated_at, "
            "form_id, form_version, site_id, district_code, status, answers, finding_count, "
            "inspector_name, badge_no, team, started_at, lat, lon, chain_id, amendment_no, "
            "amends_id, amend_reason, second_inspector_name, second_badge_no) "
            "VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_inspection_id,
                local_device_id(db),
                now,
                now,
                old.form_id,
                old.form_version,
                old.site_id,
                old.district_code,
                _dump(old.answers),
                len(ev.findings),
                profile.inspector_name if profile else old.inspector_name,
                profile.badge_no if profile else old.badge_no,
                profile.team if profile else old.team,
                now,
                old.lat,
                old.lon,
                old.chain_id,
                number,
                old.id,
                reason,
                old.second_inspector_name,
                old.second_badge_no,
            ),
        )
        _write_findings(db, new_inspection_id, ev)
        record_audit(
            db,
            actor,
            "inspection.amend",
            "inspection",
            new_inspection_id,
            {"amends": old.id, "reason": reason, "amendment_no": number},
        )
        # The answers' photo items name these pictures: their uses (and checks) come along in
        # the same transaction. Imported here: app.store.photos imports this module.
        copy_photo_uses(db, old.id, new_inspection_id, actor)
    return get_inspection(db, new_inspection_id)


def set_second_officer(db: sqlite_utils.Database, inspection_id: str, name: str, badge: str,
                       actor: str) -> Inspection:
    """Name the second officer of a draft (行政处罚法 第四十二条: two officers inspect)."""
    name, badge = name.strip(), badge.strip()
    with write_transaction(db):
        old = get_inspection(db, inspection_id)
        _refuse_if_completed(old)
        if (old.second_inspector_name, old.second_badge_no) == (name, badge):
            return old
        db.execute(
            "UPDATE inspections SET second_inspector_name = ?, second_badge_no = ?, "
            "rev = rev + 1, base_rev = rev, updated_at = ? WHERE id = ?",
            (name, badge, utc_now(), inspection_id))
        set_setting(db, "second_officer", {"name": name, "badge": badge}, actor)
        record_audit(db, actor, "inspection.second_officer", "inspection", inspection_id,
                     {"name": name, "badge": badge})
    return get_inspection(db, inspection_id)


def remembered_second_officer(db: sqlite_utils.Database) -> tuple[str, str]:
    """The second officer named last on this device: (name, badge number), or ("", "")."""
    value = get_setting(db, "second_officer", None)
    if not isinstance(value, dict):
        return "", ""
    return str(value.get("name", "")), str(value.get("badge", ""))


def delete_draft(db: sqlite_utils.Database, inspection_id: str, actor: str) -> None:
    """Throw away a draft (e.g. started by mistake); completed ones cannot be deleted."""
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        _refuse_if_completed(inspection)
        db.execute("DELETE FROM inspections WHERE id = ?", (inspection_id,))
        record_audit(
            db,
            actor,
            "inspection.delete_draft",
            "inspection",
            inspection_id,
            {"answers": inspection.answers, "site_id": inspection.site_id},
        )


def discard_draft(db: sqlite_utils.Database, inspection_id: str, actor: str,
                  reason: str = "") -> None:
    """Throw a draft away (issue 12.7): gone from the lists, but its audit entry keeps what it
    held — answers, site, checklist, inspector, photos used — and the reason; a draft others
    may know leaves a tombstone for the next bundle (docs/sync.md). Completed ones refuse."""
    with write_transaction(db):
        inspection = get_inspection(db, inspection_id)
        _refuse_if_completed(inspection)
        photos = [
            {"sha256": r[0], "item_id": r[1], "caption": r[2]}
            for r in db.execute(
                "SELECT sha256, item_id, caption FROM inspection_photos WHERE inspection_id = ? "
                "ORDER BY position, id", (inspection_id,))
        ]
        # The photo originals stay (evidence, content-addressed); only these uses go.
        db.execute("DELETE FROM inspection_photos WHERE inspection_id = ?", (inspection_id,))
        db.execute("DELETE FROM inspections WHERE id = ?", (inspection_id,))
        record_audit(
            db, actor, "inspection.discard", "inspection", inspection_id,
            {"reason": (reason or "").strip(), "answers": inspection.answers,
             "site_id": inspection.site_id,
             "form": f"{inspection.form_id}/v{inspection.form_version}",
             "inspector": inspection.inspector_name, "started_at": inspection.started_at,
             "amends": inspection.amends_id, "photos": photos},
        )


def discarded_drafts(db: sqlite_utils.Database, limit: int = 1000) -> list[dict[str, Any]]:
    """The drafts thrown away here or on devices whose audit came in a bundle, newest first:
    what their audit entries hold (id, when, by whom, reason, answers, site, photos)."""
    rows = db.execute(
        "SELECT entity_id, at, actor, detail FROM audit WHERE action = 'inspection.discard' "
        "ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
    return [{"id": r[0], "at": r[1], "actor": r[2], **json.loads(r[3])} for r in rows]


def duplicate_inspection(db: sqlite_utils.Database, inspection_id: str, actor: str,
                         profile: Profile | None = None) -> Inspection:
    """A new draft of the same site and checklist version with the answers copied (issue
    12.7). Not copied: photos (a picture is evidence of one visit) and the checklist's dated
    defaults (检查日期 and the like start again from today)."""
    with write_transaction(db):
        source = get_inspection(db, inspection_id)
        checklist = checklist_of(db, source)
        answers = {k: v for k, v in source.answers.items()
                   if _has_item(checklist, k) and checklist.item(k).type != "photo"
                   and checklist.item(k).default_days is None}
        second = (source.second_inspector_name, source.second_badge_no)
        copy = start_inspection(db, source.form_id, source.site_id, profile or get_profile(db),
                                form_version=source.form_version, answers=answers,
                                second_officer=second if any(second) else None)
        record_audit(db, actor, "inspection.duplicate", "inspection", copy.id,
                     {"from": source.id, "answers": sorted(answers)})
    return copy


def incomplete_error(checklist: Checklist, ev: Evaluation) -> IncompleteInspection:
    """The refusal for an evaluation that cannot complete, with labels for every item."""
    missing = tuple(
        ItemProblem(i, checklist.item(i).label, (Text("必填", "required"),))
        for i in ev.missing_required
    )
    invalid = tuple(
        ItemProblem(i, _label(checklist, i), tuple(problems)) for i, problems in ev.errors.items()
    )
    return IncompleteInspection(missing, invalid)


def _refuse_if_completed(inspection: Inspection) -> None:
    if inspection.is_completed:
        raise InspectionReadOnly(inspection.id)


def _check_items(checklist: Checklist, answers: Mapping[str, Any]) -> None:
    unknown = [k for k in answers if not _has_item(checklist, k)]
    if unknown:
        raise UnknownItem(Text(
            f"检查表 {checklist.key} 没有这些项目：{'、'.join(unknown)}",
            f"checklist {checklist.key} has no items {', '.join(unknown)}"))


def _has_item(checklist: Checklist, item_id: str) -> bool:
    try:
        checklist.item(item_id)
    except KeyError:
        return False
    return True


def _label(checklist: Checklist, item_id: str) -> Text:
    if _has_item(checklist, item_id):
        return checklist.item(item_id).label
    try:
        return checklist.computed_value(item_id).label
    except KeyError:
        return Text(item_id, item_id)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _dump(answers: Mapping[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, sort_keys=True)


FindingRow = tuple[str, str, str, str, str | None, str | None]


def finding_rows(ev: Evaluation) -> tuple[FindingRow, ...]:
    """An evaluation's findings as the `findings` table holds them (after the inspection id):
    item, severity, text zh/en, legal basis zh/en. The demo's bulk rows use the same."""
    return tuple(
        (f.item_id, f.severity, f.text.zh, f.text.en,
         f.legal_basis.zh if f.legal_basis else None,
         f.legal_basis.en if f.legal_basis else None)
        for f in ev.findings
    )


def _write_findings(db: sqlite_utils.Database, inspection_id: str, ev: Evaluation) -> None:
    db.execute("DELETE FROM findings WHERE inspection_id = ?", (inspection_id,))
    db.conn.executemany(
        "INSERT INTO findings (inspection_id, item_id, severity, text_zh, text_en, "
        "legal_basis_zh, legal_basis_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(inspection_id, *row) for row in finding_rows(ev)],
    )
