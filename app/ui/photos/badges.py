"""Badge labels for the evidence check codes, translated through Qt (photos_zh_CN.ts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def badge_label(code: str) -> str:
    """Short label of a check code for a badge."""
    labels = {
        "no_gps": QCoreApplication.translate("PhotoBadges", "no GPS"),
        "far_from_site": QCoreApplication.translate("PhotoBadges", "far away"),
        "site_from_photo": QCoreApplication.translate("PhotoBadges", "site from photo"),
        "no_time": QCoreApplication.translate("PhotoBadges", "no time"),
        "outside_window": QCoreApplication.translate("PhotoBadges", "wrong time"),
        "duplicate": QCoreApplication.translate("PhotoBadges", "duplicate"),
        "similar": QCoreApplication.translate("PhotoBadges", "similar"),
        "time_mismatch": QCoreApplication.translate("PhotoBadges", "clock mismatch"),
        "exif_problem": QCoreApplication.translate("PhotoBadges", "metadata issue"),
    }
    return labels.get(code, code)


def ui_lang() -> str:
    """"en" or "zh" for the core's bilingual texts, following the loaded translation."""
    probe = QCoreApplication.translate("PhotoBadges", "no GPS")
    return "en" if probe == "no GPS" else "zh"
