"""The inspection editor: section-by-section walk through one checklist."""
