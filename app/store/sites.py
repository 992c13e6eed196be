"""Sites: the places inspected. Create, update, look up and search (Chinese included)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from app.core.clock import utc_now
from app.core.creditcode import check_credit_code
from app.core.divisions import full_code, get_division, is_district_code
from app.core.errors import InputRefused
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import local_device_id, record_audit
from app.store.db import write_transaction

if TYPE_CHECKING:
    import sqlite_utils

# FTS5 trigrams need three characters; shorter terms (朝阳, 面馆) fall back to LIKE.
TRIGRAM = 3

_LOCATION_SOURCES = (None, "gps", "photo", "manual", "demo")


class SiteNotFound(InputRefused, KeyError):
    """No site with this id; `.site_id` names the id asked for."""

    def __init__(self, site_id: str) -> None:
        super().__init__(Text(f"找不到场所：{site_id}", f"no such site: {site_id}"))
        self.site_id = site_id

    def __str__(self) -> str:  # KeyError would quote it
        return self.text.both()


class InvalidSite(InputRefused, ValueError):
    """A site that cannot be saved as entered; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class SiteDraft:
    """What a person enters for a site; the store adds ids, revisions and the credit-code flag."""

    district_code: str
    address: str = ""
    name: str = ""
    division_code: str | None = None
    credit_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_source: str | None = None
    contact_name: str = ""
    contact_phone: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    """A stored site with its sync columns; `credit_code_check` is ok/format/check or None."""

    id: str
    origin_device: str
    rev: int
    base_rev: int | None
    created_at: str
    updated_at: str
    name: str
    address: str
    district_code: str
    division_code: str | None
    credit_code: str | None
    credit_code_check: str | None
    lat: float | None
    lon: float | None
    location_source: str | None
    contact_name: str
    contact_phone: str
    notes: str

    @property
    def credit_code_warning(self) -> Text | None:
        """Why the stored credit code fails its check (a warning to show, never a refusal)."""
        if not self.credit_code or self.credit_code_check == "ok":
            return None
        return check_credit_code(self.credit_code).problem

    def draft(self) -> SiteDraft:
        """The editable fields, e.g. to change one with dataclasses.replace and update_site."""
        return SiteDraft(**{f.name: getattr(self, f.name) for f in fields(SiteDraft)})


_COLUMNS = ", ".join(f.name for f in fields(Site))


def _validated(draft: SiteDraft) -> tuple[SiteDraft, str | None]:
    """Normalized draft and its credit-code check kind; InvalidSite for what cannot be saved."""
    if not is_district_code(draft.district_code or ""):
        raise InvalidSite(
            f"请选择北京市的区（代码如110105），而不是 {draft.district_code!r} "
            f"(choose a Beijing district, e.g. 110105, not {draft.district_code!r})"
        )
    name, address = draft.name.strip(), draft.address.strip()
    if not name and not address:
        raise InvalidSite("场所名称和地址至少填写一项 (enter a name or an address)")
    division = draft.division_code or None
    if division is not None:
        try:
            division = full_code(division)
        except ValueError as exc:
            raise InvalidSite(str(exc)) from exc
        if division[:6] != draft.district_code:
            raise InvalidSite(
                f"街道/社区 {division} 不在区 {draft.district_code} 内 "
                f"(division {division} is not in district {draft.district_code})"
            )
    if (draft.lat is None) != (draft.lon is None):
        raise InvalidSite("经纬度要同时填写 (give both latitude and longitude, or neither)")
    if (
        draft.lat is not None
        and draft.lon is not None
        and not (-90 <= draft.lat <= 90 and -180 <= draft.lon <= 180)
    ):
        raise InvalidSite(f"经纬度超出范围 (coordinates out of range): {draft.lat}, {draft.lon}")
    if draft.location_source not in _LOCATION_SOURCES:
        raise InvalidSite(f"unknown location source {draft.location_source!r}")
    credit_code, kind = None, None
    if draft.credit_code and draft.credit_code.strip():
        checked = check_credit_code(draft.credit_code)
        credit_code, kind = checked.normalized, checked.kind
    location_source = draft.location_source
    if draft.lat is not None and location_source is None:
        location_source = "manual"
    clean = SiteDraft(
        district_code=draft.district_code,
        address=address,
        name=name,
        division_code=division,
        credit_code=credit_code,
        lat=draft.lat,
        lon=draft.lon,
        location_source=location_source,
        contact_name=draft.contact_name.strip(),
        contact_phone=draft.contact_phone.strip(),
        notes=draft.notes.strip(),
    )
    return clean, kind


