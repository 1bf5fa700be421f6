"""An edit on screen at once, before it is stored (pure bookkeeping over the grid model).

The write runs off the UI thread (``ui.waiting``) and may wait for another program's lock;
meanwhile the grid already shows what the user typed. :func:`show_pending` writes the
intended values into the model's snapshot and keeps what the cells held; a refused edit
puts that back with :func:`take_back`. A stored edit needs nothing more: its
``ratingsChanged`` patches the cells with the stored values (who, when, carried flag).

Neither emits ``dataChanged``: a value not stored yet is no change for the model's other
listeners (they hear of it once, when it is stored); the grid is only repainted
(``repaint(cells)``, the grid's ``repaint_cells``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.ui.assess.model import AssessModel

#: One cell's snapshot values: (i, j, level, n/a, interest, note or None).
_Held = tuple[int, int, float, bool, float, str | None]


@dataclass(frozen=True)
class Pending:
    """What the cells of an edit shown ahead of its write held before it."""

    snapshot: Snapshot
    cells: tuple[tuple[int, int], ...]  # display (row, column)
    held: tuple[_Held, ...]


Repaint = Callable[[Sequence[tuple[int, int]]], None]


def show_pending(
    model: AssessModel,
    cells: Sequence[tuple[int, int]],
    fields: Mapping[str, Any],
    repaint: Repaint | None,
) -> Pending | None:
    """Show ``fields`` on the display ``cells`` now; None when there is nothing to show.

    ``fields`` are ``rate_many``'s: level, not_applicable, interest, note.
    """
    snap = model.snapshot
    if snap is None or not fields or not cells:
        return None
    rows, cols = model.rows(), model.cols()
    held: list[_Held] = []
    for r, c in cells:
        i, j = rows[r], cols[c]
        held.append(
            (
                i,
                j,
                float(snap.levels[i, j]),
                bool(snap.not_applicable[i, j]),
                float(snap.interest[i, j]),
                snap.notes.get((i, j)),
            )
        )
        _write(snap, i, j, fields)
    pending = Pending(snap, tuple(cells), tuple(held))
    if repaint is not None:
        repaint(pending.cells)
    return pending


def take_back(model: AssessModel, pending: Pending | None, repaint: Repaint | None) -> None:
    """Put back what the cells held before :func:`show_pending` (a refused edit)."""
    if pending is None or model.snapshot is not pending.snapshot:
        return  # another snapshot is shown now: it was read from what is stored
    snap = pending.snapshot
    for i, j, level, na, interest, note in pending.held:
        snap.levels[i, j] = level
        snap.not_applicable[i, j] = na
        snap.interest[i, j] = interest
        if note is None:
            snap.notes.pop((i, j), None)
        else:
            snap.notes[(i, j)] = note
    if repaint is not None:
        repaint(pending.cells)


def _write(snap: Snapshot, i: int, j: int, fields: Mapping[str, Any]) -> None:
    """The values ``rate_many`` stores: a level clears n/a, n/a clears the level."""
    if "level" in fields:
        level = fields["level"]
        snap.levels[i, j] = math.nan if level is None else level
        if level is not None:
            snap.not_applicable[i, j] = False
    if "not_applicable" in fields:
        snap.not_applicable[i, j] = bool(fields["not_applicable"])
        if fields["not_applicable"]:
            snap.levels[i, j] = math.nan
    if "interest" in fields:
        interest = fields["interest"]
        snap.interest[i, j] = math.nan if interest is None else interest
    if "note" in fields:
        note = (fields["note"] or "").strip()
        if note:
            snap.notes[(i, j)] = note
        else:
            snap.notes.pop((i, j), None)
