"""Bulk inserts for generated or imported data (the demo organisation, big imports).

SQLAlchemy Core ``insert()`` with lists of parameter dicts runs as one ``executemany`` per
chunk; building ORM objects instead is ~25x slower at 100k rows. Chunks bound memory when
the caller streams millions of rows from a generator. The caller owns the session (and so
the transaction): everything lands or nothing does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice, repeat
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from skillmatrix.core.model import Seniority, Source
from skillmatrix.store import models

CHUNK = 20_000
RATINGS = cast(Table, models.Rating.__table__)
PEOPLE = cast(Table, models.Person.__table__)
TEAMS = cast(Table, models.Team.__table__)


class RatingRow(NamedTuple):
    """One rating for ``bulk_insert_ratings``; plain tuples in this order work too."""

    person_id: int
    competency_id: int
    level: int | None = None
    not_applicable: bool = False
    interest: int | None = None
    note: str = ""
    source: str = Source.MANAGER.value
    rated_by: str = ""
    rated_on: dt.date | None = None
    confirmed_cycle_id: int | None = None
    confirmed_on: dt.date | None = None


_RATING_FIELDS = RatingRow._fields
_RATING_DEFAULTS = RatingRow._field_defaults


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def bulk_insert_ratings(
    session: Session, cycle_id: int, rows: Iterable[Sequence[Any]], *, chunk_size: int = CHUNK
) -> int:
    """Insert ratings into one cycle.

    Args:
        session: the unit of work.
        cycle_id: the cycle every row belongs to.
        rows: ``RatingRow``s or tuples in the same field order (trailing fields optional).
        chunk_size: rows per ``executemany``.

    Returns:
        The number of rows inserted.
    """
    defaults = [_RATING_DEFAULTS.get(f) for f in _RATING_FIELDS]
    width = len(_RATING_FIELDS)
    conn = session.connection()
    sql = driver_insert_sql(conn.dialect, RATINGS, ("cycle_id", *_RATING_FIELDS))
    copy_sql = _copy_sql(conn, RATINGS, ("cycle_id", *_RATING_FIELDS))
    iso_dates = conn.dialect.name == "sqlite"  # SQLAlchemy's SQLite Date is ISO text
    dates = [_RATING_FIELDS.index("rated_on"), _RATING_FIELDS.index("confirmed_on")]
    source_at = _RATING_FIELDS.index("source")
    total = 0
    iso: dict[dt.date, str] = {}  # a chunk holds few distinct dates: format each once
    for chunk in _chunks(rows, chunk_size):
        # Column by column: a Python loop per row and field cost more than SQLite's insert.
        if min(map(len, chunk)) < width:
            chunk = [_padded(r, width, defaults) for r in chunk]
        columns = [list(c) for c in zip(*chunk, strict=True)]
        source = columns[source_at]
        if Source in set(map(type, source)):
            columns[source_at] = [v.value if isinstance(v, Source) else v for v in source]
        if iso_dates:
            for at in dates:
                columns[at] = [
                    None if d is None else iso.get(d) or iso.setdefault(d, d.isoformat())
                    for d in columns[at]
                ]
        params = list(zip(repeat(cycle_id, len(chunk)), *columns, strict=False))
        if copy_sql is not None:
            _copy_rows(conn, copy_sql, params)
        elif sql is None:
            names = ("cycle_id", *_RATING_FIELDS)
            session.execute(insert(RATINGS), [dict(zip(names, p, strict=True)) for p in params])
        else:
            # Straight to the driver's executemany: SQLAlchemy's per-row parameter
            # processing costs more than SQLite's own insert (measured 5 s of 12 s).
            conn.exec_driver_sql(sql, params)
        total += len(params)
    return total


def _padded(row: Sequence[Any], width: int, defaults: list[Any]) -> Sequence[Any]:
    """``row`` with its missing trailing fields filled with their defaults."""
    return row if len(row) >= width else (*row, *defaults[len(row) : width])


def _copy_sql(conn: Any, table: Table, columns: Sequence[str]) -> str | None:
    """``COPY ... FROM STDIN`` for PostgreSQL through psycopg 3 (several times faster than
    an executemany of INSERTs), else None."""
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        return None
    return f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"


def _copy_rows(conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Stream ``rows`` into the table with COPY, inside the session's transaction."""
    raw = conn.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def driver_insert_sql(dialect: Any, table: Table, columns: Sequence[str]) -> str | None:
    """A plain INSERT in the driver's placeholder style, or None if it is not positional."""
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if mark is None:
        return None
    return (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )


