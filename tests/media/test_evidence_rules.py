"""The rules that make a photo evidence, each pinned just inside and just outside its boundary.

docs/photos.md: "far away" is more than 100 m from the site; the time window is the inspection's
start − 30 min … its end (or now) + 30 min; camera and GPS clocks may differ by up to 10 min; the
same file or a picture whose pHash is ≤ 6 bits away in another inspection is flagged. A rule
moved by a careless edit (100 m doubled, the window's end ignored) must fail here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.core.geo import haversine_m
from app.core.text import Text
from app.media import checks
from app.media.checks import (
    BADGES,
    CheckResult,
    CheckSettings,
    InspectionFacts,
    OtherUse,
    PhotoFacts,
    check_photo,
)
from tests.helpers.geo_points import north_of

SITE = (39.9087, 116.3975)  # Tiananmen
STARTED = datetime(2024, 5, 1, 2, 0, tzinfo=UTC)  # 10:00 Beijing
COMPLETED = datetime(2024, 5, 1, 3, 0, tzinfo=UTC)
NOW = datetime(2024, 5, 3, 0, 0, tzinfo=UTC)
SHA = "a" * 64
OTHER_SHA = "b" * 64
SECOND = timedelta(seconds=1)
HALF_HOUR = timedelta(minutes=30)


def photo(
    *,
    at: tuple[float, float] | None = SITE,
    taken: datetime | None = STARTED + timedelta(minutes=10),
    gps: datetime | None = None,
    **kw: object,
) -> PhotoFacts:
    lat, lon = at if at is not None else (None, None)
    return PhotoFacts(SHA, lat, lon, taken, gps, **kw)  # type: ignore[arg-type]


def inspection(*, completed: datetime | None = COMPLETED, **kw: object) -> InspectionFacts:
    return InspectionFacts("insp-1", STARTED, completed, SITE[0], SITE[1], **kw)  # type: ignore[arg-type]


def run(p: PhotoFacts, i: InspectionFacts | None = None, others: tuple[OtherUse, ...] = (),
        settings: CheckSettings | None = None) -> dict[str, CheckResult]:
    results = check_photo(p, i or inspection(), others, now=NOW, settings=settings)
    by_code = {r.code: r for r in results}
    assert len(by_code) == len(results), "each check is reported at most once"
    return by_code


def test_a_good_photo_has_no_checks() -> None:
    assert check_photo(photo(), inspection(), now=NOW) == []


def test_default_thresholds_are_the_documented_ones() -> None:
    s = CheckSettings()
    assert s.max_distance_m == 100.0
    assert s.time_tolerance == timedelta(minutes=30)
    assert s.clock_tolerance == timedelta(minutes=10)
    assert s.similar_max_bits == 6


# ---- distance -----------------------------------------------------------------------------


@pytest.mark.parametrize("metres", [0.0, 50.0, 99.0, 99.9])
def test_within_100_m_is_not_far(metres: float) -> None:
    assert checks.FAR_FROM_SITE not in run(photo(at=north_of(*SITE, metres)))


@pytest.mark.parametrize("metres", [100.1, 101.0, 150.0, 199.0, 250.0, 10_000.0])
def test_beyond_100_m_is_far(metres: float) -> None:
    far = run(photo(at=north_of(*SITE, metres)))[checks.FAR_FROM_SITE]
    assert far.severity == "warning"
    assert far.detail == {"distance_m": round(metres, 1), "max_m": 100.0}
    assert far.text == Text(
        f"拍摄地点距场所 {metres:,.0f} 米（超过 100 米）",
        f"taken {metres:,.0f} m from the site (more than 100 m)",
    )


def test_exactly_at_the_threshold_is_not_far() -> None:
    """'More than 100 m' is strict: a photo exactly at the limit passes."""
    at = north_of(*SITE, 100.0)
    exact = haversine_m(at[0], at[1], *SITE)
    limit = CheckSettings(max_distance_m=exact)
    assert checks.FAR_FROM_SITE not in run(photo(at=at), settings=limit)
    assert checks.FAR_FROM_SITE in run(
        photo(at=at), settings=CheckSettings(max_distance_m=exact - 1e-6))


def test_distance_is_measured_to_the_site_in_every_direction() -> None:
    # East-west as well as north-south: a swapped lat/lon or a dropped coordinate shows here.
    lat, lon = SITE
    east = (lat, lon + 0.0012)  # ~102 m east at Beijing's latitude
    west = (lat, lon - 0.0011)  # ~94 m west
    assert 101 < haversine_m(*east, *SITE) < 103
    assert checks.FAR_FROM_SITE in run(photo(at=east))
    assert checks.FAR_FROM_SITE not in run(photo(at=west))


def test_far_threshold_follows_the_settings() -> None:
    at = north_of(*SITE, 150.0)
    assert checks.FAR_FROM_SITE not in run(photo(at=at), settings=CheckSettings(max_distance_m=200))
    far = run(photo(at=at), settings=CheckSettings(max_distance_m=120))[checks.FAR_FROM_SITE]
    assert far.detail["max_m"] == 120
    assert "（超过 120 米）" in far.text.zh


def test_thousands_are_grouped_in_the_far_text() -> None:
    far = run(photo(at=north_of(*SITE, 12_345.0)))[checks.FAR_FROM_SITE]
    assert "12,345 米" in far.text.zh and "12,345 m" in far.text.en


@pytest.mark.parametrize("at", [(None, SITE[1]), (SITE[0], None), (None, None)])
def test_photo_without_a_full_position_has_no_gps(at: tuple[float | None, float | None]) -> None:
    p = replace(photo(), lat=at[0], lon=at[1])
    found = run(p)
    assert found[checks.NO_GPS].severity == "warning"
    assert found[checks.NO_GPS].text.en.startswith("the photo has no GPS position")
    assert checks.FAR_FROM_SITE not in found


@pytest.mark.parametrize("site", [(None, SITE[1]), (SITE[0], None)])
def test_site_without_a_location_cannot_be_far(site: tuple[float | None, float | None]) -> None:
    i = replace(inspection(), site_lat=site[0], site_lon=site[1])
    assert run(photo(at=(0.5, 0.5)), i) == {}


def test_site_from_this_photo_is_an_info_note() -> None:
    i = inspection(site_location_source="photo", site_location_photo=SHA)
    note = run(photo(), i)[checks.SITE_FROM_PHOTO]
    assert note.severity == "info"
    assert "不是独立测量" in note.text.zh
    # Another photo's location, or a site measured some other way: no note.
    assert checks.SITE_FROM_PHOTO not in run(
        photo(), inspection(site_location_source="photo", site_location_photo=OTHER_SHA))
    assert checks.SITE_FROM_PHOTO not in run(
        photo(), inspection(site_location_source="manual", site_location_photo=SHA))


# ---- time window --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "taken",
    [
        STARTED - HALF_HOUR,  # the earliest moment allowed
        STARTED - HALF_HOUR + SECOND,
        STARTED,
        COMPLETED,
        COMPLETED + HALF_HOUR - SECOND,
        COMPLETED + HALF_HOUR,  # the latest moment allowed
    ],
)
def test_inside_the_window_and_its_tolerance(taken: datetime) -> None:
    assert checks.OUTSIDE_WINDOW not in run(photo(taken=taken))


def test_one_second_before_the_window() -> None:
    when = STARTED - HALF_HOUR - SECOND
    out = run(photo(taken=when))[checks.OUTSIDE_WINDOW]
    assert out.severity == "warning"
    # The moment may be shown in UTC or Beijing time; the side of the window must be right.
    assert out.text.zh.startswith("拍摄时间 2024-05-01 ") and ":29" in out.text.zh
    assert out.text.zh.endswith(" 早于本次检查时段")
    assert out.text.en.startswith("taken at 2024-05-01 ") and ":29" in out.text.en
    assert out.text.en.endswith(", before this inspection's time window")
    assert out.detail == {
        "taken_utc": when.isoformat(),
        "window_start": STARTED.isoformat(),
        "window_end": COMPLETED.isoformat(),
    }


def test_one_second_after_the_window() -> None:
    """The window's end counts: a photo taken after the inspection is not its evidence."""
    when = COMPLETED + HALF_HOUR + SECOND
    out = run(photo(taken=when))[checks.OUTSIDE_WINDOW]
    assert out.text.zh.startswith("拍摄时间 2024-05-01 ") and ":30" in out.text.zh
    assert out.text.zh.endswith(" 晚于本次检查时段")
    assert out.text.en.startswith("taken at 2024-05-01 ") and ":30" in out.text.en
    assert out.text.en.endswith(", after this inspection's time window")
    assert out.detail["window_end"] == COMPLETED.isoformat()


