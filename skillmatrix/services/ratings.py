"""Rate people: one cell or many per transaction, each returning what changed (for undo).

A rating row that ends up with nothing in it (no level, not n/a, no interest, no note) is
deleted rather than kept empty, so "not rated" has a single representation: no row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ChangedMeanwhileError, NotFoundError, ValidationError
from skillmatrix.core.model import Rating, Source
from skillmatrix.core.scale import INTEREST_LABELS, INTEREST_MAX, Scale
from skillmatrix.services.rating_changes import RatingChange, Restore, same_values
from skillmatrix.services.unset import UNSET, Unset
from skillmatrix.store import models, repo_cycles, repo_ratings
from skillmatrix.store.database import Database


def _source(source: Source | str) -> Source:
    try:
        return Source(source)
    except ValueError:
        raise ValidationError(
            f"{source!r} is not a rating source (expected manager or self)"
        ) from None


def _check_level(db: Database, level: int | None) -> None:
    if level is None:
        return
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValidationError(f"{level!r} is not a level")
    db.scale.level(level)  # ValidationError naming the scale when outside it


def _check_interest(interest: int | None) -> None:
    if interest is None:
        return
    if isinstance(interest, bool) or not isinstance(interest, int):
        raise ValidationError(f"{interest!r} is not an interest value")
    if not 0 <= interest <= INTEREST_MAX:
        raise ValidationError(f"interest {interest} is outside 0-{INTEREST_MAX}")


def _is_empty(r: Rating) -> bool:
    return r.level is None and not r.not_applicable and r.interest is None and not r.note


def _check_cells(s: Session, cells: Sequence[tuple[int, int]]) -> None:
    """NotFoundError for the first person or competency id that does not exist."""
    if not cells:
        return
    for model, ids, what in (
        (models.Person, {p for p, _ in cells}, "person"),
        (models.Competency, {c for _, c in cells}, "competency"),
    ):
        found = set(s.scalars(select(model.id).where(model.id.in_(ids))))
        missing = sorted(ids - found)
        if missing:
            raise NotFoundError(f"no {what} #{missing[0]}")


def rate_many(
    db: Database,
    *,
    cycle_id: int,
    cells: Sequence[tuple[int, int]],
    level: int | Unset | None = UNSET,
    not_applicable: bool | Unset = UNSET,
    interest: int | Unset | None = UNSET,
    note: str | Unset | None = UNSET,
    source: Source | str = Source.MANAGER,
    rated_by: str = "",
    expect: Mapping[tuple[int, int], Rating | None] | None = None,
) -> list[RatingChange]:
    """Apply the same change to many (person_id, competency_id) cells in one transaction.

    ``expect`` gives, for some cells, what the caller loaded (a grid's cell; None: not
    rated): a cell whose stored level, n/a, interest or note differs is changed by someone
    else since, and nothing is saved (``ChangedMeanwhileError`` names who and when).
    Whatever the caller expects, each write is a compare-and-set on the row version read
    in the transaction, so a concurrent writer's change is never overwritten either.

    Fields left ``UNSET`` keep their value. Setting a level clears n/a; setting n/a clears
    the level; ``level=None`` clears the level. ``rated_on`` becomes today (only for cells
    whose values really change); ``rated_by`` is kept when not given.

    Returns:
        One change per distinct cell, in the order given.

    Raises:
        ValidationError: bad level, interest or source (checked before any write).
        ReadOnlyError: the cycle is closed.
        NotFoundError: unknown cycle, person or competency.
        ChangedMeanwhileError: a cell changed since it was loaded (``expect``) or read.
    """
    src = _source(source)
    rated_by = _rater(db, rated_by)
    if level is not UNSET:
        _check_level(db, level)
    if interest is not UNSET:
        _check_interest(interest)
    if isinstance(level, int) and not_applicable is True:
        raise ValidationError("a rating cannot have a level and be not applicable")
    cells = list(dict.fromkeys((int(p), int(c)) for p, c in cells))
    sets_value = level is not UNSET or not_applicable is not UNSET
    today = dt.date.today()
    with db.session() as s:
        repo_cycles.writable_cycle_row(s, cycle_id)
        current = repo_ratings.existing(s, cycle_id=cycle_id, source=src, cells=cells)
        # A stored rating proves its person and competency exist: only the others are
        # looked up (an edit of a rated cell: two statements fewer).
        _check_cells(s, [cell for cell in cells if cell not in current])
        for cell, loaded in (expect or {}).items():
            if cell in current or loaded is not None:
                _check_unchanged(s, db, cycle_id, src, cell, current.get(cell), loaded)
        changes: list[RatingChange] = []
        for pid, cid in cells:
            before = current[(pid, cid)][1] if (pid, cid) in current else None
            after = before or Rating(person_id=pid, competency_id=cid, source=src)
            if level is not UNSET:
                after = replace(after, level=level)
                if level is not None:
                    after = replace(after, not_applicable=False)
            if not_applicable is not UNSET:
                after = replace(after, not_applicable=bool(not_applicable))
                if not_applicable:
                    after = replace(after, level=None)
            if interest is not UNSET:
                after = replace(after, interest=interest)
            if note is not UNSET:
                after = replace(after, note=(note or "").strip())
            if _is_empty(after):
                new: Rating | None = None
            elif after == before:
                new = before  # nothing changed: keep who rated it and when
                if before is not None and sets_value and before.carried_in(cycle_id):
                    # Typing the level a carried rating already has confirms it.
                    new = _confirmed(before, cycle_id, today, rated_by)
            elif before is not None and not sets_value:
                # Only interest or note changed: the level was not looked at, so its
                # confirmation (cycle and day) stays; a carried rating stays carried.
                new = replace(
                    after,
                    rated_on=today,
                    rated_by=rated_by or after.rated_by,
                    confirmed_on=before.confirmed_date,
                )
            else:
                # A change is its own confirmation (None: this cycle, on rated_on).
                new = replace(
                    after,
                    rated_on=today,
                    rated_by=rated_by or after.rated_by,
                    confirmed_cycle_id=None,
                    confirmed_on=None,
                )
            changes.append(RatingChange(cycle_id, pid, cid, src, before, new))
        repo_ratings.write(
            s,
            cycle_id=cycle_id,
            source=src,
            new=[((c.person_id, c.competency_id), c.after) for c in changes if c.changed],
            current=current,
            action="rate",
            who=rated_by,
        )
        return changes


def _rater(db: Database, given: str) -> str:
    """Who the ratings are by.

    On a shared database its login (the database records that whatever is sent), else who
    the caller says.
    """
    return db.identity if db.shared else given


def _confirmed(r: Rating, cycle_id: int, today: dt.date, rated_by: str) -> Rating:
    return replace(
        r, confirmed_cycle_id=cycle_id, confirmed_on=today, rated_by=rated_by or r.rated_by
    )


def confirm_many(
    db: Database,
    *,
    cycle_id: int,
    cells: Sequence[tuple[int, int]],
    source: Source | str = Source.MANAGER,
    rated_by: str = "",
    expect: Mapping[tuple[int, int], Rating | None] | None = None,
) -> list[RatingChange]:
    """Confirm carried-forward ratings unchanged ("still true") in one transaction.

    ``expect``: what the caller loaded, as for :func:`rate_many`.

    Only cells whose rating was carried into ``cycle_id`` and not yet confirmed there
    change: their values and ``rated_on`` stay, ``confirmed_cycle_id``/``confirmed_on``
    become this cycle and today. Cells with no rating, or already confirmed, are left as
    they are (their change is not ``changed``).

    Returns:
        One change per distinct cell, in the order given (undo restores the old rows).

    Raises:
        ReadOnlyError: the cycle is closed.
        NotFoundError: unknown cycle, person or competency.
    """
    src = _source(source)
    rated_by = _rater(db, rated_by)
    cells = list(dict.fromkeys((int(p), int(c)) for p, c in cells))
    today = dt.date.today()
    with db.session() as s:
        repo_cycles.writable_cycle_row(s, cycle_id)
        _check_cells(s, cells)
        current = repo_ratings.existing(s, cycle_id=cycle_id, source=src, cells=cells)
        for cell, loaded in (expect or {}).items():
            if cell in current or loaded is not None:
                _check_unchanged(s, db, cycle_id, src, cell, current.get(cell), loaded)
        changes: list[RatingChange] = []
        for cell in cells:
            before = current[cell][1] if cell in current else None
            after = before
            if before is not None and before.carried_in(cycle_id):
                after = _confirmed(before, cycle_id, today, rated_by)
            changes.append(RatingChange(cycle_id, *cell, src, before, after))
        repo_ratings.write(
            s,
            cycle_id=cycle_id,
            source=src,
            new=[((c.person_id, c.competency_id), c.after) for c in changes if c.changed],
            current=current,
            action="confirm",
            who=rated_by,
        )
        return changes


def rate(
    db: Database,
    *,
    cycle_id: int,
    person_id: int,
    competency_id: int,
    level: int | Unset | None = UNSET,
    not_applicable: bool | Unset = UNSET,
    interest: int | Unset | None = UNSET,
    note: str | Unset | None = UNSET,
    source: Source | str = Source.MANAGER,
    rated_by: str = "",
) -> RatingChange:
    """Change one person's rating in one competency (see ``rate_many`` for the rules)."""
    return rate_many(
        db,
        cycle_id=cycle_id,
        cells=[(person_id, competency_id)],
        level=level,
        not_applicable=not_applicable,
        interest=interest,
        note=note,
        source=source,
        rated_by=rated_by,
    )[0]


