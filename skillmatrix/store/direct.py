"""Reads straight from a SQLite file with the stdlib driver.

Teams, cycles, the scale and snapshots: the same records the ORM repositories return.

Why: importing SQLAlchemy and mapping the models costs ~0.35 s, and the app's first
screen (the Assess grid) needs only these reads; with them the grid is on screen before
SQLAlchemy has loaded. They are also faster for big snapshots (no ORM rows). Writes always
go through the ORM. ``tests/store/test_store_direct.py`` checks every function here
against its ORM twin on the same files.

Each read is one short read transaction (``BEGIN`` … ``ROLLBACK``) on its own
connection, so it sees one consistent state (WAL lets it run beside a writer), works from
any thread, and holds nothing open afterwards. The file is opened ``mode=rw`` (a missing
file is an error, never a new empty database) with ``PRAGMA query_only``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from skillmatrix.core.errors import DatabaseError, NotFoundError
from skillmatrix.core.model import (
    Competency,
    CoverageRule,
    Cycle,
    Person,
    Role,
    Seniority,
    Source,
    Team,
)
from skillmatrix.core.review import StoredReview
from skillmatrix.core.scale import Level, Scale
from skillmatrix.core.snapshot import Snapshot, ages_before
from skillmatrix.store.errors import damaged_value, describe_driver_message
from skillmatrix.store.names import fold, not_found
from skillmatrix.store.snapshot_build import Packing, assemble
from skillmatrix.store.uri import sqlite_uri


@contextmanager
def reading(path: Path, name: str, busy_timeout: float = 5.0) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``path`` inside one read transaction.

    Raises:
        DatabaseError: the file is missing, locked past ``busy_timeout``, or damaged.
    """
    try:
        conn = sqlite3.connect(
            sqlite_uri(path.resolve(), mode="rw"),
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,  # we say BEGIN ourselves
        )
    except sqlite3.Error as exc:
        raise DatabaseError(describe_driver_message(str(exc), name)) from None
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        yield conn
    except sqlite3.Error as exc:
        raise DatabaseError(describe_driver_message(str(exc), name)) from None
    except ValueError as exc:  # a stored value that is not what its column holds
        damaged = damaged_value(exc, name)
        if damaged is None:
            raise
        raise damaged from None
    finally:
        conn.close()  # ends the read transaction too


def load_scale(conn: sqlite3.Connection) -> Scale:
    """The database's scale, lowest level first."""
    rows = conn.execute("SELECT value, label, description FROM scale_levels ORDER BY value")
    return Scale(tuple(Level(value, label, description) for value, label, description in rows))


def list_teams(conn: sqlite3.Connection) -> list[Team]:
    """Every team, ordered by name ignoring case."""
    teams = (Team(id=i, name=n) for i, n in conn.execute("SELECT id, name FROM teams"))
    return sorted(teams, key=lambda t: t.name.casefold())


_CYCLE = "SELECT id, name, starts_on, ends_on, closed, due_on, version FROM cycles"
# Chronological; undated cycles count as older than dated ones (as in repo_cycles).
_CHRONOLOGICAL = "starts_on IS NOT NULL, starts_on, id"
_LATEST = "starts_on IS NOT NULL DESC, starts_on DESC, id DESC"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _cycle(row: tuple[int, str, str | None, str | None, int, str | None, int]) -> Cycle:
    cycle_id, name, starts_on, ends_on, closed, due_on, version = row
    return Cycle(
        id=cycle_id,
        name=name,
        starts_on=_date(starts_on),
        ends_on=_date(ends_on),
        closed=bool(closed),
        due_on=_date(due_on),
        version=version,
    )


def list_cycles(conn: sqlite3.Connection) -> list[Cycle]:
    """Every cycle, oldest first."""
    return [_cycle(r) for r in conn.execute(f"{_CYCLE} ORDER BY {_CHRONOLOGICAL}")]


