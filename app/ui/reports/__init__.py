"""Documents from the window: print an inspection or its notice, export a selection, summaries."""
