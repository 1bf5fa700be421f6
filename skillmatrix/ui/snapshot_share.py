"""One snapshot for the views that show the same cycle, team and source.

At 20,000 people x 300 competencies a snapshot is ~160 MB of arrays. The Assess grid and
the Insights view both keep the current cycle's; without sharing, having both open held
two copies. Assess offers its snapshot once every row is read; Insights takes it instead
of reading the same rows again. Both patch a shared snapshot with the same stored values
(``Snapshot.write_cell``, idempotent), so each stays right whichever patches first.

An offer is valid only for the data it was read from: ``AppContext`` calls
:func:`invalidate` first thing on every change of people, framework, cycles or database
(its own connection is made before any view's), and an offer made for an older
generation is dropped.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy stays off the first screen's path
    from skillmatrix.core.snapshot import Snapshot

#: (database, cycle id, team, source) -> the snapshot (weak: a view dropping it frees it)
_offers: dict[tuple[int, int, str | None, str], weakref.ref[Snapshot]] = {}
_generation = [0]


def generation() -> int:
    """The current data generation (take it before reading what will be offered)."""
    return _generation[0]


def invalidate(*_args: object) -> None:
    """The data changed: forget every offer (a slot for any signal)."""
    _generation[0] += 1
    _offers.clear()


def offer(db: Any, snap: Snapshot, *, team: str | None, source: str, since: int) -> None:
    """Share ``snap`` (read at generation ``since``) for ``db``'s cycle, team, source."""
    if since != _generation[0] or snap.cycle is None:
        return
    _offers[(id(db), snap.cycle.id, team, source)] = weakref.ref(snap)


def find(db: Any, cycle_id: int | None, team: str | None, source: str) -> Snapshot | None:
    """The snapshot another view offered for this key, if it is still alive."""
    if cycle_id is None:
        return None
    ref = _offers.get((id(db), cycle_id, team, source))
    return ref() if ref is not None else None