def latest_cycle(conn: sqlite3.Connection) -> Cycle | None:
    """The most recent cycle (latest start date, then the last created)."""
    row = conn.execute(f"{_CYCLE} ORDER BY {_LATEST} LIMIT 1").fetchone()
    return _cycle(row) if row else None


def stored_reviews(conn: sqlite3.Connection, cycle_id: int) -> dict[int, StoredReview]:
    """Person id -> the review steps recorded in ``cycle_id`` (``repo_reviews`` twin)."""
    rows = conn.execute(
        "SELECT person_id, form_sent_on, returned_on, reviewed_on, agreed_on"
        " FROM review_states WHERE cycle_id = ?",
        (cycle_id,),
    )
    return {pid: StoredReview(*(_date(d) for d in dates)) for pid, *dates in rows}


def _find(conn: sqlite3.Connection, table: str, key: int | str, what: str) -> tuple[int, str]:
    """The ``(id, name)`` of a row by id or by name ignoring case and spacing."""
    rows: list[tuple[int, str]] = conn.execute(f"SELECT id, name FROM {table}").fetchall()
    for row in rows:
        if (row[0] == key) if isinstance(key, int) else (fold(row[1]) == fold(key)):
            return row
    raise NotFoundError(not_found(what, key, (name for _, name in rows)))


def get_cycle(conn: sqlite3.Connection, key: int | str) -> Cycle:
    """A cycle by id or name (any case); NotFoundError lists the names."""
    cycle_id = _find(conn, "cycles", key, "cycle")[0]
    return _cycle(conn.execute(f"{_CYCLE} WHERE id = ?", (cycle_id,)).fetchone())


def snapshot_size(conn: sqlite3.Connection, team: str | None) -> tuple[int, int]:
    """(active people, competencies) of a snapshot of ``team`` (None: everybody)."""
    sql = "SELECT count(*) FROM people LEFT JOIN teams ON teams.id = people.team_id WHERE active"
    args: tuple[str, ...] = ()
    if team is not None:
        sql, args = sql + " AND lower(teams.name) = ?", (team.strip().lower(),)
    people = conn.execute(sql, args).fetchone()[0]
    competencies = conn.execute("SELECT count(*) FROM competencies").fetchone()[0]
    return int(people), int(competencies)


def list_people(
    conn: sqlite3.Connection,
    *,
    team_id: int | None,
    include_inactive: bool,
    ids: Sequence[int] | None = None,
) -> list[Person]:
    """People by name ignoring case (SQLite's ASCII lower(), as the ORM query orders).

    ``ids``: only these.
    """
    sql = (
        "SELECT p.id, p.name, p.email, t.name, r.name, p.seniority, p.active, p.version"
        " FROM people p"
        " LEFT JOIN teams t ON p.team_id = t.id LEFT JOIN roles r ON p.role_id = r.id"
        " WHERE 1"
    )
    args: list[int | str] = []
    if team_id is not None:
        sql += " AND p.team_id = ?"
        args.append(team_id)
    if not include_inactive:
        sql += " AND p.active"
    if ids is not None:
        sql += f" AND p.id IN ({','.join('?' * len(ids))})"
        args.extend(ids)
    seniorities = {s.value: s for s in Seniority}  # a dict lookup, not an enum call, per row
    return [
        Person(
            id=pid,
            name=name,
            email=email,
            team=team or "",
            role=role or "",
            # NULL: unknown seniority.
            seniority=(
                None if seniority is None else seniorities.get(seniority) or Seniority(seniority)
            ),
            active=bool(active),
            version=version,
        )
        for pid, name, email, team, role, seniority, active, version in conn.execute(
            sql + " ORDER BY lower(p.name), p.name, p.id", args
        )
    ]


