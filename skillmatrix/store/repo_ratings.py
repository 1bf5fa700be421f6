"""Ratings: read, write in batches, and copy a whole cycle forward.

Everything here uses SQLAlchemy Core on plain columns: a cycle can hold 1.5M rows, and
ORM objects would cost time and memory for no benefit.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Table,
    bindparam,
    func,
    insert,
    literal,
    literal_column,
    select,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ChangedMeanwhileError, PermissionDeniedError
from skillmatrix.core.model import Rating, Source
from skillmatrix.store import models
from skillmatrix.store.bulk import (
    RatingRow,
    bulk_insert_ratings,
    copy_rows,
    driver_insert_sql,
    foreign_keys_checked_once,
)
from skillmatrix.store.repo_changes import short_time

RATINGS = cast(Table, models.Rating.__table__)
HISTORY = cast(Table, models.RatingHistory.__table__)
R = RATINGS.c  # ratings table columns

#: Columns that make up a ``core.model.Rating`` (in constructor order after source).
VALUE_COLUMNS = (
    "level",
    "not_applicable",
    "interest",
    "note",
    "rated_by",
    "rated_on",
    "confirmed_cycle_id",
    "confirmed_on",
)

Cell = tuple[int, int]  # (person_id, competency_id)
Stored = tuple[int, Rating, int]  # (row id, rating, version) of a stored cell


def to_rating(row: Any) -> Rating:
    """A core Rating from a row with person/competency ids, source and value columns."""
    return Rating(
        person_id=row.person_id,
        competency_id=row.competency_id,
        level=row.level,
        not_applicable=bool(row.not_applicable),
        interest=row.interest,
        note=row.note or "",
        source=Source(row.source),
        rated_by=row.rated_by or "",
        rated_on=row.rated_on,
        confirmed_cycle_id=row.confirmed_cycle_id,
        confirmed_on=row.confirmed_on,
    )


def _select() -> Any:
    return select(R.id, R.person_id, R.competency_id, R.source, *(R[c] for c in VALUE_COLUMNS))


def get_rating(
    s: Session, *, cycle_id: int, source: Source, person_id: int, competency_id: int
) -> Rating | None:
    """One cell's rating, or None when it has no row."""
    row = s.execute(
        _select().where(
            R.cycle_id == cycle_id,
            R.source == source.value,
            R.person_id == person_id,
            R.competency_id == competency_id,
        )
    ).first()
    return to_rating(row) if row else None


def list_ratings(s: Session, cycle_id: int, source: Source | None = None) -> list[Rating]:
    """A cycle's ratings ordered by source, person and competency."""
    stmt = _select().where(R.cycle_id == cycle_id)
    if source is not None:
        stmt = stmt.where(R.source == source.value)
    stmt = stmt.order_by(R.source, R.person_id, R.competency_id)
    return [to_rating(row) for row in s.execute(stmt)]


def existing(
    s: Session, *, cycle_id: int, source: Source, cells: Sequence[Cell]
) -> dict[Cell, Stored]:
    """Current rows for ``cells``: (person, competency) -> (row id, rating, version).

    The version is what a later :func:`write` compares-and-sets against, so a row another
    connection changed in between is never overwritten.

    When the cells span most of the organisation (a whole-department import) the cycle's
    rows for the source are read in one pass and filtered here; otherwise they are queried
    by person (the unique index's next column after cycle and source) in chunks, with the
    chunk's competencies as a second filter; a row-value IN would make SQLite scan the
    whole cycle once per chunk. On SQLite the rows come through the session's own driver
    connection: SQLAlchemy's per-row processing was two thirds of the time at 500k rows.
    """
    rows = existing_rows(s, cycle_id=cycle_id, source=source, cells=cells)
    return {cell: stored_of(cell, row, source) for cell in set(cells) if (row := rows.get(cell))}


#: What :func:`existing_rows` maps a cell to: the row as read, person id, competency id,
#: version, row id, then ``VALUE_COLUMNS`` (dates as stored; :func:`stored_of` parses them).
StoredRow = tuple[Any, ...]


def existing_rows(
    s: Session, *, cycle_id: int, source: Source, cells: Sequence[Cell]
) -> Mapping[Cell, StoredRow]:
    """The stored rows of ``cells`` without building a ``Rating`` per cell.

    What :func:`existing` filters and turns into ratings; an import uses
    :func:`value_index`.

    A lookup table: it holds every wanted cell that is stored and may hold others of the
    cycle (a dense read takes the whole cycle in one pass and does not filter it).
    """
    if not cells:
        return {}
    by_person: dict[int, set[int]] = defaultdict(set)
    for pid, cid in cells:
        by_person[pid].add(cid)
    return {(row[0], row[1]): row for row in _stored_rows(s, cycle_id, source, by_person)}


