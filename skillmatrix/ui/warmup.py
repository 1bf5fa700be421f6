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

from skillmatrix.ui.threads import thread_name

#: What an edit, an undo or another view needs first: SQLAlchemy, the mapped models and
#: the repositories, and the SQLite dialect (the engine, made on first use, loads it).
MODULES = (
    "skillmatrix.services.ratings",
    "skillmatrix.services.people",
    "skillmatrix.services.cycles",
    "sqlalchemy.dialects.sqlite",
)

log = logging.getLogger(__name__)


def warm_up_store() -> threading.Thread:
    """Start importing :data:`MODULES` in a background thread; returns the thread."""

    def run() -> None:
        try:
            for name in MODULES:
                importlib.import_module(name)
            from sqlalchemy.orm import configure_mappers

            configure_mappers()  # else the first query does it (thread-safe: it locks)
        except Exception:  # the same import on use raises it where it can be shown
            log.debug("warm-up failed", exc_info=True)

    # A daemon: a quit does not wait the ~0.5 s for an import nobody needs any more. Only
    # imports run here (no file is written), so cutting one short at exit loses nothing.
    thread = threading.Thread(target=run, name=thread_name("warm-up"), daemon=True)
    thread.start()
    return thread