def list_competencies(conn: sqlite3.Connection) -> list[Competency]:
    """Every competency by category position, then its own position."""
    rules = {
        cid: CoverageRule(people, level)
        for cid, people, level in conn.execute(
            "SELECT competency_id, min_people, min_level FROM coverage_rules"
        )
    }
    descriptions: dict[int, dict[int, str]] = defaultdict(dict)
    for cid, level, text in conn.execute(
        "SELECT competency_id, level, text FROM competency_level_descriptions ORDER BY level"
    ):
        descriptions[cid][level] = text
    rows = conn.execute(
        "SELECT c.id, c.name, k.name, c.description, c.critical, c.position, c.version"
        " FROM competencies c JOIN categories k ON c.category_id = k.id"
        " ORDER BY k.position, k.id, c.position, c.id"
    )
    return [
        Competency(
            id=cid,
            name=name,
            category=category,
            description=description,
            critical=bool(critical),
            rule=rules.get(cid, CoverageRule()),
            level_descriptions=dict(descriptions.get(cid, {})),
            position=position,
            version=version,
        )
        for cid, name, category, description, critical, position, version in rows
    ]


def list_roles(conn: sqlite3.Connection, *, with_targets_only: bool) -> list[Role]:
    """Every role (or only those with targets) with its targets, ordered by name."""
    targets: dict[int, dict[Seniority, dict[int, int]]] = defaultdict(dict)
    versions: dict[int, dict[Seniority, dict[int, int]]] = defaultdict(dict)
    for role_id, seniority, cid, level, version in conn.execute(
        "SELECT role_id, seniority, competency_id, level, version FROM targets"
    ):
        targets[role_id].setdefault(Seniority(seniority), {})[cid] = level
        versions[role_id].setdefault(Seniority(seniority), {})[cid] = version
    rows = conn.execute(
        "SELECT r.id, r.name, f.name FROM roles r"
        " LEFT JOIN frameworks f ON r.framework_id = f.id ORDER BY r.name"
    )
    return [
        Role(
            id=rid,
            name=name,
            framework=fw or "",
            targets=targets.get(rid, {}),
            target_versions=versions.get(rid, {}),
        )
        for rid, name, fw in rows
        if targets.get(rid) or not with_targets_only
    ]


def load_snapshot(
    conn: sqlite3.Connection,
    *,
    cycle: Cycle | None,
    team: str | int | None,
    source: Source,
    include_inactive: bool,
    scale: Scale,
) -> Snapshot:
    """The snapshot of ``cycle`` (all NaN when None) for a team or everybody.

    Raises:
        NotFoundError: ``team`` does not exist.
    """
    team_id, team_name = _find(conn, "teams", team, "team") if team is not None else (None, None)
    people = list_people(conn, team_id=team_id, include_inactive=include_inactive)
    competencies = list_competencies(conn)
    ages = ages_before(list_cycles(conn), cycle) if cycle is not None else {}
    packing = Packing.for_snapshot(scale, competencies, ages)
    packed: Iterable[tuple[int]] = ()
    notes: list[tuple[int, int, str]] = []
    if cycle is not None and people and competencies:
        where = "cycle_id = ? AND source = ?"
        args: list[object] = [cycle.id, source.value]
        if team_id is not None or not include_inactive:
            where += " AND person_id IN (SELECT id FROM people WHERE 1"
            if team_id is not None:
                where += " AND team_id = ?"
                args.append(team_id)
            where += ")" if include_inactive else " AND active)"
        notes = conn.execute(
            f"SELECT person_id, competency_id, note FROM ratings WHERE {where} AND note != ''",
            args,
        ).fetchall()
        # A cursor, decoded in batches as it is read (a list held every row at once).
        packed = conn.execute(f"SELECT {packing.sql()} FROM ratings WHERE {where}", args)
    return assemble(
        people=people,
        competencies=competencies,
        roles=list_roles(conn, with_targets_only=True),
        cycle=cycle,
        team=team_name,
        scale=scale,
        packing=packing,
        packed=packed,
        notes=notes,
    )
