"""Thumbnails, previews and the perceptual hash, all from a reduced decode with orientation applied.

These are a cache: they can be rebuilt from the original at any time, so they are never the
evidence and their bytes may change between versions.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from app.media.decode import decode_reduced

if TYPE_CHECKING:
    from PIL import Image as PILImage

THUMB_PX = 320  # longest side of a strip thumbnail (shown at 160 px on high-DPI screens)
PREVIEW_PX = 1600  # longest side of the viewer's picture
_JPEG_QUALITY = 85


def upright_reduced(im: PILImage.Image, box: int) -> PILImage.Image:
    """Decode `im` reduced to about `box` pixels, orientation tag applied, as RGB."""
    from PIL import Image, ImageOps

    im = decode_reduced(im, box)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # odd EXIF in a valid picture is not worth a failure
        # Transposing after the reduced decode turns ~1/64 of the pixels: the cheap order.
        upright = ImageOps.exif_transpose(im)
    if upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    if max(upright.size) > box:
        upright.thumbnail((box, box), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return upright


def encode_jpeg(im: PILImage.Image) -> bytes:
    """The cache's JPEG encoding of a reduced picture."""
    out = io.BytesIO()
    im.save(out, "JPEG", quality=_JPEG_QUALITY, optimize=False)
    return out.getvalue()


def perceptual_hash(im: PILImage.Image) -> str:
    """64-bit DCT perceptual hash as 16 hex digits (near-identical pictures differ by few bits)."""
    import imagehash

    return str(imagehash.phash(im))


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex perceptual hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def make_preview(data: bytes, box: int = PREVIEW_PX) -> bytes:
    """A viewer-size JPEG of the photo, upright (built on demand, then cached)."""
    from app.media.decode import open_photo

    return encode_jpeg(upright_reduced(open_photo(data), box))
