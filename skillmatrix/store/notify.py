"""How an open window learns that someone else changed the database, cheaply.

Rating cells are found through ``rating_history`` (``services.feed``). Everything else a
view shows (cycles, people and teams, the framework, review steps) is named here by group:

* on PostgreSQL a statement-level trigger on each table sends ``NOTIFY`` on
  :data:`CHANGES_CHANNEL` with the table's name (one notification per statement, and
  PostgreSQL folds equal ones of a transaction into one, delivered at commit);
* on SQLite there are no notifications: :func:`sqlite_signature` fingerprints each group
  on a connection of the watcher's own, and the watcher compares fingerprints only after
  ``PRAGMA data_version`` says another connection committed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window imports this module before SQLAlchemy is loaded
    from sqlalchemy.engine import Connection

__all__ = ["CHANGES_CHANNEL", "GROUPS", "RATINGS_CHANNEL", "groups_of", "install_triggers"]

#: PostgreSQL channel the rating writes notify (``repo_ratings.NOTIFY_CHANNEL``).
RATINGS_CHANNEL = "skillmatrix_ratings"
#: PostgreSQL channel the tables below notify, with the table's name as the payload.
CHANGES_CHANNEL = "skillmatrix_changes"

#: What a view reloads -> the tables that make it up.
GROUPS: dict[str, tuple[str, ...]] = {
    "cycles": ("cycles",),
    "people": ("people", "teams"),
    "framework": (
        "frameworks",
        "roles",
        "categories",
        "competencies",
        "competency_level_descriptions",
        "coverage_rules",
        "targets",
    ),
    "reviews": ("review_states",),
}
_GROUP_OF = {table: group for group, tables in GROUPS.items() for table in tables}

_FUNCTION = f"""
CREATE OR REPLACE FUNCTION skillmatrix_notify_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$ BEGIN PERFORM pg_notify('{CHANGES_CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$;
"""


def groups_of(tables: Iterable[str]) -> set[str]:
    """The groups (keys of :data:`GROUPS`) that the named tables belong to."""
    return {_GROUP_OF[t] for t in tables if t in _GROUP_OF}


def install_triggers(conn: Connection, present: Iterable[str]) -> None:
    """Create or refresh the notifying triggers on the tables of :data:`GROUPS` in ``present``.

    PostgreSQL; in the caller's transaction.
    """
    run = conn.exec_driver_sql
    run(_FUNCTION)
    for table in sorted(set(present) & set(_GROUP_OF)):
        run(f"DROP TRIGGER IF EXISTS skillmatrix_notify ON {table}")
        run(
            f"CREATE TRIGGER skillmatrix_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION skillmatrix_notify_change()"
        )


def sqlite_signature(conn: sqlite3.Connection) -> dict[str, int]:
    """A fingerprint of each group's rows (any insert, update or delete changes it).

    A hash of every row, not a row count: a renamed person or a changed target must show.
    Only compared within one process (Python's string hashes differ between processes).
    A few milliseconds for 5,000 people; the watcher computes it only after another
    connection committed.
    """
    known = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        group: hash(
            tuple(
                tuple(conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall())
                for table in tables
                if table in known
            )
        )
        for group, tables in GROUPS.items()
    }
