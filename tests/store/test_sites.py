"""Sites: round trips, revisions, the credit-code warning, and Chinese search."""

from __future__ import annotations

import dataclasses

import pytest
import sqlite_utils

from app.store.audit import verify_audit_chain
from app.store.profile import Profile
from app.store.sites import (
    InvalidSite,
    Site,
    SiteDraft,
    SiteNotFound,
    count_sites,
    create_site,
    get_site,
    search_sites,
    update_site,
)


def _add(
    db: sqlite_utils.Database, name: str, address: str, district: str = "110101", **kw: object
) -> Site:
    return create_site(
        db, SiteDraft(district_code=district, name=name, address=address, **kw), "测试员"
    )  # type: ignore[arg-type]


def test_round_trip(db: sqlite_utils.Database, site: Site, profile: Profile) -> None:
    again = get_site(db, site.id)
    assert again == site
    assert site.name == "老北京炸酱面馆" and site.address == "朝阳区工体北路8号"
    assert site.credit_code_check == "ok" and site.credit_code_warning is None
    assert site.rev == 1 and site.base_rev is None
    assert site.origin_device == profile.device_id
    assert site.location_source == "manual"
    assert site.created_at.endswith("Z")


def test_update_bumps_revision_and_audits(db: sqlite_utils.Database, site: Site) -> None:
    changed = update_site(
        db, site.id, dataclasses.replace(site.draft(), name="老北京炸酱面（工体店）"), "李四"
    )
    assert changed.rev == 2 and changed.base_rev == 1
    assert changed.name == "老北京炸酱面（工体店）"
    assert changed.updated_at >= site.updated_at
    audit = db.execute(
        "SELECT actor, detail FROM audit WHERE action = 'site.update' AND entity_id = ?", (site.id,)
    ).fetchall()
    assert len(audit) == 1 and audit[0][0] == "李四" and "炸酱面（工体店）" in audit[0][1]
    assert update_site(db, site.id, changed.draft(), "李四") == changed  # no change, no new rev
    assert verify_audit_chain(db) == []


def test_failing_credit_code_is_saved_with_a_warning(
    db: sqlite_utils.Database, profile: Profile
) -> None:
    s = _add(db, "便民超市", "东城区东四北大街123号", credit_code="91110000600037341n")
    assert s.credit_code == "91110000600037341N"
    assert s.credit_code_check == "check"
    assert s.credit_code_warning is not None and "校验位" in s.credit_code_warning.zh
    s2 = _add(db, "五金店", "东城区交道口南大街5号", credit_code="9111000060003IOZSV")
    assert s2.credit_code_check == "format"
    s3 = _add(db, "修鞋摊", "东城区东四北大街1号", credit_code="  ")
    assert s3.credit_code is None and s3.credit_code_check is None


@pytest.mark.parametrize(
    "draft",
    [
        SiteDraft(district_code="120101", name="天津的店"),
        SiteDraft(district_code="110101"),
        SiteDraft(district_code="110101", name="x", division_code="110105001000"),
        SiteDraft(district_code="110101", name="x", lat=39.9),
        SiteDraft(district_code="110101", name="x", lat=99.0, lon=116.0),
    ],
)
def test_invalid_sites_are_refused_and_nothing_written(
    db: sqlite_utils.Database, profile: Profile, draft: SiteDraft
) -> None:
    with pytest.raises(InvalidSite):
        create_site(db, draft, "测试员")
    assert count_sites(db) == 0


def test_missing_site(db: sqlite_utils.Database) -> None:
    with pytest.raises(SiteNotFound):
        get_site(db, "nope")


def test_chinese_search(db: sqlite_utils.Database, profile: Profile) -> None:
    a = _add(db, "老北京炸酱面馆", "东城区东四北大街123号", credit_code="91110000600037341L")
    b = _add(db, "朝阳便民超市", "朝阳区朝阳北路56号", district="110105")
    c = _add(db, "海淀五金店", "海淀区中关村大街27号", district="110108")
    d = _add(db, "炸酱面（朝阳店）", "朝阳区三里屯路19号", district="110105")

    def ids(text: str, **kw: object) -> set[str]:
        return {s.id for s in search_sites(db, text, **kw)}  # type: ignore[arg-type]

    assert ids("炸酱面") == {a.id, d.id}  # trigram index, inside unspaced Chinese
    assert ids("东四北大街") == {a.id}
    assert ids("中关村") == {c.id}
    assert ids("朝阳") == {b.id, d.id}  # two characters: LIKE fallback
    assert ids("超") == {b.id}  # one character
    assert ids("炸酱面 朝阳") == {d.id}  # every word must match
    assert ids("炸酱面", district_code="110101") == {a.id}
    assert ids("600037341") == {a.id}  # credit code digits
    assert ids("600037341l") == {a.id}  # case-insensitive
    assert ids("火锅") == set()
    assert ids('"; DROP TABLE sites; --') == set()  # quoted, not SQL
    assert ids("100%") == set() and ids("_") == set()
    assert len(search_sites(db, "")) == 4  # empty text: most recent first
    assert search_sites(db, "")[0].id == d.id
    assert count_sites(db) == 4 and count_sites(db, "110105") == 2


def test_search_follows_updates(db: sqlite_utils.Database, profile: Profile) -> None:
    s = _add(db, "老北京炸酱面馆", "东城区东四北大街123号")
    update_site(db, s.id, dataclasses.replace(s.draft(), name="京味涮肉馆"), "测试员")
    assert search_sites(db, "炸酱面") == []
    assert [x.id for x in search_sites(db, "涮肉馆")] == [s.id]
    assert db.execute("INSERT INTO sites_fts (sites_fts) VALUES ('integrity-check')") is not None
