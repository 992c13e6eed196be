"""A database another program keeps busy, a full disk: a waiting line, then a clear message."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from app.cli import main; sys.exit(main())"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path), "--inspections", "60", "--photos", "0"]) == 0
    return path


def _count(db: Path, table: str) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _new_inspection(db: Path, tmp_path: Path, wait_s: str) -> subprocess.CompletedProcess[str]:
    with closing(sqlite3.connect(db)) as conn:
        site = conn.execute("SELECT id FROM sites LIMIT 1").fetchone()[0]
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", CLI, "inspection", "new", "--db", str(db), "--form",
         "street_order", "--site", site, "--answers", str(answers)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "STREET_AUDIT_LOCK_WAIT": wait_s})


def _holder(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.db_children", "hold", str(db), str(seconds)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_gives_up_on_a_lock_with_a_clear_message(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    db.write_bytes(demo_db.read_bytes())
    before = _count(db, "inspections")
    holder = _holder(db, 15)
    try:
        run = _new_inspection(db, tmp_path, "6")
    finally:
        holder.kill()
        holder.communicate()
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "database is locked" not in run.stderr
    assert "等待其他程序释放数据库" in run.stderr  # the progress line while waiting
    assert "其他程序" in run.stderr and "another program" in run.stderr and str(db) in run.stderr
    assert _count(db, "inspections") == before


def test_waits_for_a_lock_longer_than_five_seconds(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    db.write_bytes(demo_db.read_bytes())
    before = _count(db, "inspections")
    holder = _holder(db, 7)
    run = _new_inspection(db, tmp_path, "60")
    holder.communicate(timeout=30)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "等待其他程序释放数据库" in run.stderr and "已保存检查" in run.stdout
    assert _count(db, "inspections") == before + 1


def _demo_into(db: Path, **popen: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "demo", "--db", str(db), "--inspections", "3000",
         "--photos", "0", "--seed", "9"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, **popen)  # type: ignore[call-overload]


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 3 MB tmpfs: a real full disk (ENOSPC). Needs root and mount; skipped otherwise.

    Mounted outside pytest's temporary folders: another pytest session on this machine may
    prune those while the test runs, and a mount inside one would then be left behind.
    """
    mount = Path(tempfile.mkdtemp(prefix="street-audit-full-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)  # busy: detach lazily
        mount.rmdir()


def test_full_disk_is_said_and_nothing_half_written(demo_db: Path, small_disk: Path) -> None:
    db = small_disk / "field.db"
    db.write_bytes(demo_db.read_bytes())
    before = _count(db, "inspections")
    run = _demo_into(db)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "磁盘已满" in run.stderr and "disk is full" in run.stderr and str(db) in run.stderr
    assert _count(db, "inspections") == before
    assert main(["verify", "--db", str(db)]) == 0


def test_file_size_limit_is_said_and_nothing_half_written(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    db.write_bytes(demo_db.read_bytes())
    before = _count(db, "inspections")
    limit = db.stat().st_size + 256 * 1024
    # RLIMIT_FSIZE: the WAL cannot grow (EFBIG, which SQLite reports as a disk I/O error).
    run = _demo_into(db, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                                                (limit, limit)))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "disk I/O error\n" not in run.stderr
    assert "未保存" in run.stderr and "was not saved" in run.stderr and str(db) in run.stderr
    assert _count(db, "inspections") == before
    assert main(["verify", "--db", str(db)]) == 0
