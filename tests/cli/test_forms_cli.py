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
    # (v1's findings without a legal basis are warned about under its ok line)
    problems = [line for line in lines if line.startswith(f"{bad}:")]
    assert problems[0].startswith(f"{bad}:beyond_distance_m: ")
    assert "unknown item 'beyondline'" in problems[0]
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
        "illegal_construction",
        "urban_rural_fringe",
        "old_compounds",
        "key_areas",
        "manufacturing_polluters",
        "wholesale_markets",
        "public_services",
        "shanty_public_housing",
    }
    assert all(len(f["sha256"]) == 64 and f["items"] >= 15 for f in data["files"])

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


# ---- legal basis: a finding without one is warned about, never refused -------------------


def test_a_finding_without_a_legal_basis_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """v1 of street_order has findings without a basis: each is one warning line, exit 0."""
    path = write(tmp_path / "street_order.v1.yaml", GOOD)
    assert main(["forms", "check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"ok {path} (street_order v1, ")
    warnings = lines[1:]
    assert warnings and all(line.startswith(f"{path}:") for line in warnings)
    assert (
        f'{path}:licence_status: 提醒：问题“营业执照未在经营场所显著位置悬挂”没有法律依据'
        in "\n".join(warnings)
    )
    assert any(
        line.startswith(f"{path}:mobile_vendors: ")
        and 'warning: finding "Mobile vendors trade on this stretch" has no legal basis' in line
        and "[第 " in line
        for line in warnings
    )
    # A finding that has one (无照经营) is not named.
    assert not any("无照经营”" in line for line in warnings)


def test_warnings_in_json_and_exit_code_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "street_order.v1.yaml", GOOD)
    assert main(["forms", "check", "--json", str(path)]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert entry["ok"] is True and entry["problems"] == [] and entry["superseded"] is False
    assert len(entry["warnings"]) >= 5
    assert all("has no legal basis" in w for w in entry["warnings"])


def test_shipped_latest_versions_give_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    """Every finding of the newest shipped versions has a legal basis; older versions, which
    may not be changed, are not warned about when their successor is checked with them."""
    assert main(["forms", "check", "--json"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    newest: dict[str, int] = {}
    for f in files:
        newest[f["id"]] = max(newest.get(f["id"], 0), f["version"])
    assert newest == {
        "storefront_opening": 3,
        "street_order": 3,
        "underground_group_rental": 4,
        "illegal_construction": 1,
        "urban_rural_fringe": 1,
        "old_compounds": 1,
        "key_areas": 1,
        "manufacturing_polluters": 1,
        "wholesale_markets": 1,
        "public_services": 1,
        "shanty_public_housing": 1,
    }
    for f in files:
        assert f["warnings"] == [], f["file"]
        assert f["superseded"] is (f["version"] < newest[f["id"]])


def test_a_superseded_version_checked_alone_is_warned_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["forms", "check", str(forms_dir() / "street_order.v2.yaml")]) == 0
    assert "has no legal basis" in capsys.readouterr().out
