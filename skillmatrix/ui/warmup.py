"""Load the ORM side of the store in the background once the first screen is up.

The first screen reads with the stdlib driver (``store.direct``) and never imports
SQLAlchemy; the first edit does (``services.ratings``). Importing it here, in a thread,
while the user looks at the grid, keeps that ~0.35 s off the first keypress. An import
the main thread needs meanwhile simply waits for this one (Python's import locks).
"""

from __future__ import annotations

import importlib
import logging
import threading

#: What an edit, an undo or another view needs first (they pull in SQLAlchemy, the
#: mapped models and the repositories).
MODULES = (
    "skillmatrix.services.ratings",
    "skillmatrix.services.people",
    "skillmatrix.services.cycles",
)

log = logging.getLogger(__name__)


def warm_up_store() -> threading.Thread:
    """Start importing :data:`MODULES` in a background thread; returns the thread."""

    def run() -> None:
        for name in MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # the import on use will raise it where it can be shown
                log.debug("warm-up import of %s failed", name, exc_info=True)
                return

    # Not a daemon: a quick quit waits for the import rather than cutting it mid-way.
    thread = threading.Thread(target=run, name="skillmatrix-warm-up")
    thread.start()
    return thread
