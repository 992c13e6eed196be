"""The content-addressed photo store beside the database: originals under their SHA-256.

    <db stem>-photos/originals/ab/ab12...ef   the original's exact bytes (evidence)
    <db stem>-photos/cache/thumbs/ab/<sha>.jpg  upright thumbnail (rebuildable)
    <db stem>-photos/cache/previews/ab/<sha>.jpg  viewer picture (rebuildable, made on demand)
    <db stem>-photos/cache/print/ab/<sha>-806.jpg  print-size copy for the PDF reports (made at
                                                   import; rebuildable, reports remake it)

Writes go to a temporary file in the target's folder tree, are fsynced, then renamed: a crash
or a full disk leaves either the whole file or nothing under the final name.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from app.media.errors import PhotoRejected, rejected
from app.media.reading import read_photo
from app.media.thumbs import PRINT_PX, make_preview
from app.paths import media_dir

if TYPE_CHECKING:
    from app.media.reading import PhotoFile


def _write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written (a short write is not an error by itself)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    # The rename is only durable once the directory entry is; not possible on Windows.
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _drop_cached(fd: int) -> None:
    """Let the kernel drop a durable file's pages from its cache (Linux; elsewhere nothing).

    A camera card's originals are archived, not read again soon: kept in the page cache, 500
    of them (2 GB) would push out what is (the database, thumbnails), and every new original
    would need fresh pages. Dropped after the fsync, the next original reuses those pages, which
    makes its write several times cheaper in CPU (bench/bench_photos.py, docs/photos.md).
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def atomic_write(target: Path, data: bytes, *, durable: bool = True,
                 keep_cached: bool = True) -> None:
    """Write `data` to `target` all-or-nothing: temp file in the same folder, fsync, rename.

    `keep_cached=False` (durable writes only) drops the file's pages from the OS cache once
    they are on disk.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
                if not keep_cached:
                    _drop_cached(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _fsync_dir(target.parent)


# What store_original did with an original.
WRITTEN = "written"  # a new file
PRESENT = "present"  # the same bytes were already there
RESTORED = "restored"  # a changed or damaged file under that name was replaced by the genuine one


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks (no whole copy in memory); pages not kept."""
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
        _drop_cached(fh.fileno())  # a full check reads gigabytes once: keep the cache for use
    return digest


def print_copy_path(cache_dir: Path, sha256: str, px: int) -> Path:
    """Where the print-size copy (longest side `px`) of the original `sha256` is cached.

    The one naming rule shared by imports (which make the copy) and the PDF reports (which
    look for it, app.reports.photo_prep): originals never change, so hash and size are the key.
    """
    return cache_dir / sha256[:2] / f"{sha256}-{px}.jpg"


class MediaStore:
    """Photo files of one database (see the module docstring for the layout)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def for_database(cls, db_path: Path) -> MediaStore:
        """The store beside a database file (app.paths.media_dir)."""

        return cls(media_dir(Path(db_path)))

    def original_path(self, sha256: str) -> Path:
        """Where the original with this hash lives (whether or not it is there)."""
        return self.root / "originals" / sha256[:2] / sha256

    def thumb_path(self, sha256: str) -> Path:
        return self.root / "cache" / "thumbs" / sha256[:2] / f"{sha256}.jpg"

    def preview_path(self, sha256: str) -> Path:
        return self.root / "cache" / "previews" / sha256[:2] / f"{sha256}.jpg"

    def print_dir(self) -> Path:
        """The print-size copies' cache folder (app.reports.gather.print_cache_dir)."""
        return self.root / "cache" / "print"

    def print_path(self, sha256: str, px: int = PRINT_PX) -> Path:
        return print_copy_path(self.print_dir(), sha256, px)

    def has_original(self, sha256: str) -> bool:
        return self.original_path(sha256).is_file()

    def put_original(self, sha256: str, data: bytes, *, verified: bool = False) -> bool:
        """Store the exact bytes under their hash; True if newly written, False if already there.

        Unless the caller has just hashed these very bytes (`verified`), the hash is checked, so
        a mistake cannot file a picture under another picture's name. A stored file whose bytes
        no longer hash to its name (edited in place, damaged) is replaced by these genuine
        bytes: `restored` then names it. A full disk or other OS error becomes a PhotoRejected.
        """
        return self.store_original(sha256, data, verified=verified) == WRITTEN

    def store_original(self, sha256: str, data: bytes, *, verified: bool = False) -> str:
        """put_original saying what happened: WRITTEN, PRESENT (same bytes) or RESTORED."""
        if not verified and hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("sha256 does not match the bytes")
        target = self.original_path(sha256)
        outcome = WRITTEN
        if target.is_file():
            # Same name is not same bytes: an original edited in place keeps its size too.
            if target.stat().st_size == len(data) and file_sha256(target) == sha256:
                return PRESENT
            outcome = RESTORED
        try:
            atomic_write(target, data, keep_cached=False)  # evidence: archived, not reread
        except OSError as exc:
            raise _storage_error(exc, self.root) from exc
        return outcome

    def remove_original(self, sha256: str) -> None:
        """Undo a put whose database transaction failed (only for a file nothing refers to)."""
        with contextlib.suppress(FileNotFoundError):
            self.original_path(sha256).unlink()

    def read_original(self, sha256: str) -> bytes:
        """The original's bytes; PhotoRejected if the file is missing from the store."""
        try:
            return self.original_path(sha256).read_bytes()
        except FileNotFoundError:
            raise rejected("missing_original",
                           f"照片原件不在照片库中：{sha256[:12]}…（请从备份恢复）",
                           f"the original is missing from the photo store: {sha256[:12]}… "
                           "(restore it from a backup)") from None

    def verify_original(self, sha256: str) -> bool:
        """True when the stored file still hashes to its name (evidence untouched)."""
        try:
            return file_sha256(self.original_path(sha256)) == sha256
        except OSError:
            return False

    def put_cache(self, path: Path, data: bytes) -> None:
        """Write a cache file (not fsynced: it can be rebuilt); errors are not fatal to callers."""
        atomic_write(path, data, durable=False)

    def put_derived(self, photo: PhotoFile) -> None:
        """Cache the photo's thumbnail and print copy where missing (failures only cost time)."""
        wanted = [(self.thumb_path(photo.sha256), photo.thumbnail)]
        if photo.print_copy is not None:
            wanted.append((self.print_path(photo.sha256), photo.print_copy))
        for path, data in wanted:
            with contextlib.suppress(OSError):
                if not path.exists():
                    self.put_cache(path, data)

    def thumbnail(self, sha256: str) -> bytes:
        """The thumbnail, rebuilt from the original if the cache lost it."""
        path = self.thumb_path(sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass

        data = read_photo(self.read_original(sha256)).thumbnail
        with contextlib.suppress(OSError):
            self.put_cache(path, data)
        return data

    def preview(self, sha256: str) -> bytes:
        """The viewer-size picture, made on first use and cached."""
        path = self.preview_path(sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass

        data = make_preview(self.read_original(sha256))
        with contextlib.suppress(OSError):
            self.put_cache(path, data)
        return data


def _storage_error(exc: OSError, root: Path) -> PhotoRejected:
    if exc.errno == errno.ENOSPC:
        return rejected("disk_full", f"磁盘已满，照片未保存（照片库：{root}）；请清理空间后重试",
                        f"the disk is full: the photo was not saved (photo store: {root}); "
                        "free some space and try again")
    return rejected("store_failed", f"照片保存失败（{exc.strerror or exc}）：{root}",
                    f"could not save the photo ({exc.strerror or exc}): {root}")
