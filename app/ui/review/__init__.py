"""The team lead's review queue (issue 12.8) and the editor's ownership and version bars (12.7,
12.9): PySide6 over app.store.review and app.store.inspections, no SQL."""
