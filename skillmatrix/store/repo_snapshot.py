"""Load one cycle into a dense ``core.snapshot.Snapshot`` through the ORM session (any back end).

SQLite files are usually read by ``direct`` instead; both end in
``snapshot_build.assemble``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, case, cast, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from skillmatrix.core.model import Source
from skillmatrix.core.scale import Scale
from skillmatrix.core.snapshot import AGE_UNKNOWN, Snapshot, ages_before
from skillmatrix.store import models
from skillmatrix.store.repo_competencies import list_competencies
from skillmatrix.store.repo_cycles import list_cycles, to_cycle
from skillmatrix.store.repo_people import list_people, team_row
from skillmatrix.store.repo_ratings import R
from skillmatrix.store.repo_roles import list_roles
from skillmatrix.store.snapshot_build import NOT_APPLICABLE, NOT_RATED, Packing, assemble


def fetch_plain(conn: Connection, stmt: Any) -> list[tuple[Any, ...]]:
    """Rows of a Core select as the driver's plain tuples (no per-row Row objects)."""
    result = conn.execute(stmt)
    try:
        cursor = getattr(result, "cursor", None)
        if cursor is None:  # pragma: no cover - every DBAPI result has one today
            return [tuple(r) for r in result]
        return list(cursor.fetchall())
    finally:
        result.close()


def load_snapshot(
    s: Session,
    *,
    cycle: models.Cycle | None,
    team: str | int | None,
    source: Source,
    include_inactive: bool,
    scale: Scale,
) -> Snapshot:
    """The snapshot of ``cycle`` (all NaN when None) for a team or everybody.

    Raises:
        NotFoundError: ``team`` does not exist.
    """
    team_record = team_row(s, team) if team is not None else None
    people = list_people(s, team=team, include_inactive=include_inactive)
    competencies = list_competencies(s)
    cycle_record = to_cycle(cycle) if cycle is not None else None
    ages = ages_before(list_cycles(s), cycle_record)
    packing = Packing.for_snapshot(scale, competencies, ages)
    packed: list[tuple[Any, ...]] = []
    notes: list[tuple[Any, ...]] = []
    if cycle is not None and people and competencies:
        where = [R.cycle_id == cycle.id, R.source == source.value]
        if team_record is not None or not include_inactive:
            P = models.Person
            ids = select(P.id)
            if team_record is not None:
                ids = ids.where(P.team_id == team_record.id)
            if not include_inactive:
                ids = ids.where(P.active.is_(True))
            where.append(R.person_id.in_(ids))
        conn = s.connection()
        packed = fetch_plain(conn, select(_packed(packing)).where(*where))
        notes = fetch_plain(
            conn, select(R.person_id, R.competency_id, R.note).where(*where, R.note != "")
        )
    return assemble(
        people=people,
        competencies=competencies,
        roles=list_roles(s, with_targets_only=True),
        cycle=to_cycle(cycle) if cycle is not None else None,
        team=team_record.name if team_record is not None else None,
        scale=scale,
        packing=packing,
        packed=packed,
        notes=notes,
    )


def _packed(packing: Packing) -> Any:
    """``Packing.sql()`` as a SQLAlchemy expression.

    BIGINT: PostgreSQL would overflow a 32-bit product for large ids.
    """
    level_code = func.coalesce(
        R.level + (2 - packing.scale_min),
        case((R.not_applicable, NOT_APPLICABLE), else_=NOT_RATED),
    )
    fresh = R.confirmed_cycle_id.is_(None) | (R.confirmed_cycle_id == R.cycle_id)
    earlier = [(R.confirmed_cycle_id == cid, age) for cid, age in packing.ages]
    age = case((fresh, 0), *earlier, else_=AGE_UNKNOWN)
    return (
        cast(R.person_id, BigInteger) * packing.person_factor
        + R.competency_id * packing.competency_factor
        + level_code * packing.level_factor
        + func.coalesce(R.interest + 1, 0) * packing.interest_factor
        + age
    )
