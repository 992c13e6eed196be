"""Photos scaled to print size before they go into a PDF, so 50 photos stay a few MB.

The originals are evidence and stay untouched; what goes into the PDF is a JPEG (quality 80,
orientation applied) whose longest side fits the printed box at 250 dpi. Photos imported
through app.media already have that copy in the store's print cache (made at import from the
same reduced decode as the thumbnail), so a document usually only reads small files; a missing
copy is made here from the original, with JPEG draft mode skipping most of a 12-megapixel
file's work.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.media.filestore import print_copy_path
from app.media.thumbs import PRINT_JPEG_QUALITY

PRINT_DPI = 250  # evidence prints: ~820 px for the 83 mm boxes, ~110-180 kB a photo
JPEG_QUALITY = PRINT_JPEG_QUALITY
_SHA256_NAME = re.compile(r"[0-9a-f]{64}")


def print_pixels(width_pt: float, height_pt: float, dpi: int = PRINT_DPI) -> int:
    """Longest side in pixels that a box of this size (in points) needs at `dpi`."""
    return max(64, round(max(width_pt, height_pt) / 72.0 * dpi))


def scale_for_print(src: Path, dest: Path, max_px: int) -> tuple[int, int]:
    """Write `src` as an upright JPEG no larger than max_px on its longest side; return its size."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        opened = Image.open(src)
    except UnidentifiedImageError:
        # Originals are stored under their hash with no suffix; an iPhone's HEIC needs the
        # HEIF opener, registered only when a photo turns out to need it.
        import pi_heif

        pi_heif.register_heif_opener()
        opened = Image.open(src)
    with opened as im:
        w, h = im.size
        longest = max(w, h)
        if longest > max_px and im.format == "JPEG":
            # Ask draft mode for the final size: it decodes at 1/2, 1/4 or 1/8 while still
            # at least that large, which is where most of the time goes.
            ratio = max_px / longest
            im.draft("RGB", (max(1, int(w * ratio)), max(1, int(h * ratio))))
        im.load()
        upright = ImageOps.exif_transpose(im)
        if upright.mode not in ("RGB", "L"):
            rgba = upright.convert("RGBA")
            background = Image.new("RGB", rgba.size, "white")
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        upright.thumbnail((max_px, max_px), Image.Resampling.BICUBIC, reducing_gap=2.0)
        upright.save(dest, "JPEG", quality=JPEG_QUALITY)
        return upright.size


def cached_print_copy(src: Path, cache_dir: Path, max_px: int) -> tuple[Path, tuple[int, int]]:
    """The print-size copy of an original, made once and kept in `cache_dir`.

    Originals are named by their SHA-256 and never change, so the name plus the print size is a
    sound cache key (file size and mtime are added for other files); imports fill the same
    cache. The copy is written to a temporary name and renamed, so a reader never sees half a
    file. Like thumbnails it is a cache: deleting the folder only costs time.
    """
    from PIL import Image

    if not src.is_file():  # a lost original prints as lost: no cached copy stands in for it
        raise FileNotFoundError(src)
    if _SHA256_NAME.fullmatch(src.name):
        # An original of the photo store, named by its hash and never changed: the hash is the
        # key, the same one imports use (app.media.filestore.print_copy_path).
        dest = print_copy_path(cache_dir, src.name, max_px)
    else:
        stat = src.stat()  # any other file: its size and mtime are part of the key
        dest = cache_dir / f"{src.name}-{stat.st_size}-{stat.st_mtime_ns}-{max_px}.jpg"
    if dest.is_file():
        try:
            with Image.open(dest) as im:
                return dest, im.size
        except OSError:
            pass  # a damaged cache file is made again below
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        size = scale_for_print(src, tmp, max_px)
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest, size


def prepare_photos(
    paths: Sequence[Path], max_px: int, workdir: Path, workers: int | None = None,
    cache_dir: Path | None = None,
) -> list[tuple[Path, tuple[int, int]] | None]:
    """Scale every photo for print in a small thread pool; None where a file cannot be read.

    With `cache_dir`, print copies are kept there between documents (see cached_print_copy).
    """

    def one(index_path: tuple[int, Path]) -> tuple[Path, tuple[int, int]] | None:
        index, path = index_path
        try:
            if cache_dir is not None:
                return cached_print_copy(Path(path), cache_dir, max_px)
            dest = workdir / f"photo-{index:05d}.jpg"
            return dest, scale_for_print(Path(path), dest, max_px)
        except Exception:  # a broken or missing photo is printed as a placeholder, never fatal
            return None

    if workers is None:
        workers = min(4, os.cpu_count() or 1)
    # Pillow releases the GIL while decoding and encoding, so threads do run in parallel.
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, enumerate(paths)))
