"""Assemble a ``core.snapshot.Snapshot`` from rows already fetched.

Shared by the ORM reader (``repo_snapshot``) and the direct SQLite reader (``direct``), so
both decode ratings and notes the same way.

At 5,000 people x 300 competencies a cycle is 1.5M ratings. Building a Python object per
rating costs seconds; instead the query selects ONE integer per rating that packs
``person | competency | level code | interest code | confirmation age`` in bit fields
(powers of two, so SQL multiplies and numpy shifts and masks: both cheap), and numpy
decodes them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter

import numpy as np

from skillmatrix.core.model import Competency, Cycle, Person, Role
from skillmatrix.core.scale import INTEREST_MAX, Scale
from skillmatrix.core.snapshot import AGE_UNKNOWN, Snapshot, target_matrix

NOT_RATED, NOT_APPLICABLE = 0, 1  # level codes; a level v is coded v - scale.min + 2
#: Bits of the lowest field: a rating's confirmation age in cycles (0-15).
AGE_BITS = 4


@dataclass(frozen=True, slots=True)
class Packing:
    """The bit layout of one packed rating for a scale and a set of competency ids.

    ``ages`` maps earlier cycle ids to how many cycles ago they were (``ages_before``):
    the lowest field is the age of each rating's last confirmation.
    """

    scale_min: int
    level_bits: int  # codes 0 .. n_levels + 1
    interest_bits: int  # 0 = none given, v + 1 otherwise
    competency_bits: int
    ages: tuple[tuple[int, int], ...] = ()

    @classmethod
    def for_snapshot(
        cls, scale: Scale, competencies: Sequence[Competency], ages: dict[int, int] | None = None
    ) -> Packing:
        """The packing for ``competencies`` on ``scale`` (``ages``: cycle id -> age)."""
        top_id = max((c.id for c in competencies), default=0)
        return cls(
            scale_min=scale.min,
            level_bits=(len(scale.levels) + 1).bit_length(),
            interest_bits=(INTEREST_MAX + 1).bit_length(),
            competency_bits=top_id.bit_length(),
            ages=tuple(sorted((ages or {}).items())),
        )

    @property
    def person_factor(self) -> int:
        """The multiplier of the person index in a packed value."""
        return 1 << (self.competency_bits + self.level_bits + self.interest_bits + AGE_BITS)

    @property
    def competency_factor(self) -> int:
        """The multiplier of the competency index in a packed value."""
        return 1 << (self.level_bits + self.interest_bits + AGE_BITS)

    @property
    def level_factor(self) -> int:
        """The multiplier of the level code in a packed value."""
        return 1 << (self.interest_bits + AGE_BITS)

    #: The interest code sits above the age field.
    interest_factor = 1 << AGE_BITS

    def age_sql(self) -> str:
        """SQL for the age field.

        0 when confirmed in the rating's own cycle (or unknown), else the age of the cycle
        it was confirmed in (``AGE_UNKNOWN`` if deleted).
        """
        arms = " ".join(f"WHEN {cid} THEN {age}" for cid, age in self.ages)
        return (
            "(CASE WHEN confirmed_cycle_id IS NULL OR confirmed_cycle_id = cycle_id THEN 0 "
            f"ELSE CASE confirmed_cycle_id {arms} ELSE {AGE_UNKNOWN} END END)"
            if arms
            else "(CASE WHEN confirmed_cycle_id IS NULL OR confirmed_cycle_id = cycle_id "
            f"THEN 0 ELSE {AGE_UNKNOWN} END)"
        )

    def sql(self) -> str:
        """The packed value as SQL over the ``ratings`` columns.

        The direct reader's form; ``repo_snapshot`` runs the same text through SQLAlchemy.
        """
        level_code = (
            f"COALESCE(level + {2 - self.scale_min}, "
            f"CASE WHEN not_applicable THEN {NOT_APPLICABLE} ELSE {NOT_RATED} END)"
        )
        return (
            f"person_id * {self.person_factor} + competency_id * {self.competency_factor}"
            f" + {level_code} * {self.level_factor}"
            f" + COALESCE(interest + 1, 0) * {self.interest_factor} + {self.age_sql()}"
        )


def _index(ids: Iterable[int]) -> np.ndarray:
    """Lookup array: id -> position, -1 for ids not present."""
    arr = np.fromiter(ids, dtype=np.int64)
    out = np.full(int(arr.max()) + 1 if len(arr) else 1, -1, dtype=np.int64)
    out[arr] = np.arange(len(arr))
    return out


def frame(
    *,
    people: Sequence[Person],
    competencies: Sequence[Competency],
    roles: Sequence[Role],
    cycle: Cycle | None,
    team: str | None,
    scale: Scale,
    packing: Packing,
) -> Snapshot:
    """A snapshot of ``people`` x ``competencies`` with no ratings yet (all NaN, no notes).

    :func:`fill` writes ratings into it, all at once or a few people at a time.
    """
    shape = (len(people), len(competencies))
    return Snapshot(
        people=tuple(people),
        competencies=tuple(competencies),
        levels=np.full(shape, np.nan),
        not_applicable=np.zeros(shape, dtype=bool),
        interest=np.full(shape, np.nan),
        targets=target_matrix(people, competencies, roles),
        roles=tuple(roles),
        cycle=cycle,
        team=team,
        scale=scale,
        notes={},
        confirmed_age=np.zeros(shape, dtype=np.int8),
        cycle_ages=dict(packing.ages),
    )


#: Packed rows decoded per numpy batch: bounds the Python tuples alive at once (a
#: 20,000 x 300 snapshot fetched whole held ~0.5 GB of them).
BATCH = 65_536


def fill(
    snap: Snapshot,
    packing: Packing,
    packed: Iterable[tuple[int]],
    notes: Iterable[tuple[int, int, str]],
) -> None:
    """Write packed ratings and note rows into ``snap`` in place.

    Ratings are one-int rows laid out by ``packing``; notes are ``(person id, competency id,
    note)`` rows. Ratings and notes of people or competencies outside the snapshot are
    dropped.
    """
    if not snap.people or not snap.competencies:
        return
    row_of = _index(p.id for p in snap.people)
    col_of = _index(c.id for c in snap.competencies)
    it = iter(packed)
    assert snap.confirmed_age is not None
    while True:
        codes = np.fromiter(map(itemgetter(0), islice(it, BATCH)), dtype=np.int64)
        if not len(codes):
            break
        _decode(
            codes,
            packing,
            row_of,
            col_of,
            snap.levels,
            snap.not_applicable,
            snap.interest,
            snap.confirmed_age,
        )
    found = snap.notes
    for pid, cid, note in notes:
        i = row_of[pid] if pid < len(row_of) else -1
        j = col_of[cid] if cid < len(col_of) else -1
        if i >= 0 and j >= 0:
            found[(int(i), int(j))] = note


def assemble(
    *,
    people: Sequence[Person],
    competencies: Sequence[Competency],
    roles: Sequence[Role],
    cycle: Cycle | None,
    team: str | None,
    scale: Scale,
    packing: Packing,
    packed: Iterable[tuple[int]],
    notes: Iterable[tuple[int, int, str]],
) -> Snapshot:
    """The snapshot of ``people`` x ``competencies`` from packed ratings and notes.

    :func:`frame` then :func:`fill`; ``packed`` may be a cursor, read in batches.
    """
    snap = frame(
        people=people,
        competencies=competencies,
        roles=roles,
        cycle=cycle,
        team=team,
        scale=scale,
        packing=packing,
    )
    fill(snap, packing, packed, notes)
    return snap


def _decode(
    codes: np.ndarray,
    packing: Packing,
    row_of: np.ndarray,
    col_of: np.ndarray,
    levels: np.ndarray,
    na: np.ndarray,
    interest: np.ndarray,
    age: np.ndarray,
) -> None:
    """Unpack ``codes`` into the level, n/a, interest and age arrays (in place)."""
    age_code = codes & ((1 << AGE_BITS) - 1)
    codes >>= AGE_BITS
    interest_code = codes & ((1 << packing.interest_bits) - 1)
    codes >>= packing.interest_bits
    lv = codes & ((1 << packing.level_bits) - 1)
    codes >>= packing.level_bits
    cid = codes & ((1 << packing.competency_bits) - 1)
    pid = codes >> packing.competency_bits
    i = row_of[np.minimum(pid, len(row_of) - 1)]
    i[pid >= len(row_of)] = -1
    j = col_of[np.minimum(cid, len(col_of) - 1)]
    j[cid >= len(col_of)] = -1
    keep = (i >= 0) & (j >= 0)
    flat = (i * levels.shape[1] + j)[keep]
    lv, interest_code, age_code = lv[keep], interest_code[keep], age_code[keep]
    rated = lv >= 2
    levels.flat[flat[rated]] = lv[rated] - 2 + packing.scale_min
    na.flat[flat[lv == NOT_APPLICABLE]] = True
    given = interest_code > 0
    interest.flat[flat[given]] = interest_code[given] - 1
    age.flat[flat] = age_code
