"""A site's location taken from a photo: only when a person confirms it, and only from a
point inside the site's own district.

A photo taken elsewhere (a phone that kept a holiday's photos, a GPS fix from a train) must
never become the place the site is — every later distance check would then be measured from
the wrong point, and a genuine photo would be flagged as "10,000 km from the site". So the
import only *proposes* (`location_candidate`); `locate_site_from_photo` is what the person's
"yes" calls, and it refuses a point outside the district.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.district_area import district_at
from app.core.divisions import get_division
from app.core.errors import InputRefused
from app.core.text import Text
from app.media.importer import recheck_link
from app.store import photos as repo
from app.store.db import write_transaction
from app.store.sites import get_site

if TYPE_CHECKING:
    import sqlite_utils


class SiteLocationRefused(InputRefused):
    """The photo cannot give the site its location; the text says why. Nothing was changed."""


@dataclass(frozen=True, slots=True)
class LocationCandidate:
    """A photo of an inspection whose GPS point lies in its site's district."""

    site_id: str
    sha256: str
    lat: float
    lon: float
    district_code: str


def _district_name(code: str | None) -> str:
    division = get_division(code) if code else None
    return division.name if division else "北京市以外"


def _district_name_en(code: str | None) -> str:
    return f"district {code}" if code else "outside Beijing"


def location_candidate(db: sqlite_utils.Database, inspection_id: str) -> LocationCandidate | None:
    """The first photo of the inspection that could locate its site (which has none), or None."""
    row = repo.inspection_row(db, inspection_id)
    if row["site_lat"] is not None:
        return None
    site = get_site(db, row["site_id"])
    seen: set[str] = set()
    for link in repo.list_inspection_photos(db, inspection_id):
        if link.sha256 in seen:
            continue
        seen.add(link.sha256)
        photo = repo.get_photo(db, link.sha256)
        if photo is None or photo.lat is None or photo.lon is None:
            continue
        if district_at(photo.lat, photo.lon) == site.district_code:
            return LocationCandidate(site.id, photo.sha256, photo.lat, photo.lon,
                                     site.district_code)
    return None


def locate_site_from_photo(db: sqlite_utils.Database, site_id: str, sha256: str,
                           actor: str) -> LocationCandidate:
    """Set the site's location to the photo's GPS point, as a person confirmed; audited.

    Refused (SiteLocationRefused) when the site already has a location, the photo is unknown
    or has no GPS, or the point lies outside the site's district. The evidence checks of every
    use of a photo at this site are worked out again from the new location.
    """
    with write_transaction(db):
        site = get_site(db, site_id)
        label = site.name or site.address or site.id
        if site.lat is not None:
            raise SiteLocationRefused(Text(
                f"场所“{label}”已有位置（{site.lat:.6f}, {site.lon:.6f}），未改动；"
                "如需更改请编辑场所",
                f"site {label!r} already has a location ({site.lat:.6f}, {site.lon:.6f}); "
                "nothing changed: edit the site to change it"))
        photo = repo.get_photo(db, sha256)
        if photo is None:
            raise SiteLocationRefused(Text(f"照片库中没有照片 {sha256[:12]}…",
                                           f"no photo {sha256[:12]}… in the photo store"))
        if photo.lat is None or photo.lon is None:
            raise SiteLocationRefused(Text(
                f"照片 {photo.original_name or sha256[:12]} 没有 GPS 位置，不能用来定位场所",
                f"photo {photo.original_name or sha256[:12]} has no GPS position"))
        found = district_at(photo.lat, photo.lon)
        if found != site.district_code:
            raise SiteLocationRefused(Text(
                f"照片 {photo.original_name or sha256[:12]} 的位置（{photo.lat:.6f}, "
                f"{photo.lon:.6f}）在{_district_name(found)}，不在场所所在的"
                f"{_district_name(site.district_code)}，未用作场所位置；请在现场重新拍摄，"
                "或手动填写场所位置",
                f"photo {photo.original_name or sha256[:12]} was taken at ({photo.lat:.6f}, "
                f"{photo.lon:.6f}), {_district_name_en(found)}, not in the site's district "
                f"{site.district_code}: not used as the site's location; take a photo on site "
                "or enter the location by hand"))
        repo.set_site_location_from_photo(db, site.id, photo.lat, photo.lon, sha256, actor)
        for link in repo.photo_uses_at_site(db, site.id):
            recheck_link(db, link)
    return LocationCandidate(site.id, sha256, photo.lat, photo.lon, site.district_code)
