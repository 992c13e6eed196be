"""The README's command line: shared options before any command (two-word ones too), the
lists that give ids, exit codes of unknown ids, and option errors that name the valid values."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("contract") / "demo.db"
    assert main(["--db", str(path), "demo", "--inspections", "12", "--photos", "0"]) == 0
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_db_and_json_stand_before_a_two_word_command(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _json(capsys, ["--db", str(demo_db), "--json", "inspection", "list", "--limit", "1"])
    assert isinstance(rows, list) and len(rows) == 1
    out = tmp_path / "r.pdf"
    written = _json(capsys, ["--json", f"--db={demo_db}", "report", "inspection", rows[0]["id"],
                             "--out", str(out)])
    assert isinstance(written, dict) and written["pages"] >= 1 and out.is_file()
    # A command that uses no database ignores a leading --db rather than failing.
    assert main(["--db", str(demo_db), "forms", "check"]) == 0


def test_unknown_command_after_leading_options_is_named(
    demo_db: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(demo_db), "verfy"])
    assert exited.value.code == 2
    assert "invalid choice: 'verfy'" in capsys.readouterr().err


def test_sites_list_gives_ids_and_searches(
    demo_db: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    sites = _json(capsys, ["sites", "list", "--db", str(demo_db), "--json", "--limit", "1000"])
    assert isinstance(sites, list) and sites
    name = next(s["name"] for s in sites if len(s["name"]) >= 4)
    found = _json(capsys, ["--db", str(demo_db), "--json", "sites", "list", "--search", name])
    assert isinstance(found, list) and found and all(name in s["name"] for s in found)
    assert main(["--db", str(demo_db), "sites", "list", "--search", name]) == 0
    human = capsys.readouterr().out
    assert found[0]["id"] in human and "个场所" in human


def test_inspection_list_filters_by_status_and_site(
    demo_db: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    done = _json(capsys, ["--db", str(demo_db), "--json", "inspection", "list",
                          "--status", "completed"])
    assert isinstance(done, list) and done
    assert {r["status"] for r in done} == {"completed"}
    site = done[0]["site_id"]
    at_site = _json(capsys, ["--db", str(demo_db), "--json", "inspection", "list",
                             "--site", site, "--status", "completed"])
    assert isinstance(at_site, list)
    assert done[0]["id"] in {r["id"] for r in at_site}
    assert {r["site_id"] for r in at_site} == {site}


@pytest.mark.parametrize("argv", [
    ["report", "inspection", "01999999-0000-7000-8000-000000000000", "--out", "{tmp}/a.pdf"],
    ["report", "notice", "01999999-0000-7000-8000-000000000000", "--out", "{tmp}/b.pdf"],
    ["photos", "remove", "--inspection", "01999999-0000-7000-8000-000000000000", "ab" * 32],
    ["photos", "import", "--inspection", "01999999-0000-7000-8000-000000000000", "{answers}"],
    ["inspection", "list", "--site", "01999999-0000-7000-8000-000000000000"],
    ["inspection", "new", "--form", "street_order", "--site", "nope", "--answers", "{answers}"],
], ids=lambda a: " ".join(a[:2]))
def test_an_unknown_id_is_input_rejected(
    argv: list[str], demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    filled = [a.format(tmp=tmp_path, answers=answers) for a in argv]
    assert main(["--db", str(demo_db), *filled]) == 3
    assert "错误 (error)" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "named"), [
    (["inspection", "list", "--status", "done"], ["'done'", "'draft'", "'completed'"]),
    (["sites", "list", "--district", "110100"], ["'110100'", "110105 朝阳区", "110119 延庆区"]),
    (["report", "summary", "--district", "12", "--out", "x.pdf"], ["'12'", "110101 东城区"]),
    (["init", "--role", "boss", "--inspector", "王"], ["'boss'", "'field'", "'office'"]),
    (["sites", "list", "--limit", "0"], ["'0'", "1 到"]),
])
def test_a_wrong_option_value_names_it_and_the_valid_ones(
    argv: list[str], named: list[str], demo_db: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(demo_db), *argv])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert all(n in err for n in named), err


def test_init_district_refusal_lists_the_districts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["init", "--db", str(tmp_path / "x.db"), "--role", "field", "--inspector", "王",
                 "--district", "999"]) == 3
    err = capsys.readouterr().err
    assert "'999'" in err and "110101 东城区" in err and "110119 延庆区" in err


def test_lists_on_a_missing_database_fail_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert main(["--db", str(missing), "sites", "list"]) == 1
    assert main(["--db", str(missing), "inspection", "list"]) == 1
    assert not missing.exists()


def test_readme_answers_example_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """The README's answers.json is what `inspection new` takes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"`answers\.json` is.*?```json\n(.*?)```", readme, re.S)
    assert block, "README shows an answers.json"
    answers = tmp_path / "answers.json"
    answers.write_text(block.group(1), encoding="utf-8")
    db = tmp_path / "f.db"
    assert main(["init", "--db", str(db), "--role", "field", "--inspector", "王建国"]) == 0
    from app.store.db import open_database
    from app.store.sites import SiteDraft, create_site

    conn = open_database(db)
    site = create_site(conn, SiteDraft(district_code="110101", name="兴隆副食店",
                                       address="东城区东四北大街1号"), "王建国")
    conn.close()
    saved = _json(capsys, ["--db", str(db), "--json", "inspection", "new", "--form",
                           "street_order", "--site", site.id, "--answers", str(answers)])
    assert isinstance(saved, dict) and saved["status"] == "draft"
    listed = _json(capsys, ["--db", str(db), "--json", "inspection", "list"])
    assert isinstance(listed, list) and [r["id"] for r in listed] == [saved["id"]]
