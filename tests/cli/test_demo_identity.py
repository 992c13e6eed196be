"""The demo's made-up inspector is marked until the user sets their own (issue 8.9), and
`init` on a database that holds only demo data says how to start clean."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.cli import main
from app.demo.identity import holds_only_demo_data
from app.paths import media_dir
from app.store.db import open_database
from app.store.profile import get_profile, is_demo_identity, save_profile
from app.store.sites import SiteDraft, create_site


def _demo(path: Path) -> None:
    assert main(["demo", "--db", str(path), "--inspections", "40", "--photos", "0",
                 "--as-of", "2026-03-31"]) == 0  # fmt: skip


def _init(path: Path) -> int:
    return main(["init", "--db", str(path), "--role", "field", "--inspector", "陈静"])


def test_init_on_a_demo_database_says_how_to_start_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    _demo(path)
    capsys.readouterr()
    assert _init(path) == 1
    err = capsys.readouterr().err
    assert "只有演示数据" in err and "holds only demo data" in err
    # Both ways out, named so they can be typed: another file, or this one and its photos gone.
    assert "--db" in err and str(path) in err and str(media_dir(path)) in err
    db = open_database(path)
    assert get_profile(db).inspector_name == "王建国"  # type: ignore[union-attr]  # untouched
    db.close()
    # The way out works: a new file is a clean start.
    assert _init(tmp_path / "mine.db") == 0


def test_the_mark_stays_until_the_user_saves_an_identity_of_their_own(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    _demo(path)
    db = open_database(path)
    demo = get_profile(db)
    assert demo is not None and is_demo_identity(db)
    save_profile(db, demo)  # Settings closed with OK, nothing changed: still the demo's
    assert is_demo_identity(db)
    save_profile(db, replace(demo, inspector_name="陈静", badge_no="BJ-0108-0007"))
    assert not is_demo_identity(db) and not holds_only_demo_data(db)
    db.close()


def test_init_keeps_its_usual_answer_once_real_work_is_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    _demo(path)
    db = open_database(path)
    assert holds_only_demo_data(db)
    create_site(db, SiteDraft("110105", "团结湖路5号", "好邻居便利店"), "王建国")
    assert not holds_only_demo_data(db)  # a site someone entered is not demo data
    db.close()
    capsys.readouterr()
    assert _init(path) == 1
    err = capsys.readouterr().err
    assert "already initialised" in err and "demo data" not in err


def test_demo_on_an_initialised_database_marks_nobody(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    assert _init(path) == 0
    _demo(path)
    db = open_database(path)
    assert get_profile(db).inspector_name == "陈静"  # type: ignore[union-attr]
    assert not is_demo_identity(db) and not holds_only_demo_data(db)
    db.close()
