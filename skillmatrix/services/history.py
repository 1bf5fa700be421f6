"""Read the history: who changed which rating cell, person, competency, target or cycle.

When, from what to what, and how (``rating_history`` and ``change_history``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.model import Source
from skillmatrix.store import models
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import find
from skillmatrix.store.repo_changes import KIND_GROUPS
from skillmatrix.store.repo_people import find_person

H = models.RatingHistory
C = models.ChangeHistory

#: What ``history --kind`` selects.
HistoryKind = Literal["ratings", "people", "framework", "cycles", "all"]
HISTORY_KINDS: tuple[str, ...] = get_args(HistoryKind)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change.

    A rating's has its cell and source; any other names the person or the competency it
    concerns (the other is empty; both for a cycle's).
    """

    when: dt.datetime
    who: str
    action: str  # a rating's: "rate", "undo", ...; others "person.edit", "cycle.close", ...
    cycle: str
    person: str
    competency: str
    source: Source | None  # None: not a rating
    old: str  # "3", "n/a", "not rated" (+ interest / note when they changed); or JSON
    new: str
    kind: str = "rating"  # or change_history's entity kind: person, competency, target, cycle


def _value(level: int | None, na: bool) -> str:
    return "n/a" if na else "not rated" if level is None else str(level)


def _describe(value: tuple[Any, ...], other: tuple[Any, ...]) -> str:
    """``value`` (level, n/a, interest, note) as text.

    Interest and note only where they differ from ``other``.
    """
    level, na, interest, note = value
    text = _value(level, na)
    if interest != other[2]:
        text += f", interest {'none' if interest is None else interest}"
    if note != other[3]:
        text += f", note {note!r}" if note else ", no note"
    return text


def rating_history(
    db: Database,
    *,
    person: str | None = None,
    competency: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
    cell: tuple[int, int] | None = None,
) -> list[HistoryEntry]:
    """Changes, newest first, optionally of one person, competency or cell.

    A person by name or email and/or a competency, or one ``cell`` (person id, competency
    id: the grid's tooltip).

    Raises:
        NotFoundError: no such person or competency (with a "did you mean").
    """
    with db.reading() as s:  # a read: never waits for a writer's lock
        person_id = find_person(s, person).id if person is not None else None
        competency_id = (
            find(s, models.Competency, competency, "competency").id
            if competency is not None
            else None
        )
        return _rating_entries(s, person_id, competency_id, cell, since, limit)


