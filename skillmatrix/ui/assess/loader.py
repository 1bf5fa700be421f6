"""What the Assess view loads for the current context, and the texts that describe it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.model import Person, Source
from skillmatrix.core.scale import Scale
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.snapshots import Head, load_snapshot, snapshot_size, stream_snapshot
from skillmatrix.ui.assess.editing import read_only_reason
from skillmatrix.ui.context import AppContext

SOURCE_NAMES = {"manager": "Manager ratings", "self": "Self-assessments", "both": "Manager vs self"}


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a load gives the grid.

    The snapshot to show (``source``), the self snapshot to compare in "both" mode, or the
    reason nothing could be loaded.
    """

    snapshot: Snapshot | None
    compare: Snapshot | None
    source: Source
    error: str = ""


def load(ctx: AppContext, cancelled: Callable[[], bool] | None = None) -> Loaded:
    """Load the current cycle (the latest when none is chosen), team and source.

    ``cancelled`` returning True stops a read of a SQLite file early.
    """
    source = Source.SELF if ctx.source == "self" else Source.MANAGER
    if ctx.db is None:
        return Loaded(None, None, source)
    cycle = ctx.cycle.id if ctx.cycle is not None else None
    try:
        snap = load_snapshot(ctx.db, cycle=cycle, team=ctx.team, source=source, cancelled=cancelled)
        other = None
        if ctx.source == "both":
            other = load_snapshot(
                ctx.db, cycle=cycle, team=ctx.team, source=Source.SELF, cancelled=cancelled
            )
    except SkillMatrixError as exc:
        return Loaded(None, None, source, str(exc))
    return Loaded(snap, other, source)


@dataclass(frozen=True, slots=True)
class Streamed:
    """One batch of a streamed load.

    ``indices`` (snapshot people) are now filled in ``snapshot``, the same object every
    batch of one load.
    """

    snapshot: Snapshot
    source: Source
    indices: list[int]
    #: How many people the whole snapshot has.
    people: int
    #: The snapshot holds only the first people in display order (the head).
    head: bool = False
    #: The first batch of everybody: the display order used (the UI need not sort again).
    order: list[int] | None = None


def stream(
    ctx: AppContext,
    order: Callable[[Sequence[Person]], Sequence[int]],
    head: Head | None,
    send: Callable[[Streamed], None],
    cancelled: Callable[[], bool],
) -> Loaded | None:
    """``load`` a batch of people at a time, ``order``'s first (run in a worker thread).

    ``send`` gets each batch as it is read; returns what ``load`` would (None when
    cancelled). "both" mode and non-SQLite databases load whole (``send`` is not called).
    """
    source = Source.SELF if ctx.source == "self" else Source.MANAGER
    if ctx.db is None or ctx.source == "both":
        return load(ctx, cancelled)
    cycle = ctx.cycle.id if ctx.cycle is not None else None
    used: list[list[int]] = []

    def ordered(people: Sequence[Person]) -> list[int]:
        used.append(list(order(people)))
        return used[-1]

    steps = stream_snapshot(
        ctx.db,
        cycle=cycle,
        team=ctx.team,
        source=source,
        order=ordered,
        head=head,
        cancelled=cancelled,
    )
    if steps is None:
        return load(ctx, cancelled)
    snap = None
    try:
        for step in steps:
            snap = step.snapshot
            rows = used.pop() if used and not step.head else None
            send(Streamed(snap, source, step.indices, step.people, step.head, rows))
            if cancelled():
                steps.close()
                return None
    except SkillMatrixError as exc:
        return Loaded(None, None, source, str(exc))
    return Loaded(snap, None, source)


def loading_message(loaded: int, people: int) -> str:
    """The banner while rows stream in."""
    return (
        f"Loading ratings… {loaded:,} of {people:,} people — editing starts when all have arrived"
    )


def cells_to_load(ctx: AppContext) -> int:
    """People x competencies of the next load (both sources count twice)."""
    people, competencies = snapshot_size(ctx.db, team=ctx.team)
    return people * competencies * (2 if ctx.source == "both" else 1)


def title(ctx: AppContext, snap: Snapshot | None) -> str:
    """What the grid shows, e.g. "2026-Q3 · Manager ratings · Payments"."""
    cycle = snap.cycle.name if snap is not None and snap.cycle else "No cycle"
    return " · ".join((cycle, SOURCE_NAMES.get(ctx.source, ctx.source), ctx.team or "All teams"))


def standing_message(loaded: Loaded) -> tuple[str | None, bool]:
    """The banner's standing text (None: no banner) and whether it is an error."""
    if loaded.error:
        return f"Cannot show the ratings: {loaded.error}", True
    snap = loaded.snapshot
    if snap is None:
        return None, False
    reason = read_only_reason(snap)
    if reason and snap.cycle is not None:
        reason += " — reopen the cycle to correct its ratings"
    return reason, False


def empty_message(snap: Snapshot | None) -> str:
    """What to do when there is nothing to rate ("" when there is)."""
    if snap is not None and not snap.people:
        return "Nobody to rate yet — add people in the Team view."
    if snap is not None and not snap.competencies:
        return "No competencies yet — install a role framework in the Framework view."
    return ""


def key_hints(scale: Scale) -> str:
    """The short keyboard reminder shown in the grid's corner."""
    return (
        f"<b>{scale.min}–{scale.max}</b> rate · <b>Del</b> clear<br><b>N</b> n/a · "
        "<b>I</b> interest<br><b>Enter</b> note<br>Shift/Ctrl: many cells"
    )
