"""Command-line dates and numbers at their extremes: a usage error (2) or a refusal (3) that says
what is allowed, nothing written. Before: `demo --as-of 0001-01-01` / `9999-12-31` and
`report summary --from 0001-01-01` / `--to 9999-12-31` ended in OverflowError tracebacks, and
`demo --inspections 10**12` would have run for days."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from tests.helpers.unchanged import db_fingerprint


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1969-12-31", "2100-01-01"])
def test_demo_as_of_out_of_range_is_a_usage_error(tmp_path: Path, as_of: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    with pytest.raises(SystemExit) as stop:
        main(["demo", "--db", str(db), "--inspections", "3", "--photos", "0", "--as-of", as_of])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert as_of in err and "2018-01-01" in err and "Traceback" not in err
    assert not db.exists()


@pytest.mark.parametrize("option, value", [("--inspections", str(10**12)),
                                           ("--photos", str(10**9)),
                                           ("--inspections", "-1")])
def test_demo_absurd_counts_are_refused_before_the_database_is_made(
        tmp_path: Path, option: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), option, value]) == 3
    assert option in capsys.readouterr().err
    assert not db.exists()


@pytest.mark.parametrize("seed", ["-1", str(2**100)])
def test_demo_any_integer_seed_works(tmp_path: Path, seed: str) -> None:
    assert main(["demo", "--db", str(tmp_path / "d.db"), "--inspections", "2", "--photos", "0",
                 "--seed", seed, "--as-of", "2026-03-31"]) == 0


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("report-args") / "d.db"
    assert main(["demo", "--db", str(db), "--inspections", "5", "--photos", "0",
                 "--as-of", "2026-03-31"]) == 0
    return db


@pytest.mark.parametrize("args", [["--from", "0001-01-01"], ["--to", "9999-12-31"],
                                  ["--as-of", "9999-12-31"], ["--from", "2026-02-30"]])
def test_report_summary_dates_out_of_range_are_usage_errors(
        demo_db: Path, tmp_path: Path, args: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.pdf"
    before = db_fingerprint(demo_db)
    with pytest.raises(SystemExit) as stop:
        main(["report", "summary", "--db", str(demo_db), "--out", str(out), *args])
    assert stop.value.code == 2
    assert args[1] in capsys.readouterr().err
    assert not out.exists() and db_fingerprint(demo_db) == before


day_texts = st.dates().map(str) | st.text(max_size=12) | st.sampled_from(
    ["2026-02-29", "2024-02-29", "20260101", "2026-W01-1", "+2026-01-01", " 2026-01-01"])


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(day_texts)
def test_any_as_of_text_is_a_date_or_a_usage_error(text: str) -> None:
    import argparse

    from app.cli.demo import _as_of_date
    from app.cli.report import _day

    for parse in (_as_of_date, _day):
        try:
            parse(text)
        except argparse.ArgumentTypeError as exc:
            assert "YYYY-MM-DD" in str(exc) or "1900-01-01" in str(exc) or "2018" in str(exc)
