"""Reading one photo file: its bytes, hash, metadata, a thumbnail and a perceptual hash.

One reduced decode serves every purpose: it proves the file is a whole picture (truncation
shows up here, not later in a report), it yields the thumbnail, the print-size copy the PDF
reports embed, and the perceptual hash (taken from the thumbnail). A file that fails any step
is refused with a `PhotoRejected` naming the reason.

Two steps, so an import can overlap them: `check_photo_bytes` (decode and read; everything
that can refuse a file except a storage error) and `finish_photo` (hash and derived pictures
from the decoded image; cannot refuse a file).
"""

from __future__ import annotations

import errno
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.bounded_read import FileTooLarge, NotRegularFile, read_regular_file
from app.media.decode import MIME_BY_FORMAT, open_photo
from app.media.errors import PhotoRejected, rejected
from app.media.exif import read_raw_exif
from app.media.jpeg_damage import damage_notes
from app.media.meta import PhotoMeta, interpret
from app.media.thumbs import (
    PRINT_JPEG_QUALITY,
    PRINT_PX,
    THUMB_PX,
    encode_jpeg,
    perceptual_hash,
    print_copy,
    thumbnail_of,
    upright_decoded,
)

if TYPE_CHECKING:
    from PIL import Image as PILImage

MAX_FILE_BYTES = 200 * 1024 * 1024  # no phone or camera photo is near this; a video might be
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".png", ".webp", ".heic", ".heif", ".hif")


@dataclass(frozen=True)
class PhotoFile:
    """A photo read and checked, ready to be stored: the exact bytes and what they say."""

    name: str
    data: bytes
    sha256: str
    meta: PhotoMeta
    thumbnail: bytes  # JPEG, upright, THUMB_PX on the longest side
    phash: str
    print_copy: bytes | None = None  # JPEG, upright, PRINT_PX (when asked for: imports)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class CheckedPhoto:
    """Photo bytes proved to be a whole picture and read, before hashing and derived pictures."""

    name: str
    data: bytes
    meta: PhotoMeta
    upright: PILImage.Image = field(compare=False, repr=False)  # reduced decode, upright, RGB


@dataclass(frozen=True)
class PhotoReport:
    """The outcome for one file of a batch: a photo, or the reason it was refused."""

    path: Path
    photo: PhotoFile | None = None
    error: PhotoRejected | None = None

    @property
    def ok(self) -> bool:
        return self.photo is not None


def load_bytes(path: Path) -> bytes:
    """Read a whole file; refuse clearly what is missing, vanished, not a file or too large.

    Only a regular file is read (app.core.bounded_read): a named pipe used to hang an import for
    good, and /dev/zero to fill the memory.
    """
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise rejected("missing", f"找不到文件（可能已被移走或删除）：{path}",
                       f"file not found (moved or deleted?): {path}") from None
    except IsADirectoryError:
        raise _folder(path) from None
    except NotRegularFile as exc:
        if exc.is_dir:
            raise _folder(path) from None
        raise rejected("not_file", f"这不是普通文件（管道、设备等），不是照片：{path}",
                       f"this is not a regular file (a pipe, a device…), not a photo: {path}"
                       ) from None
    except FileTooLarge:
        raise _too_large() from None
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _folder(path: Path) -> PhotoRejected:
    return rejected("not_file", f"这是文件夹，不是照片：{path}",
                    f"this is a folder, not a photo: {path}")


def _unreadable(path: Path, exc: OSError) -> PhotoRejected:
    if exc.errno == errno.EACCES:
        return rejected("unreadable", f"没有权限读取文件：{path}",
                        f"no permission to read the file: {path}")
    if exc.errno == errno.ELOOP:
        return rejected("unreadable", f"符号链接循环指向自身，无法读取：{path}",
                        f"the symbolic link loops back on itself and cannot be read: {path}")
    return rejected("unreadable", f"读取文件失败（{exc.strerror}）：{path}",
                    f"could not read the file ({exc.strerror}): {path}")


def _too_large() -> PhotoRejected:
    return rejected("too_large", "文件超过 200 MB，不像是照片", "file is over 200 MB: not a photo")


def check_photo_bytes(data: bytes, name: str = "", *, box: int = THUMB_PX) -> CheckedPhoto:
    """Decode (reduced to cover `box`) and read photo bytes; PhotoRejected if not a whole photo."""
    im = open_photo(data)
    width, height = im.size  # before draft mode shrinks it
    mime = MIME_BY_FORMAT[im.format or ""]
    raw = read_raw_exif(data)
    upright = upright_decoded(im, box)  # loads `im` itself, reduced, before turning a copy
    meta = interpret(raw)
    damage = damage_notes(data, im) if im.format in ("JPEG", "MPO") else ()
    meta = PhotoMeta(**{**meta.__dict__, "width": width, "height": height, "mime": mime,
                        "problems": meta.problems + damage})
    return CheckedPhoto(name, data, meta, upright)


def finish_photo(checked: CheckedPhoto, *, with_print: bool = False) -> PhotoFile:
    """Hash the bytes and make the thumbnail, perceptual hash and (if asked) the print copy.

    Pure computation on what `check_photo_bytes` proved whole: it refuses nothing. Pillow's
    resize and encode and hashlib release the GIL, so an import runs this on its writer thread
    while the next photo decodes.
    """
    upright = checked.upright
    printed = print_copy(upright, PRINT_PX) if with_print else None
    # The thumbnail from the print copy when there is one: fewer pixels to filter.
    thumb = thumbnail_of(printed if printed is not None else upright, THUMB_PX)
    return PhotoFile(
        name=checked.name,
        data=checked.data,
        sha256=hashlib.sha256(checked.data).hexdigest(),
        meta=checked.meta,
        thumbnail=encode_jpeg(thumb),
        phash=perceptual_hash(thumb),
        print_copy=encode_jpeg(printed, PRINT_JPEG_QUALITY) if printed is not None else None,
    )


def read_photo(data: bytes, name: str = "", *, with_print: bool = False) -> PhotoFile:
    """Check and read photo bytes; raises PhotoRejected for anything that is not a whole photo.

    `with_print` also makes the print-size copy (imports do; a quick look does not need it).
    """
    checked = check_photo_bytes(data, name, box=PRINT_PX if with_print else THUMB_PX)
    return finish_photo(checked, with_print=with_print)


def read_photo_file(path: Path) -> PhotoReport:
    """Read one file for a batch: never raises for a bad file, the report carries the reason."""
    try:
        return PhotoReport(path, photo=read_photo(load_bytes(path), path.name))
    except PhotoRejected as exc:
        return PhotoReport(path, error=exc)
    except MemoryError:
        return PhotoReport(path, error=rejected("too_large", "图片太大，内存不足",
                                                "image too large for memory"))


def photo_files_in(folder: Path) -> list[Path]:
    """Photo-looking files in a folder and its subfolders, in name order (hidden ones skipped)."""
    found = [
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(found)
