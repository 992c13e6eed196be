"""The command line: help lists every command; running one loads only that command's module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import COMMAND_MODULES, command_name, main

COMMANDS = [command_name(m) for m in COMMAND_MODULES]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert COMMANDS == ["gui", "init", "demo", "forms", "sites", "inspection", "photos", "report",
                        "verify", "backup", "devices", "export", "merge",
                        "conflicts", "sync", "assign", "tasks", "cases", "ledger"]
    for command in COMMANDS:
        assert f"\n    {command} " in out, (command, out)


def test_street_audit_help_lists_every_command() -> None:
    out = subprocess.run([sys.executable, "-m", "app", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert all(f"\n    {command} " in out for command in COMMANDS), out


def test_running_a_command_imports_only_its_module() -> None:
    code = (
        "import sys\n"
        "from app.cli import main\n"
        "try:\n"
        "    main(['report', '--help'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('app.cli.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[-1] == "app.cli.common,app.cli.report"


def test_usage_error_in_a_command_still_lists_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["verify", "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: --bogus" in err
    assert "{" + ",".join(COMMANDS) + "}" in err, err


def test_unknown_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["verfy"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'verfy'" in err and all(f"'{c}'" in err for c in COMMANDS)


def test_command_help_and_option_errors_are_the_commands_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["gui", "--lang", "xx"])
    assert exited.value.code == 2
    assert "street-audit gui: 用法错误 (usage error)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["gui", "--help"])
    assert "--demo-inspections" in capsys.readouterr().out


def test_shared_options_may_stand_before_the_command(tmp_path: Path) -> None:
    """`street-audit --db X init ...` works like `street-audit init --db X ...`."""
    db = tmp_path / "lead.db"
    assert main(["--db", str(db), "init", "--role", "lead", "--inspector", "李组长"]) == 0
    assert db.exists()
    assert main(["--db", str(db), "verify"]) == 0
