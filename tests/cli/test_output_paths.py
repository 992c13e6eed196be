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


def test_each_refusal_says_what_and_what_to_do(demo: tuple[Path, str], tmp_path: Path) -> None:
    from app.core.text import Text

    db, _inspection = demo
    with pytest.raises(OutputRefused) as wal:
        check_output(Path(f"{db}-wal"), db)
    assert wal.value.text == Text(
        f"输出文件 {db}-wal 是数据库文件 {db}-wal，拒绝写入：那会毁掉数据库；请换一个文件名",
        f"the output {db}-wal is the database file {db}-wal: writing it would destroy the "
        "database; choose another file name")
    inside = media_dir(db) / "x.pdf"
    with pytest.raises(OutputRefused) as photos:
        check_output(inside, db)
    real = media_dir(db).resolve()
    assert photos.value.text == Text(
        f"输出文件 {inside} 在照片库 {real} 中，拒绝写入：照片原件是证据；请换一个位置",
        f"the output {inside} is inside the photo store {real}: the originals are evidence; "
        "choose another place")
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(b"%PDF-1.7 theirs")
    with pytest.raises(OutputRefused) as exists:
        check_output(theirs, db)
    assert exists.value.text == Text(
        f"文件 {theirs} 已存在，且不是本程序生成的文书；如确需覆盖，请加 --force",
        f"{theirs} already exists and was not written by this program; add --force to "
        "replace it")
    assert exists.value.exit_code == 3
    with pytest.raises(OutputRefused) as folder:
        check_output(tmp_path, db)
    assert folder.value.text == Text(f"{tmp_path} 是文件夹，请给出文件名",
                                     f"{tmp_path} is a folder: give a file name")


def test_what_counts_as_our_document(tmp_path: Path) -> None:
    from app.output_guard import DOCUMENT_MARK, is_our_document

    ours = tmp_path / "ours.pdf"
    ours.write_bytes(b"%PDF-1.4\n" + b"x" * 1000 + f"/Keywords ({DOCUMENT_MARK})".encode())
    assert is_our_document(ours)
    not_pdf = tmp_path / "not.pdf"
    not_pdf.write_bytes(b"%PDX-1.4 " + f"/Keywords ({DOCUMENT_MARK})".encode())
    assert not is_our_document(not_pdf)
    # The mark must be in the Info dictionary near the end, not anywhere in a big file.
    early = tmp_path / "early.pdf"
    early.write_bytes(b"%PDF-1.4\n" + f"/Keywords ({DOCUMENT_MARK})".encode()
                      + b"y" * (300 * 1024))
    assert not is_our_document(early)
    assert not is_our_document(tmp_path / "missing.pdf")


def test_the_database_file_of_a_connection(tmp_path: Path) -> None:
    import sqlite3

    from app.output_guard import database_file
    from app.store.db import open_database

    db = open_database(tmp_path / "a.db", create=True)
    try:
        assert database_file(db) == tmp_path / "a.db"
        assert database_file(db.conn) == tmp_path / "a.db"
    finally:
        db.close()
    assert database_file(sqlite3.connect(":memory:")) is None
    assert database_file(object()) is None


def test_only_a_real_street_audit_database_is_never_overwritten(demo: tuple[Path, str],
                                                               tmp_path: Path) -> None:
    from app.core.text import Text

    db, _inspection = demo
    lookalike = tmp_path / "notes.bin"
    lookalike.write_bytes(b"\0" * 68 + b"STAU" + b"\0" * 28)  # our id, but not SQLite
    assert check_output(lookalike, db, force=True) == lookalike
    with pytest.raises(OutputRefused) as ours:
        check_output(_copy_db(db, tmp_path), db, force=True)
    copy = tmp_path / "copy.db"
    assert ours.value.text == Text(
        f"{copy} 是街巷巡查的数据库，拒绝覆盖（--force 也不行）；请换一个文件名",
        f"{copy} is a Street Audit database: it is never overwritten, not even with --force; "
        "choose another file name")


def _copy_db(db: Path, folder: Path) -> Path:
    import sqlite3

    target = folder / "copy.db"
    source = sqlite3.connect(db)
    dest = sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    return target
