"""Evidence checks: is this photo really from this site, at this inspection, and new?

Pure rules over plain values (no SQL, no files): the store gathers the facts, these functions
judge them. Each result has a stable `code` (reports and badges key on it) and its text in
Chinese and English. Codes and their meaning are listed in docs/photos.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.core.clock import format_beijing
from app.core.geo import haversine_m
from app.core.text import Text
from app.media.jpeg_damage import is_damage_note

NO_GPS = "no_gps"
FAR_FROM_SITE = "far_from_site"
SITE_FROM_PHOTO = "site_from_photo"
NO_TIME = "no_time"
OUTSIDE_WINDOW = "outside_window"
DUPLICATE = "duplicate"
SIMILAR = "similar"
TIME_MISMATCH = "time_mismatch"
EXIF_PROBLEM = "exif_problem"

ALL_CODES = (NO_GPS, FAR_FROM_SITE, SITE_FROM_PHOTO, NO_TIME, OUTSIDE_WINDOW, DUPLICATE,
             SIMILAR, TIME_MISMATCH, EXIF_PROBLEM)

# Short badge labels (the window translates its own; reports and the CLI use these).
BADGES: dict[str, Text] = {
    NO_GPS: Text("无定位", "no GPS"),
    FAR_FROM_SITE: Text("距离远", "far away"),
    SITE_FROM_PHOTO: Text("定位来自照片", "site from photo"),
    NO_TIME: Text("无时间", "no time"),
    OUTSIDE_WINDOW: Text("时间不符", "wrong time"),
    DUPLICATE: Text("重复", "duplicate"),
    SIMILAR: Text("近似", "similar"),
    TIME_MISMATCH: Text("时钟不一致", "clock mismatch"),
    EXIF_PROBLEM: Text("元数据有误", "metadata issue"),
}


@dataclass(frozen=True)
class CheckSettings:
    """Thresholds; defaults from the issue (100 m) and field practice."""

    max_distance_m: float = 100.0
    # Photos a little before the inspection was opened in the program, or just after it was
    # completed, are normal (the inspector shoots first, then types).
    time_tolerance: timedelta = timedelta(minutes=30)
    # Camera clock vs GPS clock: GPS time may be the last fix, so allow some minutes.
    clock_tolerance: timedelta = timedelta(minutes=10)
    # Perceptual hashes this many bits apart or fewer (of 64) are "nearly the same picture".
    similar_max_bits: int = 6


@dataclass(frozen=True)
class CheckResult:
    """One finding about one photo in one inspection."""

    code: str
    severity: str  # "warning" (a badge) or "info"
    text: Text
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PhotoFacts:
    """What the checks need to know about the photo."""

    sha256: str
    lat: float | None
    lon: float | None
    taken_utc: datetime | None  # DateTimeOriginal in UTC (offset applied or assumed)
    gps_time: datetime | None  # UTC
    offset_assumed: bool = False
    problems: Sequence[Text] = ()


@dataclass(frozen=True)
class InspectionFacts:
    """What the checks need to know about the inspection and its site."""

    inspection_id: str
    started_at: datetime
    completed_at: datetime | None
    site_lat: float | None
    site_lon: float | None
    site_location_source: str | None = None
    site_location_photo: str | None = None  # sha256 the site's location was taken from


@dataclass(frozen=True)
class OtherUse:
    """The same or a similar picture in another inspection."""

    inspection_id: str
    sha256: str
    bits: int  # Hamming distance of the perceptual hashes (0 for the same file)


def _fmt(moment: datetime) -> str:
    """A photo's time as people read every other time: Beijing time (stored detail stays UTC)."""
    return f"{format_beijing(moment)}（北京时间）"


def _fmt_en(moment: datetime) -> str:
    return f"{format_beijing(moment)} Beijing time"