def stored_of(cell: Cell, row: StoredRow, source: Source) -> Stored:
    """The (row id, rating, version) of one :func:`existing_rows` row."""
    _pid, _cid, version, row_id, level, na, interest, note, by, on, confirmed, confirmed_on = row
    rating = Rating(
        cell[0],
        cell[1],
        level,
        bool(na),
        interest,
        note or "",
        source,
        by or "",
        _as_date(on),
        confirmed,
        _as_date(confirmed_on),
    )
    return (row_id, rating, version)


def _as_date(value: Any) -> dt.date | None:
    """A stored date as SQLAlchemy or the raw sqlite3 driver returns it."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


#: Ids per IN list: stays under every back end's bind limit.
_CHUNK = 400

_STORED_COLUMNS = ("person_id", "competency_id", "version", "id", *VALUE_COLUMNS)


def _dense(s: Session, people: int) -> bool:
    """Whether to read the whole cycle in one pass instead of by chunks of people.

    One pass once the cells span more people than a chunk and at least half of everyone; a
    single edit never pays for the count.
    """
    return (
        people > _CHUNK
        and people * 2 >= s.execute(select(func.count()).select_from(models.Person)).scalar_one()
    )


def _stored_rows(
    s: Session, cycle_id: int, source: Source, by_person: dict[int, set[int]]
) -> Iterable[StoredRow]:
    """The stored rows that may hold the wanted cells (a superset; the caller filters)."""
    dense = _dense(s, len(by_person))
    raw = s.connection().connection.driver_connection
    if dense and isinstance(raw, sqlite3.Connection):
        sql = f"SELECT {', '.join(_STORED_COLUMNS)} FROM ratings WHERE cycle_id = ? AND source = ?"
        # The driver's cursor itself (no generator between): ~500k rows at 5,000 people.
        return cast(Iterable[StoredRow], raw.execute(sql, (cycle_id, source.value)))
    columns = [R[c] for c in _STORED_COLUMNS]
    where = [R.cycle_id == cycle_id, R.source == source.value]
    if dense:
        return s.execute(select(*columns).where(*where)).all()
    return _chunked_rows(s, columns, where, by_person)


def cell_key(cell: Cell) -> int:
    """One int per (person, competency): what :func:`value_index` is keyed by."""
    return cell[0] * _KEY_SHIFT + cell[1]


#: A stored level as one small code: the level (0-60), EMPTY (no level), NOT_APPLICABLE,
#: or WHOLE_ROW (n/a beside a level, or an unusual level): only the whole row can say
#: whether a new value differs. Interest and note are not in it: a cell that gives
#: neither keeps them, and one that gives either is compared with the whole row.
EMPTY, NOT_APPLICABLE, WHOLE_ROW = -1, -2, -3
_KEY_SHIFT = 2**32
_CODE_BITS = 64  # row id * 64 + code + 3
_CODE_SQL = (
    "CASE WHEN level IS NULL AND not_applicable THEN -2"
    " WHEN level IS NULL THEN -1"
    " WHEN NOT not_applicable AND level BETWEEN 0 AND 60 THEN level ELSE -3 END"
)
_INDEX_SQL = (
    f"SELECT person_id * {_KEY_SHIFT} + competency_id, id * {_CODE_BITS} + ({_CODE_SQL}) + 3"
    " FROM ratings WHERE cycle_id = ? AND source = ?"
)


def value_index(
    s: Session, *, cycle_id: int, source: Source, cells: Sequence[Cell]
) -> Mapping[int, int]:
    """:func:`cell_key` -> the stored row's id and value code packed in one int.

    See :func:`unpack`; for every stored cell of ``cells`` (and maybe others of the cycle).

    On SQLite the driver builds the whole table in C from two-column rows (0.26 s
    instead of 1.0 s for 500k full rows); only the cells that differ are read whole
    (:func:`rows_by_id`). An import reads it a chunk of people at a time
    (:func:`people_value_index`), so its size does not grow with the organisation.
    """
    if not cells:
        return {}
    raw = s.connection().connection.driver_connection
    dense = _dense(s, len({pid for pid, _ in cells}))
    if dense and isinstance(raw, sqlite3.Connection):
        return dict(raw.execute(_INDEX_SQL, (cycle_id, source.value)))
    by_person: dict[int, set[int]] = defaultdict(set)
    for pid, cid in cells:
        by_person[pid].add(cid)
    columns = [
        cast_(R.person_id, BigInteger) * _KEY_SHIFT + R.competency_id,
        cast_(R.id, BigInteger) * _CODE_BITS + literal_column(f"({_CODE_SQL})") + 3,
    ]
    where = [R.cycle_id == cycle_id, R.source == source.value]
    rows = s.execute(select(*columns).where(*where)).all() if dense else None
    return {key: packed for key, packed in rows or _chunked_rows(s, columns, where, by_person)}


#: Competencies few enough to filter a :func:`people_value_index` read by: a long sheet
#: or a form; a wide sheet reads each person's whole run of the unique index instead.
_FEW_COMPETENCIES = 64


def people_value_index(
    s: Session,
    *,
    cycle_id: int,
    source: Source,
    people: Sequence[int],
    competencies: Sequence[int] = (),
) -> dict[int, tuple[int, int]]:
    """:func:`value_index` restricted to ``people``, each entry with the row's version.

    At most ``_CHUNK`` people and, when there are only a few, restricted to ``competencies``
    too; entries are (packed id and code, version). What an import compares one chunk of its
    sheet with, so its memory does not grow with the organisation; the version is what its
    write compares-and-sets against, read in the same statement as the value it decided on.
    """
    if not people:
        return {}
    if len(people) > _CHUNK:
        raise ValueError(f"at most {_CHUNK} people per value index read")
    few = sorted(competencies) if 0 < len(competencies) <= _FEW_COMPETENCIES else []
    raw = s.connection().connection.driver_connection
    rows: Iterable[Any]
    if isinstance(raw, sqlite3.Connection):
        sql = (
            f"SELECT person_id * {_KEY_SHIFT} + competency_id,"
            f" id * {_CODE_BITS} + ({_CODE_SQL}) + 3, version"
            " FROM ratings WHERE cycle_id = ? AND source = ?"
            f" AND person_id IN ({', '.join('?' * len(people))})"
        )
        if few:
            sql += f" AND competency_id IN ({', '.join('?' * len(few))})"
        rows = raw.execute(sql, (cycle_id, source.value, *sorted(people), *few))
        return {key: (packed, version) for key, packed, version in rows}
    columns = [
        cast_(R.person_id, BigInteger) * _KEY_SHIFT + R.competency_id,
        cast_(R.id, BigInteger) * _CODE_BITS + literal_column(f"({_CODE_SQL})") + 3,
        R.version,
    ]
    where = [R.cycle_id == cycle_id, R.source == source.value, R.person_id.in_(sorted(people))]
    if few:
        where.append(R.competency_id.in_(few))
    rows = s.execute(select(*columns).where(*where))
    return {int(key): (int(packed), int(version)) for key, packed, version in rows}


def unpack(packed: int) -> tuple[int, int]:
    """(row id, value code) of a :func:`value_index` entry."""
    return packed // _CODE_BITS, packed % _CODE_BITS - 3


def rows_by_id(s: Session, ids: Sequence[int]) -> dict[int, StoredRow]:
    """Row id -> the whole stored row (as :func:`existing_rows` gives it).

    Only for ``ids`` that still exist.
    """
    out: dict[int, StoredRow] = {}
    raw = s.connection().connection.driver_connection
    columns = [R[c] for c in _STORED_COLUMNS]  # the row id is the fourth
    ids = sorted(ids)  # neighbouring rows share pages: half the time at 100k rows
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        if isinstance(raw, sqlite3.Connection):
            sql = (
                f"SELECT {', '.join(_STORED_COLUMNS)} FROM ratings"
                f" WHERE id IN ({', '.join('?' * len(chunk))})"
            )
            found: Iterable[StoredRow] = raw.execute(sql, chunk)
        else:
            found = s.execute(select(*columns).where(R.id.in_(chunk))).all()
        for row in found:
            out[row[3]] = row
    return out


def _chunked_rows(
    s: Session, columns: list[Any], where: list[Any], by_person: dict[int, set[int]]
) -> Iterator[StoredRow]:
    persons = sorted(by_person)
    for start in range(0, len(persons), _CHUNK):
        chunk = persons[start : start + _CHUNK]
        comps = sorted(set().union(*(by_person[p] for p in chunk)))
        for comp_start in range(0, len(comps), _CHUNK):
            stmt = select(*columns).where(
                *where,
                R.person_id.in_(chunk),
                R.competency_id.in_(comps[comp_start : comp_start + _CHUNK]),
            )
            yield from s.execute(stmt).all()


def _values(r: Rating) -> dict[str, Any]:
    return {c: getattr(r, c) for c in VALUE_COLUMNS}


@dataclass(frozen=True, slots=True)
class PreparedWrite:
    """What :func:`write` will run.

    Rows as the SQLite driver takes them (``positional``) or as SQLAlchemy parameter dicts
    (other back ends). Made by :func:`prepare_write`, which may run outside the write
    transaction: an import prepares ~100k rows.
    """

    positional: bool
    inserts: list[Any]
    updates: list[Any]
    deletes: list[tuple[int, int]]  # (row id, version)
    history: list[HistoryRow]  # the time as ISO text when ``positional``
    #: row id -> (person, competency) of the updates and deletes: a refusal names them
    cells: dict[int, Cell] = field(default_factory=dict)
    cycle_id: int = 0
    source: Source = Source.MANAGER
    #: (person, competency) of the inserts, in the order written
    new_cells: list[Cell] = field(default_factory=list)


_KEY_COLUMNS = ("cycle_id", "person_id", "competency_id", "source")
# Compare-and-set: an update or delete reaches the row only at the version it was read at.
_UPDATE_SQL = (
    f"UPDATE ratings SET {', '.join(f'{c} = ?' for c in VALUE_COLUMNS)}, version = version + 1 "
    "WHERE id = ? AND version = ?"
)
_DELETE_SQL = "DELETE FROM ratings WHERE id = ? AND version = ?"
#: The unique cell key (models.Rating): a first rating is an upsert on it, never
#: read-then-insert; a row another connection inserted first is a conflict, not a duplicate.
CELL_KEY = ("cycle_id", "source", "person_id", "competency_id")
_INSERT_SQL = (
    f"INSERT INTO ratings ({', '.join((*_KEY_COLUMNS, *VALUE_COLUMNS))}) "
    f"VALUES ({', '.join('?' * (len(_KEY_COLUMNS) + len(VALUE_COLUMNS)))}) "
    f"ON CONFLICT ({', '.join(CELL_KEY)}) DO NOTHING"
)


def positional(s: Session) -> bool:
    """True when writes can go straight to the SQLite driver's executemany."""
    dialect = s.get_bind().dialect
    return bool(dialect.name == "sqlite" and dialect.paramstyle == "qmark")


