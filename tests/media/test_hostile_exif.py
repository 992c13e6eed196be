"""Crafted EXIF: a photo is read (with notes) or refused, never a crash, and the batch goes on.

Before: EXIF blocks that Pillow could parse but not write back made ImageOps.exif_transpose
raise (TypeError, struct.error, AttributeError, ValueError) during the decode, and that
exception stopped `photos import` for the whole batch. Files in tests/media/hostile/.
"""

from __future__ import annotations

import io
import math
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.media.errors import PhotoRejected
from app.media.reading import read_photo
from tests.helpers.photos import R, exif_bytes, picture, write_jpeg
from tests.helpers.world import add_inspection, add_site, open_world

HOSTILE = sorted((Path(__file__).parent / "hostile").glob("*.jpg"))


@pytest.mark.parametrize("path", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_exif_pillow_cannot_rewrite_does_not_stop_the_read(path: Path) -> None:
    photo = read_photo(path.read_bytes())
    assert photo.meta.width == 160 and photo.thumbnail


def test_photos_import_of_hostile_exif_reports_each_file_and_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    now = datetime.now(UTC)
    insp = add_inspection(world, add_site(world, "畸形", 39.93, 116.41),
                          now - timedelta(minutes=10))
    world.db.conn.close()
    good = write_jpeg(tmp_path / "good.jpg", seed=5, lat=39.93, lon=116.41,
                      taken=(now + timedelta(hours=8)).replace(tzinfo=None))
    code = main(["photos", "import", "--db", str(db_path), "--inspection", insp,
                 *map(str, HOSTILE), str(good)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code in (0, 3)
    assert [line.split(":")[0] for line in lines] == [p.name for p in HOSTILE] + ["good.jpg"]
    assert "已添加 (attached)" in lines[-1]


# ---- property: crafted values in the tags we read ---------------------------------------------

u32 = st.integers(0, 2**32 - 1)
rationals = st.builds(lambda n, d: R(n, d), u32, u32)
dms_values = st.tuples(rationals, rationals, rationals) | st.tuples(rationals) | st.tuples()
texts = st.text(max_size=30) | st.sampled_from(
    ["0000:00:00 00:00:00", "2026:02:30 10:00:00", "9999:12:31 23:59:59", "    :  :     :  :  ",
     "2026:01:01 24:00:00", "+14:00", "-99:99", "N", "S", "E", "W", "x"])


@settings(max_examples=120, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(lat=dms_values, lon=dms_values, lat_ref=texts, lon_ref=texts,
       alt=rationals, taken=texts, offset=texts, orientation=st.integers(0, 65535),
       gps_date=texts, gps_time=st.tuples(rationals, rationals, rationals))
def test_any_tag_values_give_a_photo_with_sane_meta(
        lat: Any, lon: Any, lat_ref: str, lon_ref: str, alt: Any, taken: str, offset: str,
        orientation: int, gps_date: str, gps_time: Any) -> None:
    exif = _crafted_exif(lat, lon, lat_ref, lon_ref, alt, taken, offset, orientation, gps_date,
                      gps_time)
    out = io.BytesIO()
    picture((96, 72)).save(out, "JPEG", exif=exif)
    try:
        meta = read_photo(out.getvalue()).meta
    except PhotoRejected:
        return
    if meta.lat is not None:
        assert math.isfinite(meta.lat) and -90 <= meta.lat <= 90
    if meta.lon is not None:
        assert math.isfinite(meta.lon) and -180 <= meta.lon <= 180
    if meta.alt is not None:
        assert math.isfinite(meta.alt)
    assert meta.orientation is None or 1 <= meta.orientation <= 8
    meta.to_json()  # what `photos info --json` prints


def _crafted_exif(lat: Any, lon: Any, lat_ref: str, lon_ref: str, alt: Any, taken: str,
               offset: str, orientation: int, gps_date: str, gps_time: Any) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[274] = orientation
    exif[0x8769] = {36867: taken, 36881: offset}
    exif[0x8825] = {0: b"\x02\x02\x00\x00", 1: lat_ref, 2: lat, 3: lon_ref, 4: lon, 6: alt,
                    7: gps_time, 29: gps_date}
    return exif.tobytes()


# ---- property: bytes of the EXIF block mutated ------------------------------------------------

_BASE_EXIF = exif_bytes(lat=39.9, lon=116.4, alt=50, taken=datetime(2026, 1, 2, 3, 4, 5),
                        offset="+08:00", gps_time=datetime(2026, 1, 1, 19, 4, 5), orientation=6)
_out = io.BytesIO()
picture((160, 120)).save(_out, "JPEG", exif=_BASE_EXIF)
BASE = _out.getvalue()
_TIFF = BASE.find(b"Exif\x00\x00") + 6
_END = _TIFF - 8 + struct.unpack(">H", BASE[_TIFF - 8:_TIFF - 6])[0]

edits = st.lists(st.tuples(st.integers(_TIFF, _END - 4),
                           st.binary(min_size=1, max_size=4)
                           | st.sampled_from([b"\xff\xff\xff\xff", b"\x00\x00\x10\x00",
                                              b"\x08\x00\x00\x00", b"\x00\x00\x00\x00"])),
                 min_size=1, max_size=6)


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_any_damage_to_the_exif_block_is_read_or_refused(changes: list[tuple[int, bytes]]) -> None:
    data = bytearray(BASE)
    for at, value in changes:
        data[at:at + len(value)] = value
    try:
        photo = read_photo(bytes(data[:len(BASE)]))
    except PhotoRejected as exc:
        assert exc.text.zh and exc.text.en
    else:
        photo.meta.to_json()


def _exif_with_make_pointing_past_the_end() -> bytes:
    raw = bytearray(exif_bytes(make="A long camera maker name", lat=39.9, lon=116.4))
    head = 6 if raw.startswith(b"Exif") else 0
    order = "<" if raw[head:head + 2] == b"II" else ">"
    ifd = head + struct.unpack(order + "I", raw[head + 4:head + 8])[0]
    for i in range(struct.unpack(order + "H", raw[ifd:ifd + 2])[0]):
        entry = ifd + 2 + 12 * i
        if struct.unpack(order + "H", raw[entry:entry + 2])[0] == 0x010F:  # Make
            raw[entry + 8:entry + 12] = struct.pack(order + "I", 0xFFFFFF)
    return bytes(raw)


def test_exif_pillow_warns_about_on_opening_is_read_not_refused() -> None:
    # Pillow warns ("Truncated File Read") while opening a JPEG whose EXIF points past its end.
    # The warning used to reach the terminal, and where warnings are errors it refused the
    # whole photo as "damaged"; the EXIF reader judges the tags itself.
    out = io.BytesIO()
    picture((160, 120)).save(out, "JPEG", exif=_exif_with_make_pointing_past_the_end())
    photo = read_photo(out.getvalue())
    assert photo.meta.lat == pytest.approx(39.9) and photo.meta.make is None
