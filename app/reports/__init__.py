"""PDF documents with reportlab (imported lazily). No Qt."""