def prepare_write(
    *,
    cycle_id: int,
    source: Source,
    new: Iterable[tuple[Cell, Rating | None]],
    current: dict[Cell, Stored],
    positional: bool,
    action: str = "edit",
    who: str = "",
    now: dt.datetime | None = None,
) -> PreparedWrite:
    """Sort each cell's new rating into an insert, an update, or a delete (``None``).

    With a history row for each cell whose value changes (at ``now``, naive UTC; default:
    the current time).
    """
    inserts: list[Any] = []
    updates: list[Any] = []
    deletes: list[tuple[int, int]] = []
    history: list[HistoryRow] = []
    cells: dict[int, Cell] = {}
    new_cells: list[Cell] = []
    now = now or models.utcnow()
    # History rows are tuples in _HISTORY_COLUMNS order (a dict each was ~100 MB at
    # 118k changed cells); the SQLite driver takes the time as ISO text.
    at: Any = sqlite_time(now) if positional else now
    action = action[:200]
    for (pid, cid), rating in sorted(new, key=lambda item: item[0]):
        # Sorted by cell (and so, within a cycle, mostly by row id): two writers locking
        # overlapping rows take them in the same order, and do not deadlock.
        row_id = current[(pid, cid)][0] if (pid, cid) in current else None
        version = current[(pid, cid)][2] if (pid, cid) in current else 0
        if row_id is not None:
            cells[row_id] = (pid, cid)
        else:
            if rating is not None:
                new_cells.append((pid, cid))
        before = current[(pid, cid)][1] if (pid, cid) in current else None
        entry = _history_row(before, rating)
        if entry is not None:
            by = (rating.rated_by if rating is not None else "") or who
            history.append((at, by[:200], action, cycle_id, pid, cid, source.value, *entry))
        if rating is None:
            if row_id is not None:
                deletes.append((row_id, version))
            continue
        if positional:
            # SQLAlchemy's SQLite Date is ISO text; booleans are 0/1.
            on = rating.rated_on.isoformat() if rating.rated_on is not None else None
            confirmed_on = rating.confirmed_on
            values = (
                rating.level,
                int(rating.not_applicable),
                rating.interest,
                rating.note,
                rating.rated_by,
                on,
                rating.confirmed_cycle_id,
                confirmed_on.isoformat() if confirmed_on is not None else None,
            )
            if row_id is None:
                inserts.append((cycle_id, pid, cid, source.value, *values))
            else:
                updates.append((*values, row_id, version))
        elif row_id is None:
            inserts.append(
                {
                    "cycle_id": cycle_id,
                    "person_id": pid,
                    "competency_id": cid,
                    "source": source.value,
                    **_values(rating),
                }
            )
        else:
            updates.append({"row_id": row_id, "loaded_version": version, **_values(rating)})
    return PreparedWrite(
        positional, inserts, updates, deletes, history, cells, cycle_id, source, new_cells
    )


