"""Dialogs of the main window: new inspection, site, settings, amendment reason."""