def restore_rating(
    db: Database,
    *,
    cycle_id: int,
    source: Source | str,
    person_id: int,
    competency_id: int,
    rating: Rating | None,
    action: str = "undo",
) -> RatingChange:
    """Put a cell back exactly as ``rating`` (undo); ``None`` deletes the row.

    Raises:
        ValidationError: ``rating`` is for another cell or source, or has invalid values.
        ReadOnlyError: the cycle is closed.
    """
    return restore_many(
        db, [Restore(cycle_id, source, person_id, competency_id, rating)], action=action
    )[0]


def restore_many(
    db: Database, restores: Sequence[Restore], *, action: str = "undo"
) -> list[RatingChange]:
    """Put many cells back in ONE transaction (undo/redo of a multi-cell edit).

    Either every cell is restored or none is.

    A restore with ``expect`` is a compare-and-set: the stored cell is compared with it in
    the same transaction, so a value another program or window stored since is never
    overwritten.

    Raises:
        ValidationError: a rating belongs to another cell or source, or has invalid values.
        ReadOnlyError: a cycle is closed.
        ChangedMeanwhileError: a cell no longer holds what ``expect`` says (names it).
    """
    for r in restores:
        src = _source(r.source)
        rating = r.rating
        if rating is None:
            continue
        if (rating.person_id, rating.competency_id, rating.source) != (
            r.person_id,
            r.competency_id,
            src,
        ):
            raise ValidationError("the rating to restore belongs to another cell or source")
        _check_level(db, rating.level)
        _check_interest(rating.interest)
        if rating.not_applicable and rating.level is not None:
            raise ValidationError("a rating cannot have a level and be not applicable")
    groups: dict[tuple[int, Source], list[Restore]] = {}
    for r in restores:
        groups.setdefault((r.cycle_id, _source(r.source)), []).append(r)
    changes: dict[int, RatingChange] = {}
    order = {id(r): n for n, r in enumerate(restores)}
    with db.session() as s:
        for (cycle_id, src), items in groups.items():
            repo_cycles.writable_cycle_row(s, cycle_id)
            cells = [(r.person_id, r.competency_id) for r in items]
            _check_cells(s, cells)
            current = repo_ratings.existing(s, cycle_id=cycle_id, source=src, cells=cells)
            for cell, r in zip(cells, items, strict=True):
                if r.expect is not UNSET:
                    _check_unchanged(s, db, cycle_id, src, cell, current.get(cell), r.expect)
            repo_ratings.write(
                s,
                cycle_id=cycle_id,
                source=src,
                new=[(cell, r.rating) for cell, r in zip(cells, items, strict=True)],
                current=current,
                action=action,
            )
            for cell, r in zip(cells, items, strict=True):
                before = current[cell][1] if cell in current else None
                changes[order[id(r)]] = RatingChange(cycle_id, *cell, src, before, r.rating)
    return [changes[n] for n in range(len(restores))]