def write_prepared(s: Session, prepared: PreparedWrite) -> None:
    """Run a :func:`prepare_write` result (and its history) in the session's transaction.

    Every update and delete is a compare-and-set on the version read, every insert an
    upsert that does nothing on an existing cell; the row counts are checked, and a row
    that another connection changed, removed or inserted first raises
    ``ChangedMeanwhileError`` naming who changed it and when (the transaction rolls back:
    nothing is overwritten).
    """
    _write_rows(s, prepared)
    # After the rows: a refusal names who changed a cell from the history, not this write.
    if prepared.history:
        _insert_history(s, prepared.history, prepared.positional)


def _write_rows(s: Session, prepared: PreparedWrite) -> None:
    conn = s.connection()
    if prepared.deletes:
        done = conn.exec_driver_sql(_driver_sql(conn, _DELETE_SQL), prepared.deletes)
        _expect_rows(s, prepared, done, [d[0] for d in prepared.deletes], "cleared")
    if prepared.positional:
        # Straight to the driver: SQLAlchemy's per-row parameter processing would cost
        # more than SQLite's own work, inside the write lock.
        if prepared.updates:
            done = conn.exec_driver_sql(_UPDATE_SQL, prepared.updates)
            _expect_rows(s, prepared, done, [u[-2] for u in prepared.updates], "changed")
        if prepared.inserts:
            done = conn.exec_driver_sql(_INSERT_SQL, prepared.inserts)
            _expect_inserted(s, prepared, getattr(done, "rowcount", -1), None)
        return
    locked = (
        _stage_and_lock(conn, prepared.updates)
        if len(prepared.updates) >= BULK_UPDATE_ROWS
        else None
    )
    if locked is not None:
        _update_staged(s, prepared, locked)
    elif prepared.updates:
        stmt = (
            update(RATINGS)
            .where(R.id == bindparam("row_id"), R.version == bindparam("loaded_version"))
            .values({**{c: bindparam(c) for c in VALUE_COLUMNS}, "version": R.version + 1})
        )
        changed = s.execute(stmt, prepared.updates)
        ids = [u["row_id"] for u in prepared.updates]
        _expect_rows(s, prepared, changed, ids, "changed")
    if prepared.inserts:
        stmt = _upsert(s).returning(R.person_id, R.competency_id)
        inserted = {(p, c) for p, c in s.execute(stmt, prepared.inserts)}
        _expect_inserted(s, prepared, len(inserted), inserted)


