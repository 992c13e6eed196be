"""Setting up this device for real (the window's first-run wizard): one Qt-free call.

What `street-audit init` does, plus what the wizard asks besides: the second officer named on
new inspections (行政处罚法 第四十二条) and the street (街道/乡镇) the device works in. The demo
never goes here: it has its own database (`demo_db_path`), so a real one is never mixed with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.divisions import get_division, is_district_code, level_of
from app.core.errors import InputRefused
from app.core.text import Text
from app.paths import data_dir
from app.store.profile import ROLES, Profile, check_office_code

STREET_SETTING = "profile.street_code"
SECOND_OFFICER_SETTING = "second_officer"  # app.store.inspections.remembered_second_officer
DEMO_FOLDER = "demo"
DEMO_DB_FILENAME = "street-audit-demo.db"


def demo_db_path(folder: Path | None = None) -> Path:
    """The demo's own database: `<data>/demo/street-audit-demo.db`, never the real one."""
    return (folder or data_dir()) / DEMO_FOLDER / DEMO_DB_FILENAME


def is_demo_db_path(path: Path) -> bool:
    return path.name == DEMO_DB_FILENAME and path.parent.name == DEMO_FOLDER


@dataclass(frozen=True)
class DeviceSetup:
    """What the first-run wizard asks."""

    role: str
    inspector_name: str
    badge_no: str = ""
    second_name: str = ""
    second_badge: str = ""
    office_name: str = ""
    office_code: str = ""
    district_code: str | None = None
    street_code: str | None = None


def check_setup(setup: DeviceSetup) -> list[Text]:
    """Everything wrong with the answers, one Text each (empty: fine)."""
    problems: list[Text] = []
    if setup.role not in ROLES:
        problems.append(Text(f"角色无效：{setup.role}", f"not a role: {setup.role}"))
    if not setup.inspector_name.strip():
        problems.append(Text("请填写巡查员姓名", "give the inspector's name"))
    if setup.district_code and not is_district_code(setup.district_code):
        problems.append(Text(f"不是北京市的区代码：{setup.district_code}",
                             f"not a Beijing district code: {setup.district_code}"))
    if setup.street_code:
        division = get_division(setup.street_code)
        if (division is None or level_of(setup.street_code) != "township"
                or not setup.district_code
                or not division.code.startswith(setup.district_code)):
            problems.append(Text(f"街道/乡镇不属于所选的区：{setup.street_code}",
                                 f"the street is not in the chosen district: "
                                 f"{setup.street_code}"))
    if bool(setup.second_badge.strip()) and not setup.second_name.strip():
        problems.append(Text("填写了第二名检查人员的证号，请同时填写姓名",
                             "the second officer's badge is given: give the name too"))
    try:
        check_office_code(setup.office_code)
    except InputRefused as exc:
        problems.append(exc.text)
    return problems


def create_device_database(path: Path, setup: DeviceSetup) -> Profile:
    """Create the database at `path` with this device's profile, checklists and keys.

    Refuses (InputRefused) answers that do not check out, or a file that is already there.
    """
    from app.store.checklists import register_shipped_checklists
    from app.store.db import open_database
    from app.store.profile import initialize_device, set_setting
    from app.sync.devices import make_local_keys

    problems = check_setup(setup)
    if problems:
        raise InputRefused(Text("；".join(p.zh for p in problems),
                                "; ".join(p.en for p in problems)))
    if path.exists():
        raise InputRefused(Text(f"数据库已存在：{path}", f"a database is already there: {path}"))
    name = setup.inspector_name.strip()
    db = open_database(path, create=True)
    try:
        profile = initialize_device(
            db, setup.role, name,  # type: ignore[arg-type]  # checked above
            badge_no=setup.badge_no.strip(), district_code=setup.district_code or None,
            office_name=setup.office_name.strip(), office_code=setup.office_code)
        if setup.street_code:
            set_setting(db, STREET_SETTING, setup.street_code, name)
        if setup.second_name.strip():
            set_setting(db, SECOND_OFFICER_SETTING, {"name": setup.second_name.strip(),
                                                     "badge": setup.second_badge.strip()}, name)
        register_shipped_checklists(db, actor=name)
        make_local_keys(db, name)
    finally:
        db.close()
    return profile
