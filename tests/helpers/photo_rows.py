"""Photo rows as the importer writes them, without decoding any picture."""

from __future__ import annotations

from app.store.photos import PhotoRecord


def photo_record(sha256: str, *, phash: str | None = None, lat: float | None = None,
                 lon: float | None = None) -> PhotoRecord:
    """A minimal `photos` row for a picture with this hash (and perceptual hash)."""
    return PhotoRecord(
        sha256=sha256, size=1000, mime="image/jpeg", width=640, height=480, lat=lat, lon=lon,
        alt=None, taken_at="2024-05-01T10:05:00+08:00", taken_offset_assumed=0,
        taken_at_utc="2024-05-01T02:05:00.000Z", gps_time=None, orientation=1, make=None,
        model=None, phash=phash, exif_source="exifread", problems="[]",
        original_name=f"{sha256[:8]}.jpg", imported_at="2024-05-01T02:10:00.000Z",
        origin_device="",
    )
