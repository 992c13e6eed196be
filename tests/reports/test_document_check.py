"""A printed record checked against the database: `verify --document` with the PDF or the
text of its QR code (issue 9: "a QR that proves something")."""

from __future__ import annotations

import os
from pathlib import Path

import pypdf
import pytest

from app.cli import main
from app.core.record_digest import PhotoUse, find_mark, grouped, qr_text, record_digest
from app.reports import write_inspection_report
from app.reports.document_check import NoRecordMark, check_document, read_mark
from app.reports.gather import inspection_report_data
from app.store.inspection_digest import inspection_digest
from app.store.inspections import amend_inspection, complete_inspection, set_answer
from tests.helpers import report_db as F
from tests.helpers.pdfcheck import all_text, needs_poppler


@pytest.fixture
def fx(tmp_path: Path) -> F.Fixture:
    return F.make_database(tmp_path)


def _print(fx: F.Fixture, rid: str, out: Path) -> Path:
    write_inspection_report(inspection_report_data(fx.db, rid), out)
    return out


def test_the_digest_covers_what_the_record_prints() -> None:
    base = {"id": "r1", "answers": {"a": "yes"}, "inspector_name": "王", "lat": 39.9}
    photos = [PhotoUse("a" * 64, "p1", "门前", 0)]
    digest = record_digest(base, photos)
    assert digest == record_digest(dict(reversed(list(base.items()))), photos)  # key order
    assert record_digest({**base, "superseded_by": "x", "rev": 7}, photos) == digest  # not printed
    for changed in ({"answers": {"a": "no"}}, {"inspector_name": "李"}, {"lat": 39.90001},
                    {"second_badge_no": "B2"}, {"amend_reason": "笔误"}):
        assert record_digest({**base, **changed}, photos) != digest, changed
    assert record_digest(base, [PhotoUse("b" * 64, "p1", "门前", 0)]) != digest
    assert record_digest(base, [PhotoUse("a" * 64, "p1", "门后", 0)]) != digest
    assert record_digest(base, []) != digest
    text = qr_text("0192f3a4-5b6c-7d8e-9f01-23456789abcd", digest)
    mark = find_mark(f"junk {text} junk")
    assert mark is not None and mark.record_id.endswith("abcd") and digest.startswith(
        mark.digest_prefix) and len(mark.digest_prefix) == 32
    assert find_mark(text[:-1]) is None  # one hex short: not a mark
    assert grouped(digest).count(" ") == 7


@needs_poppler
def test_a_printed_record_matches_until_the_record_changes(fx: F.Fixture,
                                                           tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=2,
                              tmp=tmp_path)
    paper = _print(fx, rid, tmp_path / "record.pdf")
    digest = inspection_digest(fx.db, rid)
    text = all_text(paper)
    assert f"核验码：{grouped(digest).replace(' ', '')}" in text
    ok = check_document(fx.db, str(paper))
    assert ok.matches and ok.record_id == rid and not ok.superseded_by
    assert check_document(fx.db, qr_text(rid, digest)).matches  # the phone's reading

    # Amended later: the paper is still the record it was, and says it was replaced.
    amendment = amend_inspection(fx.db, rid, "地址笔误", F.ACTOR)
    complete_inspection(fx.db, amendment.id, F.ACTOR)
    later = check_document(fx.db, str(paper))
    assert later.matches and later.superseded_by == amendment.id
    assert "已被更正记录" in later.message.zh

    # A forged paper: the QR of the same record with another digest.
    forged = check_document(fx.db, qr_text(rid, "0" * 64))
    assert forged.outcome == "changed" and "可能被篡改" in forged.message.zh


@needs_poppler
def test_a_draft_edited_after_printing_no_longer_matches(fx: F.Fixture,
                                                         tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=5, clean=True, photos=0,
                              complete=False, tmp=tmp_path)
    paper = _print(fx, rid, tmp_path / "draft.pdf")
    assert check_document(fx.db, str(paper)).matches
    checklist_item = "business_name"
    set_answer(fx.db, rid, checklist_item, "改过的招牌", F.ACTOR)
    result = check_document(fx.db, str(paper))
    assert result.outcome == "changed" and "草稿" in result.message.zh


