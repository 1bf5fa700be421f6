"""Look at an existing database, read-only, and decide whether we may open it.

Nothing here writes: a SQLite file is opened with ``mode=ro`` (or ``immutable=1`` when
nothing can be pending in a write-ahead log), so a file we refuse (not SQLite, corrupt,
someone else's database, a newer SkillMatrix) is left exactly as it was, byte for byte.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store import migrate
from skillmatrix.store.errors import describe_driver_message, translated
from skillmatrix.store.revision import APP_ID, META_TABLE
from skillmatrix.store.uri import sqlite_uri

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SQLITE_MAGIC = b"SQLite format 3\x00"


class State(enum.Enum):
    """What opening an existing database will do."""

    EMPTY = "empty"  # no tables at all: create the schema
    CURRENT = "current"  # ours, at the newest revision
    OLDER = "older"  # ours, at a revision this build can upgrade


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """The state of a database and its Alembic revision (when it has one)."""

    state: State
    revision: str | None = None


def probe_sqlite_file(path: Path, name: str, busy_timeout: float) -> ProbeResult:
    """Classify an existing SQLite file without writing to it.

    Args:
        path: the database file (it exists and is not empty).
        name: how to name the file in messages.
        busy_timeout: seconds to wait for another program's lock.

    Raises:
        DatabaseError: not SQLite, corrupt, foreign, newer, locked or unreadable.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"cannot read {name}: {exc.strerror or exc}") from None
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseError(f"{name} is not a SkillMatrix database (not an SQLite file)")
    wal_mode = len(header) > 19 and header[18] == 2
    wal_file = Path(f"{path}-wal")
    # A read-only open of a WAL database leaves -wal/-shm files behind; when no -wal file
    # exists there is nothing uncommitted to read, so "immutable" reads the file as is.
    read_only = {"immutable": "1"} if wal_mode and not wal_file.exists() else {"mode": "ro"}
    uri = sqlite_uri(path.resolve(), **read_only)

    try:
        conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout)
        try:
            tables = {
                table
                for table, kind in conn.execute("SELECT name, type FROM sqlite_master")
                if kind in ("table", "view") and not table.startswith("sqlite_")
            }
            return classify(tables, lambda sql: [r[0] for r in conn.execute(sql)], name)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(describe_driver_message(str(exc), name)) from None


def probe_engine(engine: Engine, name: str) -> ProbeResult:
    """Classify the database behind ``engine`` using reads only (any backend)."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            tables = {*insp.get_table_names(), *insp.get_view_names()}

            def column(sql: str) -> list[Any]:
                return list(conn.execute(text(sql)).scalars())

            return classify(tables, column, name)
    except DBAPIError as exc:
        raise translated(exc, name) from None


def classify(tables: set[str], column: Callable[[str], list[Any]], name: str) -> ProbeResult:
    """Decide whether the database is empty, ours (current or older) or not ours.

    Decided from the names of the tables and views, reading single columns with
    ``column(sql)``.
    """
    if not tables:
        return ProbeResult(State.EMPTY)
    if META_TABLE not in tables:
        raise DatabaseError(f"{name} is not a SkillMatrix database (it belongs to another app)")
    if column(f"SELECT app FROM {META_TABLE}") != [APP_ID]:
        raise DatabaseError(f"{name} is not a SkillMatrix database (no SkillMatrix marker)")
    if "alembic_version" not in tables:
        raise DatabaseError(f"{name} is damaged: it has no schema version")
    revisions = column("SELECT version_num FROM alembic_version")
    if len(revisions) != 1:
        raise DatabaseError(f"{name} is damaged: its schema version is unclear ({revisions})")
    revision = revisions[0]
    if revision == migrate.head_revision():
        return ProbeResult(State.CURRENT, revision)
    if revision not in migrate.known_revisions():
        raise DatabaseError(
            f"{name} was made by a newer SkillMatrix (schema {revision}); "
            "please update SkillMatrix to open it"
        )
    return ProbeResult(State.OLDER, revision)
