"""Read the rating history: who changed which cell, when, from what to what, and how."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from skillmatrix.core.model import Source
from skillmatrix.store import models
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import find
from skillmatrix.store.repo_people import find_person

H = models.RatingHistory


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str
    cycle: str
    person: str
    competency: str
    source: Source
    old: str  # "3", "n/a", "not rated" (+ interest / note when they changed)
    new: str


def _value(level: int | None, na: bool) -> str:
    return "n/a" if na else "not rated" if level is None else str(level)


def _describe(value: tuple[Any, ...], other: tuple[Any, ...]) -> str:
    """``value`` (level, n/a, interest, note) as text; interest and note only where they
    differ from ``other``."""
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
    """Changes, newest first, optionally of one person (name or email) and/or competency,
    or of one ``cell`` (person id, competency id: the grid's tooltip).

    Raises:
        NotFoundError: no such person or competency (with a "did you mean").
    """
    with db.session() as s:
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
        if person is not None:
            stmt = stmt.where(H.person_id == find_person(s, person).id)
        if competency is not None:
            stmt = stmt.where(
                H.competency_id == find(s, models.Competency, competency, "competency").id
            )
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
