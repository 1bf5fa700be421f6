"""Apply stored rating changes to a snapshot without reading the database again (no Qt).

After one edit the Insights view needs the new levels at once: re-loading the whole
cycle costs a query per edit (seconds at 5,000 people), copying the arrays costs
microseconds at 100 x 50 and about 6 ms at 5,000 x 300, so the view's cache is patched in
place (:func:`patch_snapshot`); :func:`apply_changes` leaves the given snapshot untouched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from skillmatrix.core.model import Rating
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.rating_changes import RatingChange


@dataclass(frozen=True, slots=True)
class CellUpdate:
    """One changed cell of a snapshot, by snapshot index."""

    i: int
    j: int
    level: float | None
    not_applicable: bool


def cell_value(rating: Rating | None) -> tuple[float | None, bool, float | None, str]:
    """(level, not applicable, interest, note) of a stored rating (None = no row)."""
    if rating is None:
        return None, False, None, ""
    level = None if rating.level is None or rating.not_applicable else float(rating.level)
    interest = None if rating.interest is None else float(rating.interest)
    return level, rating.not_applicable, interest, rating.note


def relevant(
    changes: Iterable[RatingChange], snapshot: Snapshot, source: str
) -> list[RatingChange]:
    """The changes that belong to ``snapshot``: same cycle, same source, known cell."""
    cycle = snapshot.cycle
    if cycle is None:
        return []
    people, comps = snapshot._person_index, snapshot._competency_index
    return [
        c
        for c in changes
        if c.cycle_id == cycle.id
        and str(c.source) == source
        and c.person_id in people
        and c.competency_id in comps
    ]


def apply_changes(
    snapshot: Snapshot, changes: Sequence[RatingChange]
) -> tuple[Snapshot, list[CellUpdate]]:
    """A new snapshot with ``changes`` applied (the given one is left untouched).

    Args:
        snapshot: the picture to update.
        changes: changes already filtered with :func:`relevant` (others raise KeyError).

    Returns:
        The new snapshot (``snapshot`` itself when there is nothing to apply) and the
        cells that changed, by snapshot index, in the order given.
    """
    if not changes:
        return snapshot, []
    new = dataclasses.replace(
        snapshot,
        levels=snapshot.levels.copy(),
        not_applicable=snapshot.not_applicable.copy(),
        interest=snapshot.interest.copy(),
        notes=dict(snapshot.notes),
        confirmed_age=None if snapshot.confirmed_age is None else snapshot.confirmed_age.copy(),
    )
    return new, patch_snapshot(new, changes)


def patch_snapshot(snapshot: Snapshot, changes: Sequence[RatingChange]) -> list[CellUpdate]:
    """Apply ``changes`` to ``snapshot``'s own arrays and notes, in place.

    The cost is per change, not per cell of the snapshot.

    Args:
        snapshot: the picture to change (everyone holding it sees the new values).
        changes: changes already filtered with :func:`relevant` (others raise KeyError).

    Returns:
        The cells that changed, by snapshot index, in the order given.
    """
    cells: list[CellUpdate] = []
    for change in changes:
        i = snapshot.person_index(change.person_id)
        j = snapshot.competency_index(change.competency_id)
        snapshot.write_cell(i, j, change.after)
        level, not_applicable, _wish, _note = cell_value(change.after)
        cells.append(CellUpdate(i, j, level, not_applicable))
    return cells
