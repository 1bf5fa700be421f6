"""Operating a shared PostgreSQL database: set up, upgrade, grant, and what a login may do.

The work is in ``skillmatrix.store.server_admin`` and ``skillmatrix.store.pg_security``;
this is the services layer's door to them (the UI and the commands use only services).
"""

from __future__ import annotations

from skillmatrix.core.access import Access, everything
from skillmatrix.store.database import Database
from skillmatrix.store.pg_security import Granted, access
from skillmatrix.store.server_admin import (
    SchemaReport,
    grant_login,
    init_server,
    pg_dump_path,
    upgrade_server,
)

__all__ = [
    "Access",
    "Granted",
    "SchemaReport",
    "current_access",
    "grant_login",
    "init_server",
    "pg_dump_path",
    "upgrade_server",
]


def current_access(db: Database) -> Access:
    """What the current login may do on ``db``; everything on a SQLite file (no users)."""
    if not db.shared:
        return everything(db.identity)
    with db.reading() as s:
        return access(s.connection())
