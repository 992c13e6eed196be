"""Screenshots of the 同步 page (docs/screenshots/sync-*.png): an office imports bundles from two
laptops (one tampered, one number missing, a conflict), the conflict side by side, and a
laptop's export.

    .venv/bin/python -m tools.screenshots.sync_screens --out docs/screenshots

Makes its own devices in a temporary folder through the program's services (a laptop also
receives the other's first bundle: this tool holds the office's keys, as a test does).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = ((1440, 900), (1024, 700))


def _device(path: Path, role: str, name: str) -> Any:
    from app.store.checklists import register_shipped_checklists
    from app.store.db import open_database
    from app.store.profile import initialize_device
    from app.sync.devices import make_local_keys

    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path, create=True)
    initialize_device(db, role, name, district_code="110105",  # type: ignore[arg-type]
                      office_name="朝阳区城管执法局" if role == "office" else "")
    register_shipped_checklists(db, actor=name)
    make_local_keys(db, name)
    return db


def _enrol(a: Any, b: Any) -> None:
    from app.sync.devices import enrol_device, local_device, local_keys
    from app.sync.keys import parse_public_key, public_key_text

    for x, y in ((a, b), (b, a)):
        me = local_device(x)
        enrol_device(y, parse_public_key(public_key_text(local_keys(x), me.label, me.role)
                                         .encode(), "key.json"))


def _site(db: Any, name: str, address: str, actor: str) -> str:
    from app.store.sites import SiteDraft, create_site

    return create_site(db, SiteDraft("110105", name=name, address=address,
                                     contact_phone="13800000000"), actor).id


def _rename(db: Any, site_id: str, actor: str, **changes: Any) -> None:
    from app.store.sites import get_site, update_site

    update_site(db, site_id, replace(get_site(db, site_id).draft(), **changes), actor)


def make_world(tmp: Path) -> tuple[Any, Any, list[Path]]:
    """An office and two laptops; the bundles the office is handed (in the order given)."""
    from app.store.inspections import set_answers, start_inspection
    from app.store.profile import get_profile
    from app.sync.devices import local_keys
    from app.sync.export import export_bundle
    from app.sync.inbox import apply_payload, read_bundle

    office = _device(tmp / "office" / "street-audit.db", "office", "朝阳区城管执法局")
    a = _device(tmp / "a" / "street-audit.db", "field", "王巡查")
    b = _device(tmp / "b" / "street-audit.db", "field", "李巡查")
    for laptop in (a, b):
        _enrol(laptop, office)
    _enrol(a, b)
    out = tmp / "stick"
    shop = _site(a, "好邻居便利店", "朝阳区工体北路8号", "王巡查")
    draft = start_inspection(a, "street_order", shop, get_profile(a)).id
    _site(a, "三里屯早餐铺", "朝阳区三里屯路19号", "王巡查")
    a1 = export_bundle(a, out).paths[0]
    payload = read_bundle(b, a1, local_keys(office))
    assert payload is not None
    apply_payload(b, payload, a1)
    payload.discard()
    _rename(a, shop, "王巡查", name="好邻居便利店（工体北路店）")
    set_answers(a, draft, {"remarks": "门前堆放纸箱，已当场提醒"}, "王巡查")
    _rename(b, shop, "李巡查", name="好邻居便利店工体店", contact_phone="13911112222")
    _rename(b, shop, "李巡查", notes="夜间经营至 23 点")
    set_answers(b, draft, {"remarks": "门前占道经营，责令当日清理"}, "李巡查")
    a2 = export_bundle(a, out).paths[0]
    _site(a, "工体北路报刊亭", "朝阳区工体北路甲2号", "王巡查")
    export_bundle(a, out)  # a's third bundle: never handed in (the office sees it missing)
    _site(a, "团结湖菜站", "朝阳区团结湖路5号", "王巡查")
    a4 = export_bundle(a, out).paths[0]
    for n in range(3):
        _site(b, f"幸福村中路商铺 {n + 1} 号", f"朝阳区幸福村中路{n + 10}号", "李巡查")
    b1 = export_bundle(b, out).paths[0]
    _site(b, "新东路水果摊", "朝阳区新东路2号", "李巡查")
    b2 = export_bundle(b, out).paths[0]
    tampered = tmp / "copied-from-email" / b2.name
    tampered.parent.mkdir()
    with zipfile.ZipFile(b2) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "data/records.jsonl":
                data = bytes([data[0] ^ 1]) + data[1:]
            target.writestr(info, data)
    return office, a, [a1, a2, a4, b1, tampered]


def _wait(condition: Any, timeout: float = 60.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _save(widget: Any, path: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"截图保存失败 (could not write the screenshot): {path}")
    return path


def _window(db: Any, lang: str, tmp: Path, size: tuple[int, int]) -> Any:
    from app.store.db import connection_path
    from app.ui.app import create_application, install_translations
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = create_application()
    install_translations(app, lang)
    window = MainWindow(db, connection_path(db.conn), Settings(tmp / f"settings-{lang}.ini"),
                        lang)
    window.resize(*size)
    window.show()
    _wait(lambda: window.isVisible())
    return window


def render(out_dir: Path) -> list[Path]:
    """Every sync screen: zh at both sizes, en once."""
    saved: list[Path] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        office, laptop, bundles = make_world(tmp)
        window = _window(office, "zh", tmp, SIZES[0])
        page = window.sync.open_page()
        page.start_import(bundles)
        _wait(lambda: page.import_task is None)
        for width, height in SIZES:
            window.resize(width, height)
            page.tabs.setCurrentWidget(page.results_table)
            saved.append(_save(window, out_dir / f"sync-import-{width}x{height}.png"))
            page.tabs.setCurrentWidget(page.conflicts)
            site_row = next(i for i in range(page.conflicts.model.rowCount())
                            if page.conflicts.model.conflict(i).entity == "site")
            page.conflicts.table.selectRow(site_row)
            saved.append(_save(window, out_dir / f"sync-conflicts-{width}x{height}.png"))
        window.close()
        en = _window(office, "en", tmp, SIZES[0])
        page = en.sync.open_page()
        page.start_import(bundles)
        _wait(lambda: page.import_task is None)
        saved.append(_save(en, out_dir / "sync-import-en.png"))
        page.tabs.setCurrentWidget(page.conflicts)
        saved.append(_save(en, out_dir / "sync-conflicts-en.png"))
        en.close()
        field = _window(laptop, "zh", tmp, SIZES[0])
        page = field.sync.open_page()
        page.start_export(tmp / "usb")
        _wait(lambda: page.last_export is not None)
        saved.append(_save(field, out_dir / "sync-export-1440x900.png"))
        field.close()
        _wait(lambda: False, 0.2)
        office.close()
        laptop.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots.sync_screens",
                                     description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    args = parser.parse_args(argv)
    for path in render(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