def _rating_entries(
    s: Session,
    person_id: int | None,
    competency_id: int | None,
    cell: tuple[int, int] | None,
    since: dt.date | None,
    limit: int | None,
) -> list[HistoryEntry]:
    stmt = (
        select(
            H.at,
            H.who,
            H.action,
            models.Cycle.name,
            models.Person.name,
            models.Competency.name,
            H.source,
            H.old_level,
            H.old_na,
            H.old_interest,
            H.old_note,
            H.new_level,
            H.new_na,
            H.new_interest,
            H.new_note,
        )
        .join(models.Cycle, models.Cycle.id == H.cycle_id)
        .join(models.Person, models.Person.id == H.person_id)
        .join(models.Competency, models.Competency.id == H.competency_id)
    )
    if person_id is not None:
        stmt = stmt.where(H.person_id == person_id)
    if competency_id is not None:
        stmt = stmt.where(H.competency_id == competency_id)
    if cell is not None:
        stmt = stmt.where(H.person_id == cell[0], H.competency_id == cell[1])
    if since is not None:
        stmt = stmt.where(H.at >= dt.datetime.combine(since, dt.time()))
    stmt = stmt.order_by(H.at.desc(), H.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    out = []
    for row in s.execute(stmt):
        at, who, action, cycle, pname, cname, src, *values = row
        old, new = tuple(values[:4]), tuple(values[4:])
        out.append(
            HistoryEntry(
                when=at,
                who=who,
                action=action,
                cycle=cycle,
                person=pname,
                competency=cname,
                source=Source(src),
                old=_describe(old, new),
                new=_describe(new, old),
            )
        )
    return out


def history(
    db: Database,
    *,
    person: str | None = None,
    competency: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
    kind: HistoryKind = "all",
) -> list[HistoryEntry]:
    """Every change, newest first, or only those of one ``kind``.

    Ratings and the changes of people, the framework (competencies, targets) and cycles.

    ``person`` / ``competency`` select the changes that concern them (a cycle's concern
    neither); one deleted or removed since is found by the name it had in the history.

    Raises:
        NotFoundError: no such person or competency, now or in the history.
        ValidationError: an unknown kind.
    """
    if kind not in HISTORY_KINDS:
        raise ValidationError(f"unknown history kind {kind!r} (one of {', '.join(HISTORY_KINDS)})")
    with db.reading() as s:
        person_id, person_ids = (
            _ids(s, person, lambda: find_person(s, person).id, ("person",))
            if person is not None
            else (None, None)
        )
        competency_id, competency_ids = (
            _ids(
                s,
                competency,
                lambda: find(s, models.Competency, competency, "competency").id,
                ("competency", "target"),
            )
            if competency is not None
            else (None, None)
        )
        out: list[HistoryEntry] = []
        gone = (person is not None and person_id is None) or (
            competency is not None and competency_id is None
        )
        if kind in ("ratings", "all") and not gone:
            out += _rating_entries(s, person_id, competency_id, None, since, limit)
        kinds = [k for group, ks in KIND_GROUPS.items() if kind in (group, "all") for k in ks]
        if person_ids is not None and competency_ids is not None:
            kinds = []  # a change of a person never concerns a competency, or the reverse
        elif person_ids is not None:
            kinds = [k for k in kinds if k == "person"]
        elif competency_ids is not None:
            kinds = [k for k in kinds if k in ("competency", "target")]
        if kinds:
            ids = person_ids if person_ids is not None else competency_ids
            out += _change_entries(s, kinds, ids, since, limit)
    out.sort(key=lambda e: e.when, reverse=True)  # stable: each part is already ordered
    return out[:limit] if limit is not None else out


def _ids(
    s: Session, name: str, live: Callable[[], int], kinds: tuple[str, ...]
) -> tuple[int | None, set[int]]:
    """(the id of the live row, or None when gone; the entity ids to match in the change history).

    A name no longer in use is looked up among the names the history kept.
    """
    try:
        found = live()
        return found, {found}
    except NotFoundError:
        gone = set(
            s.scalars(
                select(C.entity_id).where(
                    C.entity_kind.in_(kinds), func.lower(C.entity_name) == name.strip().lower()
                )
            )
        )
        if not gone:
            raise
        return None, gone


def _change_entries(
    s: Session,
    kinds: Collection[str],
    ids: Collection[int] | None,
    since: dt.date | None,
    limit: int | None,
) -> list[HistoryEntry]:
    stmt = (
        select(C, models.Cycle.name)
        .outerjoin(models.Cycle, models.Cycle.id == C.cycle_id)
        .where(C.entity_kind.in_(kinds))
    )
    if ids is not None:
        stmt = stmt.where(C.entity_id.in_(ids))
    if since is not None:
        stmt = stmt.where(C.at >= dt.datetime.combine(since, dt.time()))
    stmt = stmt.order_by(C.at.desc(), C.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        HistoryEntry(
            when=row.at,
            who=row.who,
            action=row.action,
            cycle=cycle or "",
            person=row.entity_name if row.entity_kind == "person" else "",
            competency=row.entity_name if row.entity_kind in ("competency", "target") else "",
            source=None,
            old=row.old_value,
            new=row.new_value,
            kind=row.entity_kind,
        )
        for row, cycle in s.execute(stmt)
    ]
