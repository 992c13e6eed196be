"""Thumbnails, previews and the perceptual hash, all from a reduced decode with orientation applied.

These are a cache: they can be rebuilt from the original at any time, so they are never the
evidence and their bytes may change between versions.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from app.media.decode import decode_reduced, open_photo, warnings_filtered

if TYPE_CHECKING:
    from PIL import Image as PILImage

THUMB_PX = 320  # longest side of a strip thumbnail (shown at 160 px on high-DPI screens)
PREVIEW_PX = 1600  # longest side of the viewer's picture
# Longest side of the print-size copy the PDF reports embed: their 83 mm photo box at 250 dpi
# (app.reports.photo_prep.print_pixels of layout.PHOTO_BOX_W/H; a test keeps the two equal).
# Made at import from the same reduced decode as the thumbnail, so reports never decode the
# 12-megapixel originals again.
PRINT_PX = 806
PRINT_JPEG_QUALITY = 80
_JPEG_QUALITY = 85


def upright_decoded(im: PILImage.Image, box: int) -> PILImage.Image:
    """Decode `im` at the smallest scale still covering `box` pixels, upright, as RGB.

    The result may be up to twice `box` (JPEG draft mode scales by 1/2, 1/4 or 1/8 only):
    callers resize it to what they make from it (print copy, thumbnail, preview).
    """
    from PIL import Image

    im = decode_reduced(im, box)
    # Transposing after the reduced decode turns ~1/16 of the pixels: the cheap order.
    upright = _turned(im)
    if upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    return upright


def _turned(im: PILImage.Image) -> PILImage.Image:
    """A copy turned as the orientation tag says (1-8); as it is for a missing or odd tag.

    Not ImageOps.exif_transpose: it also rewrites the copy's EXIF block, and a crafted block
    made that raise (TypeError, struct.error, ValueError from Pillow's TIFF writer: found by
    fuzzing), which stopped a whole import. We only need the turn.
    """
    from PIL import Image

    try:
        with warnings_filtered("ignore"):  # odd EXIF in a valid picture is not worth a failure
            orientation = im.getexif().get(0x0112)
    except Exception:
        orientation = None  # unreadable EXIF: shown as it is, the meta notes say why
    turns = {
        2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }
    method = turns.get(orientation) if isinstance(orientation, int) else None
    return im.transpose(method) if method is not None else im.copy()


def upright_reduced(im: PILImage.Image, box: int) -> PILImage.Image:
    """Decode `im` reduced to about `box` pixels, orientation tag applied, as RGB."""
    from PIL import Image

    upright = upright_decoded(im, box)
    if max(upright.size) > box:
        upright.thumbnail((box, box), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return upright


def encode_jpeg(im: PILImage.Image, quality: int = _JPEG_QUALITY) -> bytes:
    """The cache's JPEG encoding of a reduced picture."""
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, optimize=False)
    return out.getvalue()


def print_copy(upright: PILImage.Image, box: int = PRINT_PX) -> PILImage.Image:
    """The print-size picture (longest side at most `box`) of an upright reduced picture.

    Same filter as app.reports.photo_prep.scale_for_print (bicubic), so a copy made at import
    and one made at report time look alike.
    """
    from PIL import Image

    if max(upright.size) <= box:
        return upright
    return upright.resize(_fit(upright.size, box), Image.Resampling.BICUBIC, reducing_gap=2.0)


def thumbnail_of(im: PILImage.Image, box: int = THUMB_PX) -> PILImage.Image:
    """A strip thumbnail (longest side at most `box`) of an upright picture."""
    from PIL import Image

    if max(im.size) <= box:
        return im
    return im.resize(_fit(im.size, box), Image.Resampling.BILINEAR, reducing_gap=2.0)


def _fit(size: tuple[int, int], box: int) -> tuple[int, int]:
    # Same rounding as Image.thumbnail (aspect kept, longest side exactly `box`).
    w, h = size
    if w >= h:
        return box, max(1, round(h * box / w))
    return max(1, round(w * box / h)), box


def perceptual_hash(im: PILImage.Image) -> str:
    """64-bit DCT perceptual hash as 16 hex digits (near-identical pictures differ by few bits)."""
    import imagehash

    return str(imagehash.phash(im))


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex perceptual hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def make_preview(data: bytes, box: int = PREVIEW_PX) -> bytes:
    """A viewer-size JPEG of the photo, upright (built on demand, then cached)."""

    return encode_jpeg(upright_reduced(open_photo(data), box))
