"""Real photo files for tests, with EXIF written by Pillow (GPS, times, orientation, camera)."""

from __future__ import annotations

import io
import random
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image, TiffImagePlugin

R = TiffImagePlugin.IFDRational


def dms(value: float) -> tuple[R, R, R]:
    """Degrees as EXIF degrees/minutes/seconds rationals."""
    total = round(abs(value) * 3600 * 10000)  # in 1/10000 s, so no 60-second rounding carry
    d, rest = divmod(total, 3600 * 10000)
    m, s = divmod(rest, 60 * 10000)
    return R(d, 1), R(m, 1), R(s, 10000)


def picture(size: tuple[int, int] = (320, 240), seed: int = 1) -> Image.Image:
    """A photo-like picture: a gradient with shapes, distinct per seed (never flat grey)."""
    rng = random.Random(seed)
    w, h = size
    im = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    px = Image.new("RGB", (w, h), (rng.randrange(40, 220), rng.randrange(40, 220), 60))
    im = Image.blend(im, px, 0.5)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(im)
    for _ in range(6):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = x0 + rng.randrange(10, w // 2 + 11), y0 + rng.randrange(10, h // 2 + 11)
        draw.rectangle((x0, y0, x1, y1), fill=(rng.randrange(256), rng.randrange(256), 0))
    # An asymmetric mark so that a flip or rotation is visible.
    draw.rectangle((0, 0, w // 4, h // 6), fill=(250, 20, 20))
    return im


def exif_bytes(
    *,
    lat: float | None = None,
    lon: float | None = None,
    lat_ref: str | None = "auto",
    lon_ref: str | None = "auto",
    lat_raw: Any = None,
    lon_raw: Any = None,
    alt: float | None = None,
    alt_ref: int | None = None,
    taken: datetime | None = None,
    offset: str | None = None,
    gps_time: datetime | None = None,
    orientation: int | None = None,
    make: str | None = "TestCam",
    model: str | None = "T-1",
) -> bytes:
    """EXIF for a test photo; `*_ref=None` leaves a reference out, `*_raw` writes raw rationals."""
    exif = Image.Exif()
    if make:
        exif[271] = make
    if model:
        exif[272] = model
    if orientation is not None:
        exif[274] = orientation
    sub: dict[int, Any] = {}
    if taken is not None:
        sub[36867] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if offset is not None:
        sub[36881] = offset
    if sub:
        exif[0x8769] = sub
    gps: dict[int, Any] = {}
    if lat is not None or lat_raw is not None:
        gps[2] = lat_raw if lat_raw is not None else dms(lat or 0)
        if lat_ref == "auto":
            gps[1] = "S" if (lat or 0) < 0 else "N"
        elif lat_ref is not None:
            gps[1] = lat_ref
    if lon is not None or lon_raw is not None:
        gps[4] = lon_raw if lon_raw is not None else dms(lon or 0)
        if lon_ref == "auto":
            gps[3] = "W" if (lon or 0) < 0 else "E"
        elif lon_ref is not None:
            gps[3] = lon_ref
    if alt is not None:
        gps[6] = R(round(abs(alt) * 100), 100)
        gps[5] = bytes([alt_ref if alt_ref is not None else (1 if alt < 0 else 0)])
    if gps_time is not None:
        gps[29] = gps_time.strftime("%Y:%m:%d")
        gps[7] = (R(gps_time.hour, 1), R(gps_time.minute, 1), R(gps_time.second, 1))
    if gps:
        gps[0] = b"\x02\x02\x00\x00"
        exif[0x8825] = gps
    return exif.tobytes()


def jpeg_bytes(size: tuple[int, int] = (320, 240), seed: int = 1, quality: int = 85,
               image: Image.Image | None = None, **exif: Any) -> bytes:
    """A JPEG with the given EXIF (see `exif_bytes`)."""
    out = io.BytesIO()
    (image or picture(size, seed)).save(out, "JPEG", quality=quality, exif=exif_bytes(**exif))
    return out.getvalue()


def write_jpeg(path: Path, **kwargs: Any) -> Path:
    """Write `jpeg_bytes(**kwargs)` to `path` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg_bytes(**kwargs))
    return path


def other_format_bytes(fmt: str, size: tuple[int, int] = (200, 150), seed: int = 2,
                       **exif: Any) -> bytes:
    """PNG or WebP with EXIF."""
    out = io.BytesIO()
    picture(size, seed).save(out, fmt, exif=exif_bytes(**exif))
    return out.getvalue()
