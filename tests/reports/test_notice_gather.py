"""The notice made from a database (issue 9.4 and 'what a notice must hold'): the 文号 from the
office sequence, every ordered finding with its bases and period from the checklist engine,
patrol observations left out, refusals that say what to set and where."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.core.checklist import Checklist, load_checklist_text
from app.core.checklist.model import Finding
from app.core.clock import beijing_day, chinese_date
from app.core.text import Text
from app.reports import write_notice
from app.reports.gather import NoticeNotPossible
from app.reports.notice_gather import (
    UNNUMBERED,
    issue_notice_data,
    notice_data,
    notice_findings,
)
from app.store.checklists import register_checklist
from app.store.inspection_records import get_inspection
from app.store.inspections import complete_inspection, set_answers, start_inspection
from app.store.notices import notice_for_inspection, void_notice
from app.store.profile import get_profile, save_profile
from app.store.sites import Site
from tests.helpers import report_db as F
from tests.helpers.pdfcheck import all_text, needs_poppler, page_texts

MANY = 14  # findings enough to need a second page

FIXTURE_YAML = """
id: notice_fixture
version: 1
work_item: street_order
title: {zh: 通知书测试检查表, en: Notice fixture}
legal_basis:
  - {zh: 《北京市市容环境卫生条例》, en: Beijing city appearance regulations}
rectification_days: 7
sections:
  - id: main
    title: {zh: 检查, en: Check}
    items:
      - id: outside
        type: yes_no_na
        label: {zh: 店外经营, en: Trading outside}
        violations:
          - when: {equals: "yes"}
            severity: major
            finding: {zh: 店外经营：在门前人行道摆放桌椅经营, en: Trading outside}
            legal_basis: {zh: 《北京市市容环境卫生条例》第二十条, en: art. 20}
            order_basis: {zh: 《北京市市容环境卫生条例》第五十条, en: art. 50}
      - id: exit_blocked
        type: yes_no_na
        label: {zh: 安全出口堵塞, en: Exit blocked}
        violations:
          - when: {equals: "yes"}
            severity: critical
            finding: {zh: 安全出口被堵塞, en: Safety exit blocked}
            legal_basis: {zh: 《中华人民共和国消防法》第二十八条, en: Fire law art. 28}
            rectification_days: 0
      - id: vendors
        type: yes_no_na
        label: {zh: 路段游商, en: Street vendors}
        violations:
          - when: {equals: "yes"}
            severity: minor
            finding: {zh: 巡查路段存在游商, en: Street vendors on the patrol route}
            ordered: false
EXTRA
"""


def _fixture_text(extra: int) -> str:
    items = "".join(
        f"""      - id: k{k}
        type: yes_no_na
        label: {{zh: 检查项{k}, en: Item {k}}}
        violations:
          - when: {{equals: "yes"}}
            severity: minor
            finding: {{zh: 第{k}项问题：门前堆放杂物, en: Problem {k}}}
            legal_basis: {{zh: 《北京市市容环境卫生条例》第{k}条, en: art. {k}}}
            rectification_days: {k}
