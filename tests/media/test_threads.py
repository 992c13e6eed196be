"""Reading photos on several threads at once (as a batch import does) is safe."""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor

from app.media.reading import check_photo_bytes, finish_photo
from app.media.thumbs import PRINT_PX
from tests.helpers.photos import jpeg_bytes, other_format_bytes


def test_reading_on_threads_leaves_the_warning_filters_as_they_were() -> None:
    # Opening, decoding and EXIF each change the warning filters for a moment; on threads that
    # must not leave one thread's "error" or "ignore" behind for the whole program.
    photos = [jpeg_bytes(size=(480, 360), seed=k, orientation=1 + k % 8, lat=39.9, lon=116.4)
              for k in range(8)]
    photos += [other_format_bytes("PNG", seed=k) for k in range(4)]  # Pillow's EXIF reader too

    def read(data: bytes) -> str:
        return finish_photo(check_photo_bytes(data, box=PRINT_PX), with_print=True).sha256

    for data in (photos[0], photos[-1]):
        read(data)  # first use imports scipy & co, which add their own filters for good
    before = list(warnings.filters)

    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = list(pool.map(read, photos * 8))
    assert len(set(hashes)) == len(photos)
    assert warnings.filters == before
