"""The window's side of sync (issue 10): export, import of many bundles, conflicts."""