#: From this many updates on, PostgreSQL gets them as one ``UPDATE ... FROM`` a COPY-filled
#: temporary table (an import: 23,631 pipelined UPDATEs took ~1.6 s); fewer (an edit) keep
#: the statement per row.
BULK_UPDATE_ROWS = 500
_STAGED = "skillmatrix_rating_updates"
_UPDATE_COLUMNS = ("ord", "row_id", "loaded_version", *VALUE_COLUMNS)


class _Reached:
    """A row count as ``_expect_rows`` reads it from a result."""

    def __init__(self, rowcount: int) -> None:
        self.rowcount = rowcount


def _stage_and_lock(conn: Any, updates: list[dict[str, Any]]) -> dict[int, int] | None:
    """PostgreSQL (psycopg): COPY the updates into a temporary table and lock their rows.

    The rows are locked in the order given (sorted by cell, as the row-by-row path takes
    them: two big writers, or one and an edit, wait for each other instead of deadlocking).
    Returns the version of each row this login sees; None elsewhere, having done nothing.
    """
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        return None
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS pg_temp.{_STAGED}")
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {_STAGED} ON COMMIT DROP AS SELECT 0 AS ord, id AS row_id, "
        f"version AS loaded_version, {', '.join(VALUE_COLUMNS)} FROM ratings WITH NO DATA"
    )
    raw = conn.connection.dbapi_connection
    columns = ", ".join(_UPDATE_COLUMNS)
    with raw.cursor() as cursor, cursor.copy(f"COPY {_STAGED} ({columns}) FROM STDIN") as copy:
        for at, u in enumerate(updates):
            copy.write_row([at, *(u[c] for c in _UPDATE_COLUMNS[1:])])
    found = conn.exec_driver_sql(
        f"SELECT r.id, r.version FROM {_STAGED} AS t JOIN ratings AS r ON r.id = t.row_id "
        "ORDER BY t.ord FOR UPDATE OF r"
    )
    return {int(i): int(v) for i, v in found}


