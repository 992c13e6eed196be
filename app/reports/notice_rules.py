"""Rules of the rectification notice: its number, deadlines and fixed wording (no reportlab).

Number: ``{机关代字}〔{年}〕第{N}号``, e.g. ``东城城管责改〔2026〕第12号``: the issuing office's
code (a setting of the office, `Profile.office_code`), the year of issue and N from the office's
sequence for that year (`app.store.notices`: blocks per device, gap-free, never reused).

The wording of the party's remedies cites only provisions read in their published text; the
sources are named in docs/reports.md ("What the notice says, and why").
"""

from __future__ import annotations

from datetime import date, timedelta

IMMEDIATE = "立即整改"


def notice_number(office_code: str, year: int, number: int) -> str:
    """The 文号 as printed: 机关代字〔年〕第N号 (no leading zeros, no hex, no id)."""
    return f"{office_code}〔{year}〕第{number}号"


def rectification_deadline(issued_on: date, rectification_days: int) -> date:
    """The last day to rectify: the notice's issue date plus the period in calendar days
    (the notice says "自本通知书送达之日起 N 日内"); 0 days is the issue date (立即)."""
    return issued_on + timedelta(days=max(0, rectification_days))


def deadline_text(days: int, deadline: str, chinese: str) -> str:
    """A finding's period as printed: 立即整改, or "自本通知书送达之日起 N 日内（即 …前）"."""
    if days <= 0:
        return f"{IMMEDIATE}（收到本通知书后立即停止违法行为并改正）"
    return f"自本通知书送达之日起 {days} 日内（即{chinese}前）改正"


def report_back_text(office_name: str) -> str:
    """Where the party reports back: the issuing office, in writing, before the deadline."""
    office = office_name or "本机关"
    return (
        f"请于整改期限届满前将整改情况书面报告{office}（可携带本通知书到{office}办理），"
        f"{office}将组织复查。"
    )


def missed_deadline_text(office_name: str) -> str:
    """What happens when the deadline passes without rectification."""
    office = office_name or "本机关"
    return (
        f"逾期不改正或者改正后仍不符合要求的，{office}将依照上述法律、法规、规章的规定依法处理，"
        "并记入整改台账跟踪复查。"
    )


def reconsideration_body(district: str) -> str:
    """The 行政复议机关 for an office of a Beijing district (a district department, or a 街道办事处
    as the district government's 派出机关): that district's people's government
    (行政复议法 2023 第二十四条第一款第（一）、（三）项). Unknown district: described, not named."""
    return f"北京市{district}人民政府" if district else "本机关的本级人民政府"


def statement_text(office_name: str) -> str:
    """The party's right to state its case (陈述、申辩)."""
    office = office_name or "本机关"
    return (
        f"你（单位）对本通知书认定的事实、理由和依据有异议的，可以向{office}提出陈述、申辩；"
        f"{office}将充分听取并复核你（单位）提出的事实、理由和证据"
        "（参照《中华人民共和国行政处罚法》第七条、第四十五条）。"
    )


def remedies_text(district: str) -> str:
    """The party's right to administrative reconsideration and litigation, bodies and limits."""
    body = reconsideration_body(district)
    return (
        "你（单位）如不服本通知书，可以自知道或者应当知道本通知书之日起六十日内向"
        f"{body}申请行政复议（《中华人民共和国行政复议法》第二十条第一款、第二十四条第一款）；"
        "也可以自知道或者应当知道本通知书之日起六个月内，依法向本机关所在地人民法院提起行政诉讼"
        "（《中华人民共和国行政诉讼法》第十八条第一款、第四十六条第一款）。"
        "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向人民法院提起诉讼"
        "（《中华人民共和国行政诉讼法》第四十五条）。"
    )
