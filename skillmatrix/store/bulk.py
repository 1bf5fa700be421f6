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

from skillmatrix.core.errors import ChangedMeanwhileError
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
    """``COPY ... FROM STDIN`` for PostgreSQL through psycopg 3, else None.

    Several times faster than an executemany of INSERTs.
    """
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        return None
    return f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"


def copy_rows(
    conn: Any, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> bool:
    """COPY ``rows`` into ``table`` on PostgreSQL (psycopg 3), in the connection's transaction.

    Elsewhere False, having written nothing (the caller inserts them).
    """
    sql = _copy_sql(conn, table, columns)
    if sql is None:
        return False
    _copy_rows(conn, sql, rows)
    return True


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
    """Drop ``table``'s plain (non-unique) indexes for the block, then build them again.

    In the session's transaction: one index build after a million inserts is faster than
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
    """PostgreSQL: drop ``table``'s foreign keys for the block and add them back after it.

    In the session's transaction, so they are checked once for every row instead of by a
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


@contextmanager
def foreign_keys_checked_once(
    session: Session, table: Table, rows: Mapping[str, Any]
) -> Iterator[bool]:
    """PostgreSQL: run the block without per-row triggers, then check the foreign keys once.

    The block is one bulk statement adding rows to ``table``; the foreign keys of the rows
    ``rows`` selects (column -> value) are checked once for the whole set; yields whether it
    did. Elsewhere, or for a login that may not, the block runs as it is (PostgreSQL checks
    each row by a query per key).

    PostgreSQL checks a foreign key with a query per inserted row and key: copying a cycle
    of 99,449 ratings spent 2.1 s of 2.7 s in those queries. Here the block runs with
    ``session_replication_role = replica`` (``SET LOCAL``: this transaction only, restored
    right after the block), which skips row triggers, the key checks among them. The check
    then does what each of PostgreSQL's per-row checks does, once per referenced row: it
    locks every row the new rows refer to ``FOR KEY SHARE`` (so nobody can delete it until
    commit) and fails the transaction if one is missing (deleted meanwhile).

    Only for the table's owner (an admin: its guard trigger skips admins anyway, see
    ``store.pg_security``) who may set that parameter (a superuser, or ``skillmatrix_admin``
    as granted by ``server init``). Unlike :func:`foreign_keys_checked_after` no lock is
    taken on the table: managers keep working.

    Raises:
        ChangedMeanwhileError: a referenced row was deleted meanwhile (nothing is kept:
            the caller's transaction fails).
    """
    conn = session.connection()
    if not _may_skip_row_triggers(conn, table):
        yield False
        return
    before = conn.exec_driver_sql("SELECT current_setting('session_replication_role')").scalar()
    conn.exec_driver_sql("SELECT set_config('session_replication_role', 'replica', true)")
    yield True
    # (not in a finally: after a failure the transaction is rolled back, and SET LOCAL with it)
    conn.exec_driver_sql(
        "SELECT set_config('session_replication_role', %(v)s, true)", {"v": before}
    )
    _check_references(conn, table, rows)


def _may_skip_row_triggers(conn: Any, table: Table) -> bool:
    """Whether this PostgreSQL login owns ``table`` and may set session_replication_role."""
    if conn.dialect.name != "postgresql":
        return False
    owner = conn.exec_driver_sql(
        "SELECT pg_has_role(current_user, relowner, 'USAGE'), "
        "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "FROM pg_class WHERE oid = to_regclass(%(t)s)",
        {"t": table.name},
    ).first()
    if owner is None or not owner[0]:
        return False
    if owner[1]:
        return True
    # GRANT SET ON PARAMETER (and the function asking for it) came with PostgreSQL 15.
    if (conn.dialect.server_version_info or (0,)) < (15,):
        return False
    return bool(
        conn.exec_driver_sql(
            "SELECT has_parameter_privilege('session_replication_role', 'SET')"
        ).scalar()
    )


def _check_references(conn: Any, table: Table, rows: Mapping[str, Any]) -> None:
    """Lock ``FOR KEY SHARE`` every row the selected rows of ``table`` refer to.

    In one statement; raises when one of them is missing.
    """
    keys = []
    for fk in table.foreign_key_constraints:
        (column,) = fk.column_keys  # the schema has single-column keys only
        (element,) = fk.elements
        keys.append((column, element.column.table.name, element.column.name))
    where = " AND ".join(f"{c} = %(w_{c})s" for c in rows)
    used = ", ".join(
        f"array_agg(DISTINCT {c}) FILTER (WHERE {c} IS NOT NULL) AS k{i}"
        for i, (c, _t, _r) in enumerate(keys)
    )
    counts = ", ".join(
        f"coalesce(cardinality(k{i}), 0) - (SELECT count(*) FROM "
        f"(SELECT 1 FROM {ref} WHERE {ref_col} = ANY(k{i}) FOR KEY SHARE) AS locked)"
        for i, (_c, ref, ref_col) in enumerate(keys)
    )
    missing = conn.exec_driver_sql(
        f"WITH used AS (SELECT {used} FROM {table.name} WHERE {where}) SELECT {counts} FROM used",
        {f"w_{c}": v for c, v in rows.items()},
    ).one()
    gone = [f"{n} {ref}" for n, (_c, ref, _r) in zip(missing, keys, strict=True) if n]
    if gone:
        raise ChangedMeanwhileError(
            f"{', '.join(gone)} row(s) that the new {table.name} refer to were deleted "
            "meanwhile; nothing was saved, try again"
        )
