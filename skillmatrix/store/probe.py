"""Look at an existing database, read-only, and decide whether we may open it.

Nothing here writes: a SQLite file is opened with ``mode=ro`` (or ``immutable=1`` when
nothing can be pending in a write-ahead log), so a file we refuse (not SQLite, corrupt,
someone else's database, a newer SkillMatrix) is left exactly as it was, byte for byte.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store import migrate
from skillmatrix.store.errors import describe_driver_error
from skillmatrix.store.models import APP_ID, Meta

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
    uri = path.resolve().as_uri()
    wal_mode = len(header) > 19 and header[18] == 2
    wal_file = Path(f"{path}-wal")
    # A read-only open of a WAL database leaves -wal/-shm files behind; when no -wal file
    # exists there is nothing uncommitted to read, so "immutable" reads the file as is.
    uri += "?immutable=1" if wal_mode and not wal_file.exists() else "?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=busy_timeout)

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    try:
        return probe_engine(engine, name)
    finally:
        engine.dispose()


def probe_engine(engine: Engine, name: str) -> ProbeResult:
    """Classify the database behind ``engine`` using reads only (any backend)."""
    with _reading(engine, name) as conn:
        insp = inspect(conn)
        tables = set(insp.get_table_names())
        if not tables and not insp.get_view_names():
            return ProbeResult(State.EMPTY)
        if Meta.__tablename__ not in tables:
            raise DatabaseError(f"{name} is not a SkillMatrix database (it belongs to another app)")
        apps = conn.execute(text(f"SELECT app FROM {Meta.__tablename__}")).scalars().all()
        if apps != [APP_ID]:
            raise DatabaseError(f"{name} is not a SkillMatrix database (no SkillMatrix marker)")
        if "alembic_version" not in tables:
            raise DatabaseError(f"{name} is damaged: it has no schema version")
        revisions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
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


@contextmanager
def _reading(engine: Engine, name: str) -> Iterator[Connection]:
    """A connection whose driver errors become one-line ``DatabaseError``s."""
    try:
        with engine.connect() as conn:
            yield conn
    except DBAPIError as exc:
        raise DatabaseError(describe_driver_error(exc, name)) from None