@needs_poppler
def test_a_pdf_whose_metadata_was_dropped_is_read_from_its_text(fx: F.Fixture,
                                                                tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=6, clean=False, photos=0,
                              tmp=tmp_path)
    paper = _print(fx, rid, tmp_path / "record.pdf")
    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(str(paper)).pages:
        writer.add_page(page)
    stripped = tmp_path / "resaved.pdf"
    with stripped.open("wb") as fh:
        writer.write(fh)
    assert "/Keywords" not in (pypdf.PdfReader(str(stripped)).metadata or {})
    assert check_document(fx.db, str(stripped)).matches


def test_what_is_not_a_record_is_refused_with_a_reason(fx: F.Fixture, tmp_path: Path) -> None:
    not_pdf = tmp_path / "photo.pdf"
    not_pdf.write_bytes(b"\xff\xd8\xff\xe0 not a pdf")
    with pytest.raises(NoRecordMark, match="不是 PDF"):
        read_mark(str(not_pdf))
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    with pytest.raises(NoRecordMark):
        read_mark(str(truncated))
    with pytest.raises(NoRecordMark, match="SA-REC"):
        read_mark("https://example.com/some-other-qr")
    with pytest.raises(NoRecordMark, match="找不到文件"):
        read_mark(str(tmp_path / "missing.pdf"))
    with pytest.raises(NoRecordMark, match="不是普通文件"):
        read_mark(str(tmp_path))  # a folder
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    with pytest.raises(NoRecordMark, match="不是普通文件"):
        read_mark(str(pipe))  # refused at once, never opened (it would wait for a writer)
    unknown = check_document(fx.db, qr_text("0192f3a4-5b6c-7d8e-9f01-000000000000", "a" * 64))
    assert unknown.outcome == "unknown" and "没有检查记录" in unknown.message.zh


@needs_poppler
def test_the_command_line_says_match_or_not_with_its_exit_code(
        fx: F.Fixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=7, clean=False, photos=0,
                              tmp=tmp_path)
    paper = _print(fx, rid, tmp_path / "record.pdf")
    fx.db.close()
    db = str(fx.db_path)
    assert main(["verify", "--db", db, "--document", str(paper)]) == 0
    assert "一致" in capsys.readouterr().out
    assert main(["verify", "--db", db, "--document", qr_text(rid, "f" * 64)]) == 1
    assert "不一致" in capsys.readouterr().out
    assert main(["verify", "--db", db, "--document", str(tmp_path / "nope.pdf")]) == 3
    assert main(["verify", "--db", db, "--json", "--document", str(paper)]) == 0
    assert '"outcome": "match"' in capsys.readouterr().out


def test_version_2_covers_the_photo_reason_and_the_signatures() -> None:
    from app.core.record_digest import SignatureMark

    base = {"id": "r1", "answers": {}, "short_photo_reason": None}
    party = SignatureMark("party", "张三", "a" * 64, "2026-12-05T02:00:00Z", False, "")
    digest = record_digest(base, [], [party])
    assert record_digest({**base, "short_photo_reason": "店主不让拍"}, [], [party]) != digest
    assert record_digest(base, [], []) != digest
    refused = SignatureMark("party", "", "", "2026-12-05T02:00:00Z", True, "李四")
    assert record_digest(base, [], [refused]) != digest
    # Version 1 (papers printed before signatures existed) ignores both, as printed then.
    assert record_digest(base, [], [party], version=1) == record_digest(
        {**base, "short_photo_reason": "x"}, [], [], version=1)
    with pytest.raises(ValueError):
        record_digest(base, [], [], version=9)


@needs_poppler
def test_a_paper_printed_with_version_1_still_checks_out(fx: F.Fixture, tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=8, clean=False, photos=1,
                              tmp=tmp_path)
    v1 = inspection_digest(fx.db, rid, version=1)
    assert check_document(fx.db, f"SA-REC:1:{rid}:{v1[:32]}").matches
    assert not check_document(fx.db, f"SA-REC:2:{rid}:{v1[:32]}").matches
    with pytest.raises(NoRecordMark, match="版本 7"):
        check_document(fx.db, f"SA-REC:7:{rid}:{v1[:32]}")
