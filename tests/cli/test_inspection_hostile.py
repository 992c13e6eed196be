"""Hostile answers files for `inspection new`: exit 3 naming the file, the database unchanged.

Before: deep JSON crashed with RecursionError, a 5,000-digit number with ValueError, a lone
surrogate with UnicodeEncodeError at the write, NaN on a hidden item reached SQLite's
json_valid check (exit 1, "internal error"), a list of lists on a hidden item was saved, and a
named pipe or /dev/zero was read for ever.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.cli.answers_file import MAX_ANSWERS_BYTES
from app.store.db import open_database
from app.store.sites import SiteDraft, create_site
from tests.helpers.child_cli import run_cli
from tests.helpers.unchanged import db_fingerprint

FORM = "street_order"
HIDDEN_DECIMAL = "beyond_distance_m"  # shown only when beyond_line is "yes"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("hostile") / "db.db"
    assert main(["init", "--db", str(path), "--role", "field", "--inspector", "王建国"]) == 0
    db = open_database(path)
    site = create_site(db, SiteDraft(district_code="110101", name="便民超市",
                                     address="东城区东四北大街1号"), "王建国")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, site.id


def _new(world: tuple[Path, str], answers: Path) -> int:
    path, site = world
    return main(["inspection", "new", "--db", str(path), "--form", FORM, "--site", site,
                 "--answers", str(answers)])


CASES: dict[str, bytes] = {
    "deep": b'{"remarks": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "digits": b'{"mobile_vendors": ' + b"9" * 5000 + b"}",
    "exponent": b'{"mobile_vendors": 1e999}',
    "nan_hidden": b'{"' + HIDDEN_DECIMAL.encode() + b'": NaN}',
    "infinity": b'{"mobile_vendors": -Infinity}',
    "surrogate": b'{"remarks": "\\ud800"}',
    "surrogate_key": b'{"\\udfff": 1}',
    "nested_hidden": json.dumps({HIDDEN_DECIMAL: [["x"] * 3]}).encode(),
    "object_hidden": json.dumps({HIDDEN_DECIMAL: {"a": 1}}).encode(),
    "wrong_type_hidden": json.dumps({HIDDEN_DECIMAL: "ten metres"}).encode(),
    "huge_text": json.dumps({"remarks": "字" * 200_000}).encode(),
    "huge_file": b'{"remarks": "' + b"x" * MAX_ANSWERS_BYTES + b'"}',
    "gbk": '{"remarks": "门前三包"}'.encode("gbk"),
    "utf16": '{"remarks": "x"}'.encode("utf-16"),
    "array": b"[1, 2]",
    "empty": b"",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_answers_file_exits_3_and_writes_nothing(
        world: tuple[Path, str], tmp_path: Path, case: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / f"{case}.json"
    answers.write_bytes(CASES[case])
    before = db_fingerprint(world[0])
    assert _new(world, answers) == 3
    err = capsys.readouterr().err
    # Names the file, or for a value of the wrong kind the item; Chinese first, then English.
    assert str(answers) in err or HIDDEN_DECIMAL in err, err
    assert err.startswith("错误 (error): ") and "Traceback" not in err
    assert db_fingerprint(world[0]) == before


def test_a_wrong_kind_on_a_hidden_item_names_the_item(
        world: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({HIDDEN_DECIMAL: "ten metres"}), encoding="utf-8")
    assert _new(world, answers) == 3
    assert f"{HIDDEN_DECIMAL}:" in capsys.readouterr().err


def test_a_bom_is_accepted(world: tuple[Path, str], tmp_path: Path) -> None:
    answers = tmp_path / "bom.json"
    answers.write_bytes(b"\xef\xbb\xbf" + json.dumps({"remarks": "ok"}).encode())
    assert _new(world, answers) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_as_answers_file_does_not_wait(world: tuple[Path, str],
                                                          tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    path, site = world
    before = db_fingerprint(path)
    for source in (str(pipe), "/dev/zero"):
        done = run_cli("inspection", "new", "--db", str(path), "--form", FORM, "--site", site,
                       "--answers", source, timeout=60, memory=1024**3)
        assert done.returncode == 3 and source in done.stderr
    assert db_fingerprint(path) == before


ITEMS = ["business_kind", "goods_sold", "mobile_vendors", HIDDEN_DECIMAL, "inspected_on",
         "scene_photos", "remarks", "credit_code", "no_such_item"]
json_scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40)
                | st.sampled_from(["yes", "na", "2026-02-30", "9999-12-31", "0001-01-01",
                                   "a" * 64, "x" * 5000]))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=8)


@settings(max_examples=40, deadline=3000, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(ITEMS), json_values, max_size=4))
def test_any_answers_file_is_saved_or_refused_whole(
        world: tuple[Path, str], tmp_path: Path, answers: dict[str, Any]) -> None:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    before = db_fingerprint(world[0])
    code = _new(world, file)
    assert code in (0, 3)
    if code == 3:
        assert db_fingerprint(world[0]) == before
