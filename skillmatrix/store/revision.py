"""The newest schema revision this build writes, without importing Alembic.

Opening a database at this revision (the common case) needs no Alembic at all: importing
it costs 0.15-0.25 s of every start. ``tests/store`` checks that this equals the head of
the shipped migration scripts, so it cannot drift from them.
"""

from __future__ import annotations

#: The head of ``skillmatrix/store/migrations/versions`` (update with each new revision).
HEAD_REVISION = "0002"