def test_a_day_later_is_outside() -> None:
    assert checks.OUTSIDE_WINDOW in run(photo(taken=COMPLETED + timedelta(days=1)))
    assert checks.OUTSIDE_WINDOW in run(photo(taken=STARTED - timedelta(days=1)))


def test_a_draft_window_ends_at_now_plus_the_tolerance() -> None:
    draft = inspection(completed=None)
    assert checks.OUTSIDE_WINDOW not in run(photo(taken=NOW + HALF_HOUR), draft)
    late = run(photo(taken=NOW + HALF_HOUR + SECOND), draft)[checks.OUTSIDE_WINDOW]
    assert late.detail["window_end"] == NOW.isoformat()
    assert "after" in late.text.en
    # A draft's window starts as a completed one's does.
    assert checks.OUTSIDE_WINDOW in run(photo(taken=STARTED - HALF_HOUR - SECOND), draft)
    assert checks.OUTSIDE_WINDOW not in run(photo(taken=STARTED - HALF_HOUR), draft)


def test_time_tolerance_follows_the_settings() -> None:
    five = CheckSettings(time_tolerance=timedelta(minutes=5))
    assert checks.OUTSIDE_WINDOW in run(
        photo(taken=COMPLETED + timedelta(minutes=6)), settings=five)
    assert checks.OUTSIDE_WINDOW not in run(
        photo(taken=COMPLETED + timedelta(minutes=5)), settings=five)