def create_site(db: sqlite_utils.Database, draft: SiteDraft, actor: str) -> Site:
    """Save a new site (one transaction, audited). A failing credit code is kept, flagged."""
    clean, kind = _validated(draft)
    now = utc_now()
    site_id = new_id()
    with write_transaction(db):
        values = {
            **asdict(clean),
            "id": site_id,
            "origin_device": local_device_id(db),
            "rev": 1,
            "base_rev": None,
            "created_at": now,
            "updated_at": now,
            "credit_code_check": kind,
        }
        names = list(values)
        db.execute(
            f"INSERT INTO sites ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [values[n] for n in names],
        )
        record_audit(db, actor, "site.create", "site", site_id, asdict(clean))
    return get_site(db, site_id)


EDITABLE = frozenset(f.name for f in fields(SiteDraft))


def update_site(
    db: sqlite_utils.Database,
    site_id: str,
    changes: SiteDraft | Mapping[str, Any],
    actor: str,
) -> Site:
    """Change a site's fields (rev + 1, audited with each field's old and new value).

    `changes` is a whole SiteDraft (the program's own updates) or only the fields a person
    changed (`{"name": "..."}`, the window's and `sites edit`'s form). In the latter a new
    location, or a new district of a site with one, must lie in Beijing and in the site's
    district (app.core.district_area); InvalidSite says why otherwise and nothing is written.
    A credit code failing its check is kept, flagged (`Site.credit_code_warning`). The change
    travels in the next bundle: the sync triggers mark the row changed (docs/sync.md).
    """
    with write_transaction(db):
        old = get_site(db, site_id)
        draft = changes if isinstance(changes, SiteDraft) else _apply(old, changes)
        clean, kind = _validated(draft)
        changed = {
            key: {"old": getattr(old, key), "new": value}
            for key, value in asdict(clean).items()
            if getattr(old, key) != value
        }
        if not changed:
            return old
        if (
            not isinstance(changes, SiteDraft)
            and clean.lat is not None
            and clean.lon is not None
            and {"lat", "lon", "district_code"} & changed.keys()
        ):
            _check_location(clean.lat, clean.lon, clean.district_code)
        sets = ", ".join(f"{key} = ?" for key in changed)
        db.execute(
            f"UPDATE sites SET {sets}, credit_code_check = ?, rev = rev + 1, base_rev = rev, "
            "updated_at = ? WHERE id = ?",
            [v["new"] for v in changed.values()] + [kind, utc_now(), site_id],
        )
        record_audit(db, actor, "site.update", "site", site_id, changed)
    return get_site(db, site_id)


def _apply(old: Site, changes: Mapping[str, Any]) -> SiteDraft:
    """The site's draft with the named fields changed; InvalidSite for an unknown field."""
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise InvalidSite(f"不能修改的字段：{', '.join(unknown)} "
                          f"(fields that cannot be edited: {', '.join(unknown)})")
    values = dict(changes)
    for key in ("name", "address", "contact_name", "contact_phone", "notes"):
        if key in values and values[key] is None:
            values[key] = ""
    if "district_code" in values and "division_code" not in values and old.division_code and (
        old.division_code[:6] != values["district_code"]
    ):
        values["division_code"] = None  # the old street/community lies in the old district
    if ({"lat", "lon"} & values.keys()) and "location_source" not in values:
        values["location_source"] = "manual" if values.get("lat", old.lat) is not None else None
    return replace(old.draft(), **values)


