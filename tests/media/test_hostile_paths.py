"""Paths that are not photos: pipes, devices, folders, symlink loops. Refused at once, by name.

A named pipe used to block `open` for good (Ctrl-C could not end the stuck decoder thread), and
/dev/zero would be read until memory ran out; the commands run in a child process here so that
the old behaviour fails the test by its timeout instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.media.errors import PhotoRejected
from app.media.reading import load_bytes, read_photo_file
from tests.helpers.photos import write_jpeg
from tests.helpers.unchanged import db_fingerprint, store_files
from tests.helpers.world import add_inspection, add_site, open_world

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, check=False)


@needs_fifo
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)
    with pytest.raises(PhotoRejected) as info:
        load_bytes(pipe)
    assert info.value.code == "not_file" and str(pipe) in info.value.text.zh


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/stdin"])
def test_a_device_is_refused_not_read(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    report = read_photo_file(Path(device))
    assert report.error is not None and report.error.code == "not_file"
    assert device in report.error.text.en


def test_a_folder_and_a_symlink_loop_are_refused_by_name(tmp_path: Path) -> None:
    loop = tmp_path / "loop.jpg"
    loop.symlink_to(loop)
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    for path, words in ((loop, "loops back"), (folder, "folder")):
        report = read_photo_file(path)
        assert report.error is not None
        assert words in report.error.text.en and str(path) in report.error.text.en


@needs_fifo
def test_photos_info_on_a_pipe_exits_3_and_goes_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)
    good = write_jpeg(tmp_path / "good.jpg")
    done = _cli("photos", "info", str(pipe), str(good))
    assert done.returncode == 3
    assert "pipe.jpg" in done.stdout and "not a regular file" in done.stdout
    assert "good.jpg" in done.stdout and "sha256" in done.stdout


@needs_fifo
def test_photos_import_of_a_pipe_and_a_device_commits_the_good_file_only(tmp_path: Path) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    now = datetime.now(UTC)
    insp = add_inspection(world, add_site(world, "管道", 39.93, 116.41),
                          now - timedelta(minutes=10))
    world.db.conn.close()
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)
    good = write_jpeg(tmp_path / "good.jpg", lat=39.93, lon=116.41,
                      taken=(now + timedelta(hours=8)).replace(tzinfo=None))
    done = _cli("photos", "import", "--db", str(db_path), "--inspection", insp,
                str(pipe), "/dev/zero", str(good))
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 3, done.stderr
    assert lines[0].startswith("pipe.jpg: 拒绝 (rejected)")
    assert lines[1].startswith("zero: 拒绝 (rejected)")
    assert lines[2].startswith("good.jpg: 已添加 (attached)")
    assert len(store_files(db_path)) >= 1  # the good one's original (and its cache copies)


@needs_fifo
def test_photos_import_of_only_a_pipe_writes_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "street-audit.db"
    world = open_world(db_path)
    insp = add_inspection(world, add_site(world, "管道", 39.93, 116.41), datetime.now(UTC))
    world.db.conn.close()
    before = db_fingerprint(db_path)
    pipe = tmp_path / "only.jpg"
    os.mkfifo(pipe)
    done = _cli("photos", "import", "--db", str(db_path), "--inspection", insp, str(pipe))
    assert done.returncode == 3 and "only.jpg" in done.stdout
    assert db_fingerprint(db_path) == before and store_files(db_path) == []
