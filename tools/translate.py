"""Refresh a translation file from the sources and fill in given translations.

    .venv/bin/python tools/translate.py photos 'Site location=场所位置' ...
    .venv/bin/python tools/translate.py photos --list      # what is still unfinished

Runs pyside6-lupdate over the area's sources (the same selection as tests/ui/
test_translations.py), then sets each `source=translation` pair given.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "app" / "ui"
OWN_AREAS = ("photos", "reports")


def sources(area: str) -> list[str]:
    def pick(p: Path) -> bool:
        parts = set(p.relative_to(UI).parts)
        return area in parts if area in OWN_AREAS else not set(OWN_AREAS) & parts

    return sorted(str(p) for p in UI.rglob("*.py") if pick(p))


def main(argv: list[str]) -> int:
    area, pairs = argv[0], argv[1:]
    ts = ROOT / "resources" / "translations" / f"{area}_zh_CN.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), "-silent", "-no-obsolete", *sources(area), "-ts", str(ts)],
                   check=True)
    wanted = dict(p.split("=", 1) for p in pairs if p != "--list")
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        if source in wanted:
            translation.text = wanted[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished":
            print(f"unfinished: {source!r}")
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