def _update_staged(s: Session, prepared: PreparedWrite, locked: dict[int, int]) -> None:
    """The staged updates as one compare-and-set ``UPDATE ... FROM``.

    After checking the locked rows: one changed since it was read is a conflict naming that
    cell, one gone (deleted, or hidden by row-level security) a refusal; nothing is written
    then.
    """
    updates = prepared.updates
    moved = next(
        (
            u["row_id"]
            for u in updates
            if locked.get(u["row_id"], u["loaded_version"]) != u["loaded_version"]
        ),
        None,
    )
    if moved is not None and moved in prepared.cells:
        raise conflict(s, prepared.cycle_id, prepared.source, prepared.cells[moved])
    ids = [u["row_id"] for u in updates]
    _expect_rows(s, prepared, _Reached(len(locked)), ids, "changed")  # a row gone: refused
    assignments = ", ".join(f"{c} = t.{c}" for c in VALUE_COLUMNS)
    done = s.connection().exec_driver_sql(
        f"UPDATE ratings AS r SET {assignments}, version = r.version + 1 "
        f"FROM {_STAGED} AS t WHERE r.id = t.row_id AND r.version = t.loaded_version"
    )
    _expect_rows(s, prepared, done, ids, "changed")  # (locked: nobody else reached them)


def _driver_sql(conn: Any, sql: str) -> str:
    """``sql`` in the driver's parameter style (qmark for SQLite, format for psycopg)."""
    return sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _upsert(s: Session) -> Any:
    """INSERT ... ON CONFLICT (cell key) DO NOTHING in the session's dialect."""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(RATINGS).on_conflict_do_nothing(index_elements=list(CELL_KEY))
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(RATINGS).on_conflict_do_nothing(index_elements=list(CELL_KEY))


def _expect_inserted(
    s: Session, prepared: PreparedWrite, count: int, inserted: set[Cell] | None
) -> None:
    """Refuse when a first rating found its cell already rated.

    Another connection inserted it after this one read "no rating" (the upsert did nothing).
    """
    if count is None or count < 0 or count == len(prepared.inserts):
        return
    lost = next(
        (c for c in prepared.new_cells if inserted is None or c not in inserted),
        prepared.new_cells[0],
    )
    raise conflict(s, prepared.cycle_id, prepared.source, lost)


def _expect_rows(
    s: Session, prepared: PreparedWrite, result: Any, row_ids: list[int], what: str
) -> None:
    """Refuse a write that reached fewer rows than it meant to.

    The transaction rolls back, and "saved" is never said of a change that was not made:

    * a row still visible at another version was changed by someone else since it was
      read: ``ChangedMeanwhileError`` naming who and when;
    * a row no longer visible was removed meanwhile, or (shared database) a row-level
      security policy skipped it without an error: ``PermissionDeniedError``.
    """
    count = getattr(result, "rowcount", -1)
    if count is None or count < 0 or count == len(row_ids):
        return
    cells = prepared.cells
    conn = s.connection()
    # Rows this login still sees at the version read were written; the first one it sees
    # at another version is a conflict.
    loaded = (
        {d[0]: d[1] for d in prepared.deletes}
        if what == "cleared"
        else {
            (u[-2] if prepared.positional else u["row_id"]): (
                u[-1] if prepared.positional else u["loaded_version"]
            )
            for u in prepared.updates
        }
    )
    now = {r[0]: r[1] for r in s.execute(select(R.id, R.version).where(R.id.in_(row_ids)))}
    moved = next((r for r in row_ids if r in now and now[r] != loaded.get(r)), None)
    if moved is not None and moved in cells:
        raise conflict(s, prepared.cycle_id, prepared.source, cells[moved])
    gone = next((r for r in row_ids if r not in now), None)
    missing = row_ids[0] if gone is None else gone
    pid, cid = cells.get(missing, (None, None))
    person = s.scalar(select(models.Person.name).where(models.Person.id == pid)) if pid else None
    if gone is not None and person is not None and missing in cells:
        # The person is visible, so their rating would be too: someone removed it since it
        # was read (an undo of a first rating, a clear). A conflict, not a refusal.
        raise conflict(s, prepared.cycle_id, prepared.source, cells[missing])
    comp = (
        s.scalar(select(models.Competency.name).where(models.Competency.id == cid)) if cid else None
    )
    cell = (
        f"{person or f'person #{pid}'} · {comp or f'competency #{cid}'}"
        if pid
        else f"rating #{missing}"
    )
    shared = conn.dialect.name == "postgresql"
    login = conn.exec_driver_sql("SELECT current_user").scalar() if shared else "you"
    raise PermissionDeniedError(
        f"not saved: {cell} could not be {what} ({len(row_ids) - count} of {len(row_ids)} "
        f"ratings: removed by someone else, or not visible to {login})"
    )


def last_change(
    s: Session, cycle_id: int, source: Source, cell: Cell
) -> tuple[str, dt.datetime | dt.date | None]:
    """Who last changed a cell and when (UTC).

    Its newest history row, else the stored rating's ``rated_by``/``rated_on`` (a
    carried-forward copy has no history here).
    """
    pid, cid = cell
    row = s.execute(
        select(HISTORY.c.who, HISTORY.c.at)
        .where(
            HISTORY.c.cycle_id == cycle_id,
            HISTORY.c.source == source.value,
            HISTORY.c.person_id == pid,
            HISTORY.c.competency_id == cid,
        )
        .order_by(HISTORY.c.id.desc())
        .limit(1)
    ).first()
    if row is not None:
        return row.who or "", row.at
    stored = get_rating(s, cycle_id=cycle_id, source=source, person_id=pid, competency_id=cid)
    return (stored.rated_by, stored.rated_on) if stored is not None else ("", None)


