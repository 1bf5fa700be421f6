"""Dialogs of the main window (confirmations, new database, start cycle, shortcuts)."""
