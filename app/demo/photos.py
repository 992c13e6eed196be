"""Demo photos: small but real geotagged JPEGs for the demo inspections, imported for real.

Each picture is a simple street scene (sky, shop fronts with the site's name on a sign, the
road) drawn by Pillow, 1024×768, with EXIF written the way a phone does: GPS position and GPS
time (UTC), DateTimeOriginal in Beijing time with OffsetTimeOriginal +08:00, make and model.
They go through `app.media.importer.attach_files`, so storage, the item answers and the
evidence checks are the real ones. On a few drafts one photo is wrong on purpose, so every
badge can be seen: taken far from the site, without GPS, on another day, with a wrong camera
clock, and one photo used in two inspections; a completed record's evidence is in order.

Deterministic for a seed: the same inspections get the same bytes (the same SHA-256).
Every visible photo slot gets at least its `photo_min` photos, taken during the visit. A
completed inspection is read-only evidence: the demo holds the ones that get photos back as
drafts (`fill_demo(hold_for_photos=…)`), attaches, and completes them as the visit ended
(`app.demo.complete`).
"""

from __future__ import annotations

import io
import math
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.checklist import Item, evaluate
from app.core.clock import BEIJING, parse_utc
from app.demo.complete import complete_at
from app.fonts import FontNotFound, find_cjk_font
from app.media.importer import attach_files, recheck_inspection
from app.store.checklists import get_checklist
from app.store.inspection_records import get_inspection
from app.store.profile import get_profile

if TYPE_CHECKING:
    import sqlite_utils
    from PIL import Image as PILImage
    from PIL import ImageFont

PHOTO_SIZE = (1024, 768)
DEFAULT_INSPECTIONS = 20
FAR_M = 350.0  # far enough for the 100 m check, near enough to look like a slip
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoShot:
    """One planned demo photo: where and when the 'camera' says it was taken."""

    name: str
    lat: float | None
    lon: float | None
    taken: datetime  # aware, UTC
    gps_offset: timedelta = timedelta(0)  # camera clock minus GPS clock (a wrong clock)
    item_id: str | None = None  # the photo slot, None: the inspection itself


@dataclass(frozen=True)
class DemoPhotosSummary:
    """What add_demo_photos did."""

    inspections: int
    attached: int
    rejected: int
    warnings: int  # photo uses with at least one warning badge