def cell_name(s: Session, cell: Cell) -> str:
    """The cell as text, "Ada Lovelace · API design" (ids where a name is not visible)."""
    person = s.scalar(select(models.Person.name).where(models.Person.id == cell[0]))
    comp = s.scalar(select(models.Competency.name).where(models.Competency.id == cell[1]))
    return f"{person or f'person #{cell[0]}'} · {comp or f'competency #{cell[1]}'}"


def changed_by_text(s: Session, cycle_id: int, source: Source, cell: Cell) -> str:
    """The conflict: "Ada · API design was changed by bob at 14:05 since you loaded it"."""
    who, when = last_change(s, cycle_id, source, cell)
    return (
        f"{cell_name(s, cell)} was changed by {who or 'someone else'} at {short_time(when)} "
        "since you loaded it"
    )


def conflict(s: Session, cycle_id: int, source: Source, cell: Cell) -> ChangedMeanwhileError:
    """The refusal of a write whose row another connection changed after it was read."""
    error = ChangedMeanwhileError(
        f"not saved: {changed_by_text(s, cycle_id, source, cell)}; "
        "the cell now shows the stored value, apply yours again if it still holds"
    )
    error.cells = ((cycle_id, source, *cell),)
    return error


def write(
    s: Session,
    *,
    cycle_id: int,
    source: Source,
    new: Iterable[tuple[Cell, Rating | None]],
    current: dict[Cell, Stored],
    action: str = "edit",
    who: str = "",
) -> None:
    """Make each cell hold its new rating: insert, update, or delete when ``None``.

    Each cell whose value changes gets a history row in the same transaction.

    Args:
        s: the session.
        cycle_id: the cycle.
        source: the rating source of every cell.
        new: (cell, rating or None) pairs.
        current: what ``existing`` returned for those cells.
        action: what the history says happened ("rate", "undo", "import of x.xlsx").
        who: who did it, when the new rating does not say (a deletion).
    """
    prepared = prepare_write(
        cycle_id=cycle_id,
        source=source,
        new=new,
        current=current,
        positional=positional(s),
        action=action,
        who=who,
    )
    write_prepared(s, prepared)


#: A rating_history row, in _HISTORY_COLUMNS order.
HistoryRow = tuple[Any, ...]
_HISTORY_COLUMNS = (
    "at", "who", "action", "cycle_id", "person_id", "competency_id", "source",
    "old_level", "old_na", "old_interest", "old_note",
    "new_level", "new_na", "new_interest", "new_note",
)  # fmt: skip


#: From this many history rows on, PostgreSQL gets them by COPY (an edit's few rows keep
#: the plain INSERT: COPY's own round trips cost more than it saves there).
HISTORY_COPY_ROWS = 500

#: PostgreSQL channel notified (at commit) whenever ratings change: open windows listen.
NOTIFY_CHANNEL = "skillmatrix_ratings"


def sqlite_time(when: dt.datetime) -> str:
    """A time as SQLAlchemy's SQLite DateTime stores it, microseconds always written.

    ``isoformat`` drops them at .000000, and "2026-10-01 00:00:00" then sorts before the
    "2026-10-01 00:00:00.000000" a ``history --since 2026-10-01`` compares with (text order
    must be time order).
    """
    return when.isoformat(sep=" ", timespec="microseconds")


def _insert_history(s: Session, rows: list[HistoryRow], positional: bool) -> None:
    """Append history rows, straight to the driver's executemany.

    An import of a whole matrix writes a row per cell, and SQLAlchemy's per-row processing
    would double it. On PostgreSQL the listeners are notified, delivered when the
    transaction commits.
    """
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"NOTIFY {NOTIFY_CHANNEL}")
        # An import's thousands of rows: one COPY instead of a statement per row, where
        # row-level security does not apply (PostgreSQL refuses COPY FROM under it: a
        # manager's rows go in by INSERT, which its policies check).
        if (
            len(rows) >= HISTORY_COPY_ROWS
            and not conn.exec_driver_sql("SELECT row_security_active('rating_history')").scalar()
            and copy_rows(conn, HISTORY, _HISTORY_COLUMNS, rows)
        ):
            return
    sql = driver_insert_sql(conn.dialect, HISTORY, _HISTORY_COLUMNS)
    if sql is None:
        s.execute(insert(HISTORY), [dict(zip(_HISTORY_COLUMNS, r, strict=True)) for r in rows])
        return
    if conn.dialect.name == "sqlite" and not positional:  # SQLite's DateTime is ISO text
        rows = [(sqlite_time(r[0]), *r[1:]) for r in rows]
    conn.exec_driver_sql(sql, rows)


