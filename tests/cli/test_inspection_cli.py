"""`street-audit inspection new`: saved when valid; every bad input exits 3 with nothing written."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core.checklist import evaluate, sample_answers
from app.core.clock import beijing_date
from app.store.checklists import get_checklist
from app.store.db import open_database
from app.store.inspection_records import get_findings, get_inspection
from app.store.sites import SiteDraft, create_site

FORM = "storefront_opening"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "db.db"
    assert main(["init", "--db", str(path), "--role", "field", "--inspector", "王建国"]) == 0
    db = open_database(path)
    site = create_site(
        db,
        SiteDraft(district_code="110101", name="鑫源便民超市", address="东城区东四北大街123号"),
        "王建国",
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, site.id


def _snapshot(path: Path) -> str:
    """The database's content (WAL included) as a digest: unchanged means nothing written."""
    db = open_database(path)
    try:
        dump = "\n".join(db.conn.iterdump())
    finally:
        db.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def _complete_answers(path: Path, findings: bool) -> dict[str, object]:
    db = open_database(path)
    checklist = get_checklist(db, FORM)
    db.close()
    rng = random.Random(11)
    for _ in range(200):
        answers = sample_answers(checklist, rng, complete=True, clean=not findings)
        ev = evaluate(checklist, answers)
        if ev.can_complete and bool(ev.findings) == findings:
            return answers
    raise AssertionError("no suitable sample answers")


def _run(path: Path, site: str, answers: object, tmp_path: Path, *extra: str) -> int:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return main(["inspection", "new", "--db", str(path), "--form", FORM, "--site", site,
                 "--answers", str(file), *extra])  # fmt: skip


