"""Reading photos the tests make themselves: hemispheres, refs, zero denominators, absurd values,
formats, and files that are not whole photos."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from app.media.errors import PhotoRejected
from app.media.reading import load_bytes, read_photo, read_photo_file
from tests.helpers.photos import R, jpeg_bytes, other_format_bytes, picture


def _en(meta: object) -> str:
    return " | ".join(p.en for p in meta.problems)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(39.911954, 116.377817), (-33.856784, 151.215297), (40.689247, -74.044502),
     (-22.951916, -43.210487), (0.000001, -0.000001)],
)
def test_hemispheres_signs_applied(lat: float, lon: float) -> None:
    meta = read_photo(jpeg_bytes(lat=lat, lon=lon)).meta
    assert meta.lat == pytest.approx(lat, abs=1e-6)
    assert meta.lon == pytest.approx(lon, abs=1e-6)
    assert meta.problems == ()


def test_altitude_and_its_reference() -> None:
    assert read_photo(jpeg_bytes(lat=1, lon=1, alt=43.5)).meta.alt == pytest.approx(43.5)
    assert read_photo(jpeg_bytes(lat=1, lon=1, alt=-12.25)).meta.alt == pytest.approx(-12.25)


def test_missing_references_drop_the_position_with_a_note() -> None:
    meta = read_photo(jpeg_bytes(lat=39.9, lon=116.4, lat_ref=None)).meta
    assert (meta.lat, meta.lon) == (None, None)
    assert "latitude reference (N/S) missing" in _en(meta)
    meta = read_photo(jpeg_bytes(lat=39.9, lon=116.4, lon_ref=None)).meta
    assert meta.lon is None and "longitude reference (E/W) missing" in _en(meta)
    assert all(p.zh for p in meta.problems)


def test_zero_denominators_are_notes_not_exceptions() -> None:
    meta = read_photo(jpeg_bytes(lat_raw=(R(39, 0), R(1, 1), R(0, 1)), lon=116.4)).meta
    assert meta.lat is None and "zero denominator" in _en(meta)
    meta = read_photo(jpeg_bytes(lat=39.9, lon_raw=(R(116, 1), R(0, 0), R(5, 0)))).meta
    assert meta.lon is None and "zero denominator" in _en(meta)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"lat_raw": (R(95, 1), R(0, 1), R(0, 1)), "lon": 116.4}, "beyond 90°"),
        ({"lat": 39.9, "lon_raw": (R(200, 1), R(0, 1), R(0, 1))}, "beyond 180°"),
        ({"lat_raw": (R(39, 1), R(75, 1), R(0, 1)), "lon": 116.4}, "outside 0–60"),
        ({"lat": 0.0, "lon": 0.0}, "0,0"),
    ],
)
def test_absurd_positions_are_ignored_with_a_note(kwargs: dict, expected: str) -> None:
    meta = read_photo(jpeg_bytes(**kwargs)).meta
    assert (meta.lat, meta.lon) == (None, None)
    assert expected in _en(meta)


def test_capture_time_with_offset_and_gps_time_in_utc() -> None:
    meta = read_photo(jpeg_bytes(lat=1, lon=1, taken=datetime(2024, 5, 1, 10, 0, 0),
                                 offset="-04:00", gps_time=datetime(2024, 5, 1, 14, 0, 5))).meta
    assert meta.taken_at == datetime(2024, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert not meta.taken_offset_assumed
    assert meta.gps_time == datetime(2024, 5, 1, 14, 0, 5, tzinfo=UTC)
    assert meta.taken_utc() == datetime(2024, 5, 1, 14, 0, tzinfo=UTC)


def test_capture_time_without_offset_is_beijing_time() -> None:
    meta = read_photo(jpeg_bytes(taken=datetime(2024, 5, 1, 10, 0, 0))).meta
    assert meta.taken_offset_assumed
    assert meta.taken_utc() == datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    assert meta.to_json()["taken_at"] == "2024-05-01T10:00:00+08:00"


def test_impossible_times_are_notes() -> None:
    meta = read_photo(jpeg_bytes(taken=datetime(2024, 5, 1, 10, 0), offset="+99:99")).meta
    assert "offset is malformed" in _en(meta) and meta.taken_offset_assumed


def test_orientation_make_model_size() -> None:
    meta = read_photo(jpeg_bytes(size=(400, 300), orientation=6, make="Huawei", model="P60")).meta
    assert (meta.orientation, meta.make, meta.model) == (6, "Huawei", "P60")
    assert (meta.width, meta.height, meta.mime) == (400, 300, "image/jpeg")


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_read_with_fallback(fmt: str, mime: str) -> None:
    photo = read_photo(other_format_bytes(fmt, lat=-12.5, lon=-77.0,
                                          taken=datetime(2023, 1, 2, 3, 4, 5)))
    assert photo.meta.mime == mime
    assert photo.meta.lat == pytest.approx(-12.5) and photo.meta.lon == pytest.approx(-77.0)
    assert photo.meta.exif_source in ("exifread", "pillow")
    assert len(photo.phash) == 16


def test_webp_uses_pillow_when_exifread_finds_nothing() -> None:
    photo = read_photo(other_format_bytes("WEBP", lat=10, lon=10))
    assert photo.meta.exif_source == "pillow"


def test_no_exif_at_all_is_a_note() -> None:
    out = io.BytesIO()
    picture().save(out, "JPEG")
    meta = read_photo(out.getvalue()).meta
    assert meta.exif_source == "none" and "neither capture time nor position" in _en(meta)


def test_thumbnail_is_a_small_upright_jpeg() -> None:
    photo = read_photo(jpeg_bytes(size=(1200, 800), orientation=6))
    thumb = Image.open(io.BytesIO(photo.thumbnail))
    assert thumb.format == "JPEG"
    assert max(thumb.size) <= 320
    assert thumb.size[1] > thumb.size[0]  # orientation 6: a landscape sensor image shown upright


def test_sha256_is_of_the_exact_bytes() -> None:
    import hashlib

    data = jpeg_bytes(lat=1, lon=1)
    assert read_photo(data).sha256 == hashlib.sha256(data).hexdigest()


# -- files that are not whole photos: a clear refusal each, quickly -------------------------

def _png_bomb(w: int, h: int) -> bytes:
    """A PNG whose header says w x h RGB (1.2 GB decoded) with a tiny zlib stream of zeros."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * (1 << 20), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _bad_files(tmp: Path) -> dict[str, Path]:
    good = jpeg_bytes(size=(640, 480), lat=39.9, lon=116.4)
    files = {
        "empty": tmp / "empty.jpg",
        "text": tmp / "notes.jpg",
        "truncated": tmp / "cut.jpg",
        "bomb": tmp / "bomb.png",
        "gif": tmp / "anim.gif",
    }
    files["empty"].write_bytes(b"")
    files["text"].write_text("这不是照片 this is not a photo\n" * 20, encoding="utf-8")
    files["truncated"].write_bytes(good[: len(good) // 2])
    files["bomb"].write_bytes(_png_bomb(20000, 20000))
    Image.new("RGB", (10, 10)).save(files["gif"], "GIF")
    return files


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [("empty", "empty", "0 bytes"), ("text", "not_image", "not an image"),
     ("truncated", "", "copy it again"), ("bomb", "too_large", "decompression bomb"),
     ("gif", "unsupported", "only JPEG")],
)
def test_bad_files_are_refused_clearly_and_quickly(tmp_path: Path, name: str, code: str,
                                                   words: str) -> None:
    path = _bad_files(tmp_path)[name]
    start = time.monotonic()
    report = read_photo_file(path)
    assert time.monotonic() - start < 2
    assert not report.ok and report.error is not None
    if code:
        assert report.error.code == code
    assert words in report.error.text.en
    assert report.error.text.zh  # Chinese first, always


def test_jpeg_header_claiming_a_bomb_is_refused() -> None:
    data = bytearray(jpeg_bytes(size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5: sof + 9] = (60000).to_bytes(2, "big") + (60000).to_bytes(2, "big")
    with pytest.raises(PhotoRejected) as exc:
        read_photo(bytes(data))
    assert exc.value.code == "too_large"


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    with pytest.raises(PhotoRejected, match="not found"):
        load_bytes(tmp_path / "gone.jpg")
    with pytest.raises(PhotoRejected, match="folder"):
        load_bytes(tmp_path)


def test_heif_opener_is_registered_lazily_and_a_fake_heic_is_refused() -> None:
    fake = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(PhotoRejected):
        read_photo(fake)
    from app.media import decode

    assert decode._heif_registered


def test_a_file_over_the_limit_is_refused_and_one_at_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.media.reading as reading

    path = tmp_path / "big.jpg"
    data = jpeg_bytes(size=(64, 48))
    path.write_bytes(data)
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", len(data))
    assert load_bytes(path) == data  # exactly the limit: read whole
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", len(data) - 1)
    with pytest.raises(PhotoRejected, match="over 200 MB") as exc:
        load_bytes(path)
    assert exc.value.code == "too_large"


def test_a_file_that_reports_no_size_is_read_whole(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    # A file still being copied may say 0 bytes when opened: every byte is read. (A named pipe
    # is no longer read at all: it could hang an import for good, see test_hostile_paths.)
    path = tmp_path / "copying.jpg"
    data = jpeg_bytes(size=(64, 48))
    path.write_bytes(data)
    real_fstat = os.fstat

    def fstat_of_a_file_being_copied(fd: int) -> os.stat_result:
        st = list(real_fstat(fd))
        st[6] = 0  # st_size
        return os.stat_result(st)

    monkeypatch.setattr("app.core.bounded_read.os.fstat", fstat_of_a_file_being_copied)
    assert load_bytes(path) == data
