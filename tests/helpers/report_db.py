"""A real database made through the store API: profile, checklists, sites, inspections, photos."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from app.core.checklist import sample_answers
from app.media.importer import attach_file
from app.store.checklists import get_checklist, register_shipped_checklists
from app.store.db import open_database
from app.store.inspections import complete_inspection, set_answers, start_inspection
from app.store.profile import Profile, initialize_device
from app.store.sites import Site, SiteDraft, create_site

OFFICE = "北京市东城区东华门街道综合执法队"
OFFICE_CODE = "东城东华门责改"  # the 机关代字 of its notices' 文号
ACTOR = "王建国"
SITE_LAT, SITE_LON = 39.911954, 116.377817


def gps_photo(path: Path, lat: float | None, lon: float | None, when: datetime,
              size: tuple[int, int] = (480, 360), seed: int = 0) -> Path:
    """A real JPEG with EXIF capture time and (optionally) GPS position, as a phone writes it."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", size, (60 + seed * 31 % 150, 110, 140))
    draw = ImageDraw.Draw(im)
    for k in range(8):
        x, y = (seed * 41 + k * 67) % size[0], (seed * 23 + k * 53) % size[1]
        draw.ellipse([x, y, x + 60, y + 40], fill=((k * 50) % 255, 200, (seed * 9) % 255))
    exif = Image.Exif()
    exif[0x0132] = when.strftime("%Y:%m:%d %H:%M:%S")
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    ifd[0x9011] = "+08:00"
    if lat is not None and lon is not None:
        def dms(v: float) -> tuple[float, float, float]:
            v = abs(v)
            d = int(v)
            m = int((v - d) * 60)
            return (float(d), float(m), round(((v - d) * 60 - m) * 60, 4))

        gps = exif.get_ifd(0x8825)
        gps[1] = "N" if lat >= 0 else "S"
        gps[2] = dms(lat)
        gps[3] = "E" if lon >= 0 else "W"
        gps[4] = dms(lon)
    im.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


@dataclass
class Fixture:
    db: sqlite_utils.Database
    db_path: Path
    profile: Profile
    site: Site
    bare_site: Site  # no credit code, no location


def make_database(tmp: Path) -> Fixture:
    db_path = tmp / "audit.db"
    db = open_database(db_path, create=True)
    profile = initialize_device(db, "lead", ACTOR, badge_no="京东城0415", team="东华门一组",
                                district_code="110101", office_name=OFFICE,
                                office_code=OFFICE_CODE)
    register_shipped_checklists(db)
    site = create_site(db, SiteDraft(
        district_code="110101", division_code="110101001001", address="东华门大街甲12号",
        name="老北京炸酱面馆", credit_code="91110000600037341L", lat=SITE_LAT, lon=SITE_LON,
        location_source="manual"), ACTOR)
    bare = create_site(db, SiteDraft(district_code="110101", division_code="110101002000",
                                     address="景山前街3号院地下室"), ACTOR)
    return Fixture(db, db_path, profile, site, bare)


def record_inspection(fx: Fixture, form_id: str, site: Site, *, seed: int, clean: bool,
                      photos: int = 1, complete: bool = True, tmp: Path) -> str:
    """Start, photograph, answer and (optionally) complete an inspection; returns its id."""
    checklist = get_checklist(fx.db, form_id)
    insp = start_inspection(fx.db, form_id, site.id, fx.profile, lat=site.lat, lon=site.lon)
    photo_item = next((i.id for i in checklist.items() if i.type == "photo"), None)
    now = datetime.now(UTC)
    for k in range(photos):
        # One photo far from the site and one without GPS, so the badges have something to say.
        lat, lon = (SITE_LAT + 0.0001 * k, SITE_LON) if k % 3 == 0 else (
            (SITE_LAT + 0.01, SITE_LON) if k % 3 == 1 else (None, None))
        path = gps_photo(tmp / f"{insp.id[-6:]}-{k}.jpg", lat, lon,
                         now.astimezone(UTC) + timedelta(hours=8), seed=seed * 10 + k)
        result = attach_file(fx.db, fx.db_path, insp.id, path, ACTOR,
                             item_id=photo_item if k == 0 else None, caption=f"现场 {k + 1}")
        assert result.error is None, result.error
    answers = sample_answers(checklist, random.Random(seed), complete=True, clean=clean)
    answers = {k: v for k, v in answers.items() if checklist.item(k).type != "photo"} \
        if photos else answers
    set_answers(fx.db, insp.id, answers, ACTOR)
    if complete:
        complete_inspection(fx.db, insp.id, ACTOR)
    return insp.id