def test_gps_time_stands_in_for_a_missing_capture_time() -> None:
    assert checks.OUTSIDE_WINDOW not in run(photo(taken=None, gps=STARTED))
    late = run(photo(taken=None, gps=COMPLETED + HALF_HOUR + SECOND))
    assert late[checks.OUTSIDE_WINDOW].detail["taken_utc"] == (
        COMPLETED + HALF_HOUR + SECOND).isoformat()
    assert checks.NO_TIME not in late


def test_capture_time_wins_over_gps_time_for_the_window() -> None:
    found = run(photo(taken=STARTED, gps=STARTED - timedelta(hours=2)))
    assert checks.OUTSIDE_WINDOW not in found
    assert checks.TIME_MISMATCH in found  # the disagreement is reported on its own


def test_no_time_at_all() -> None:
    found = run(photo(taken=None, gps=None))
    assert found[checks.NO_TIME].severity == "warning"
    assert found[checks.NO_TIME].text.en.startswith("the photo has no capture time")
    assert checks.OUTSIDE_WINDOW not in found and checks.TIME_MISMATCH not in found


# ---- camera clock against GPS clock -------------------------------------------------------


@pytest.mark.parametrize("gap", [timedelta(0), timedelta(minutes=10), -timedelta(minutes=10)])
def test_clocks_within_ten_minutes_agree(gap: timedelta) -> None:
    taken = STARTED + timedelta(minutes=15)
    assert checks.TIME_MISMATCH not in run(photo(taken=taken, gps=taken + gap))


@pytest.mark.parametrize("sign", [1, -1])
def test_clocks_one_second_past_ten_minutes_disagree(sign: int) -> None:
    taken = STARTED + timedelta(minutes=15)
    gap = timedelta(minutes=10, seconds=1)
    found = run(photo(taken=taken, gps=taken + sign * gap))[checks.TIME_MISMATCH]
    assert found.severity == "warning"
    assert found.detail == {"gap_seconds": 601, "offset_assumed": False}
    assert found.text == Text("相机时间与 GPS 时间相差 0.2 小时",
                              "camera time and GPS time differ by 0.2 h")


