"""Signs of damage in a JPEG that its decoder tolerates: judged from the data, told as warnings.

libjpeg recovers from damaged picture data and only warns ("Corrupt JPEG data…", "Premature end
of data segment"), and Pillow does not pass its warnings on; what Pillow does raise (a file cut
short: "image file is truncated", broken headers) is a refusal in decode.py. What libjpeg
tolerates is read here from the file's structure and, for the one thing that needs it, from
the decoder's own behaviour:

- the scan data breaks off into bytes that are no marker, or its restart markers skip: corrupt
  data in places (the decoder resynchronises and goes on);
- a long stretch of zero bytes (or of 0xFF, erased flash) inside the scan data: a blanked block
  of the file (a bad sector, a failed copy). Entropy-coded data is close to random; 256 equal
  bytes in a row do not occur in a camera photo (the sample corpus has at most 30 zeros);
- the decoder ran out of scan data before the last block and filled the rest grey (128). A
  grey bottom row alone proves nothing (a photo may end in a grey wall), so the picture is
  decoded again with padding where the scan data stops: only if that changes the picture had
  the decoder been short of data, and the changed rows say how much was missing.

Doubts become notes on the photo (stored with its problems, shown as a warning); only a picture
of which most is missing is refused, as it is no longer evidence of anything.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.text import Text
from app.media.decode import warnings_filtered
from app.media.errors import rejected

if TYPE_CHECKING:
    from PIL import Image as PILImage

BLANK_RUN = 256  # bytes; see above
REFUSE_MISSING = 0.5  # share of the picture's height the decoder had to fill grey
_BLANKS = (b"\x00" * BLANK_RUN, b"\xff" * BLANK_RUN)
# The end of a scan's data: a marker other than a stuffed zero or a restart. One 0xFF only in
# the pattern (a literal search, fast): `\xff+` retried every position of a long run of 0xFF
# (erased flash; 2.6 s for corrupted.jpg). Fill bytes before the marker are stepped over after.
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_RESTART = re.compile(rb"\xff([\xd0-\xd7])")
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_SOS, _EOI = 0xDA, 0xD9
# Random data (no 0xFF, so no marker) that a decoder short of data would use as picture data.
_PADDING = bytes(b if b != 0xFF else 0x7F for b in random.Random(20170401).randbytes(4096))


@dataclass(frozen=True)
class JpegStructure:
    """What walking the markers found."""

    end_of_image: int | None = None  # offset of the EOI marker that ends the picture
    scan_end: int | None = None  # offset where the last scan's data stops (a marker follows)
    broken: bool = False  # bytes that are no marker where one must be
    restart_skips: int = 0  # restart markers out of their 0..7 order
    blank_at: int | None = None  # offset of a run of BLANK_RUN zero (or 0xFF) bytes in scan data


def walk(data: bytes) -> JpegStructure:
    """Walk segments and scans from SOI to EOI; each step moves forward, so it ends."""
    pos, size = 2, len(data)
    skips = 0
    blank: int | None = None
    scan_end: int | None = None
    while pos + 1 < size:
        if data[pos] != 0xFF:
            return JpegStructure(None, scan_end, True, skips, blank)
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker == _EOI:
            return JpegStructure(pos, scan_end, False, skips, blank)
        if marker in _STANDALONE:
            pos += 2
            continue
        if pos + 4 > size:
            break
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker != _SOS:
            continue
        found = _SCAN_END.search(data, pos)
        end = found.start() if found else size  # the marker's own 0xFF
        scan_end = end  # where the fill bytes before the marker (if any) begin
        if found and data[end - 1] == 0xFF:  # rare: copy the scan only then
            scan_end = pos + len(data[pos:end].rstrip(b"\xff"))
        skips += _restart_skips(data, pos, end)
        for run in _BLANKS:
            if blank is None and (at := data.find(run, pos, end + 1)) >= 0:
                blank = at
        pos = end
    return JpegStructure(None, scan_end, False, skips, blank)


def _restart_skips(data: bytes, start: int, end: int) -> int:
    expected = None
    skips = 0
    for m in _RESTART.finditer(data, start, end):
        number = m.group(1)[0] - 0xD0
        if expected is not None and number != expected:
            skips += 1
        expected = (number + 1) % 8
    return skips


# Damage notes are stored among the photo's problems (a JSON list of texts); this prefix is how
# the evidence checks tell them from metadata notes, and it reads well on its own.
_MARK = Text("图像受损：", "damaged picture: ")


def _note(zh: str, en: str) -> Text:
    return Text(_MARK.zh + zh, _MARK.en + en)


def is_damage_note(note: Text) -> bool:
    """True for a note `damage_notes` wrote: the picture itself is in doubt, not its metadata."""
    return note.en.startswith(_MARK.en)


def damage_notes(data: bytes, decoded: PILImage.Image) -> tuple[Text, ...]:
    """Warnings for damage the decoder tolerated; PhotoRejected if most of the picture is lost.

    `decoded` is the loaded (possibly reduced) picture of `data`, before any turn.
    """
    found = walk(data)
    notes: list[Text] = []
    if found.broken or found.restart_skips:
        notes.append(_note("图片数据有损坏之处（解码器跳过了错误的数据），画面可能有错位或色块",
                          "the picture data is corrupt in places (the decoder skipped bad "
                          "data): parts of the picture may be shifted or blotched"))
    if found.blank_at is not None:
        notes.append(_note(f"图片数据中有一大段是空白（全零或全 FF，第 {found.blank_at} 字节起），"
                          "文件可能在拷贝中损坏；如有原始文件请重新拷贝",
                          f"a long stretch of the picture data is blank (all zeros or all FF, "
                          f"from byte {found.blank_at}): the file may have been damaged in "
                          "copying; copy it again if the original is at hand"))
    if found.end_of_image is None and not found.broken:
        notes.append(_note("文件缺少结束标记（可能没有拷贝完整）",
                          "the file has no end marker (it may not have been copied whole)"))
    missing = _filled_share(data, decoded, found.scan_end)
    if missing > REFUSE_MISSING:
        raise rejected("incomplete", f"图片数据不完整：下部约 {missing:.0%} 是解码器填充的灰色，"
                       "文件已损坏；请从原始设备重新拷贝",
                       f"the image data is incomplete: the bottom {missing:.0%} is the decoder's "
                       "grey fill; the file is damaged; copy it again from the original device")
    if missing > 0:
        notes.append(_note(f"图片下部约 {missing:.0%} 缺失（解码器以灰色填充），文件不完整",
                          f"the bottom {missing:.0%} of the picture is missing (filled grey by "
                          "the decoder): the file is incomplete"))
    return tuple(notes)


def _filled_share(data: bytes, decoded: PILImage.Image, scan_end: int | None) -> float:
    """The share of the height the decoder filled for want of data (0.0 if none: a real grey).

    Both decodes at a quarter of the size at least: at an eighth (one pixel per 8×8 block) the
    few blocks the padding feeds can come out the same as the fill (seen on corrupted.jpg).
    """
    if scan_end is None or not _ends_in_grey(decoded):
        return 0.0
    from PIL import ImageChops

    try:
        # Quietly: Pillow warns about the damaged EXIF again while opening (judged in exif.py).
        # Rare (a grey last row), so holding the warnings lock for two decodes costs nothing.
        with warnings_filtered("ignore"):
            before = _decode_quarter(data)
            after = _decode_quarter(data[:scan_end] + _PADDING + data[scan_end:])
        if after.size != before.size or after.mode != before.mode:
            return 0.0  # cannot compare: no proof either way
        changed = ImageChops.difference(before, after).getbbox()
    except Exception:
        return 0.0  # the padded copy would not decode: no proof of a fill
    if changed is None:
        return 0.0  # the padding was never read: the scan was whole, the grey is real
    # From the first block the padding fed to the end, the decoder had no data of the file.
    return (before.height - changed[1]) / before.height


def _decode_quarter(data: bytes) -> PILImage.Image:
    from PIL import Image

    im = Image.open(io.BytesIO(data))
    w, h = im.size
    im.draft("RGB", ((w + 3) // 4, (h + 3) // 4))
    im.load()
    return im


def _ends_in_grey(im: PILImage.Image) -> bool:
    """The last pixel row is exactly 128 in every channel: what libjpeg fills missing data with."""
    w, h = im.size
    if w < 1 or h < 2 or im.mode not in ("RGB", "L", "YCbCr"):
        return False
    extrema = im.crop((0, h - 1, w, h)).getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(band == (128, 128) for band in bands)