def check_photo(
    photo: PhotoFacts,
    insp: InspectionFacts,
    others: Sequence[OtherUse] = (),
    *,
    now: datetime,
    settings: CheckSettings | None = None,
) -> list[CheckResult]:
    """All evidence checks of `photo` as used in `insp`, in a stable order."""
    s = settings or CheckSettings()
    out: list[CheckResult] = []
    if photo.lat is None or photo.lon is None:
        out.append(CheckResult(NO_GPS, "warning", Text(
            "照片没有 GPS 位置，无法证明拍摄地点",
            "the photo has no GPS position: where it was taken cannot be shown")))
    elif insp.site_lat is not None and insp.site_lon is not None:
        dist = haversine_m(photo.lat, photo.lon, insp.site_lat, insp.site_lon)
        if dist > s.max_distance_m:
            out.append(CheckResult(FAR_FROM_SITE, "warning", Text(
                f"拍摄地点距场所 {dist:,.0f} 米（超过 {s.max_distance_m:,.0f} 米）",
                f"taken {dist:,.0f} m from the site (more than {s.max_distance_m:,.0f} m)"),
                {"distance_m": round(dist, 1), "max_m": s.max_distance_m}))
    if insp.site_location_source == "photo" and insp.site_location_photo == photo.sha256:
        out.append(CheckResult(SITE_FROM_PHOTO, "info", Text(
            "场所位置取自这张照片的 GPS（不是独立测量）",
            "the site's location was taken from this photo's GPS (not measured independently)")))

    when = photo.taken_utc or photo.gps_time
    if when is None:
        out.append(CheckResult(NO_TIME, "warning", Text(
            "照片没有拍摄时间，无法证明何时拍摄",
            "the photo has no capture time: when it was taken cannot be shown")))
    else:
        start = insp.started_at - s.time_tolerance
        end = (insp.completed_at or now) + s.time_tolerance
        if not start <= when <= end:
            side = Text("早于", "before") if when < start else Text("晚于", "after")
            out.append(CheckResult(OUTSIDE_WINDOW, "warning", Text(
                f"拍摄时间 {_fmt(when)} {side.zh}本次检查时段",
                f"taken at {_fmt_en(when)}, {side.en} this inspection's time window"),
                {"taken_utc": when.isoformat(), "window_start": insp.started_at.isoformat(),
                 "window_end": (insp.completed_at or now).isoformat()}))

    if photo.taken_utc is not None and photo.gps_time is not None:
        gap = abs(photo.taken_utc - photo.gps_time)
        if gap > s.clock_tolerance:
            hours = gap.total_seconds() / 3600
            why = Text("（相机未记录时区，已按北京时间计算）",
                       " (the camera recorded no time zone; Beijing time assumed)")
            extra = why if photo.offset_assumed else Text("", "")
            out.append(CheckResult(TIME_MISMATCH, "warning", Text(
                f"相机时间与 GPS 时间相差 {hours:.1f} 小时{extra.zh}",
                f"camera time and GPS time differ by {hours:.1f} h{extra.en}"),
                {"gap_seconds": int(gap.total_seconds()), "offset_assumed": photo.offset_assumed}))

    same = sorted({o.inspection_id for o in others if o.sha256 == photo.sha256})
    near = sorted({o.inspection_id for o in others
                   if o.sha256 != photo.sha256 and o.bits <= s.similar_max_bits} - set(same))
    if same:
        out.append(CheckResult(DUPLICATE, "warning", Text(
            f"同一张照片已用于其他 {len(same)} 次检查",
            f"the same photo is already used in {len(same)} other inspection(s)"),
            {"inspections": same}))
    if near:
        out.append(CheckResult(SIMILAR, "warning", Text(
            f"几乎相同的照片已用于其他 {len(near)} 次检查",
            f"a nearly identical picture is already used in {len(near)} other inspection(s)"),
            {"inspections": near}))
    if photo.problems:
        # Damaged picture data (app.media.jpeg_damage) puts the evidence itself in doubt: a badge.
        severity = "warning" if any(is_damage_note(p) for p in photo.problems) else "info"
        out.append(CheckResult(EXIF_PROBLEM, severity, Text(
            "；".join(p.zh for p in photo.problems), "; ".join(p.en for p in photo.problems))))
    return out