""" for k in range(1, extra + 1))
    return FIXTURE_YAML.replace("EXTRA\n", items)


@pytest.fixture
def fx(tmp_path: Path) -> F.Fixture:
    fixture = F.make_database(tmp_path)
    text = _fixture_text(MANY)
    register_checklist(fixture.db, load_checklist_text(text, "notice_fixture.v1.yaml"), text,
                       F.ACTOR)
    return fixture


def _inspect(fx: F.Fixture, answers: dict[str, str], site: Site | None = None) -> str:
    where = site if isinstance(site, Site) else fx.site
    insp = start_inspection(fx.db, "notice_fixture", where.id, fx.profile)
    set_answers(fx.db, insp.id, answers, F.ACTOR)
    complete_inspection(fx.db, insp.id, F.ACTOR)
    return insp.id


def _completed_on(fx: F.Fixture, rid: str) -> date:
    day = beijing_day(get_inspection(fx.db, rid).completed_at)
    assert day is not None
    return day


def test_findings_bases_and_periods_come_from_the_checklist_engine() -> None:
    checklist: Checklist = load_checklist_text(FIXTURE_YAML.replace("EXTRA\n", ""), "x.yaml")
    findings = (
        Finding("outside", "major", Text("店外经营", "outside"), Text("第二十条", "20"),
                Text("第五十条", "50")),
        Finding("exit_blocked", "critical", Text("出口堵塞", "exit"), None, None, 0),
        Finding("vendors", "minor", Text("游商", "vendors"), None, None, None, False),
    )
    rows = notice_findings(checklist, findings, date(2026, 3, 15))
    assert [r.text for r in rows] == ["店外经营", "出口堵塞"]  # the observation is not ordered
    assert rows[0].order_basis == "第五十条" and rows[0].legal_basis == "第二十条"
    assert rows[0].rectification_days == 7 and rows[0].deadline == "2026-03-22"
    # No order basis of its own: the checklist's legal basis; 0 days: immediate, due the day.
    assert rows[1].order_basis == "《北京市市容环境卫生条例》" and rows[1].legal_basis == ""
    assert rows[1].immediate and rows[1].deadline == "2026-03-15"
    assert rows[0].severity == "较重" and rows[1].item_label == "安全出口堵塞"


@needs_poppler
def test_issued_notice_from_the_database(fx: F.Fixture, tmp_path: Path) -> None:
    answers = {"outside": "yes", "exit_blocked": "yes", "vendors": "yes"}
    answers |= {f"k{k}": "yes" for k in range(1, MANY + 1)}
    rid = _inspect(fx, answers)
    completed = _completed_on(fx, rid)
    preview = notice_data(fx.db, rid, issue_date=completed)
    assert preview.notice_number == UNNUMBERED and notice_for_inspection(fx.db, rid) is None

    issued = completed + timedelta(days=4)
    data = issue_notice_data(fx.db, rid, issue_date=issued)
    year = issued.year
    assert data.notice_number == f"{F.OFFICE_CODE}〔{year}〕第1号"
    assert data.party_name == "老北京炸酱面馆" and not data.party_is_person
    assert len(data.findings) == MANY + 2  # every ordered finding, the observation left out
    # Issue 9.2: the periods run from the notice, not from the inspection.
    k3 = next(f for f in data.findings if f.text.startswith("第3项"))
    assert k3.deadline == (issued + timedelta(days=3)).isoformat()
    assert "北京市东城区人民政府" in data.remedies  # the office's district, not the site's

    out = tmp_path / "n.pdf"
    written = write_notice(data, out)
    assert written.pages >= 2
    text = all_text(out)
    pages = page_texts(out)
    assert "巡查路段存在游商" not in text and "另有" not in text
    for k in range(1, MANY + 1):
        assert f"第{k}项问题：门前堆放杂物" in text
        assert f"违反规定：《北京市市容环境卫生条例》第{k}条" in text
    assert "第14项问题" in "".join(pages[1:]).replace(" ", "")  # continued on page 2
    assert "整改期限：立即整改" in text
    assert "责令改正依据：《北京市市容环境卫生条例》第五十条" in text
    assert f"即{chinese_date(k3.deadline)}前" in text

    # Printing again: the same number and date, nothing written.
    audit_before = fx.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = issue_notice_data(fx.db, rid)
    assert again.notice_number == data.notice_number and again.issue_date == data.issue_date
    assert fx.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    # The next inspection's notice takes the next number.
    other = _inspect(fx, {"outside": "yes"})
    assert issue_notice_data(fx.db, other).notice_number == f"{F.OFFICE_CODE}〔{year}〕第2号"
    # A voided notice keeps its number; the inspection's new notice takes the next one.
    live = notice_for_inspection(fx.db, rid)
    assert live is not None
    void_notice(fx.db, live.id, "签发日期有误", F.ACTOR)
    renewed = issue_notice_data(fx.db, rid, issue_date=issued + timedelta(days=1))
    assert renewed.notice_number == f"{F.OFFICE_CODE}〔{year}〕第3号"


def test_only_patrol_observations_give_no_notice(fx: F.Fixture) -> None:
    rid = _inspect(fx, {"vendors": "yes", "outside": "no"})
    with pytest.raises(NoticeNotPossible) as refused:
        issue_notice_data(fx.db, rid)
    assert "只有巡查观察记录" in refused.value.text.zh
    assert "巡查路段存在游商" in refused.value.text.zh
    assert "patrol observations" in refused.value.text.en
    assert fx.db.execute("SELECT count(*) FROM notices").fetchone()[0] == 0


def test_no_notice_without_an_office_code_and_no_number_spent(fx: F.Fixture) -> None:
    rid = _inspect(fx, {"outside": "yes"})
    profile = get_profile(fx.db)
    assert profile is not None
    save_profile(fx.db, replace(profile, office_code=""), "test")
    with pytest.raises(NoticeNotPossible) as missing:
        issue_notice_data(fx.db, rid)
    assert "未设置机关代字" in missing.value.text.zh and "设置" in missing.value.text.zh
    assert "init --office-code" in missing.value.text.zh and "office code" in missing.value.text.en
    # A refused date takes no number either.
    save_profile(fx.db, profile, "test")
    with pytest.raises(NoticeNotPossible, match="早于检查日期"):
        issue_notice_data(fx.db, rid, issue_date=_completed_on(fx, rid) - timedelta(days=1))
    assert fx.db.execute("SELECT count(*) FROM notices").fetchone()[0] == 0


def test_a_home_is_served_on_its_responsible_person(fx: F.Fixture) -> None:
    from app.store.sites import update_site

    home = update_site(fx.db, fx.bare_site.id,
                       replace(fx.bare_site.draft(), contact_name="刘淑芬",
                               contact_phone="13911112222"), F.ACTOR)
    rid = _inspect(fx, {"outside": "yes"}, home)
    data = issue_notice_data(fx.db, rid)
    assert data.party_name == "刘淑芬" and data.party_is_person
    assert data.contact_phone == "13911112222" and data.site.credit_code is None
