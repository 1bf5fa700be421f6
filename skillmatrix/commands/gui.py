"""``skillmatrix gui`` (and ``skillmatrix`` alone): the desktop app."""

from __future__ import annotations

import argparse


def run_gui(args: argparse.Namespace) -> int:
    """Open the app on ``--db`` if given (else $SKILLMATRIX_DB, else the last database)."""
    from skillmatrix.ui import run

    return run(getattr(args, "db", None) or None)
