"""Opening photo bytes with Pillow safely: formats we accept, size limits, decompression bombs.

Everything that can go wrong while decoding becomes a `PhotoRejected` with a clear message, so a
batch never sees a raw Pillow exception or warning (pytest turns warnings into errors, and so
should we: a bomb warning is a reason to refuse, not to carry on quietly).
"""

from __future__ import annotations

import contextlib
import io
import math
import threading
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from app.media.errors import PhotoRejected, rejected

if TYPE_CHECKING:
    from PIL import Image as PILImage

# Formats a phone or camera writes; MIME types as stored in `photos.mime`.
MIME_BY_FORMAT = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # multi-picture JPEG from some cameras: the first frame is a JPEG
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}
# Pillow's own bomb limit (its DecompressionBombWarning, ~89 MP) is treated as a refusal for
# every format; other formats, decoded in full, get a lower ceiling on top.
MAX_JPEG_PIXELS = 89_478_485
MAX_OTHER_PIXELS = 60_000_000

_heif_registered = False
_heif_lock = threading.Lock()
# warnings.catch_warnings() swaps the process-wide list of warning filters and puts back, on
# exit, the list it found on entry (Python < 3.14). Two threads inside it at once can leave one
# thread's filter in place for good: a stray "ignore" (or "error") for the whole program. A batch
# import reads photos on two threads, so app.media changes the filters only through
# `warnings_filtered`, one thread at a time, and never for the length of a decode.
_warnings_lock = threading.RLock()


@contextlib.contextmanager
def warnings_filtered(action: warnings._ActionKind,
                      category: type[Warning] = Warning) -> Iterator[None]:
    """`catch_warnings` + `simplefilter(action, category)`, one thread at a time (see above)."""
    with _warnings_lock, warnings.catch_warnings():
        warnings.simplefilter(action, category)
        yield


def _looks_like_heif(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in {
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif",
    }


def _register_heif() -> None:
    """Register pi-heif's opener the first time a HEIF file is seen (keeps start-up light)."""
    global _heif_registered
    with _heif_lock:  # two decoder threads may meet the first HEIC at once
        if not _heif_registered:
            import pi_heif

            pi_heif.register_heif_opener()
            _heif_registered = True


def open_photo(data: bytes) -> PILImage.Image:
    """Open (not yet decode) photo bytes; refuse empty, non-image, unsupported or bomb files."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise rejected("empty", "文件为空（0 字节），请从相机或手机重新拷贝",
                       "the file is empty (0 bytes); copy it again from the camera or phone")
    if _looks_like_heif(data[:16]):
        _register_heif()
    try:
        # Opening a JPEG reads its EXIF (for the DPI), and a damaged block makes Pillow warn
        # ("Corrupt EXIF data", "Truncated File Read"): printed on the user's terminal, or a
        # refusal of the whole photo where warnings are errors (the tests). exif.py reads and
        # judges the EXIF itself, so those are ignored here; a bomb warning stays a refusal.
        with warnings_filtered("ignore", UserWarning), \
                warnings_filtered("error", Image.DecompressionBombWarning):
            im = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb(str(exc)) from None
    except UnidentifiedImageError:
        raise rejected("not_image", "不是图片文件（无法识别格式），请确认选的是照片",
                       "not an image file (format not recognised); check that this is a photo"
                       ) from None
    except Exception as exc:  # Pillow raises many types for broken headers
        raise _broken(exc) from None
    # Feed the decoder the whole file at once (the bytes are in memory anyway) rather than in
    # 64 kB pieces: one call into libjpeg, and the GIL is not re-taken ~70 times per photo
    # while an import's writer thread works alongside.
    im.decodermaxblock = max(im.decodermaxblock, len(data))
    fmt = im.format or ""
    if fmt not in MIME_BY_FORMAT:
        raise rejected("unsupported", f"不支持的图片格式 {fmt}：只接受 JPEG、PNG、WebP、HEIC",
                       f"unsupported image format {fmt}: only JPEG, PNG, WebP and HEIC are accepted"
                       )
    limit = MAX_JPEG_PIXELS if fmt in ("JPEG", "MPO") else MAX_OTHER_PIXELS
    w, h = im.size
    if w <= 0 or h <= 0 or w * h > limit:
        raise _bomb(f"{w}×{h} pixels")
    return im


def _bomb(detail: str) -> PhotoRejected:
    return rejected("too_large", f"图片像素过多（{detail}），疑似“解压炸弹”，已拒绝",
                    f"too many pixels ({detail}): looks like a decompression bomb; refused")


def _broken(exc: BaseException) -> PhotoRejected:
    return rejected("broken", f"图片已损坏或不完整，无法解码（{exc}）；请从原始设备重新拷贝",
                    f"the image is damaged or incomplete and cannot be decoded ({exc}); "
                    "copy it again from the original device")


def decode_reduced(im: PILImage.Image, box: int) -> PILImage.Image:
    """Decode the whole image at the smallest scale that still covers `box` pixels.

    JPEG draft mode lets libjpeg scale by 1/2..1/8 while decoding: much faster and smaller than
    a full decode, and it still reads every byte, so a truncated file is caught here.
    """
    from PIL import Image

    try:
        if im.format in ("JPEG", "MPO"):
            # The longest side must cover `box`, not both sides: (box, box) would keep a 4:3
            # photo at half size for an 806 px box (3000/4 < 806) instead of a quarter.
            w, h = im.size
            scale = box / max(w, h, 1)
            im.draft("RGB", (math.ceil(w * scale), math.ceil(h * scale)))
        # No warning filter around the decode (it would hold `_warnings_lock` for the whole
        # decode, one photo at a time): damage shows as an exception here (missing data is
        # Pillow's "image file is truncated"; the bomb limits were checked when opening).
        # What libjpeg tolerates with a mere warning is judged by app.media.jpeg_damage.
        im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb(str(exc)) from None
    except PhotoRejected:
        raise
    except Exception as exc:
        raise _broken(exc) from None
    return im