def _check_location(lat: float, lon: float, district_code: str) -> None:
    """Refuse a point outside Beijing, or outside the site's district."""
    from app.core.district_area import district_at  # loads the boundaries on first use

    found = district_at(lat, lon)
    if found is None:
        raise InvalidSite(
            f"位置 {lat:.6f}, {lon:.6f} 不在北京市范围内，请核对经纬度（WGS-84，纬度在前） "
            f"(the point {lat:.6f}, {lon:.6f} is outside Beijing: check the WGS-84 "
            "latitude and longitude, latitude first)")
    if found != district_code:
        here, chosen = _district_label(found), _district_label(district_code)
        raise InvalidSite(
            f"位置 {lat:.6f}, {lon:.6f} 在{here.zh}，不在所选的{chosen.zh}；请核对经纬度或区 "
            f"(the point {lat:.6f}, {lon:.6f} is in {here.en}, not in the chosen district "
            f"{chosen.en}: check the coordinates or the district)")


def _district_label(code: str) -> Text:
    division = get_division(code)
    name = division.name if division is not None else code
    return Text(name, f"{name} ({code})")


def get_site(db: sqlite_utils.Database, site_id: str) -> Site:
    """The site with this id; SiteNotFound otherwise."""
    row = db.execute(f"SELECT {_COLUMNS} FROM sites WHERE id = ?", (site_id,)).fetchone()
    if row is None:
        raise SiteNotFound(site_id)
    return Site(*row)


def count_sites(db: sqlite_utils.Database, district_code: str | None = None) -> int:
    """How many sites (in one district)."""
    if district_code:
        sql, args = "SELECT count(*) FROM sites WHERE district_code = ?", [district_code]
    else:
        sql, args = "SELECT count(*) FROM sites", []
    return int(db.execute(sql, args).fetchone()[0])


def search_sites(
    db: sqlite_utils.Database,
    text: str,
    district_code: str | None = None,
    limit: int = 50,
    include_merged: bool = False,
) -> list[Site]:
    """Sites whose name, address or credit code contain every word of `text`.

    Words of 3+ characters use the trigram index; shorter ones a LIKE scan (bounded by limit).
    Empty text lists the most recently changed sites. A site merged into another (a duplicate,
    app.store.site_duplicates) is left out unless asked for: new work goes to the kept one.
    """
    where, args = _search_where(text, district_code)
    if not include_merged:
        where.append("s.merged_into IS NULL")
    order = "s.name, s.seq" if text.strip() else "s.updated_at DESC, s.seq DESC"
    sql = f"SELECT {_prefixed('s')} FROM sites s"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order} LIMIT ?"
    return [Site(*row) for row in db.execute(sql, [*args, limit])]


def site_match_sql(text: str) -> tuple[str, list[Any]] | None:
    """A `seq IN (...)`-style condition on sites for other queries (the inspections list)."""
    where, args = _search_where(text, None)
    if not where:
        return None
    return " AND ".join(where), args


def _search_where(text: str, district_code: str | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    words = text.split()
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short_words = [w for w in words if len(w) < TRIGRAM]
    if long_words:
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        where.append("s.seq IN (SELECT rowid FROM sites_fts WHERE sites_fts MATCH ?)")
        args.append(match)
    for word in short_words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            "(s.name LIKE ? ESCAPE '\\' OR s.address LIKE ? ESCAPE '\\' "
            "OR s.credit_code LIKE ? ESCAPE '\\')"
        )
        args += [pattern, pattern, pattern]
    if district_code:
        where.append("s.district_code = ?")
        args.append(district_code)
    return where, args


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{f.name}" for f in fields(Site))
