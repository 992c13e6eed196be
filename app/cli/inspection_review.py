"""`street-audit inspection discard|discarded|duplicate|review|review-queue` (issue 12.7, 12.8):
throw a draft away (kept in the audit log), copy one, and the team lead's review — the same
services as the window (app.store.inspections, app.store.review)."""

from __future__ import annotations

import argparse

from app.cli.common import add_db_option, add_json_option, db_path, emit
from app.cli.init import open_db
from app.core.clock import format_beijing
from app.store.inspections import discard_draft, discarded_drafts, duplicate_inspection
from app.store.profile import get_profile
from app.store.review import (
    STATE_TEXT,
    approve_inspection,
    return_inspection,
    review_queue,
)

Sub = argparse._SubParsersAction


def register(sub: Sub) -> None:
    """Add the draft and review commands under `inspection`."""
    discard = sub.add_parser(
        "discard", help="丢弃一份草稿（审计日志保留其答案） (throw a draft away; the audit log "
        "keeps its answers)")
    discard.add_argument("inspection_id", metavar="ID")
    discard.add_argument("--reason", default="", help="丢弃原因 (why)")
    discarded = sub.add_parser(
        "discarded", help="列出已丢弃的草稿（来自审计日志） (list discarded drafts, from the "
        "audit log)")
    duplicate = sub.add_parser(
        "duplicate", help="复制为新草稿：同一场所和检查表，答案照抄，照片不复制 (copy as a new "
        "draft: same site and checklist, answers copied, photos not)")
    duplicate.add_argument("inspection_id", metavar="ID")
    review = sub.add_parser(
        "review", help="组长审核：通过，或退回并写明意见 (team lead's review: approve, or "
        "return with comments)")
    review.add_argument("inspection_id", metavar="ID")
    how = review.add_mutually_exclusive_group(required=True)
    how.add_argument("--approve", action="store_true", help="审核通过 (approve)")
    how.add_argument("--return", dest="return_comments", metavar="COMMENTS",
                     help="退回补正，写明意见 (return with comments)")
    review.add_argument("--comments", default="", help="通过时的意见 (comments on approval)")
    queue = sub.add_parser("review-queue", help="待审核的已完成检查 (completed inspections to "
                           "review)")
    for parser, handler in ((discard, run_discard), (discarded, run_discarded),
                            (duplicate, run_duplicate), (review, run_review),
                            (queue, run_queue)):
        add_db_option(parser)
        add_json_option(parser)
        parser.set_defaults(handler=handler)


def _actor(db: object) -> str:
    profile = get_profile(db)  # type: ignore[arg-type]
    return profile.inspector_name if profile else ""


def run_discard(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        discard_draft(db, args.inspection_id, _actor(db), args.reason)
    finally:
        db.close()
    emit(args, f"已丢弃草稿 (draft discarded): {args.inspection_id}；审计日志保留其答案 "
         "(its answers stay in the audit log)", {"id": args.inspection_id, "discarded": True})
    return 0


def run_discarded(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        rows = discarded_drafts(db)
    finally:
        db.close()
    lines = [f"{format_beijing(r['at'])}  {r['id']}  {r['actor']}  {r.get('reason') or '—'}"
             for r in rows] or ["没有丢弃的草稿 (no discarded drafts)"]
    emit(args, "\n".join(lines), rows)
    return 0


def run_duplicate(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        copy = duplicate_inspection(db, args.inspection_id, _actor(db))
    finally:
        db.close()
    emit(args, f"新草稿 (new draft): {copy.id}", {"id": copy.id, "from": args.inspection_id})
    return 0


def run_review(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        actor = _actor(db)
        if args.approve:
            review = approve_inspection(db, args.inspection_id, actor, args.comments)
        else:
            review = return_inspection(db, args.inspection_id, args.return_comments, actor)
    finally:
        db.close()
    state = STATE_TEXT[review.decision]
    task = f"；退回任务 (return task) {review.task_id}" if review.task_id else ""
    emit(args, f"{state.zh} ({state.en}): {args.inspection_id}{task}",
         {"id": review.id, "inspection_id": review.inspection_id, "decision": review.decision,
          "comments": review.comments, "task_id": review.task_id})
    return 0


def run_queue(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        rows = review_queue(db)
    finally:
        db.close()
    lines = [f"{format_beijing(r.completed_at)}  {r.inspection_id}  {r.site_name}  "
             f"{r.form_title.zh}  {r.inspector_name}  问题 {r.finding_count}" for r in rows]
    emit(args, "\n".join(lines) or "没有待审核的检查 (nothing to review)",
         [{"id": r.inspection_id, "site": r.site_name, "form": r.form_title.zh,
           "inspector": r.inspector_name, "completed_at": r.completed_at,
           "findings": r.finding_count} for r in rows])
    return 0
