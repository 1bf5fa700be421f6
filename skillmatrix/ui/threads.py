"""The names of the app's own threads.

The app names its threads (warm-up, live updates, waiting writes, tooltip reads) with
:data:`THREAD_PREFIX`: only those can be left mid-import at quit. Another thread in the
process (a host's, a test runner's timer) is not ours to end the process over.
"""

from __future__ import annotations

THREAD_PREFIX = "skillmatrix-"


def thread_name(job: str) -> str:
    """The name of one of the app's threads doing ``job`` ("live", "write", ...)."""
    return f"{THREAD_PREFIX}{job}"
