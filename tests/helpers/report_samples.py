"""Document data built by hand for the layout tests, and real photos made with Pillow."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.reports.model import (
    AnswerRow,
    AnswerSection,
    FindingRow,
    GeoPoint,
    InspectionReportData,
    InspectorRow,
    LabelCount,
    NoticeData,
    NoticeFinding,
    OpenItem,
    PhotoEntry,
    PhotoGroup,
    SiteInfo,
    StatusCountRow,
    SummaryData,
    SummaryInspectionRow,
)

OFFICE = "北京市东城区东华门街道综合执法队"
RECORD_ID = "0192f3a4-5b6c-7d8e-9f01-23456789abcd"


def make_photo(path: Path, size: tuple[int, int] = (320, 240), seed: int = 0,
               orientation: int | None = None) -> Path:
    """A real JPEG with some structure (so it compresses like a photo, not a flat colour)."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", size, (90 + seed * 37 % 120, 120, 160 - seed * 13 % 90))
    draw = ImageDraw.Draw(im)
    w, h = size
    for k in range(12):
        x = (seed * 53 + k * 97) % w
        y = (seed * 29 + k * 61) % h
        draw.rectangle([x, y, x + w // 6, y + h // 7], fill=((k * 40) % 255, (seed * 17) % 255, 90))
    draw.line([0, 0, w, h], fill="white", width=max(1, w // 100))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    im.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def site(credit_code: str | None = "91110000600037341L") -> SiteInfo:
    return SiteInfo(
        district="东城区",
        street="东华门街道",
        community="多福巷社区",
        address="北京市东城区东华门大街甲12号",
        business_name="老北京炸酱面馆",
        credit_code=credit_code,
        contact_name="张立新",
        contact_phone="13800138000",
    )


FINDINGS = (
    FindingRow(
        item_label="是否在门窗外摆放商品或设摊经营",
        text="店外经营：在门前人行道摆放桌椅经营",
        severity="较重",
        legal_basis="《北京市市容环境卫生条例》第二十条",
    ),
    FindingRow(
        item_label="营业执照是否在显著位置悬挂",
        text="未在经营场所显著位置悬挂营业执照",
        severity="一般",
        legal_basis="《无证无照经营查处办法》（国务院令第684号）",
    ),
)


def inspection(photos: tuple[PhotoEntry, ...] = (), long_answers: bool = False,
               credit_code: str | None = "91110000600037341L") -> InspectionReportData:
    rows = [
        AnswerRow("经营者是否在场", "是"),
        AnswerRow("营业执照是否在显著位置悬挂", "否", is_finding=True),
        AnswerRow("统一社会信用代码", credit_code or "无"),
        AnswerRow("是否在门窗外摆放商品或设摊经营", "是（桌椅 4 套）", is_finding=True),
        AnswerRow("占用人行道面积", "6.5 平方米"),
    ]
    if long_answers:
        long_text = ("店主称门前桌椅为临时摆放，晚间收回；现场检查时有顾客就餐，"
                     "人行道通行宽度不足一米，行人需绕行至机动车道。Owner says the tables are "
                     "temporary. ") * 40
        rows += [AnswerRow(f"现场情况说明（第 {k} 项）", long_text, is_finding=(k == 2))
                 for k in range(1, 4)]
        rows += [AnswerRow(f"补充检查项目 {k}：门前三包责任区是否整洁有序", "是")
                 for k in range(60)]
    sections = (
        AnswerSection("经营资格", tuple(rows[:3])),
        AnswerSection("店外经营与门前三包", tuple(rows[3:])),
    )
    return InspectionReportData(
        office_name=OFFICE,
        record_id=RECORD_ID,
        checklist_title="占道经营、无证无照经营和门前三包检查表",
        checklist_version=2,
        work_item="占道经营、无证无照经营和“开墙打洞”整治",
        status="已完成",
        site=site(credit_code),
        inspector="王建国",
        badge_no="京东城 0415",
        team="东华门一组",
        started_at="2026-03-15 09:12",
        completed_at="2026-03-15 09:41",
        location=GeoPoint(39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
        sections=sections,
        findings=FINDINGS,
        photos=photos,
        legal_basis=("《无证无照经营查处办法》", "《北京市市容环境卫生条例》"),
        generated_at="2026-03-16 10:00",
    )


def photo_entries(folder: Path, count: int, size: tuple[int, int] = (320, 240)
                  ) -> tuple[PhotoEntry, ...]:
    out = []
    for k in range(count):
        path = make_photo(folder / f"p{k:03d}.jpg", size=size, seed=k)
        badges: tuple[str, ...] = ()
        if k % 3 == 1:
            badges = ("无GPS",)
        elif k % 3 == 2:
            badges = ("距现场 350 m，超过 100 m", "拍摄时间不在检查时段内")
        out.append(PhotoEntry(path=path, taken_at=f"2026-03-15 09:{k % 60:02d}",
                              distance_m=None if k % 3 == 1 else 12.0 + k,
                              badges=badges, caption="门前人行道" if k % 2 else "",
                              sha256=hashlib.sha256(path.read_bytes()).hexdigest()))
    return tuple(out)


NOTICE_NUMBER = "东城城管责改〔2026〕第12号"
NOTICE_FINDINGS = (
    NoticeFinding(
        text="店外经营：在门前人行道摆放桌椅经营",
        legal_basis="《北京市市容环境卫生条例》第二十条",
        order_basis="《北京市市容环境卫生条例》第五十条",
        rectification_days=7, deadline="2026-03-22", severity="较重"),
    NoticeFinding(
        text="未在经营场所显著位置悬挂营业执照",
        legal_basis="《无证无照经营查处办法》（国务院令第684号）",
        order_basis="",  # the checklist names none: the notice says so
        rectification_days=0, deadline="2026-03-15", severity="一般"),
)


def notice_finding(row: FindingRow | NoticeFinding, days: int = 7) -> NoticeFinding:
    """A notice's finding; a record's FindingRow becomes one with `days` to rectify."""
    if isinstance(row, NoticeFinding):
        return row
    return NoticeFinding(text=row.text, legal_basis=row.legal_basis,
                         order_basis=row.legal_basis, rectification_days=days,
                         deadline="2026-03-22", item_label=row.item_label,
                         severity=row.severity)


def notice(findings: tuple[FindingRow | NoticeFinding, ...] = NOTICE_FINDINGS,
           credit_code: str | None = "91110000600037341L", *, party: str = "老北京炸酱面馆",
           person: bool = False, district: str = "东城区") -> NoticeData:
    from app.reports.notice_rules import (
        missed_deadline_text,
        remedies_text,
        report_back_text,
        statement_text,
    )

    return NoticeData(
        office_name=OFFICE,
        notice_number=NOTICE_NUMBER,
        record_id=RECORD_ID,
        site=site(credit_code),
        party_name=party,
        party_is_person=person,
        findings=tuple(notice_finding(f) for f in findings),
        inspection_date="2026-03-15",
        issue_date="2026-03-15",
        report_back=report_back_text(OFFICE),
        missed_deadline=missed_deadline_text(OFFICE),
        statement=statement_text(OFFICE),
        remedies=remedies_text(district),
        contact_name="张立新",
        contact_phone="13800138000",
        inspector="王建国",
        badge_no="京东城 0415",
        checklist_title="占道经营、无证无照经营和门前三包检查表",
        legal_basis=("《无证无照经营查处办法》", "《北京市市容环境卫生条例》"),
    )


def summary(n_inspections: int = 40, empty: bool = False,
            photo_groups: tuple[PhotoGroup, ...] = ()) -> SummaryData:
    statuses = ("草稿", "已完成", "已修正")
    if empty:
        return SummaryData(
            office_name=OFFICE, date_from="2030-01-01", date_to="2030-01-31",
            filters=("区：东城区",), statuses=statuses, by_work_item=(), findings_by_kind=(),
            per_inspector=(), open_items=(), inspections=(), as_of="2030-02-01",
        )
    rows = tuple(
        SummaryInspectionRow(
            date=f"2026-03-{1 + k % 28:02d}", record_id=f"0192f3a4-{k:04d}-7d8e-9f01-23456789abcd",
            district="东城区", street="东华门街道" if k % 2 else "景山街道",
            site=f"示例商户 {k} 号（东华门大街{k}号）", checklist="开墙打洞检查表" if k % 3 else
            "地下空间和群租房检查表", inspector=("王建国", "李秀英", "张伟")[k % 3],
            status=statuses[k % 3], findings=k % 4,
        )
        for k in range(n_inspections)
    )
    return SummaryData(
        office_name=OFFICE,
        date_from="2026-03-01",
        date_to="2026-03-31",
        filters=("区：东城区", "街道：全部", "检查表：全部"),
        statuses=statuses,
        by_work_item=(
            StatusCountRow("占道经营、无证无照经营和“开墙打洞”整治", (3, 25, 2)),
            StatusCountRow("地下空间和群租房整治", (1, 9, 0)),
        ),
        findings_by_kind=(
            LabelCount("店外经营", 14), LabelCount("未亮照经营", 9), LabelCount("开墙打洞", 7),
            LabelCount("人均居住面积不足 5 平方米", 4), LabelCount("地下室住人", 3),
        ),
        per_inspector=(
            InspectorRow("王建国", 15, 14, 17), InspectorRow("李秀英", 13, 12, 11),
            InspectorRow("张伟", 12, 9, 9),
        ),
        open_items=(
            OpenItem(RECORD_ID, "老北京炸酱面馆（东华门大街甲12号）", "店外经营；未亮照经营",
                     "2026-03-15", "2026-03-22", 9),
            OpenItem("0192f3a4-0001-7d8e-9f01-23456789abcd", "示例商户 1 号", "开墙打洞",
                     "2026-03-28", "2026-04-27", 0),
        ),
        inspections=rows,
        as_of="2026-03-31",
        generated_at="2026-03-31 17:30",
        photo_groups=photo_groups,
    )
