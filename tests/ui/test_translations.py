"""Every user-visible string of the window is translated: lupdate finds nothing unfinished."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
UI = ROOT / "app" / "ui"

# Which sources feed which .ts: the photos (issue 3) and reports (issue 4) areas keep their own.
OWN_AREAS = ("photos", "reports")
AREAS = {
    "ui": lambda p: not set(OWN_AREAS) & set(p.relative_to(UI).parts),
    "photos": lambda p: "photos" in p.relative_to(UI).parts,
    "reports": lambda p: "reports" in p.relative_to(UI).parts,
}


def lupdate() -> str:
    exe = Path(sys.executable).parent / "pyside6-lupdate"
    return str(exe) if exe.exists() else (shutil.which("pyside6-lupdate") or "pyside6-lupdate")


def unfinished(ts: Path) -> list[str]:
    """Source strings of a .ts without a finished translation."""
    problems = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if translation is None:
                problems.append(f"{name}: {source!r} (no translation)")
                continue
            kind = translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            if kind == "unfinished" or not all(forms):
                problems.append(f"{name}: {source!r}")
    return problems


@pytest.mark.parametrize("ts", sorted(TRANSLATIONS.glob("*.ts")), ids=lambda p: p.name)
def test_every_source_string_is_translated(ts: Path, tmp_path: Path) -> None:
    area = ts.stem.split("_")[0]
    select = AREAS.get(area)
    if select is None:
        pytest.fail(f"{ts.name}: unknown area {area!r}; add it to AREAS")
    sources = sorted(str(p) for p in UI.rglob("*.py") if select(p))
    assert sources, f"no sources for {ts.name}"
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    subprocess.run([lupdate(), "-silent", "-no-obsolete", *sources, "-ts", str(copy)],
                   check=True, capture_output=True)
    problems = unfinished(copy)
    assert not problems, (
        f"{ts.name}: {len(problems)} string(s) missing or unfinished; run lupdate and translate:\n"
        + "\n".join(problems))


def test_main_translation_exists() -> None:
    assert (TRANSLATIONS / "ui_zh_CN.ts").is_file()
