"""Read-only places, missing tables, impossible paths, two inits at once: clear messages."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app.cli import main
from tests.helpers.cli_process import can_drop_privileges, cli

INIT = ["init", "--role", "field", "--inspector", "张三"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path), "--inspections", "60", "--photos", "0"]) == 0
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _new_args(db: Path, answers: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        site = conn.execute("SELECT id FROM sites LIMIT 1").fetchone()[0]
    return ["inspection", "new", "--form", "street_order", "--site", site, "--answers",
            str(answers), "--db", str(db)]


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "place"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)  # so pytest can clean up


needs_unprivileged = pytest.mark.skipif(
    not can_drop_privileges(), reason="root without setpriv: permissions do not apply")


@needs_unprivileged
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_place_reads_and_says_read_only(demo_db: Path, place: Path, what: str) -> None:
    db = place / "field.db"
    shutil.copy(demo_db, db)
    answers = place / "a.json"
    answers.write_text("{}", encoding="utf-8")
    new = _new_args(db, answers)  # before the chmod: root's own read would leave -wal/-shm
    if what == "file":
        db.chmod(0o444)  # the folder may be written, the file may not
    else:
        place.chmod(0o555)  # the file may be written, the folder may not (no -wal/-shm)
    before = _digest(db)
    read = cli(["verify", "--db", str(db)], unprivileged=True)
    assert read.returncode == 0, read.stdout + read.stderr
    assert "完好" in read.stdout
    write = cli(new, unprivileged=True)
    assert write.returncode == 1, write.stdout + write.stderr
    assert "Traceback" not in write.stderr
    assert "只读" in write.stderr and "read-only" in write.stderr
    assert "已损坏" not in write.stderr and "不要用备份覆盖" in write.stderr
    named = str(db) if what == "file" else str(place)
    assert named in write.stderr
    assert _digest(db) == before


def test_missing_tables_are_named_by_every_command(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    shutil.copy(demo_db, db)
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    args = _new_args(db, answers)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE photo_checks")
    conn.commit()
    conn.close()
    for command in (["verify", "--db", str(db)], args,
                    ["demo", "--db", str(db), "--inspections", "3", "--photos", "0"],
                    ["report", "summary", "--db", str(db), "--out", str(tmp_path / "s.pdf")]):
        run = cli(command)
        # report (another module) refuses any unusable database as input: exit 3.
        assert run.returncode in ((1, 3) if command[0] == "report" else (1,)), (
            command, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr, command
        assert "photo_checks" in run.stdout + run.stderr, command
        assert "缺少数据表" in run.stdout + run.stderr, command


def test_init_under_a_regular_file_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "somefile.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    run = cli([*INIT, "--db", str(blocker / "sub" / "x.db")])
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "不是文件夹" in run.stderr and "not a folder" in run.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_inits_racing_make_one_device(tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    code = "import sys; from app.cli import main; sys.exit(main())"
    procs = [subprocess.Popen([sys.executable, "-c", code, *INIT, "--db", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert sorted(rc for rc, _o, _e in results) == [0, 1, 1, 1], results
    for _rc, _out, err in results:
        assert "Traceback" not in err
    assert all("已经初始化" in e or "已初始化" in e for rc, _o, e in results if rc == 1)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM devices WHERE is_local = 1").fetchone()[0] == 1
