"""`street-audit forms check`: ok lines, problem lines naming file and item, exit codes, --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.paths import forms_dir, project_root

GOOD = (forms_dir() / "street_order.v1.yaml").read_text(encoding="utf-8")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_default_checks_every_shipped_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    names = sorted(p.name for p in forms_dir().glob("*.yaml"))
    assert len(out) == len(names) >= 3  # every version of the three shipped checklists
    for line, name in zip(out, names, strict=True):
        assert line.startswith("ok ") and name in line
    assert any("(street_order v1, " in line and " items)" in line for line in out)


def test_bad_file_exits_3_naming_file_and_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "street_order.v1.yaml", GOOD)
    bad_text = GOOD.replace(
        'show_if: {item: beyond_line, equals: "yes"}',
        'show_if: {item: beyondline, equals: "yes"}',
        1,
    )
    bad_text = bad_text.replace("id: street_order\nversion: 1", "id: street_order2\nversion: 1")
    bad = write(tmp_path / "street_order2.v1.yaml", bad_text)
    assert main(["forms", "check", str(good), str(bad)]) == 3
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith(f"ok {good} (street_order v1,")
    assert lines[1].startswith(f"{bad}:beyond_distance_m: ")
    assert "unknown item 'beyondline'" in lines[1]
    assert "1 of 2" in captured.err and "错误" in captured.err


def test_folder_argument_and_duplicate_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "street_order.v1.yaml", GOOD)
    write(tmp_path / "street_order_copy.yaml", GOOD)
    write(tmp_path / "README.md", "# not a checklist")
    assert main(["forms", "check", str(tmp_path)]) == 3
    out = capsys.readouterr().out
    assert "street_order_copy.yaml:id:" in out and "duplicates" in out


def test_yaml_syntax_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "broken.yaml", "id: broken\nversion: 1\ntitle: {zh: 坏, en: Broken\n")
    assert main(["forms", "check", str(bad)]) == 3
    out = capsys.readouterr().out
    assert out.startswith(f"{bad}:4: YAML 语法错误") or out.startswith(f"{bad}:3: YAML 语法错误")


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    shipped = list(forms_dir().glob("*.yaml"))
    assert [f["ok"] for f in data["files"]] == [True] * len(shipped)
    assert {f["id"] for f in data["files"]} == {
        "storefront_opening",
        "street_order",
        "underground_group_rental",
    }
    assert all(len(f["sha256"]) == 64 and f["items"] >= 20 for f in data["files"])

    bad = write(tmp_path / "x.yaml", GOOD.replace("version: 1", "version: one", 1))
    assert main(["forms", "check", "--json", str(bad)]) == 3
    data = json.loads(capsys.readouterr().out)
    (entry,) = data["files"]
    assert entry["ok"] is False and entry["file"] == str(bad)
    assert any(p.startswith(f"{bad}:version: ") for p in entry["problems"])


def test_empty_folder_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check", str(tmp_path)]) == 3
    assert "no checklist files" in capsys.readouterr().err


def test_real_process(tmp_path: Path) -> None:
    """The installed way of running it: a separate Python process, exit codes as documented."""
    env = {**os.environ, "PYTHONPATH": str(project_root())}
    ok = subprocess.run(
        [sys.executable, "-m", "app", "forms", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    shipped = len(list(forms_dir().glob("*.yaml")))
    assert ok.stdout.count("\nok ") + ok.stdout.startswith("ok ") == shipped
    bad = write(tmp_path / "bad.yaml", GOOD.replace("type: photo", "type: picture"))
    rejected = subprocess.run(
        [sys.executable, "-m", "app", "forms", "check", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert rejected.returncode == 3
    assert f"{bad}:scene_photos: 未知的题目类型 'picture'" in rejected.stdout