def describe_cell_value(rating: Rating | None, scale: Scale) -> str:
    """A cell's value in words: "3 Proficient", "n/a", "not rated", plus interest/note."""
    if rating is None or (rating.level is None and not rating.not_applicable):
        head = "not rated"
    elif rating.not_applicable:
        head = "n/a"
    else:
        assert rating.level is not None
        head = f"{rating.level} {scale.label(rating.level)}"
    extra = []
    if rating is not None and rating.interest is not None:
        extra.append(f"interest {INTEREST_LABELS.get(rating.interest, rating.interest)}")
    if rating is not None and rating.note:
        extra.append("a note")
    return head + (f" ({', '.join(extra)})" if extra else "")


def _check_unchanged(
    s: Session,
    db: Database,
    cycle_id: int,
    source: Source,
    cell: tuple[int, int],
    stored: repo_ratings.Stored | None,
    expect: Rating | None,
) -> None:
    """Raise ChangedMeanwhileError when the cell no longer holds ``expect``'s values.

    The error names who changed it and when (from the history) and what it holds now.
    """
    now = stored[1] if stored is not None else None
    if same_values(now, expect):
        return
    scale = db.scale
    error = ChangedMeanwhileError(
        f"{repo_ratings.changed_by_text(s, cycle_id, source, cell)}: it is now "
        f"{describe_cell_value(now, scale)}, not {describe_cell_value(expect, scale)}; "
        "nothing was changed"
    )
    error.cells = ((cycle_id, source, *cell),)
    raise error


def get_rating(
    db: Database,
    *,
    cycle_id: int,
    person_id: int,
    competency_id: int,
    source: Source | str = Source.MANAGER,
) -> Rating | None:
    """One cell's rating, or None when there is no row."""
    with db.reading() as s:
        return repo_ratings.get_rating(
            s,
            cycle_id=cycle_id,
            source=_source(source),
            person_id=person_id,
            competency_id=competency_id,
        )


def list_ratings(db: Database, cycle_id: int, source: Source | str | None = None) -> list[Rating]:
    """A cycle's ratings (one source or both), ordered by source, person, competency.

    Raises:
        NotFoundError: no such cycle.
    """
    with db.reading() as s:
        repo_cycles.cycle_row(s, cycle_id)
        return repo_ratings.list_ratings(s, cycle_id, _source(source) if source else None)
