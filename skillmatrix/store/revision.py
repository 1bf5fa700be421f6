"""What marks a file as a current SkillMatrix database, without importing SQLAlchemy or Alembic.

Opening a database at :data:`HEAD_REVISION` (the common case) needs no Alembic at all
(importing it costs 0.15-0.25 s of every start), and a SQLite file is recognised with
the stdlib driver alone (``probe``). ``tests/store`` checks that the revision equals the
head of the shipped migration scripts, so it cannot drift from them.
"""

from __future__ import annotations

#: The head of ``skillmatrix/store/migrations/versions`` (update with each new revision).
HEAD_REVISION = "0012"

#: The table whose single row marks a file as ours.
META_TABLE = "skillmatrix_meta"
#: Value of ``skillmatrix_meta.app``: how a file is recognised as ours.
APP_ID = "skillmatrix"
