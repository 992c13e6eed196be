"""The 台账 page, the cases behind its numbers, and the case panel the dashboard and the map
share (issue 11)."""
