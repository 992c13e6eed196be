"""Signatures and the reason for too few photos travel in bundles with their inspection
(issue 12.1): the office holds the same PNG bytes, hash and time; merged twice, nothing changes;
the office's record prints them."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from app.store.completion import complete_with_record, short_photo_reason
from app.store.inspections import set_answers
from app.store.signatures import SignatureInput, signatures_for
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.completion import signature_png
from tests.helpers.sync_edits import dump, new_inspection, new_site


def _complete_signed(db: sqlite_utils.Database, insp: str) -> None:
    import random

    from app.core.checklist import sample_answers
    from app.store.inspection_records import inspection_checklist

    checklist = inspection_checklist(db, insp)
    set_answers(db, insp, sample_answers(checklist, random.Random(3)), "王巡查")
    complete_with_record(db, insp, "王巡查", short_photo_reason="当事人拒绝拍照", signatures=[
        SignatureInput("inspector", signature_png(8), "王巡查"),
        SignatureInput.party_refused("赵见证", "李老板")])


def test_signatures_reach_the_office(tmp_path: Path, office: sqlite_utils.Database,
                                     laptop: sqlite_utils.Database) -> None:
    insp = new_inspection(laptop, new_site(laptop, "老北京面馆"))
    _complete_signed(laptop, insp)
    bundle = export_bundle(laptop, tmp_path / "out")
    assert bundle.counts["signature"] == 2
    result = merge_bundle(office, bundle.paths[0])
    assert result.status == "merged", result.reason
    here, there = signatures_for(laptop, insp), signatures_for(office, insp)
    assert there == here
    assert there["inspector"].png == signature_png(8)
    assert there["party"].refused and there["party"].witness_name == "赵见证"
    assert short_photo_reason(office, insp) == "当事人拒绝拍照"
    got = dump(office)
    assert merge_bundle(office, bundle.paths[0]).status == "already"
    assert dump(office) == got
    assert office.execute("PRAGMA foreign_key_check").fetchall() == []
    # Nothing new to send: the signatures went once.
    second = export_bundle(laptop, tmp_path / "out2")
    assert second.counts.get("signature", 0) == 0
