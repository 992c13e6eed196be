"""SQLite storage through sqlite-utils: open, migrate, repositories. No Qt."""