def _history_row(before: Rating | None, after: Rating | None) -> tuple[Any, ...] | None:
    """The old and new values of a cell, or None when nothing a reader cares about changed.

    Only who or when changing is nothing. A confirmation unchanged is recorded (old equals
    new).
    """

    def value(r: Rating | None) -> tuple[int | None, bool, int | None, str]:
        if r is None:
            return None, False, None, ""
        return r.level, r.not_applicable, r.interest, r.note

    old, new = value(before), value(after)
    confirmed = (
        before is not None
        and after is not None
        and before.confirmed_cycle_id != after.confirmed_cycle_id
    )
    if old == new and not confirmed:
        return None
    return (*old, *new)  # old_level .. old_note, new_level .. new_note


def carry_forward(s: Session, *, from_cycle: int, to_cycle: int) -> int:
    """Copy every rating (both sources) of one cycle into another with one INSERT...SELECT.

    Each copy keeps the cycle it was last confirmed in (its own, when it names none), so
    the new cycle can tell ratings nobody has looked at yet from ones reviewed in it. On
    PostgreSQL an admin's copy checks its foreign keys once for the whole set instead of
    by a query per row and key (``bulk.foreign_keys_checked_once``: 2.1 s of 2.7 s at
    99,449 rows); the copy is still one statement in the caller's transaction.

    Returns:
        The number of rows copied.

    Raises:
        ChangedMeanwhileError: a person or competency being copied was deleted meanwhile.
    """
    columns = ["cycle_id", "person_id", "competency_id", "source", *VALUE_COLUMNS]
    confirmed = func.coalesce(R.confirmed_cycle_id, R.cycle_id).label("confirmed_cycle_id")
    source_cols = [
        literal(to_cycle).label("cycle_id"),
        *(confirmed if c == "confirmed_cycle_id" else R[c] for c in columns[1:]),
    ]
    stmt = insert(RATINGS).from_select(
        columns, select(*source_cols).where(R.cycle_id == from_cycle)
    )
    with foreign_keys_checked_once(s, RATINGS, {"cycle_id": to_cycle}):
        result = cast(CursorResult[Any], s.execute(stmt))
    if result.rowcount is not None and result.rowcount >= 0:
        return result.rowcount
    # Some drivers (psycopg with SQLAlchemy's INSERT ... SELECT) report -1: count instead.
    return s.scalar(select(func.count()).select_from(RATINGS).where(R.cycle_id == to_cycle)) or 0


def count_for_competency(s: Session, competency_id: int) -> int:
    """All rating rows (every cycle and source) of a competency."""
    return (
        s.scalar(
            select(func.count()).select_from(models.Rating).where(R.competency_id == competency_id)
        )
        or 0
    )


def rows_of(
    s: Session, *, person_id: int | None = None, competency_id: int | None = None
) -> list[tuple[int, Rating]]:
    """Every rating row (all cycles, both sources) of a person and/or a competency.

    Returns:
        (cycle id, rating) pairs ordered by cycle, source, person and competency.
    """
    stmt = select(
        R.cycle_id, R.person_id, R.competency_id, R.source, *(R[c] for c in VALUE_COLUMNS)
    )
    if person_id is not None:
        stmt = stmt.where(R.person_id == person_id)
    if competency_id is not None:
        stmt = stmt.where(R.competency_id == competency_id)
    stmt = stmt.order_by(R.cycle_id, R.source, R.person_id, R.competency_id)
    return [(row.cycle_id, to_rating(row)) for row in s.execute(stmt)]


def put_back(s: Session, rows: Iterable[tuple[int, Rating]]) -> int:
    """Insert (cycle id, rating) rows exactly as given, with a bulk insert per cycle.

    No closed-cycle check: this only puts back rows that a deletion in the same undo
    history took away (see ``services.restore``). New row ids are given: nothing refers to
    a rating's row id.

    Returns:
        The number of rows inserted.
    """
    by_cycle: dict[int, list[RatingRow]] = defaultdict(list)
    for cycle_id, r in rows:
        by_cycle[cycle_id].append(
            RatingRow(
                r.person_id,
                r.competency_id,
                r.level,
                r.not_applicable,
                r.interest,
                r.note,
                r.source.value,
                r.rated_by,
                r.rated_on,
                r.confirmed_cycle_id,
                r.confirmed_on,
            )
        )
    return sum(bulk_insert_ratings(s, cycle_id, items) for cycle_id, items in by_cycle.items())
