"""A dense, read-only picture of one cycle's ratings for a set of people.

Analytics, figures, reports and the grid model all read this; nothing in it touches the
database. Levels are floats so that "not rated" and "not applicable" can be NaN and never
count as 0 in sums, means or coverage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from skillmatrix.core.model import Competency, Cycle, Person, Rating, Role, Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, Scale

#: The age of a confirmation whose cycle is unknown (deleted): older than any setting.
AGE_UNKNOWN = 15


def ages_before(cycles: Sequence[Cycle], cycle: Cycle | None) -> dict[int, int]:
    """Cycle id -> how many cycles before ``cycle`` it is, for ``cycles`` in order."""
    ids = [c.id for c in cycles]
    if cycle is None or cycle.id not in ids:
        return {}
    here = ids.index(cycle.id)
    return {cid: min(here - k, AGE_UNKNOWN) for k, cid in enumerate(ids[:here])}


class CellChange(Protocol):
    """A stored change of one rating cell (``services.rating_changes.RatingChange``)."""

    @property
    def cycle_id(self) -> int:
        """The cycle the cell belongs to."""
        ...

    @property
    def person_id(self) -> int:
        """The person (row)."""
        ...

    @property
    def competency_id(self) -> int:
        """The competency (column)."""
        ...

    @property
    def source(self) -> object:
        """Whose rating it is ("manager" or "self"; str() of it)."""
        ...

    @property
    def after(self) -> Rating | None:
        """The stored rating after the change (None: no row)."""
        ...


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Ratings of ``people`` x ``competencies`` in one cycle, from one source.

    Attributes:
        levels: (P, C) float array; NaN where not rated or not applicable.
        not_applicable: (P, C) bool array; True where marked N/A.
        interest: (P, C) float array; NaN where no interest was given.
        targets: (P, C) float array; the person's role target for their seniority,
            NaN where their role sets no target for that competency.
        notes: sparse notes keyed by (person index, competency index).
        confirmed_age: (P, C) int8 array or None: how many cycles ago each rating was
            last set or confirmed (0: in this cycle; :data:`AGE_UNKNOWN` for a cycle that
            no longer exists). Only meaningful where a rating exists. None: unknown, all
            counted as fresh.
        cycle_ages: the age of each earlier cycle id relative to ``cycle`` (to patch
            ``confirmed_age`` when an undo puts back an older confirmation).
    """

    people: tuple[Person, ...]
    competencies: tuple[Competency, ...]
    levels: np.ndarray
    not_applicable: np.ndarray
    interest: np.ndarray
    targets: np.ndarray
    roles: tuple[Role, ...] = ()
    cycle: Cycle | None = None
    team: str | None = None
    scale: Scale = DEFAULT_SCALE
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    confirmed_age: np.ndarray | None = None
    cycle_ages: dict[int, int] = field(default_factory=dict)

    @property
    def carried(self) -> np.ndarray | None:
        """(P, C) bool: carried forward and not changed or confirmed in this cycle."""
        return None if self.confirmed_age is None else self.confirmed_age > 0

    def stale(self, cycles: int) -> np.ndarray:
        """(P, C) bool: ratings not confirmed within the last ``cycles`` cycles."""
        given = ~np.isnan(self.levels) | self.not_applicable
        if self.confirmed_age is None:
            return np.zeros(self.shape, dtype=bool)
        stale: np.ndarray = given & (self.confirmed_age >= cycles)
        return stale

    def age_of(self, rating: Rating) -> int:
        """Cycles since ``rating`` was last set or confirmed, seen from this cycle."""
        confirmed = rating.confirmed_cycle_id
        if confirmed is None or self.cycle is None or confirmed == self.cycle.id:
            return 0
        return self.cycle_ages.get(confirmed, AGE_UNKNOWN)

    @property
    def shape(self) -> tuple[int, int]:
        """(people, competencies)."""
        return (len(self.people), len(self.competencies))

    @property
    def rated(self) -> np.ndarray:
        """(P, C) bool: a level was given."""
        rated: np.ndarray = ~np.isnan(self.levels)
        return rated

    @property
    def categories(self) -> list[str]:
        """Category names in the order competencies list them."""
        return list(dict.fromkeys(c.category for c in self.competencies))

    def person_index(self, person_id: int) -> int:
        """The row of person ``person_id``."""
        return self._person_index[person_id]

    def competency_index(self, competency_id: int) -> int:
        """The column of competency ``competency_id``."""
        return self._competency_index[competency_id]

    def role(self, name: str) -> Role | None:
        """The role named ``name``, or None."""
        return next((r for r in self.roles if r.name == name), None)

    @property
    def _person_index(self) -> dict[int, int]:
        cache = self.__dict__.get("_pidx")
        if cache is None:
            cache = {p.id: i for i, p in enumerate(self.people)}
            object.__setattr__(self, "_pidx", cache)
        return cache

    @property
    def _competency_index(self) -> dict[int, int]:
        cache = self.__dict__.get("_cidx")
        if cache is None:
            cache = {c.id: i for i, c in enumerate(self.competencies)}
            object.__setattr__(self, "_cidx", cache)
        return cache

    def write_cell(self, i: int, j: int, rating: Rating | None) -> None:
        """Put a stored ``rating`` (None = no row) into cell (i, j) of this snapshot, in place.

        Writes this snapshot's own arrays and notes: level, n/a, interest, note and the
        carried flag.

        The one place a rating becomes snapshot values after an edit; whoever holds this
        snapshot sees the new values.
        """
        level = None if rating is None or rating.not_applicable else rating.level
        interest = rating.interest if rating is not None else None
        self.levels[i, j] = np.nan if level is None else level
        self.not_applicable[i, j] = bool(rating and rating.not_applicable)
        self.interest[i, j] = np.nan if interest is None else interest
        if rating is not None and rating.note:
            self.notes[(i, j)] = rating.note
        else:
            self.notes.pop((i, j), None)
        if self.confirmed_age is not None:
            self.confirmed_age[i, j] = 0 if rating is None else self.age_of(rating)

    def apply(self, changes: Iterable[CellChange], source: str) -> list[tuple[int, int]]:
        """Write the stored ``changes`` of this snapshot's cycle and ``source`` into it, in place.

        The one patcher of a loaded snapshot: changes of another cycle or source, or of a
        person or competency it does not hold, are skipped. The cost is per change, not per
        cell; whoever holds this snapshot sees the new values.

        Returns:
            The (row, column) of each cell written, in the order given.
        """
        if self.cycle is None:
            return []
        cycle_id, people, comps = self.cycle.id, self._person_index, self._competency_index
        cells: list[tuple[int, int]] = []
        for change in changes:
            if change.cycle_id != cycle_id or str(change.source) != source:
                continue
            i, j = people.get(change.person_id), comps.get(change.competency_id)
            if i is None or j is None:
                continue
            self.write_cell(i, j, change.after)
            cells.append((i, j))
        return cells

    def subset(self, person_mask: np.ndarray) -> Snapshot:
        """The same snapshot restricted to the people where ``person_mask`` is True."""
        idx = np.flatnonzero(person_mask)
        remap = {int(old): new for new, old in enumerate(idx)}
        return Snapshot(
            people=tuple(self.people[i] for i in idx),
            competencies=self.competencies,
            levels=self.levels[idx],
            not_applicable=self.not_applicable[idx],
            interest=self.interest[idx],
            targets=self.targets[idx],
            roles=self.roles,
            cycle=self.cycle,
            team=self.team,
            scale=self.scale,
            notes={(remap[p], c): n for (p, c), n in self.notes.items() if p in remap},
            confirmed_age=None if self.confirmed_age is None else self.confirmed_age[idx],
            cycle_ages=self.cycle_ages,
        )


