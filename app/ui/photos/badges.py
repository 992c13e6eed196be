"""Badge labels for the evidence check codes, translated through Qt (photos_zh_CN.ts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def badge_label(code: str) -> str:
    """Short label of a check code for a badge."""
    tr = QCoreApplication.translate
    labels = {
        "no_gps": tr("PhotoBadges", "no GPS"),
        "far_from_site": tr("PhotoBadges", "far away"),
        "site_from_photo": tr("PhotoBadges", "site from photo"),
        "no_time": tr("PhotoBadges", "no time"),
        "outside_window": tr("PhotoBadges", "wrong time"),
        "duplicate": tr("PhotoBadges", "duplicate"),
        "similar": tr("PhotoBadges", "similar"),
        "time_mismatch": tr("PhotoBadges", "clock mismatch"),
        "exif_problem": tr("PhotoBadges", "metadata issue"),
    }
    return labels.get(code, code)


def ui_lang() -> str:
    """"en" or "zh" for the core's bilingual texts, following the loaded translation."""
    probe = QCoreApplication.translate("PhotoBadges", "no GPS")
    return "en" if probe == "no GPS" else "zh"
