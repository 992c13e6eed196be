"""The record prints what the completion stored (issue 12.1): each drawn signature over its line
with its time, the party's refusal with its witness, and the reason for too few photos; the
notice's 送达回执 carries the party's signature. Read back with pdftotext and pypdf."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlite_utils
from PIL import Image
from pypdf import PdfReader

from app.core.clock import beijing_text
from app.reports import write_inspection_report, write_notice
from app.reports.gather import inspection_report_data
from app.reports.notice_gather import notice_data
from app.store.checklists import register_checklist
from app.store.completion import complete_with_record
from app.store.db import open_database
from app.store.inspections import set_answers, start_inspection
from app.store.profile import initialize_device
from app.store.signatures import SignatureInput, signatures_for
from app.store.sites import SiteDraft, create_site
from tests.helpers.completion import photo_min_checklist, signature_png
from tests.helpers.pdfcheck import all_text, needs_poppler


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = open_database(tmp_path / "street-audit.db", create=True)
    initialize_device(database, "field", "王建国", badge_no="11010100042",
                      district_code="110101", office_name="东城区东华门街道综合执法队",
                      office_code="东城东华门责改")
    return database


def _completed(db: sqlite_utils.Database, signatures: list[SignatureInput],
               reason: str | None) -> str:
    checklist, text = photo_min_checklist()
    register_checklist(db, checklist, text, "王建国")
    site = create_site(db, SiteDraft(district_code="110101", name="鑫源便民超市",
                                     address="东城区东四北大街123号", contact_name="张老板"),
                       "王建国")
    insp = start_inspection(db, checklist.id, site.id, None)
    set_answers(db, insp.id, {"trading": "yes"}, "王建国")
    complete_with_record(db, insp.id, "王建国", short_photo_reason=reason, signatures=signatures)
    return str(insp.id)


def _images(pdf: Path) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(str(pdf)).pages:
        for image in page.images:
            with Image.open(io.BytesIO(image.data)) as img:
                sizes.append(img.size)
    return sizes


@needs_poppler
def test_drawn_signatures_and_reason_are_printed(db: sqlite_utils.Database,
                                                 tmp_path: Path) -> None:
    inspector_png, party_png = signature_png(2, (320, 110)), signature_png(7, (280, 90))
    insp = _completed(db, [SignatureInput("inspector", inspector_png, "王建国"),
                           SignatureInput("party", party_png, "张老板")],
                      "店主拒绝在店内拍照")
    stored = signatures_for(db, insp)
    out = tmp_path / "record.pdf"
    write_inspection_report(inspection_report_data(db, insp), out)
    text = all_text(out)
    assert "照片不足说明：店主拒绝在店内拍照" in text
    assert "五、签字确认" in text
    for role in ("inspector", "party"):
        assert beijing_text(stored[role].signed_at).replace(" ", "") in text
    # Both drawings are in the PDF, at their own size.
    assert (320, 110) in _images(out) and (280, 90) in _images(out)
    assert "当事人拒签" not in text

    notice = tmp_path / "notice.pdf"
    write_notice(notice_data(db, insp), notice)
    assert "检查时签字" in all_text(notice)
    assert (280, 90) in _images(notice)


@needs_poppler
def test_refusal_and_witness_are_printed(db: sqlite_utils.Database, tmp_path: Path) -> None:
    insp = _completed(db, [SignatureInput("inspector", signature_png(4), "王建国"),
                           SignatureInput.party_refused("李见证", "张老板")], "夜间光线不足")
    out = tmp_path / "record.pdf"
    write_inspection_report(inspection_report_data(db, insp), out)
    text = all_text(out)
    assert "当事人拒签，见证人：李见证" in text
    assert "（拒签）" in text
    notice = tmp_path / "notice.pdf"
    write_notice(notice_data(db, insp), notice)
    assert "当事人拒签" in all_text(notice) and "李见证" in all_text(notice)


@needs_poppler
def test_unsigned_record_keeps_blank_lines(db: sqlite_utils.Database, tmp_path: Path) -> None:
    insp = _completed(db, [], "现场无法拍照")
    out = tmp_path / "record.pdf"
    write_inspection_report(inspection_report_data(db, insp), out)
    text = all_text(out)
    assert "当事人（签字）：" in text and "见证人（签字）：" in text
    assert "当事人拒绝签字的，由检查人员在此注明情况" in text
    assert _images(out) == [] or all(size[0] > 400 for size in _images(out))  # only the QR
