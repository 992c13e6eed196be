"""Who uses this database: the local device and the inspector's settings (one row)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from app.core.clock import utc_now
from app.core.errors import InputRefused
from app.core.ids import new_id
from app.core.text import Text
from app.store.audit import record_audit
from app.store.db import write_transaction

if TYPE_CHECKING:
    import sqlite_utils

Role = Literal["field", "lead", "office"]
ROLES: tuple[Role, ...] = ("field", "lead", "office")
# Set (True) by the demo when it makes up an inspector: the window says "demo data" until the
# user saves an identity of their own, and `init` points at a fresh database instead.
DEMO_IDENTITY = "profile.demo_identity"
# What makes an identity someone's own: the role and the device stay what the demo made.
_OWN_FIELDS = frozenset({"inspector_name", "badge_no", "team", "district_code", "office_name",
                         "office_code"})
# The 机关代字 of a 文号 (e.g. 东城城管责改 in 东城城管责改〔2026〕第12号): short, no spaces,
# and none of the characters the number itself is written with.
OFFICE_CODE_MAX = 20
_OFFICE_CODE_FORBIDDEN = set("〔〕[]【】()（）第号#")


@dataclass(frozen=True, slots=True)
class Profile:
    """The device and the person working on it; copied onto inspections when they start."""

    device_id: str
    role: Role
    inspector_name: str
    badge_no: str = ""
    team: str = ""
    district_code: str | None = None
    office_name: str = ""
    office_code: str = ""  # 机关代字 of the office's 文号, e.g. 东城城管责改 (db/003_notices.sql)


class OfficeCodeRefused(InputRefused, ValueError):
    """A 机关代字 that cannot stand in a 文号; the message says why."""


def check_office_code(code: str) -> str:
    """The 机关代字 as stored (stripped); "" is allowed (not set yet: notices are refused)."""
    code = code.strip()
    if not code:
        return ""
    bad = sorted({ch for ch in code if ch.isspace() or ch in _OFFICE_CODE_FORBIDDEN})
    if bad or len(code) > OFFICE_CODE_MAX or not code.isprintable():
        shown = "".join(ch for ch in bad if not ch.isspace()) or "空格"
        raise OfficeCodeRefused(Text(
            f"机关代字“{code}”不能用于文号：应为不超过 {OFFICE_CODE_MAX} 个字、不含空格和"
            f"“{shown}”等符号，如“东城城管责改”",
            f"the office code {code!r} cannot stand in a notice number: at most "
            f"{OFFICE_CODE_MAX} characters, no spaces or brackets, e.g. 东城城管责改"))
    return code


def get_profile(db: sqlite_utils.Database) -> Profile | None:
    """The profile, or None before `init`."""
    row = db.execute(
        "SELECT device_id, role, inspector_name, badge_no, team, district_code, office_name, "
        "office_code FROM profile WHERE id = 1"
    ).fetchone()
    return Profile(*row) if row else None


def save_profile(db: sqlite_utils.Database, profile: Profile, actor: str | None = None) -> None:
    """Write the profile (audited); the device row must exist."""
    _check_role(profile.role)
    code = check_office_code(profile.office_code)
    if code != profile.office_code:
        profile = replace(profile, office_code=code)
    now = utc_now()
    with write_transaction(db):
        old = get_profile(db)
        db.execute(
            "INSERT INTO profile (id, device_id, role, inspector_name, badge_no, team, "
            "district_code, office_name, office_code, updated_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id, role = excluded.role, "
            "inspector_name = excluded.inspector_name, badge_no = excluded.badge_no, "
            "team = excluded.team, district_code = excluded.district_code, "
            "office_name = excluded.office_name, office_code = excluded.office_code, "
            "updated_at = excluded.updated_at",
            (
                profile.device_id,
                profile.role,
                profile.inspector_name,
                profile.badge_no,
                profile.team,
                profile.district_code,
                profile.office_name,
                profile.office_code,
                now,
            ),
        )
        db.execute(
            "UPDATE devices SET role = ?, updated_at = ? WHERE id = ?",
            (profile.role, now, profile.device_id),
        )
        changed = {
            key: value
            for key, value in asdict(profile).items()
            if old is None or getattr(old, key) != value
        }
        record_audit(
            db,
            actor or profile.inspector_name,
            "profile.save",
            "profile",
            profile.device_id,
            changed,
        )
        if old is not None and _OWN_FIELDS & changed.keys() and is_demo_identity(db):
            set_setting(db, DEMO_IDENTITY, False, actor or profile.inspector_name)


def is_demo_identity(db: sqlite_utils.Database) -> bool:
    """Whether the profile is the demo's made-up inspector (see DEMO_IDENTITY)."""
    return bool(get_setting(db, DEMO_IDENTITY, False))


def mark_demo_identity(db: sqlite_utils.Database, actor: str = "") -> None:
    """Mark the profile as the demo's own; saving a changed name, badge or team clears it."""
    set_setting(db, DEMO_IDENTITY, True, actor)


def initialize_device(
    db: sqlite_utils.Database,
    role: Role,
    inspector_name: str,
    *,
    badge_no: str = "",
    team: str = "",
    district_code: str | None = None,
    office_name: str = "",
    office_code: str = "",
) -> Profile:
    """Create this database's device (no signing key yet: the sync issue adds it) and profile."""
    _check_role(role)
    office_code = check_office_code(office_code)
    now = utc_now()
    device_id = new_id()
    with write_transaction(db):
        # Checked under the write lock: two `init`s at once must not both make a device.
        if get_profile(db) is not None:
            raise ValueError("这个数据库已经初始化过 (this database is already initialised)")
        db.execute(
            "INSERT INTO devices (id, role, label, public_key, is_local, created_at, updated_at) "
            "VALUES (?, ?, ?, NULL, 1, ?, ?)",
            (device_id, role, inspector_name, now, now),
        )
        record_audit(db, inspector_name, "device.create", "device", device_id, {"role": role})
        profile = Profile(
            device_id, role, inspector_name, badge_no, team, district_code, office_name,
            office_code,
        )
        save_profile(db, profile)
    return profile


def get_setting(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    """A per-database setting (JSON value)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value: Any, actor: str = "") -> None:
    """Store a per-database setting (audited)."""
    text = json.dumps(value, ensure_ascii=False)
    with write_transaction(db):
        db.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (key, text, utc_now()),
        )
        record_audit(db, actor, "setting.set", "setting", key, {"value": value})


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(
            f"角色应为 field、lead 或 office (role must be field, lead or office): {role!r}"
        )


def save_identity(db: sqlite_utils.Database, profile: Profile, actor: str = "") -> Profile:
    """Save who works on this device: the profile of an initialised database, or (a window
    opened on a new database) this device and its profile made now."""
    with write_transaction(db):
        current = get_profile(db)
        if current is None:
            return initialize_device(db, profile.role, profile.inspector_name,
                                     badge_no=profile.badge_no, team=profile.team,
                                     district_code=profile.district_code,
                                     office_name=profile.office_name,
                                     office_code=profile.office_code)
        saved = Profile(current.device_id, profile.role, profile.inspector_name,
                        profile.badge_no, profile.team, profile.district_code,
                        profile.office_name, check_office_code(profile.office_code))
        save_profile(db, saved, actor)
        return saved
