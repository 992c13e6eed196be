"""The shared EXIF corpus (../shared/samples/exif-samples; skipped where absent)."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from app.media.reading import read_photo_file

_DMS = re.compile(r"\[(.+)\]")


def _ratio(text: str) -> float:
    num, _, den = text.strip().partition("/")
    return int(num) / int(den or 1)


def parse_dump(dump: Path) -> dict[str, dict[str, str]]:
    """exifread's own `dump` file: file path (below jpg/) -> {tag name: printed value}."""
    files: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in dump.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("Opening: "):
            name = line.removeprefix("Opening: ").split("/jpg/", 1)[-1]
            current = files.setdefault(name, {})
        elif current is not None and " (" in line and "): " in line:
            tag, _, rest = line.partition(" (")
            current[tag] = rest.split("): ", 1)[1]
    return files


def expected_position(tags: dict[str, str]) -> tuple[float, float] | None:
    if "GPS GPSLatitude" not in tags:
        return None
    values = []
    for axis, neg in (("Latitude", "S"), ("Longitude", "W")):
        parts = [_ratio(p) for p in _DMS.search(tags[f"GPS GPS{axis}"])[1].split(",")]  # type: ignore[index]
        value = parts[0] + parts[1] / 60 + parts[2] / 3600
        values.append(-value if tags[f"GPS GPS{axis}Ref"].strip() == neg else value)
    return values[0], values[1]


def test_gps_and_mobile_photos_read_the_dump_coordinates(exif_samples: Path) -> None:
    dump = parse_dump(exif_samples / "dump")
    photos = sorted((exif_samples / "jpg" / "gps").glob("*.jpg")) + sorted(
        (exif_samples / "jpg" / "mobile").glob("*.jpg"))
    assert len(photos) >= 11
    with_gps = 0
    for path in photos:
        name = path.relative_to(exif_samples / "jpg").as_posix()
        expected = expected_position(dump[name])
        report = read_photo_file(path)
        assert report.photo is not None, f"{name}: {report.error}"
        meta = report.photo.meta
        if expected is None:
            assert (meta.lat, meta.lon) == (None, None), name
            continue
        with_gps += 1
        assert meta.lat == pytest.approx(expected[0], abs=1e-6), name
        assert meta.lon == pytest.approx(expected[1], abs=1e-6), name
    assert with_gps >= 10


def test_mobile_photo_times_and_offset(exif_samples: Path) -> None:
    meta = read_photo_file(exif_samples / "jpg/mobile/HMD_Nokia_8.3_5G.jpg").photo.meta  # type: ignore[union-attr]
    assert meta.to_json()["taken_at"] == "2022-08-14T14:12:31+03:00"
    assert meta.to_json()["gps_time"] == "2022-08-14T11:12:32Z"
    assert (meta.make, meta.model) == ("HMD Global", "Nokia 8.3 5G")


def _thumb(path: Path) -> Image.Image:
    report = read_photo_file(path)
    assert report.photo is not None, f"{path.name}: {report.error}"
    return Image.open(io.BytesIO(report.photo.thumbnail)).convert("L")


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey difference outside the centre, where each sample prints its own number 1..8."""
    if a.size != b.size:
        return 255.0
    # Compared at 1/8 size: the samples were re-encoded separately and may sit a pixel apart,
    # which in foliage is a large per-pixel difference but none at this scale.
    small = (max(1, a.size[0] // 8), max(1, a.size[1] // 8))
    # Some samples are darker than others: equalise so only the picture's layout counts.
    diff = ImageChops.difference(ImageOps.equalize(a.resize(small, Image.Resampling.BOX)),
                                 ImageOps.equalize(b.resize(small, Image.Resampling.BOX)))
    w, h = diff.size
    diff.paste(0, (int(w * 0.38), int(h * 0.2), int(w * 0.62), int(h * 0.75)))
    return float(ImageStat.Stat(diff).mean[0])


_DIHEDRAL = [None, Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.ROTATE_180,
             Image.Transpose.FLIP_TOP_BOTTOM, Image.Transpose.TRANSPOSE,
             Image.Transpose.ROTATE_270, Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90]


@pytest.mark.parametrize("kind", ["landscape", "portrait"])
def test_all_orientation_samples_make_upright_thumbnails(exif_samples: Path, kind: str) -> None:
    """Each N=1..8 sample stores the same scene turned by tag N; upright means equal to _1.

    "Equal" is judged against all eight turns of the reference: the thumbnail must be close
    to the upright reference and clearly closer to it than to any flipped or rotated version,
    so a wrong turn cannot pass by being merely similar.
    """
    folder = exif_samples / "jpg" / "orientation"
    reference = _thumb(folder / f"{kind}_1.jpg")
    for n in range(1, 9):
        thumb = _thumb(folder / f"{kind}_{n}.jpg")
        scores = [
            _difference(thumb, reference if t is None else reference.transpose(t))
            for t in _DIHEDRAL
        ]
        assert scores[0] < 6, f"{kind}_{n}: differs from upright by {scores[0]:.1f}"
        assert all(scores[0] * 3 < s for s in scores[1:]), f"{kind}_{n}: {scores}"


def test_invalid_and_corrupted_files_give_a_clear_result_each_quickly(exif_samples: Path) -> None:
    """Each file of jpg/invalid and corrupted.jpg gets its own clear message within 2 s.

    corrupted.jpg's picture data breaks off (libjpeg fills the rest grey): refused. The files in
    jpg/invalid are whole pictures whose EXIF block is an XMP packet exifread cannot read: they
    are kept, each with a note that it carries no capture time or position.
    """
    jpg = exif_samples / "jpg"
    paths = [jpg / "corrupted.jpg", *sorted((jpg / "invalid").glob("*.jpg"))]
    assert len(paths) == 8
    for path in paths:
        start = time.monotonic()
        report = read_photo_file(path)
        assert time.monotonic() - start < 2, path.name
        if path.name == "corrupted.jpg":
            assert report.error is not None
            assert "incomplete" in report.error.text.en and "不完整" in report.error.text.zh
        else:
            assert report.photo is not None, f"{path.name}: {report.error}"
            assert report.photo.meta.lat is None and report.photo.meta.taken_at is None
            assert report.photo.meta.problems, path.name
