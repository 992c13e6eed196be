"""A damaged database: verify names what is hit and what to do; writes are refused."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import forget_damage_checks
from tests.helpers.cli_process import cli

PAGE = 4096


@pytest.fixture(autouse=True)
def _fresh_checks() -> None:
    forget_damage_checks()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path), "--inspections", "300", "--photos", "0"]) == 0
    return path


def _damaged_copy(src: Path, dest: Path, seed: int) -> Path:
    """Three random pages (never the header page) overwritten with garbage."""
    data = bytearray(src.read_bytes())
    rng = random.Random(seed)
    for page in rng.sample(range(2, len(data) // PAGE), 3):
        data[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)
    dest.write_bytes(bytes(data))
    return dest


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_verify_reports_damage_as_findings(demo_db: Path, tmp_path: Path, seed: int,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = _damaged_copy(demo_db, tmp_path / "field.db", seed)
    before = _digest(path)
    capsys.readouterr()
    assert main(["verify", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "已损坏" in out and "damaged" in out and str(path) in out
    assert "表或索引" in out  # which tables or indexes are hit
    assert ".recover" in out and "备份" in out  # what to do
    assert _digest(path) == before


@pytest.mark.parametrize("command", [
    ["demo", "--inspections", "5", "--photos", "0"],
    ["inspection", "new", "--form", "street_order", "--site", "SITE", "--answers", "ANSWERS"],
])
def test_writes_into_a_damaged_file_are_refused(demo_db: Path, tmp_path: Path,
                                                command: list[str]) -> None:
    import sqlite3

    site = sqlite3.connect(demo_db).execute("SELECT id FROM sites LIMIT 1").fetchone()[0]
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    path = _damaged_copy(demo_db, tmp_path / "field.db", 0)
    before = _digest(path)
    args = [{"SITE": site, "ANSWERS": str(answers)}.get(a, a) for a in command]
    run = cli([*args, "--db", str(path)])
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "已损坏" in run.stderr and "拒绝写入" in run.stderr and "verify" in run.stderr
    assert str(path) in run.stderr
    assert _digest(path) == before
