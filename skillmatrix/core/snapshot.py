"""A dense, read-only picture of one cycle's ratings for a set of people.

Analytics, figures, reports and the grid model all read this; nothing in it touches the
database. Levels are floats so that "not rated" and "not applicable" can be NaN and never
count as 0 in sums, means or coverage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from skillmatrix.core.model import Competency, Cycle, Person, Rating, Role, Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, Scale


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
        carried: (P, C) bool array or None; True where the rating was carried forward
            from an earlier cycle and has not been changed or confirmed in this one.
            None when the snapshot's source knows nothing of confirmation (all fresh).
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
    carried: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.people), len(self.competencies))

    @property
    def rated(self) -> np.ndarray:
        """(P, C) bool: a level was given."""
        return ~np.isnan(self.levels)

    @property
    def categories(self) -> list[str]:
        """Category names in the order competencies list them."""
        return list(dict.fromkeys(c.category for c in self.competencies))

    def person_index(self, person_id: int) -> int:
        return self._person_index[person_id]

    def competency_index(self, competency_id: int) -> int:
        return self._competency_index[competency_id]

    def role(self, name: str) -> Role | None:
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
        """Put a stored ``rating`` (None = no row) into cell (i, j) of this snapshot's own
        arrays and notes, in place: level, n/a, interest, note and the carried flag.

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
        if self.carried is not None:
            cycle = self.cycle
            self.carried[i, j] = bool(
                rating is not None and cycle is not None and rating.carried_in(cycle.id)
            )

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
            carried=None if self.carried is None else self.carried[idx],
        )


def target_matrix(
    people: Sequence[Person], competencies: Sequence[Competency], roles: Iterable[Role]
) -> np.ndarray:
    """(P, C) targets from each person's role and seniority; NaN where none is set.

    One numpy row per (role, seniority) group, not a Python loop per cell.
    """
    col = {c.id: j for j, c in enumerate(competencies)}
    by_name = {r.name: r for r in roles}
    groups: dict[tuple[str, Seniority], list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        if p.role in by_name:
            groups[(p.role, p.seniority)].append(i)
    out = np.full((len(people), len(competencies)), np.nan)
    for (role, seniority), rows in groups.items():
        line = np.full(len(competencies), np.nan)
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
) -> Snapshot:
    """Assemble a snapshot from plain records; ratings for unknown ids are ignored."""
    prow = {p.id: i for i, p in enumerate(people)}
    ccol = {c.id: j for j, c in enumerate(competencies)}
    shape = (len(people), len(competencies))
    levels = np.full(shape, np.nan)
    interest = np.full(shape, np.nan)
    na = np.zeros(shape, dtype=bool)
    carried = np.zeros(shape, dtype=bool)
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
            carried[i, j] = True
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
        carried=carried,
    )