def test_clock_mismatch_says_when_beijing_time_was_assumed() -> None:
    taken = STARTED + timedelta(minutes=15)
    found = run(photo(taken=taken, gps=taken - timedelta(hours=8), offset_assumed=True))
    mismatch = found[checks.TIME_MISMATCH]
    assert mismatch.detail == {"gap_seconds": 8 * 3600, "offset_assumed": True}
    assert mismatch.text == Text(
        "相机时间与 GPS 时间相差 8.0 小时（相机未记录时区，已按北京时间计算）",
        "camera time and GPS time differ by 8.0 h (the camera recorded no time zone; "
        "Beijing time assumed)",
    )


def test_clock_tolerance_follows_the_settings() -> None:
    taken = STARTED + timedelta(minutes=15)
    two = CheckSettings(clock_tolerance=timedelta(minutes=2))
    assert checks.TIME_MISMATCH in run(photo(taken=taken, gps=taken + timedelta(minutes=3)),
                                       settings=two)
    assert checks.TIME_MISMATCH not in run(photo(taken=taken, gps=taken + timedelta(minutes=2)),
                                           settings=two)


def test_one_clock_alone_cannot_disagree() -> None:
    assert checks.TIME_MISMATCH not in run(photo(taken=None, gps=STARTED))
    assert checks.TIME_MISMATCH not in run(photo(taken=STARTED, gps=None))


# ---- the same or a similar picture elsewhere ----------------------------------------------


def test_the_same_file_in_other_inspections_is_a_duplicate() -> None:
    others = (OtherUse("insp-9", SHA, 0), OtherUse("insp-3", SHA, 0), OtherUse("insp-9", SHA, 0))
    dup = run(photo(), others=others)[checks.DUPLICATE]
    assert dup.severity == "warning"
    assert dup.detail == {"inspections": ["insp-3", "insp-9"]}  # sorted, each once
    assert dup.text == Text("同一张照片已用于其他 2 次检查",
                            "the same photo is already used in 2 other inspection(s)")


@pytest.mark.parametrize("bits", [0, 1, 5, 6])
def test_six_bits_or_fewer_is_similar(bits: int) -> None:
    found = run(photo(), others=(OtherUse("insp-2", OTHER_SHA, bits),))
    assert found[checks.SIMILAR].detail == {"inspections": ["insp-2"]}
    assert found[checks.SIMILAR].text.zh == "几乎相同的照片已用于其他 1 次检查"
    assert checks.DUPLICATE not in found


@pytest.mark.parametrize("bits", [7, 8, 32, 64])
def test_seven_bits_or_more_is_a_different_picture(bits: int) -> None:
    assert run(photo(), others=(OtherUse("insp-2", OTHER_SHA, bits),)) == {}


def test_similar_bits_follow_the_settings() -> None:
    other = (OtherUse("insp-2", OTHER_SHA, 3),)
    assert checks.SIMILAR in run(photo(), others=other, settings=CheckSettings(similar_max_bits=3))
    assert checks.SIMILAR not in run(photo(), others=other,
                                     settings=CheckSettings(similar_max_bits=2))


def test_an_inspection_with_the_same_file_is_not_also_counted_as_similar() -> None:
    others = (OtherUse("insp-2", SHA, 0), OtherUse("insp-2", OTHER_SHA, 2),
              OtherUse("insp-5", OTHER_SHA, 4), OtherUse("insp-4", OTHER_SHA, 1))
    found = run(photo(), others=others)
    assert found[checks.DUPLICATE].detail == {"inspections": ["insp-2"]}
    assert found[checks.SIMILAR].detail == {"inspections": ["insp-4", "insp-5"]}


def test_the_same_file_is_a_duplicate_whatever_its_bits_field_says() -> None:
    found = run(photo(), others=(OtherUse("insp-2", SHA, 40),))
    assert checks.DUPLICATE in found and checks.SIMILAR not in found


# ---- metadata notes and the order of everything --------------------------------------------


