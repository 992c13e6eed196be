"""Reports print the copies the photo import made, and fall back to the original without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.media.filestore import MediaStore
from app.reports import write_inspection_report
from app.reports.gather import inspection_report_data, print_cache_dir
from tests.helpers import report_db as F
from tests.helpers.pdfcheck import all_text


def _image_sizes(pdf: Path) -> list[tuple[int, int]]:
    from pypdf import PdfReader

    return [img.image.size for page in PdfReader(str(pdf)).pages for img in page.images
            if img.image is not None]


def test_print_size_matches_the_report_layout() -> None:
    from app.media.thumbs import PRINT_PX
    from app.reports import layout as L
    from app.reports.photo_prep import print_pixels

    # The import makes copies of this size; the report asks for this size: they must agree.
    assert print_pixels(L.PHOTO_BOX_W, L.PHOTO_BOX_H) == PRINT_PX


def test_report_uses_the_print_copies_made_at_import(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fx = F.make_database(tmp_path)
    rid = F.record_inspection(fx, "street_order", fx.site, seed=3, clean=False, photos=3,
                              tmp=tmp_path)
    data = inspection_report_data(fx.db, rid)
    store = MediaStore.for_database(fx.db_path)
    cache = print_cache_dir(fx.db)
    assert cache == store.print_dir()
    copies = {p.path.name: store.print_path(p.path.name) for p in data.photos}
    assert all(c.is_file() for c in copies.values())  # made by the import, not by a report
    stamps = {name: c.stat().st_mtime_ns for name, c in copies.items()}

    import app.reports.photo_prep as prep

    def no_decoding(*_a: object, **_k: object) -> object:
        raise AssertionError("the report decoded an original although its copy was cached")

    monkeypatch.setattr(prep, "scale_for_print", no_decoding)
    out = tmp_path / "report.pdf"
    write_inspection_report(data, out, cache)
    assert "照片无法读取" not in all_text(out)
    assert len(_image_sizes(out)) == 3
    assert {name: c.stat().st_mtime_ns for name, c in copies.items()} == stamps


def test_report_remakes_a_deleted_copy_and_prints_a_lost_original_as_lost(
        tmp_path: Path) -> None:
    import shutil

    fx = F.make_database(tmp_path)
    rid = F.record_inspection(fx, "street_order", fx.site, seed=4, clean=False, photos=2,
                              tmp=tmp_path)
    data = inspection_report_data(fx.db, rid)
    store = MediaStore.for_database(fx.db_path)
    cache = print_cache_dir(fx.db)
    assert cache is not None
    shutil.rmtree(cache)  # the cache may be deleted at any time
    first, second = (p.path for p in data.photos)
    second.unlink()  # an original lost from the store (restored from no backup)
    out = tmp_path / "report.pdf"
    write_inspection_report(data, out, cache)
    assert all_text(out).count("照片无法读取") == 1
    assert store.print_path(first.name).is_file()  # remade from the original
    assert len(_image_sizes(out)) == 1
    # Even with a copy still cached, a lost original is not printed as if it were there.
    store.print_path(second.name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(store.print_path(first.name), store.print_path(second.name))
    write_inspection_report(data, out, cache)
    assert all_text(out).count("照片无法读取") == 1
