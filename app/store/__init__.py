"""SQLite storage through sqlite-utils: open, migrate, repositories. No Qt.

sqlite-utils is imported as it is: no patched `re.compile`, no blocked or lazy modules. What it
costs at start (and what an earlier "lean import" saved, ~12 ms) is in bench/README.md.
"""