def _seniority_text(value: Any) -> str | None:
    """A seniority's stored text; None (unknown) stays NULL."""
    return None if value is None else Seniority(value).value


def bulk_insert_people(session: Session, rows: Iterable[Mapping[str, Any]]) -> list[int]:
    """Insert people and return their new ids in the order given.

    Each mapping has ``name`` and optionally ``email``, ``team_id``, ``role_id``,
    ``seniority`` (a ``Seniority``, its text, or None for unknown; absent: Mid) and
    ``active``.
    """
    now = models.utcnow()
    ids: list[int] = []
    for chunk in _chunks(rows, CHUNK):
        params = [
            {
                "name": r["name"],
                "email": r.get("email", ""),
                "team_id": r.get("team_id"),
                "role_id": r.get("role_id"),
                "seniority": _seniority_text(r.get("seniority", Seniority.MID)),
                "active": bool(r.get("active", True)),
                "created_at": now,
            }
            for r in chunk
        ]
        stmt = insert(PEOPLE).returning(PEOPLE.c.id, sort_by_parameter_order=True)
        ids.extend(session.execute(stmt, params).scalars())
    return ids


def bulk_insert_teams(session: Session, names: Iterable[str]) -> list[int]:
    """Insert teams by name and return their ids in the order given."""
    stmt = insert(TEAMS).returning(TEAMS.c.id, sort_by_parameter_order=True)
    params = [{"name": n} for n in names]
    return list(session.execute(stmt, params).scalars()) if params else []


#: An organisation's people and history, children first. Frameworks (roles, competencies,
#: targets) are configuration and stay; so do the scale and the marker row.
_ORGANISATION_TABLES = (models.Rating, models.Cycle, models.Person, models.Team)


def count_data(session: Session) -> dict[str, int]:
    """Rows per organisation table (table name -> count), to tell an empty database apart."""
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
        for m in _ORGANISATION_TABLES
    }


def delete_organisation(session: Session) -> None:
    """Delete every rating, cycle, person and team (frameworks and scale stay)."""
    for model in _ORGANISATION_TABLES:
        session.execute(delete(model))


@contextmanager
def indexes_rebuilt_after(session: Session, table: Table) -> Iterator[None]:
    """Drop ``table``'s plain (non-unique) indexes for the block, then build them again,
    in the session's transaction: one index build after a million inserts is faster than
    keeping the indexes up to date row by row (5,000-person demo: about 1.5 s of 6).

    Unique indexes stay: they are what refuses a duplicate row while inserting.
    """
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            (table.name,),
        ).fetchall()
    elif conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %(t)s "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            {"t": table.name},
        ).fetchall()
    else:
        found = []
    for name, _sql in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in found:
        conn.exec_driver_sql(sql)


@contextmanager
def foreign_keys_checked_after(session: Session, table: Table) -> Iterator[None]:
    """PostgreSQL: drop ``table``'s foreign keys for the block and add them back after it,
    in the session's transaction, so they are checked once for every row instead of by a
    query per row (COPY of the 5,000-person demo: 4x faster); elsewhere nothing.

    Adding a key back checks every row, so the block cannot leave a broken reference:
    the transaction fails instead. Only for the table's owner (an admin), and only for
    work that replaces data wholesale (the demo): until commit the table is locked for
    everyone else (ALTER TABLE takes an exclusive lock).
    """
    conn = session.connection()
    owner = conn.dialect.name == "postgresql" and bool(
        conn.exec_driver_sql(
            "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class "
            "WHERE oid = to_regclass(%(t)s)",
            {"t": table.name},
        ).scalar()
    )
    if not owner:
        yield
        return
    keys = conn.exec_driver_sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%(t)s) AND contype = 'f' ORDER BY conname",
        {"t": table.name},
    ).fetchall()
    for name, _definition in keys:
        conn.exec_driver_sql(f'ALTER TABLE {table.name} DROP CONSTRAINT "{name}"')
    yield
    for name, definition in keys:
        conn.exec_driver_sql(f'ALTER TABLE {table.name} ADD CONSTRAINT "{name}" {definition}')
