"""Sync: device keys, signed and encrypted bundles, export, verify and merge (issue 10).

No Qt. docs/sync.md says how the pieces fit; docs/bundle-format.md is the file format.
"""
