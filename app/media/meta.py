"""What a photo says about itself: place, height, times, orientation, camera, size, problems.

Every field is interpreted on its own: a broken value becomes None plus a problem note in both
languages, never an exception, so one bad tag does not cost the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

# BEIJING: what a camera without an offset tag most likely means in this program's use.
from app.core.clock import BEIJING
from app.core.text import Text
from app.media.exif import RawExif, TagValue

_MAX_ALTITUDE_M = 100_000.0  # above this it is not a photo taken on a street
_DATETIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_DATE = re.compile(r"^(\d{4})[:\-](\d{2})[:\-](\d{2})$")
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


@dataclass(frozen=True)
class PhotoMeta:
    """Metadata read from one photo; None where the photo does not say (or says nonsense)."""

    lat: float | None = None
    lon: float | None = None
    alt: float | None = None
    gps_time: datetime | None = None  # UTC, aware
    taken_at: datetime | None = None  # DateTimeOriginal, aware (offset recorded or assumed)
    taken_offset_assumed: bool = False  # no OffsetTimeOriginal: Beijing time assumed
    orientation: int | None = None
    make: str | None = None
    model: str | None = None
    width: int | None = None
    height: int | None = None
    mime: str | None = None
    exif_source: str = "none"
    problems: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def has_gps(self) -> bool:
        return self.lat is not None and self.lon is not None

    def taken_utc(self) -> datetime | None:
        """Capture time in UTC: DateTimeOriginal where present, else the GPS time."""
        if self.taken_at is not None:
            return self.taken_at.astimezone(UTC)
        return self.gps_time

    def to_json(self) -> dict[str, Any]:
        """Plain JSON form (times as ISO 8601), as `photos info --json` prints it."""
        return {
            "lat": self.lat,
            "lon": self.lon,
            "alt": self.alt,
            "gps_time": _iso(self.gps_time),
            "taken_at": _iso(self.taken_at),
            "taken_offset_assumed": self.taken_offset_assumed,
            "orientation": self.orientation,
            "make": self.make,
            "model": self.model,
            "width": self.width,
            "height": self.height,
            "mime": self.mime,
            "exif_source": self.exif_source,
            "problems": [p.to_dict() for p in self.problems],
        }


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.utcoffset() == timedelta(0):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


class _Notes:
    def __init__(self) -> None:
        self.items: list[Text] = []

    def add(self, zh: str, en: str) -> None:
        self.items.append(Text(zh, en))


def _rationals(value: TagValue | None) -> tuple[tuple[int, int], ...] | None:
    return value if isinstance(value, tuple) else None


def _dms(value: TagValue | None, what: Text, notes: _Notes) -> float | None:
    parts = _rationals(value)
    if not parts:
        if value is not None:
            notes.add(f"{what.zh}格式不对", f"{what.en} is malformed")
        return None
    if any(den == 0 for _, den in parts):
        notes.add(f"{what.zh}的分母为 0，无法使用", f"{what.en} has a zero denominator; ignored")
        return None
    nums = [num / den for num, den in parts[:3]]
    while len(nums) < 3:
        nums.append(0.0)  # some writers give only degrees, or degrees and decimal minutes
    deg, minutes, seconds = (abs(x) for x in nums)
    if minutes > 60 or seconds > 60:  # exactly 60 is a writer's rounding, not nonsense
        notes.add(f"{what.zh}的分或秒超出 0–60，无法使用",
                  f"{what.en} has minutes or seconds outside 0–60; ignored")
        return None
    return deg + minutes / 60 + seconds / 3600


def _read_position(tags: dict[str, TagValue], notes: _Notes) -> tuple[float | None, float | None]:
    if "GPSLatitude" not in tags and "GPSLongitude" not in tags:
        return None, None
    lat = _dms(tags.get("GPSLatitude"), Text("纬度", "GPS latitude"), notes)
    lon = _dms(tags.get("GPSLongitude"), Text("经度", "GPS longitude"), notes)
    lat_ref = str(tags.get("GPSLatitudeRef", "")).upper()[:1]
    lon_ref = str(tags.get("GPSLongitudeRef", "")).upper()[:1]
    if lat is not None:
        if lat_ref not in ("N", "S"):
            notes.add("缺少纬度方向（N/S），无法确定南北，纬度不予采用",
                      "latitude reference (N/S) missing: hemisphere unknown, latitude ignored")
            lat = None
        elif lat > 90:
            notes.add(f"纬度 {lat:.4f}° 超过 90°，不可能，已忽略",
                      f"latitude {lat:.4f}° is beyond 90°: impossible, ignored")
            lat = None
        elif lat_ref == "S":
            lat = -lat
    if lon is not None:
        if lon_ref not in ("E", "W"):
            notes.add("缺少经度方向（E/W），无法确定东西，经度不予采用",
                      "longitude reference (E/W) missing: hemisphere unknown, longitude ignored")
            lon = None
        elif lon > 180:
            notes.add(f"经度 {lon:.4f}° 超过 180°，不可能，已忽略",
                      f"longitude {lon:.4f}° is beyond 180°: impossible, ignored")
            lon = None
        elif lon_ref == "W":
            lon = -lon
    if lat is None or lon is None:
        return None, None  # half a position is no position
    if lat == 0 and lon == 0:
        # 0,0 is what some phones write before the first fix: not a place anyone inspects.
        notes.add("GPS 坐标为 0,0（设备尚未定位时写入），不予采用",
                  "GPS position is 0,0 (written before the device had a fix); ignored")
        return None, None
    return lat, lon


def _read_altitude(tags: dict[str, TagValue], notes: _Notes) -> float | None:
    parts = _rationals(tags.get("GPSAltitude"))
    if not parts:
        return None
    num, den = parts[0]
    if den == 0:
        notes.add("海拔的分母为 0，无法使用", "GPS altitude has a zero denominator; ignored")
        return None
    alt = num / den
    ref = tags.get("GPSAltitudeRef", 0)  # EXIF: absent means above sea level
    if ref == 1:
        alt = -abs(alt)
    if abs(alt) > _MAX_ALTITUDE_M:
        notes.add(f"海拔 {alt:.0f} 米不可能，已忽略",
                  f"altitude {alt:.0f} m is impossible; ignored")
        return None
    return alt


def _read_gps_time(tags: dict[str, TagValue], notes: _Notes) -> datetime | None:
    date = tags.get("GPSDateStamp")
    parts = _rationals(tags.get("GPSTimeStamp"))
    if not isinstance(date, str) or not parts:
        return None
    m = _DATE.match(date.strip())
    if not m or len(parts) < 3 or any(den == 0 for _, den in parts[:3]):
        notes.add("GPS 日期或时间格式不对，已忽略", "GPS date or time is malformed; ignored")
        return None
    h, mi, s = (num / den for num, den in parts[:3])
    try:
        day = datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC)
        if not (0 <= h < 24 and 0 <= mi < 60 and 0 <= s < 61):
            raise ValueError("time of day out of range")
        return day + timedelta(hours=h, minutes=mi, seconds=s)
    except ValueError:
        notes.add(f"GPS 时间不可能（{date} {h:g}:{mi:g}:{s:g}），已忽略",
                  f"GPS time is impossible ({date} {h:g}:{mi:g}:{s:g}); ignored")
        return None


def _read_taken_at(tags: dict[str, TagValue], notes: _Notes) -> tuple[datetime | None, bool]:
    raw = tags.get("DateTimeOriginal")
    if not isinstance(raw, str) or not raw.strip(" :0"):
        return None, False  # absent, or blank as cameras without a clock write it
    m = _DATETIME.match(raw.strip())
    if not m:
        notes.add(f"拍摄时间格式不对（{raw}），已忽略",
                  f"capture time is malformed ({raw}); ignored")
        return None, False
    tz: timezone = BEIJING
    assumed = True
    offset = tags.get("OffsetTimeOriginal")
    if isinstance(offset, str) and offset.strip():
        om = _OFFSET.match(offset.strip())
        if om and int(om[2]) <= 14 and int(om[3]) < 60:
            sign = -1 if om[1] == "-" else 1
            tz = timezone(sign * timedelta(hours=int(om[2]), minutes=int(om[3])))
            assumed = False
        else:
            notes.add(f"时区偏移格式不对（{offset}），按北京时间计",
                      f"time offset is malformed ({offset}); Beijing time assumed")
    try:
        y, mo, d, h, mi, sec = (int(m[i]) for i in range(1, 7))
        value = datetime(y, mo, d, h, mi, sec, tzinfo=tz)
    except ValueError:
        notes.add(f"拍摄时间不可能（{raw}），已忽略",
                  f"capture time is impossible ({raw}); ignored")
        return None, False
    return value, assumed


def interpret(raw: RawExif) -> PhotoMeta:
    """Turn raw tags into PhotoMeta (without pixel size and MIME, which come from decoding)."""
    notes = _Notes()
    tags = raw.tags
    lat, lon = _read_position(tags, notes)
    alt = _read_altitude(tags, notes)
    gps_time = _read_gps_time(tags, notes)
    taken_at, assumed = _read_taken_at(tags, notes)
    orientation: int | None = None
    o = tags.get("Orientation")
    if isinstance(o, int):
        if 1 <= o <= 8:
            orientation = o
        else:
            notes.add(f"方向标记 {o} 无效，按正常方向显示",
                      f"orientation tag {o} is invalid; shown as normal")
    if raw.errors and raw.source == "none":
        notes.add("EXIF 信息损坏，无法读取：没有位置和拍摄时间",
                  "EXIF data is damaged and cannot be read: no position and no capture time")
    elif lat is None and gps_time is None and taken_at is None and not any(
        k.startswith("GPS") or k == "DateTimeOriginal" for k in tags
    ):
        notes.add("照片里没有拍摄时间和位置信息（可能经过编辑、截图或聊天软件转发）",
                  "the photo records neither capture time nor position "
                  "(edited, a screenshot or sent through a chat app?)")
    make = tags.get("Make")
    model = tags.get("Model")
    return PhotoMeta(
        lat=lat,
        lon=lon,
        alt=alt,
        gps_time=gps_time,
        taken_at=taken_at,
        taken_offset_assumed=assumed,
        orientation=orientation,
        make=make if isinstance(make, str) and make else None,
        model=model if isinstance(model, str) and model else None,
        exif_source=raw.source,
        problems=tuple(notes.items),
    )