def test_complete_inspection_is_saved(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, site = setup
    answers = _complete_answers(path, findings=True)
    # No photo attached: completing needs the reason, which the record prints (issue 12.1).
    assert _run(path, site, answers, tmp_path, "--complete", "--json") == 3
    assert "照片不足" in capsys.readouterr().err
    assert _run(path, site, answers, tmp_path, "--complete", "--json",
                "--photo-reason", "当事人不在场，门店已关闭") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "completed" and out["findings"]
    db = open_database(path)
    stored = get_inspection(db, out["id"])
    assert stored.answers == answers and stored.is_completed
    assert len(get_findings(db, out["id"])) == len(out["findings"])
    db.close()


def test_draft_with_partial_answers(setup: tuple[Path, str], tmp_path: Path) -> None:
    path, site = setup
    assert _run(path, site, {}, tmp_path) == 0
    db = open_database(path)
    assert db.execute("SELECT status FROM inspections").fetchall() == [("draft",)]
    db.close()


def _rejected(setup: tuple[Path, str], capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    path, _site = setup
    before = _snapshot(path)
    assert main(argv) == 3
    assert _snapshot(path) == before
    return capsys.readouterr().err


def test_unknown_form_names_the_known_ones(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, site = setup
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    argv = ["inspection", "new", "--db", str(path), "--form", "nope", "--site", site,
            "--answers", str(tmp_path / "a.json")]  # fmt: skip
    err = _rejected(setup, capsys, argv)
    assert "nope" in err and FORM in err and "street_order" in err


def test_unknown_site(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _site = setup
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    argv = ["inspection", "new", "--db", str(path), "--form", FORM, "--site", "no-such-site",
            "--answers", str(tmp_path / "a.json")]  # fmt: skip
    err = _rejected(setup, capsys, argv)
    assert "no-such-site" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "找不到答案文件"),
        ("{not json", "不是有效的 JSON"),
        ("[1, 2]", "JSON 对象"),
        (b"\xff\xfe\x00bad", "UTF-8"),
    ],
)
def test_bad_answers_file(
    setup: tuple[Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | bytes | None,
    expected: str,
) -> None:
    path, site = setup
    file = tmp_path / "bad.json"
    if isinstance(content, bytes):
        file.write_bytes(content)
    elif content is not None:
        file.write_text(content, encoding="utf-8")
    err = _rejected(setup, capsys, ["inspection", "new", "--db", str(path), "--form", FORM,
                                    "--site", site, "--answers", str(file)])  # fmt: skip
    assert expected in err and str(file) in err


def test_answers_breaking_constraints_list_item_and_problem(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, site = setup
    answers = _complete_answers(path, findings=False)
    db = open_database(path)
    checklist = get_checklist(db, FORM)
    db.close()
    # A number far outside its item's range and an option that does not exist.
    numeric = next(i for i in checklist.items() if i.type == "integer" and i.max is not None)
    choice = next(i for i in checklist.items() if i.type == "choice")
    answers[numeric.id] = int(numeric.max) + 1000
    answers[choice.id] = "no_such_option"
    answers["no_such_item"] = "yes"
    before = _snapshot(path)
    assert _run(path, site, answers, tmp_path, "--complete") == 3
    err = capsys.readouterr().err
    assert "no_such_item" in err and "未保存" in err
    assert _snapshot(path) == before
    del answers["no_such_item"]
    assert _run(path, site, answers, tmp_path, "--complete") == 3
    err = capsys.readouterr().err
    assert f"{choice.id}:" in err
    assert _snapshot(path) == before


def test_complete_with_missing_required_is_rejected(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, site = setup
    before = _snapshot(path)
    assert _run(path, site, {}, tmp_path, "--complete") == 3
    assert "必填" in capsys.readouterr().err
    assert _snapshot(path) == before


def test_corrupt_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "x.db"
    db_file.write_bytes(b"\x89PNG\r\n" + b"\x00" * 200)
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    assert main(["inspection", "new", "--db", str(db_file), "--form", FORM, "--site", "s",
                 "--answers", str(tmp_path / "a.json")]) == 3  # fmt: skip
    assert db_file.read_bytes() == b"\x89PNG\r\n" + b"\x00" * 200


# ---- the checklist's date defaults (检查日期 = the Beijing day the inspection is started) -----


def _saved(path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    out = json.loads(capsys.readouterr().out)
    db = open_database(path)
    try:
        return get_inspection(db, out["id"])
    finally:
        db.close()


def test_new_fills_in_the_inspection_date(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, site = setup
    answers = {"has_opening": "yes", "action": "notice"}
    assert _run(path, site, answers, tmp_path, "--json") == 0
    stored = _saved(path, capsys)
    day = beijing_date(stored.started_at)
    assert stored.form_version == 3  # the newest shipped version
    # 检查日期 is the start's Beijing day; 整改期限 that day plus the checklist's 15 days.
    assert stored.answers == {
        **answers,
        "inspected_on": day.isoformat(),
        "deadline": (day + timedelta(days=15)).isoformat(),
    }


def test_new_keeps_the_inspection_date_given(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, site = setup
    answers = {"inspected_on": "2026-11-02", "action": "notice", "deadline": "2026-11-09"}
    assert _run(path, site, answers, tmp_path, "--json") == 0
    assert _saved(path, capsys).answers == answers


def test_complete_without_the_dates_the_checklist_fills_in(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--complete` is not refused for 检查日期/整改期限: the start fills them in."""
    path, site = setup
    answers = _complete_answers(path, findings=True)
    left_out = {k: v for k, v in answers.items() if k not in ("inspected_on", "deadline")}
    assert _run(path, site, left_out, tmp_path, "--complete", "--json",
                "--photo-reason", "夜间无法拍照") == 0
    stored = _saved(path, capsys)
    assert stored.is_completed
    assert stored.answers["inspected_on"] == beijing_date(stored.started_at).isoformat()


def test_the_second_officer_is_given_or_taken_from_the_last_one(
    setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, site = setup
    answers = _complete_answers(path, findings=False)
    assert _run(path, site, answers, tmp_path, "--json", "--second-inspector", "李卫东",
                "--second-badge", "京东城0416") == 0
    first = json.loads(capsys.readouterr().out)["id"]
    assert _run(path, site, answers, tmp_path, "--json") == 0  # not given: the last one
    second = json.loads(capsys.readouterr().out)["id"]
    db = open_database(path)
    try:
        for rid in (first, second):
            stored = get_inspection(db, rid)
            assert (stored.second_inspector_name, stored.second_badge_no) == ("李卫东",
                                                                              "京东城0416")
    finally:
        db.close()
