"""sqlite-utils' own regular expressions are compiled on first use, and still work the same."""

from __future__ import annotations

import re
import subprocess
import sys


def test_patterns_are_not_compiled_at_import_and_re_compile_is_restored() -> None:
    code = (
        "import re\n"
        "compile_before = re.compile\n"
        "import app.store\n"
        "import sqlite_utils.db, sqlite_utils.create_table_parser as parser\n"
        "assert re.compile is compile_before\n"
        "lazy = [sqlite_utils.db._virtual_table_using_re, sqlite_utils.db._quote_fts_re,\n"
        "        parser._INTEGER_RE, parser._FLOAT_RE]\n"
        "print(' '.join(type(p).__name__ for p in lazy))\n"
        "print(type(re.compile('x')).__name__)\n"  # everyone else's re.compile is untouched
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0].split() == ["_PatternOnFirstUse"] * 4
    assert out[1] == "Pattern"


def test_what_the_patterns_do_still_works() -> None:
    import sqlite_utils
    from sqlite_utils.create_table_parser import parse_checks

    import app.store  # noqa: F401  # the lean import, as the program does it

    db = sqlite_utils.Database(memory=True)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
    db.execute('CREATE VIRTUAL TABLE IF NOT EXISTS "文档" USING FTS4(body)')
    db.execute("CREATE TABLE plain (body TEXT)")
    assert db.table("docs").virtual_table_using == "FTS5"
    assert db.table("文档").virtual_table_using == "FTS4"
    assert db.table("plain").virtual_table_using is None
    assert db.quote_fts('街巷 "巡查" x') == '"街巷" "巡查" "x"'
    checks = parse_checks("CREATE TABLE t (a INTEGER CHECK (a IN (1, 0x10, 2.5, 'x')))")
    assert checks[0].options == [1, 16, 2.5, "x"]
    pattern = sqlite_utils.db._virtual_table_using_re
    assert pattern.flags & re.IGNORECASE and pattern.pattern.startswith("\n^")
