"""Documents gathered from a real database made through the store API, then rendered."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from app.core.clock import BEIJING
from app.reports import write_inspection_report, write_summary
from app.reports.gather import InspectionMissing, NoticeNotPossible, inspection_report_data
from app.reports.notice_gather import notice_data
from app.reports.summary_gather import SummaryFilter, summary_data
from app.store.inspection_records import get_findings
from tests.helpers import report_db as F
from tests.helpers.pdfcheck import all_text, assert_page_numbers, needs_poppler


@pytest.fixture
def fx(tmp_path: Path) -> F.Fixture:
    return F.make_database(tmp_path)


def test_inspection_report_from_database(fx: F.Fixture, tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=3,
                              tmp=tmp_path)
    data = inspection_report_data(fx.db, rid)
    assert data.office_name == F.OFFICE and data.record_id == rid
    assert data.site.district == "东城区" and data.site.street == "东华门街道"
    assert data.site.community and data.site.credit_code == "91110000600037341L"
    assert data.location is not None and abs(data.location.gcj02_lat - 39.91334545) < 1e-6
    assert data.inspector == F.ACTOR and data.badge_no == "京东城0415"
    stored = get_findings(fx.db, rid)
    assert [f.text for f in data.findings] == [f.text.zh for f in stored]
    assert stored, "seeded to have findings"
    flagged = [r for s in data.sections for r in s.rows if r.is_finding]
    assert flagged
    answers = [r.answer for s in data.sections for r in s.rows]
    # Answers are shown as labels, never as the stored option values.
    assert not {"yes", "no", "na"} & set(answers)
    assert len(data.photos) == 3 and all(p.path.is_file() for p in data.photos)
    by_caption = {p.caption.split("：")[-1]: p for p in data.photos}
    near, far, no_gps = by_caption["现场 1"], by_caption["现场 2"], by_caption["现场 3"]
    assert near.caption.startswith("现场照片")  # the checklist item's slot it belongs to
    assert near.distance_m is not None and near.distance_m < 50
    assert far.distance_m is not None and far.distance_m > 1000 and far.badges
    assert no_gps.distance_m is None and no_gps.badges
    assert near.taken_at.startswith(str(date.today().year))


@needs_poppler
def test_documents_render_from_database(fx: F.Fixture, tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "storefront_opening", fx.site, seed=5, clean=False,
                              photos=2, tmp=tmp_path)
    report = tmp_path / "r.pdf"
    written = write_inspection_report(inspection_report_data(fx.db, rid), report)
    text = all_text(report)
    assert rid in text and "老北京炸酱面馆" in text and F.OFFICE in text
    assert assert_page_numbers(report) == written.pages
    for finding in get_findings(fx.db, rid):
        assert "".join(finding.text.zh.split()) in text

    # The notice made from the same database: tests/reports/test_notice_gather.py.


def F_local_date(stored: str) -> str:
    from app.core.clock import beijing_day

    day = beijing_day(stored)
    assert day is not None
    return day.isoformat()


def test_site_without_credit_code_or_location(fx: F.Fixture, tmp_path: Path) -> None:
    rid = F.record_inspection(fx, "underground_group_rental", fx.bare_site, seed=6,
                              clean=False, photos=0, tmp=tmp_path)
    data = inspection_report_data(fx.db, rid)
    assert data.site.credit_code is None and data.site.business_name == ""
    assert data.site.street == "景山街道" and data.site.community == ""
    assert data.photos == ()
    out = tmp_path / "bare.pdf"
    write_inspection_report(data, out)
    assert "统一社会信用代码无" in all_text(out)


def test_unknown_id_and_notice_refusals(fx: F.Fixture, tmp_path: Path) -> None:
    with pytest.raises(InspectionMissing, match="找不到检查记录"):
        inspection_report_data(fx.db, "0190ffff-0000-7000-8000-000000000000")
    draft = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=1,
                                complete=False, tmp=tmp_path)
    with pytest.raises(NoticeNotPossible, match="尚未完成"):
        notice_data(fx.db, draft)
    clean = F.record_inspection(fx, "street_order", fx.site, seed=7, clean=True, photos=1,
                                tmp=tmp_path)
    if get_findings(fx.db, clean):
        pytest.skip("sample answers came out with findings")
    with pytest.raises(NoticeNotPossible, match="未发现问题"):
        notice_data(fx.db, clean)


def test_summary_counts_and_open_items(fx: F.Fixture, tmp_path: Path) -> None:
    bad = F.record_inspection(fx, "street_order", fx.site, seed=8, clean=False, photos=1,
                              tmp=tmp_path)
    F.record_inspection(fx, "storefront_opening", fx.bare_site, seed=9, clean=False, photos=0,
                        tmp=tmp_path)
    F.record_inspection(fx, "street_order", fx.site, seed=10, clean=False, photos=1,
                        complete=False, tmp=tmp_path)
    today = date.today()
    later = today + timedelta(days=40)
    data = summary_data(fx.db, SummaryFilter(date_from=today - timedelta(days=1),
                                             date_to=today + timedelta(days=1)), as_of=later)
    assert data.totals is not None
    assert data.total_inspections == 2 and data.draft_count == 1  # completed; the draft apart
    assert sum(r.total for r in data.by_work_item) == 3
    assert [r.label for r in data.work_items] == ["占道经营、无证无照经营整治", "“开墙打洞”整治"]
    (inspector,) = data.per_inspector
    assert (inspector.name, inspector.inspections, inspector.completed) == (F.ACTOR, 3, 2)
    kinds = {(r.record_id, f.text) for r in data.inspections if r.status == "已完成"
             for f in get_findings(fx.db, r.record_id)}
    assert data.totals.found == len(kinds) == sum(k.count for k in data.findings_by_kind)
    assert {i.record_id for i in data.open_items} <= {r.record_id for r in data.inspections}
    assert all(i.overdue_days > 0 for i in data.open_items if i.deadline)  # 40 days on
    assert bad in {i.record_id for i in data.open_items}

    # A later clean re-inspection of the same site and checklist closes the first one.
    F.record_inspection(fx, "street_order", fx.site, seed=7, clean=True, photos=1, tmp=tmp_path)
    again = summary_data(fx.db, SummaryFilter(date_from=today - timedelta(days=1)), as_of=later)
    closed = bad not in {i.record_id for i in again.open_items}
    recheck_clean = any(r.findings == 0 and r.status == "已完成" for r in again.inspections)
    assert closed == recheck_clean

    # Street and checklist filters.
    street = summary_data(fx.db, SummaryFilter(street_code="110101002000"))
    assert {r.street for r in street.inspections} == {"景山街道"}
    form = summary_data(fx.db, SummaryFilter(form_id="storefront_opening"))
    assert {r.checklist for r in form.inspections} == {
        next(iter(form.inspections)).checklist} and len(form.inspections) == 1
    assert "检查表：" in "".join(form.filters)


@needs_poppler
def test_empty_range_summary_from_database(fx: F.Fixture, tmp_path: Path) -> None:
    F.record_inspection(fx, "street_order", fx.site, seed=8, clean=False, photos=0, tmp=tmp_path)
    data = summary_data(fx.db, SummaryFilter(date_from=date(2001, 1, 1), date_to=date(2001, 1, 31),
                                             district_code="110105"))
    assert data.inspections == () and "区：朝阳区" in data.filters
    out = tmp_path / "empty.pdf"
    assert write_summary(data, out).pages == 1
    assert "本时段内无检查记录" in all_text(out)


def test_summary_photo_appendix_from_database(fx: F.Fixture, tmp_path: Path) -> None:
    F.record_inspection(fx, "street_order", fx.site, seed=8, clean=False, photos=2, tmp=tmp_path)
    F.record_inspection(fx, "street_order", fx.bare_site, seed=9, clean=False, photos=0,
                        tmp=tmp_path)
    data = summary_data(fx.db, include_photos=True)
    (group,) = data.photo_groups
    assert len(group.photos) == 2 and "老北京炸酱面馆" in group.heading
    assert BEIJING.utcoffset(None).total_seconds() == 8 * 3600


def test_no_notice_without_an_issuing_office(fx: F.Fixture, tmp_path: Path) -> None:
    """Issue 9.3: a notice printed "（未设置单位名称）" as 发文机关."""
    from dataclasses import replace

    from app.store.profile import get_profile, save_profile

    rid = F.record_inspection(fx, "storefront_opening", fx.site, seed=5, clean=False,
                              photos=0, tmp=tmp_path)
    profile = get_profile(fx.db)
    assert profile is not None
    save_profile(fx.db, replace(profile, office_name="  "), "test")
    with pytest.raises(NoticeNotPossible) as missing:
        notice_data(fx.db, rid)
    assert "未设置发文单位名称" in missing.value.text.zh
    assert "设置" in missing.value.text.zh and "init --office" in missing.value.text.zh
    assert "no issuing office" in missing.value.text.en


@needs_poppler
def test_a_lost_or_changed_original_is_never_printed_as_passed(fx: F.Fixture,
                                                               tmp_path: Path) -> None:
    """Issue 9.5: a lost original printed "证据检查：通过" beside an English placeholder."""
    from app.media.filestore import MediaStore

    rid = F.record_inspection(fx, "storefront_opening", fx.site, seed=5, clean=False,
                              photos=3, tmp=tmp_path)
    store = MediaStore.for_database(fx.db_path)
    data = inspection_report_data(fx.db, rid)
    assert len(data.photos) == 3 and not any(p.original_problem for p in data.photos)
    first, second = data.photos[0].path, data.photos[1].path
    first.unlink()
    raw = bytearray(second.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    second.write_bytes(bytes(raw))
    data = inspection_report_data(fx.db, rid)
    problems = [p.original_problem for p in data.photos]
    assert problems[0].startswith("照片原件缺失") and problems[1].startswith("照片原件已被改动")
    assert problems[2] == ""
    out = tmp_path / "r.pdf"
    write_inspection_report(data, out)
    text = "".join(all_text(out).split())
    assert "其中2张原件缺失或已被改动，不能作为证据" in text
    assert "照片原件缺失，不能作为证据" in text and "照片原件已被改动，不能作为证据" in text
    assert "unreadable" not in text
    assert store.original_path(data.photos[2].path.name).exists()
