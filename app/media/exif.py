"""Raw EXIF tags from photo bytes: exifread first, Pillow's reader where it fails or finds nothing.

Both readers are brought to one plain form so that one interpreter (`meta.py`) applies the
rules: rationals as (numerator, denominator) pairs, so a zero denominator is seen rather than
crashing; text as str; small integers as int.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import exifread

from app.media.decode import open_photo, warnings_filtered

Rational = tuple[int, int]
TagValue = str | int | tuple[Rational, ...]

# The tags we use, by the names exifread gives them and by their TIFF/EXIF numbers for Pillow.
_EXIFREAD_KEYS = {
    "GPS GPSLatitude": "GPSLatitude",
    "GPS GPSLatitudeRef": "GPSLatitudeRef",
    "GPS GPSLongitude": "GPSLongitude",
    "GPS GPSLongitudeRef": "GPSLongitudeRef",
    "GPS GPSAltitude": "GPSAltitude",
    "GPS GPSAltitudeRef": "GPSAltitudeRef",
    "GPS GPSDate": "GPSDateStamp",
    "GPS GPSDateStamp": "GPSDateStamp",
    "GPS GPSTimeStamp": "GPSTimeStamp",
    "EXIF DateTimeOriginal": "DateTimeOriginal",
    "EXIF OffsetTimeOriginal": "OffsetTimeOriginal",
    "Image Orientation": "Orientation",
    "Image Make": "Make",
    "Image Model": "Model",
}
_PIL_GPS = {1: "GPSLatitudeRef", 2: "GPSLatitude", 3: "GPSLongitudeRef", 4: "GPSLongitude",
            5: "GPSAltitudeRef", 6: "GPSAltitude", 7: "GPSTimeStamp", 29: "GPSDateStamp"}
_PIL_EXIF = {36867: "DateTimeOriginal", 36881: "OffsetTimeOriginal"}
_PIL_BASE = {274: "Orientation", 271: "Make", 272: "Model"}
_RATIONAL_TAGS = {"GPSLatitude", "GPSLongitude", "GPSAltitude", "GPSTimeStamp"}
_INT_TAGS = {"GPSAltitudeRef", "Orientation"}
_exifread_quiet = threading.Lock()


@dataclass
class RawExif:
    """The tags found, which reader found them, and what went wrong reading."""

    tags: dict[str, TagValue] = field(default_factory=dict)
    source: str = "none"  # "exifread", "pillow" or "none"
    errors: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).replace("\x00", "").strip()


def _rational(value: Any) -> Rational:
    # exifread's Ratio keeps num/den even when den == 0; Pillow's IFDRational likewise.
    num = getattr(value, "num", None)
    den = getattr(value, "den", None)
    if num is None:
        num = getattr(value, "numerator", value)
        den = getattr(value, "denominator", 1)
    if isinstance(value, tuple) and len(value) == 2:
        num, den = value
    return int(num), int(den if den is not None else 1)


def _normalise(name: str, values: Any) -> TagValue | None:
    if name in _RATIONAL_TAGS:
        seq = values if isinstance(values, list | tuple) else [values]
        return tuple(_rational(v) for v in seq)
    if name in _INT_TAGS:
        if isinstance(values, list | tuple):
            values = values[0] if values else None
        if isinstance(values, bytes):
            values = values[0] if values else None
        return None if values is None else int(values)
    if isinstance(values, list | tuple) and values and not isinstance(values[0], str | bytes):
        return None  # a text tag holding numbers: ignore it rather than guess
    return _text(values)


def _with_exifread(data: bytes) -> dict[str, TagValue]:
    # exifread logs its own complaints about broken maker notes; we report per file instead.
    # One thread at a time: the logger's level is process-wide, like the warning filters.
    with _exifread_quiet:
        log = logging.getLogger("exifread")
        level = log.level
        log.setLevel(logging.CRITICAL)
        try:
            raw = exifread.process_file(io.BytesIO(data), details=False,
                                        extract_thumbnail=False)
        finally:
            log.setLevel(level)
    tags: dict[str, TagValue] = {}
    for key, name in _EXIFREAD_KEYS.items():
        tag = raw.get(key)
        if tag is None:
            continue
        value = _normalise(name, tag.values)
        if value is not None and value != "":
            tags[name] = value
    return tags


def _with_pillow(data: bytes) -> dict[str, TagValue]:
    with warnings_filtered("ignore"):  # Pillow warns on odd EXIF; we judge the values ourselves
        im = open_photo(data)
        exif = im.getexif()
        tags: dict[str, TagValue] = {}
        sources = [
            (dict(exif), _PIL_BASE),
            (dict(exif.get_ifd(0x8769)), _PIL_EXIF),
            (dict(exif.get_ifd(0x8825)), _PIL_GPS),
        ]
        for ifd, names in sources:
            for num, name in names.items():
                if num in ifd:
                    value = _normalise(name, ifd[num])
                    if value is not None and value != "":
                        tags[name] = value
    return tags


def read_raw_exif(data: bytes) -> RawExif:
    """The EXIF tags we use; never raises (a reader's failure is recorded in `.errors`)."""
    result = RawExif()
    try:
        result.tags = _with_exifread(data)
        if result.tags:
            result.source = "exifread"
            return result
    except Exception as exc:  # exifread on a hostile file: fall back, but say so
        result.errors.append(f"exifread: {type(exc).__name__}: {exc}")
    try:
        result.tags = _with_pillow(data)
        if result.tags:
            result.source = "pillow"
    except Exception as exc:
        result.errors.append(f"pillow: {type(exc).__name__}: {exc}")
    return result
