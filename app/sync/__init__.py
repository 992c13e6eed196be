"""Sync bundles: write, read, verify, merge, signing. No Qt."""