def test_metadata_problems_are_joined_into_one_note() -> None:
    problems = (Text("纬度无效", "bad latitude"), Text("分母为零", "zero denominator"))
    note = run(photo(problems=problems))[checks.EXIF_PROBLEM]
    assert note.severity == "info"
    assert note.text == Text("纬度无效；分母为零", "bad latitude; zero denominator")


def test_every_check_at_once_in_a_stable_order() -> None:
    p = PhotoFacts(SHA, None, None, COMPLETED + timedelta(hours=2),
                   COMPLETED + timedelta(hours=4), True, (Text("坏", "bad"),))
    i = inspection(site_location_source="photo", site_location_photo=SHA)
    others = (OtherUse("x", SHA, 0), OtherUse("y", OTHER_SHA, 1))
    codes = [r.code for r in check_photo(p, i, others, now=NOW)]
    assert codes == [checks.NO_GPS, checks.SITE_FROM_PHOTO, checks.OUTSIDE_WINDOW,
                     checks.TIME_MISMATCH, checks.DUPLICATE, checks.SIMILAR, checks.EXIF_PROBLEM]
    far = PhotoFacts(SHA, *north_of(*SITE, 500), None, None)
    assert [r.code for r in check_photo(far, inspection(), now=NOW)] == [
        checks.FAR_FROM_SITE, checks.NO_TIME]


def test_every_code_has_its_badge() -> None:
    assert set(BADGES) == set(checks.ALL_CODES)
    assert len(set(checks.ALL_CODES)) == 9
    assert BADGES[checks.FAR_FROM_SITE] == Text("距离远", "far away")
    assert BADGES[checks.OUTSIDE_WINDOW] == Text("时间不符", "wrong time")


# ---- what the inspector reads (reports and the viewer print these texts) --------------------


def test_the_texts_of_the_notes_without_numbers() -> None:
    no_gps = run(photo(at=None))[checks.NO_GPS]
    assert no_gps.text == Text("照片没有 GPS 位置，无法证明拍摄地点",
                               "the photo has no GPS position: where it was taken cannot be shown")
    assert no_gps.detail == {}
    no_time = run(photo(taken=None))[checks.NO_TIME]
    assert no_time.text == Text("照片没有拍摄时间，无法证明何时拍摄",
                                "the photo has no capture time: when it was taken cannot be shown")
    site = run(photo(), inspection(site_location_source="photo",
                                   site_location_photo=SHA))[checks.SITE_FROM_PHOTO]
    assert site.text == Text(
        "场所位置取自这张照片的 GPS（不是独立测量）",
        "the site's location was taken from this photo's GPS (not measured independently)")
    similar = run(photo(), others=(OtherUse("insp-2", OTHER_SHA, 3),))[checks.SIMILAR]
    assert similar.severity == "warning"
    assert similar.text == Text(
        "几乎相同的照片已用于其他 1 次检查",
        "a nearly identical picture is already used in 1 other inspection(s)")


def test_far_distance_is_kept_to_a_tenth_of_a_metre() -> None:
    far = run(photo(at=north_of(*SITE, 123.456)))[checks.FAR_FROM_SITE]
    assert far.detail["distance_m"] == 123.5


def test_clock_gap_is_shown_in_hours_to_one_decimal() -> None:
    taken = STARTED + timedelta(minutes=15)
    gap = timedelta(hours=1, minutes=3, seconds=1)  # 1.0503 h
    found = run(photo(taken=taken, gps=taken + gap))[checks.TIME_MISMATCH]
    assert found.text.en == "camera time and GPS time differ by 1.1 h"
    assert found.detail["gap_seconds"] == 3781


def test_damaged_picture_data_is_a_warning_not_a_metadata_note() -> None:
    """A note that the picture itself is damaged puts the evidence in doubt: a badge."""
    damaged = Text("图像受损：中部数据缺失", "damaged picture: the middle of the data is missing")
    note = run(photo(problems=(Text("纬度无效", "bad latitude"), damaged)))[checks.EXIF_PROBLEM]
    assert note.severity == "warning"
    assert note.text.en == "bad latitude; damaged picture: the middle of the data is missing"
    assert run(photo(problems=(Text("纬度无效", "bad latitude"),)))[
        checks.EXIF_PROBLEM].severity == "info"
