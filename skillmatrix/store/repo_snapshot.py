"""Load one cycle into a dense ``core.snapshot.Snapshot``, fast.

At 5,000 people x 300 competencies a cycle is 1.5M rows. Building a Row (or a Rating)
per rating costs ~4 s; this module instead selects ONE integer per rating that packs
person, competency, level state and interest, fetches the plain tuples from the driver
and decodes them with numpy (~1-1.5 s in all on the 2-core reference machine, most of it
SQLite reading the rows).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import BigInteger, case, cast, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from skillmatrix.core.model import Source
from skillmatrix.core.scale import INTEREST_MAX, Scale
from skillmatrix.core.snapshot import Snapshot, target_matrix
from skillmatrix.store import models
from skillmatrix.store.repo_competencies import list_competencies
from skillmatrix.store.repo_cycles import to_cycle
from skillmatrix.store.repo_people import list_people, team_row
from skillmatrix.store.repo_ratings import R
from skillmatrix.store.repo_roles import list_roles

NOT_RATED, NOT_APPLICABLE = 0, 1  # level codes; a level v is coded v - scale.min + 2


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
    roles = list_roles(s, with_targets_only=True)
    shape = (len(people), len(competencies))
    levels = np.full(shape, np.nan)
    interest = np.full(shape, np.nan)
    na = np.zeros(shape, dtype=bool)
    notes: dict[tuple[int, int], str] = {}
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
        row_of = _index(np.array([p.id for p in people]))
        col_of = _index(np.array([c.id for c in competencies]))
        _fill(s, where, scale, row_of, col_of, levels, na, interest)
        stmt = select(R.person_id, R.competency_id, R.note).where(*where, R.note != "")
        for pid, cid, note in fetch_plain(s.connection(), stmt):
            i, j = row_of[pid], col_of[cid]
            if i >= 0 and j >= 0:
                notes[(int(i), int(j))] = note
    return Snapshot(
        people=tuple(people),
        competencies=tuple(competencies),
        levels=levels,
        not_applicable=na,
        interest=interest,
        targets=target_matrix(people, competencies, roles),
        roles=tuple(roles),
        cycle=to_cycle(cycle) if cycle is not None else None,
        team=team_record.name if team_record is not None else None,
        scale=scale,
        notes=notes,
    )


def _index(ids: np.ndarray) -> np.ndarray:
    """Lookup array: id -> position, -1 for ids not present."""
    out = np.full(int(ids.max()) + 1 if len(ids) else 1, -1, dtype=np.int64)
    out[ids] = np.arange(len(ids))
    return out


def _fill(
    s: Session,
    where: list[Any],
    scale: Scale,
    row_of: np.ndarray,
    col_of: np.ndarray,
    levels: np.ndarray,
    na: np.ndarray,
    interest: np.ndarray,
) -> None:
    """Decode the packed ratings into the level, n/a and interest arrays (in place).

    Each rating becomes ``person | competency | level code | interest code`` in bit
    fields (powers of two, so SQL multiplies and numpy shifts and masks: both cheap).
    """
    level_bits = (len(scale.levels) + 1).bit_length()  # codes 0 .. n_levels + 1
    interest_bits = (INTEREST_MAX + 1).bit_length()  # 0 = none given, v + 1 otherwise
    comp_bits = (len(col_of) - 1).bit_length()  # col_of spans every competency id
    level_code = func.coalesce(
        R.level - scale.min + 2, case((R.not_applicable, NOT_APPLICABLE), else_=NOT_RATED)
    )
    # BIGINT: PostgreSQL would overflow a 32-bit product for large ids.
    packed = cast(R.person_id, BigInteger) * (1 << (comp_bits + level_bits + interest_bits))
    packed = packed + R.competency_id * (1 << (level_bits + interest_bits))
    packed = packed + level_code * (1 << interest_bits) + func.coalesce(R.interest + 1, 0)
    rows = fetch_plain(s.connection(), select(packed).where(*where))
    if not rows:
        return
    codes = np.fromiter(map(itemgetter(0), rows), dtype=np.int64, count=len(rows))
    del rows
    interest_code = codes & ((1 << interest_bits) - 1)
    codes >>= interest_bits
    lv = codes & ((1 << level_bits) - 1)
    codes >>= level_bits
    cid = codes & ((1 << comp_bits) - 1)
    pid = codes >> comp_bits
    # Ratings of people or competencies outside this snapshot fall away here.
    i = row_of[np.minimum(pid, len(row_of) - 1)]
    i[pid >= len(row_of)] = -1
    j = col_of[cid]
    keep = (i >= 0) & (j >= 0)
    flat = (i * levels.shape[1] + j)[keep]
    lv, interest_code = lv[keep], interest_code[keep]
    rated = lv >= 2
    levels.flat[flat[rated]] = lv[rated] - 2 + scale.min
    na.flat[flat[lv == NOT_APPLICABLE]] = True
    given = interest_code > 0
    interest.flat[flat[given]] = interest_code[given] - 1
