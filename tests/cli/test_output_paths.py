"""Issue 7.1: an output path can never be the database, its journal files, the photo store or
a file the program did not write (unless asked with --force)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.cli import main
from app.output_guard import OutputRefused, check_output
from app.paths import media_dir


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("out")
    db = folder / "field.db"
    assert main(["demo", "--db", str(db), "--inspections", "6", "--seed", "3",
                 "--photos", "1"]) == 0
    from app.store.db import open_database

    conn = open_database(db)
    try:
        inspection = conn.execute("SELECT id FROM inspections LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    return db, inspection


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _report(db: Path, inspection: str, out: Path, *extra: str) -> int:
    return main(["report", "inspection", inspection, "--db", str(db), "--out", str(out), *extra])


def test_the_database_and_its_journal_files_are_refused(
        demo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, inspection = demo
    before = _digest(db)
    for target in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
        for extra in ((), ("--force",)):
            assert _report(db, inspection, target, *extra) == 3
            err = capsys.readouterr().err
            assert "是数据库文件" in err and "is the database file" in err
    assert _digest(db) == before


def test_a_link_to_the_database_is_the_database(demo: tuple[Path, str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db, inspection = demo
    before = _digest(db)
    soft = tmp_path / "report.pdf"
    soft.symlink_to(db)
    hard = db.parent / "hard.pdf"
    if not hard.exists():
        os.link(db, hard)
    for target in (soft, hard):
        assert _report(db, inspection, target, "--force") == 3
        assert "is the database file" in capsys.readouterr().err
    assert _digest(db) == before


def test_the_photo_store_is_refused(demo: tuple[Path, str],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    db, inspection = demo
    original = next(p for p in (media_dir(db) / "originals").rglob("*") if p.is_file())
    before = _digest(original)
    for target in (original, media_dir(db) / "new.pdf", media_dir(db) / "cache" / "x.pdf"):
        assert _report(db, inspection, target, "--force") == 3
        assert "photo store" in capsys.readouterr().err
    assert _digest(original) == before


def test_another_street_audit_database_is_never_overwritten(
        demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, inspection = demo
    other = tmp_path / "office.db"
    assert main(["init", "--db", str(other), "--role", "office", "--inspector", "张"]) == 0
    capsys.readouterr()
    before = _digest(other)
    assert _report(db, inspection, other, "--force") == 3
    assert "Street Audit database" in capsys.readouterr().err
    assert _digest(other) == before


def test_someone_elses_file_needs_force_our_own_report_does_not(
        demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, inspection = demo
    theirs = tmp_path / "合同.pdf"
    theirs.write_bytes(b"%PDF-1.4 somebody's contract")
    assert _report(db, inspection, theirs) == 3
    assert "--force" in capsys.readouterr().err
    assert theirs.read_bytes() == b"%PDF-1.4 somebody's contract"
    assert _report(db, inspection, theirs, "--force") == 0
    capsys.readouterr()
    # Now it is ours: writing it again needs no --force.
    assert _report(db, inspection, theirs) == 0
    mode = theirs.stat().st_mode & 0o777
    assert mode & 0o044, "a document is readable by others, not private like a temp file"


def test_new_file_and_folder(demo: tuple[Path, str], tmp_path: Path) -> None:
    db, _inspection = demo
    assert check_output(tmp_path / "new.pdf", db) == tmp_path / "new.pdf"
    with pytest.raises(OutputRefused) as info:
        check_output(tmp_path, db, force=True)
    assert "folder" in info.value.text.en