def _offset_point(lat: float, lon: float, metres: float, bearing_deg: float) -> tuple[float, float]:
    """A point `metres` away in a direction (flat-earth: fine for a few hundred metres)."""
    b = math.radians(bearing_deg)
    dlat = metres * math.cos(b) / 111_320.0
    dlon = metres * math.sin(b) / (111_320.0 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont


    try:
        found = find_cjk_font()
        return ImageFont.truetype(str(found.path), size, index=found.subfont_index)
    except (FontNotFound, OSError):
        return ImageFont.load_default()  # no Chinese font: the sign shows what it can


def draw_street(title: str, subtitle: str, rng: random.Random,
                size: tuple[int, int] = PHOTO_SIZE) -> PILImage.Image:
    """A street-like picture: sky, a row of shop fronts, a sign with `title`, the road."""
    from PIL import Image, ImageDraw

    w, h = size
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    horizon = int(h * rng.uniform(0.25, 0.45))
    top, bottom = (rng.randrange(90, 150), rng.randrange(150, 200), 235), (225, 235, 245)
    for y in range(horizon):  # sky gradient, the haze near the ground
        t = y / max(horizon - 1, 1)
        draw.line((0, y, w, y), fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom,
                                                                                strict=True)))
    ground = int(h * rng.uniform(0.72, 0.82))
    # Far-off buildings in the haze behind the street.
    draw.rectangle((0, horizon, w, ground), fill=(168, 176, 190))
    for fx in range(0, w, 90):
        fh = rng.randrange(20, max(21, (ground - horizon) // 2))
        draw.rectangle((fx, horizon - fh, fx + 80, horizon), fill=(176, 184, 198))
    # Buildings: blocks of different widths, heights and colours, with windows.
    x = -rng.randrange(0, 80)
    while x < w:
        bw = rng.randrange(140, 360)
        bh = rng.randrange(int((ground - horizon) * 0.8), ground - 20)
        colour = (rng.randrange(120, 230), rng.randrange(90, 200), rng.randrange(70, 180))
        draw.rectangle((x, ground - bh, x + bw, ground), fill=colour, outline=(60, 60, 60))
        cols, rows = max(2, bw // 60), max(2, bh // 70)
        for c in range(cols):
            for r in range(rows - 1):
                wx = x + 12 + c * (bw - 24) // cols
                wy = ground - bh + 14 + r * (bh - 90) // rows
                draw.rectangle((wx, wy, wx + 26, wy + 30),
                               fill=(rng.randrange(40, 90), rng.randrange(60, 110), 140))
        door = x + rng.randrange(10, max(11, bw - 60))
        draw.rectangle((door, ground - 70, door + 44, ground), fill=(70, 45, 30))
        x += bw + rng.randrange(0, 12)
    # The pavement and the road with its lane marks, in perspective.
    draw.rectangle((0, ground, w, h), fill=(150, 148, 140))
    road_top = ground + (h - ground) // 3
    draw.polygon(((0, h), (w, h), (w, road_top), (0, road_top)), fill=(70, 72, 76))
    for k in range(0, w, 160):
        off = rng.randrange(0, 40)
        draw.rectangle((k + off, (road_top + h) // 2 - 4, k + off + 80, (road_top + h) // 2 + 4),
                       fill=(235, 235, 225))
    # Stalls, bikes or goods on the pavement: what the inspector came for.
    for _ in range(rng.randrange(2, 6)):
        sx = rng.randrange(0, w - 90)
        draw.rectangle((sx, ground - 40, sx + rng.randrange(50, 110), ground + 10),
                       fill=(rng.randrange(150, 255), rng.randrange(60, 200), rng.randrange(0, 90)))
    # The sign with the site's name.
    font = _font(44)
    small = _font(24)
    sign_x = rng.randrange(30, max(31, w - 620))
    sign_y = max(horizon + 10, ground - int((ground - horizon) * 0.75))
    draw.rectangle((sign_x, sign_y, sign_x + 580, sign_y + 110), fill=(150, 20, 25),
                   outline=(240, 200, 60), width=4)
    draw.text((sign_x + 20, sign_y + 10), title[:12], font=font, fill=(250, 225, 90))
    draw.text((sign_x + 20, sign_y + 70), subtitle[:30], font=small, fill=(255, 255, 255))
    return im


def phone_exif(taken: datetime, lat: float | None = None, lon: float | None = None,
               alt: float = 45.0, make: str = "Xiaomi", model: str = "Redmi Note 12",
               gps_time: datetime | None = None) -> bytes:
    """EXIF as a phone writes it: local time with its +08:00 offset, GPS with UTC GPS time
    (`gps_time`: the fix's own time where the camera clock is off; default `taken`)."""
    from PIL import Image, TiffImagePlugin

    rational = TiffImagePlugin.IFDRational

    def dms(value: float) -> tuple[Any, Any, Any]:
        total = round(abs(value) * 3600 * 10000)
        d, rest = divmod(total, 3600 * 10000)
        m, s = divmod(rest, 60 * 10000)
        return rational(d, 1), rational(m, 1), rational(s, 10000)

    local = taken.astimezone(BEIJING)
    exif = Image.Exif()
    exif[271] = make
    exif[272] = model
    exif[0x8769] = {36867: local.strftime("%Y:%m:%d %H:%M:%S"), 36881: "+08:00"}
    if lat is not None and lon is not None:
        fix = (gps_time or taken).astimezone(UTC)
        exif[0x8825] = {
            0: b"\x02\x02\x00\x00",
            1: "N" if lat >= 0 else "S", 2: dms(lat),
            3: "E" if lon >= 0 else "W", 4: dms(lon),
            5: b"\x00", 6: rational(round(alt * 10), 10),
            7: (rational(fix.hour, 1), rational(fix.minute, 1), rational(fix.second, 1)),
            29: fix.strftime("%Y:%m:%d"),
        }
    return bytes(exif.tobytes())


def demo_jpeg(shot: DemoShot, title: str, subtitle: str, seed: int,
              size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """The JPEG of a shot, EXIF as a phone writes it (GPS, UTC GPS time, local time +08:00)."""

    image = draw_street(title, subtitle, random.Random(seed), size)
    # The camera's clock and the GPS fix may disagree (gps_offset): the camera writes its own.
    exif = phone_exif(shot.taken + shot.gps_offset, shot.lat, shot.lon, rng_alt(seed),
                      gps_time=shot.taken)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, exif=exif)
    return out.getvalue()


def rng_alt(seed: int) -> float:
    """A plausible Beijing altitude (m) for a shot."""
    return 40.0 + random.Random(seed * 7919).uniform(0, 25)


def demo_drafts(db: sqlite_utils.Database, limit: int,
                held: tuple[tuple[str, str, str], ...] = ()) -> list[dict[str, Any]]:
    """The inspections that get demo photos, newest first, with a located site: the `limit`
    newest drafts and the held completed ones (their planned completion as `until`)."""
    until = {h[0]: h[1] for h in held}
    rows = db.execute(
        "SELECT i.id, i.started_at, s.name, s.address, s.lat, s.lon FROM inspections i "
        "JOIN sites s ON s.id = i.site_id WHERE i.status = 'draft' "
        "AND s.lat IS NOT NULL AND s.lon IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM inspection_photos p WHERE p.inspection_id = i.id) "
        "ORDER BY i.started_at DESC, i.id").fetchall()
    keys = ("id", "started_at", "name", "address", "lat", "lon")
    chosen: list[dict[str, Any]] = []
    drafts = 0
    for r in rows:
        row = dict(zip(keys, r, strict=True))
        if row["id"] in until:
            chosen.append({**row, "until": until[row["id"]]})
        elif drafts < max(0, limit):
            drafts += 1
            chosen.append({**row, "until": None})
    return chosen


def _photo_slots(db: sqlite_utils.Database, inspection_id: str) -> list[Item]:
    """The visible photo slots of an inspection, in checklist order."""
    insp = get_inspection(db, inspection_id)
    checklist = get_checklist(db, insp.form_id, insp.form_version)
    visible = set(evaluate(checklist, insp.answers).visible)
    return [i for i in checklist.items() if i.type == "photo" and i.id in visible]


def plan_shots(index: int, row: dict[str, Any], slots: list[Item],
               rng: random.Random) -> list[DemoShot]:
    """The photos of the `index`-th demo draft (-1: a completed one): each visible slot's
    `photo_min` (at least one), now and then one more, taken during the visit; some drafts
    have one wrong on purpose (badges)."""
    start = parse_utc(row["started_at"])
    lat, lon = float(row["lat"]), float(row["lon"])
    wanted: list[str | None] = []
    for slot in slots:
        most = slot.photo_max if slot.photo_max is not None else 6
        count = min(most, max(1, slot.photo_min) + (1 if rng.random() < 0.3 else 0))
        wanted.extend([slot.id] * count)
    if not wanted:
        wanted = [None, None]  # a checklist without slots: photos of the inspection itself
    # A completed visit's photos lie between its start and its end; a draft's in its first
    # minutes (about four minutes apart).
    end = parse_utc(row["until"]) if row.get("until") else None
    span = (end - start).total_seconds() - 120 if end else 240.0 * len(wanted)
    step = max(span, 60.0) / (len(wanted) + 1)
    shots = []
    for n, slot_id in enumerate(wanted):
        plat, plon = _offset_point(lat, lon, rng.uniform(3, 40), rng.uniform(0, 360))
        seconds = 60 + step * (n + 1) + rng.uniform(-0.3, 0.3) * step
        when = start + timedelta(seconds=int(seconds))
        shots.append(DemoShot(f"IMG_{when.astimezone(BEIJING):%Y%m%d_%H%M%S}.jpg", plat, plon,
                              when, item_id=slot_id))
    last = shots[-1]
    flaw = index % 6 if index >= 0 else 0
    if flaw == 1:  # a step too far: taken at the next crossing
        plat, plon = _offset_point(lat, lon, FAR_M + rng.uniform(0, 100), rng.uniform(0, 360))
        shots[-1] = DemoShot(last.name, plat, plon, last.taken, item_id=last.item_id)
    elif flaw == 3:  # location switched off on the phone
        shots[-1] = DemoShot(last.name, None, None, last.taken, item_id=last.item_id)
    elif flaw == 4:  # a picture from another day slipped in
        shots[-1] = DemoShot(last.name, last.lat, last.lon, last.taken - timedelta(days=1),
                             item_id=last.item_id)
    elif flaw == 5:  # the camera's clock is an hour off its GPS
        shots[-1] = DemoShot(last.name, last.lat, last.lon, last.taken, timedelta(hours=1),
                             item_id=last.item_id)
    return shots


def add_demo_photos(
    db: sqlite_utils.Database,
    db_path: Path,
    *,
    inspections: int = DEFAULT_INSPECTIONS,
    seed: int = 1,
    progress: Progress | None = None,
    held: tuple[tuple[str, str, str], ...] = (),
) -> DemoPhotosSummary:
    """Make and attach demo photos (real imports) to up to `inspections` draft inspections and to
    the held completed ones, which are then completed as planned (`complete_held`)."""
    profile = get_profile(db)
    actor = profile.inspector_name if profile and profile.inspector_name else "演示"
    rows = demo_drafts(db, inspections, held)
    attached = rejected = warned = 0
    shared: Path | None = None  # one photo used twice: the duplicate badge
    with tempfile.TemporaryDirectory(prefix="street-audit-demo-") as tmp:
        folder = Path(tmp)
        drafts = [row for row in rows if row["until"] is None]
        for done, row in enumerate(rows):
            # Work in progress shows every badge; a completed record's evidence is in order.
            index = drafts.index(row) if row["until"] is None else -1
            rng = random.Random(f"{seed}:{row['id']}")
            shots = plan_shots(index, row, _photo_slots(db, row["id"]), rng)
            title = row["name"] or row["address"]
            by_slot: dict[str | None, list[Path]] = {}
            for n, shot in enumerate(shots):
                path = folder / f"{done:03d}-{n}-{shot.name}"
                path.write_bytes(demo_jpeg(shot, title, row["address"],
                                           seed=rng.randrange(1 << 30)))
                by_slot.setdefault(shot.item_id, []).append(path)
            if index == 2 and shared is not None:
                by_slot.setdefault(None, []).append(shared)
            for item_id, paths in by_slot.items():
                for result in attach_files(db, db_path, row["id"], paths, actor,
                                           item_id=item_id):
                    if result.ok:
                        attached += 1
                        warned += any(c.severity == "warning" for c in result.checks)
                    else:
                        rejected += 1
            if index == 0:
                shared = by_slot[next(iter(by_slot))][0]
            if progress:
                progress(done + 1, len(rows))
    if shared is not None and drafts:
        # The first use learns about the second one too, as it would on a later check.
        recheck_inspection(db, drafts[0]["id"])
    complete_held(db, held)
    return DemoPhotosSummary(len(rows), attached, rejected, warned)


def complete_held(db: sqlite_utils.Database, held: tuple[tuple[str, str, str], ...]) -> None:
    """Complete the held inspections as their visits ended (app.demo.complete)."""
    for inspection_id, completed_at, inspector in held:
        complete_at(db, inspection_id, completed_at, inspector)
