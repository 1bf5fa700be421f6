"""Bulk inserts for generated or imported data (the demo organisation, big imports).

SQLAlchemy Core ``insert()`` with lists of parameter dicts runs as one ``executemany`` per
chunk; building ORM objects instead is ~25x slower at 100k rows. Chunks bound memory when
the caller streams millions of rows from a generator. The caller owns the session (and so
the transaction): everything lands or nothing does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
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
    total = 0
    for chunk in _chunks(rows, chunk_size):
        params = []
        for row in chunk:
            values = dict(zip(_RATING_FIELDS, defaults, strict=True))
            values.update(zip(_RATING_FIELDS, row, strict=False))
            values["cycle_id"] = cycle_id
            source = values["source"]
            values["source"] = source.value if isinstance(source, Source) else source
            params.append(values)
        session.execute(insert(RATINGS), params)
        total += len(params)
    return total


def bulk_insert_people(session: Session, rows: Iterable[Mapping[str, Any]]) -> list[int]:
    """Insert people and return their new ids in the order given.

    Each mapping has ``name`` and optionally ``email``, ``team_id``, ``role_id``,
    ``seniority`` (a ``Seniority`` or its text) and ``active``.
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
                "seniority": Seniority(r.get("seniority", Seniority.MID)).value,
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