def target_matrix(
    people: Sequence[Person], competencies: Sequence[Competency], roles: Iterable[Role]
) -> np.ndarray:
    """(P, C) targets from each person's role and seniority; NaN where none is set.

    One numpy row per (role, seniority) group, not a Python loop per cell.
    """
    col = {c.id: j for j, c in enumerate(competencies)}
    by_name = {r.name: r for r in roles}
    # Unknown seniority (None) finds no targets: that person is judged against none.
    groups: dict[tuple[str, Seniority | None], list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        if p.role in by_name:
            groups[(p.role, p.seniority)].append(i)
    out = np.full((len(people), len(competencies)), np.nan)
    for (role, seniority), rows in groups.items():
        line = np.full(len(competencies), np.nan)
        if seniority is None:
            continue
        for cid, level in by_name[role].targets.get(seniority, {}).items():
            if cid in col:
                line[col[cid]] = level
        out[rows] = line
    return out


def build_snapshot(
    people: Sequence[Person],
    competencies: Sequence[Competency],
    ratings: Iterable[Rating],
    roles: Sequence[Role] = (),
    *,
    cycle: Cycle | None = None,
    team: str | None = None,
    scale: Scale = DEFAULT_SCALE,
    cycle_ages: dict[int, int] | None = None,
) -> Snapshot:
    """Assemble a snapshot from plain records; ratings for unknown ids are ignored.

    ``cycle_ages`` gives the age of earlier cycles (see :func:`ages_before`); a carried
    rating whose cycle it does not know counts as :data:`AGE_UNKNOWN` cycles old.
    """
    prow = {p.id: i for i, p in enumerate(people)}
    ccol = {c.id: j for j, c in enumerate(competencies)}
    shape = (len(people), len(competencies))
    levels = np.full(shape, np.nan)
    interest = np.full(shape, np.nan)
    na = np.zeros(shape, dtype=bool)
    age = np.zeros(shape, dtype=np.int8)
    ages = dict(cycle_ages or {})
    notes: dict[tuple[int, int], str] = {}
    for r in ratings:
        i = prow.get(r.person_id)
        j = ccol.get(r.competency_id)
        if i is None or j is None:
            continue
        if r.not_applicable:
            na[i, j] = True
        elif r.level is not None:
            levels[i, j] = r.level
        if r.interest is not None:
            interest[i, j] = r.interest
        if r.note:
            notes[(i, j)] = r.note
        if cycle is not None and r.carried_in(cycle.id):
            age[i, j] = ages.get(r.confirmed_cycle_id or 0, AGE_UNKNOWN)
    return Snapshot(
        people=tuple(people),
        competencies=tuple(competencies),
        levels=levels,
        not_applicable=na,
        interest=interest,
        targets=target_matrix(people, competencies, roles),
        roles=tuple(roles),
        cycle=cycle,
        team=team,
        scale=scale,
        notes=notes,
        confirmed_age=age,
        cycle_ages=ages,
    )
