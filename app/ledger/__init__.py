"""Ledgers (台账): aggregates and exports. No Qt."""
