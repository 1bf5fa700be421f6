"""Evidence on a rating cell: add, list, remove. Each change is one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.evidence import checked
from skillmatrix.store import models
from skillmatrix.store.database import Database

E = models.RatingEvidence


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One piece of evidence behind a rating: a link and/or a text, who added it and when."""

    id: int
    cycle_id: int
    person_id: int
    competency_id: int
    url: str
    text: str
    added_by: str
    added_at: dt.datetime


def _item(row: models.RatingEvidence) -> EvidenceItem:
    return EvidenceItem(
        row.id,
        row.cycle_id,
        row.person_id,
        row.competency_id,
        row.url,
        row.text,
        row.added_by,
        row.added_at,
    )


def _check_cell(s: Session, cycle_id: int, person_id: int, competency_id: int) -> None:
    for model, what, key in ((models.Cycle, "cycle", cycle_id),
                             (models.Person, "person", person_id),
                             (models.Competency, "competency", competency_id)):  # fmt: skip
        if s.get(model, key) is None:
            raise NotFoundError(f"evidence: no {what} with id {key}")


def add_evidence(
    db: Database,
    *,
    cycle_id: int,
    person_id: int,
    competency_id: int,
    url: str = "",
    text: str = "",
    added_by: str = "",
) -> EvidenceItem:
    """Store one link and/or text for the cell.

    Raises:
        EvidenceError: a link that is not http(s) or a relative doc id, a text too long,
            or neither given (checked before anything is written).
    """
    evidence = checked(url, text)
    with db.session() as s:
        _check_cell(s, cycle_id, person_id, competency_id)
        row = E(
            cycle_id=cycle_id,
            person_id=person_id,
            competency_id=competency_id,
            url=evidence.url,
            text=evidence.text,
            added_by=added_by[:200],
        )
        s.add(row)
        s.flush()
        return _item(row)


def list_evidence(
    db: Database,
    *,
    cycle_id: int,
    person_id: int | None = None,
    competency_id: int | None = None,
) -> list[EvidenceItem]:
    """A cycle's evidence (optionally one person's or one cell's), oldest first."""
    query = select(E).where(E.cycle_id == cycle_id)
    if person_id is not None:
        query = query.where(E.person_id == person_id)
    if competency_id is not None:
        query = query.where(E.competency_id == competency_id)
    with db.reading() as s:
        return [_item(r) for r in s.scalars(query.order_by(E.id))]


def remove_evidence(db: Database, evidence_id: int) -> EvidenceItem:
    """Delete one piece of evidence; returns it (for undo).

    Raises:
        NotFoundError: no evidence with that id.
    """
    with db.session() as s:
        row = s.get(E, evidence_id)
        if row is None:
            raise NotFoundError(f"evidence: no evidence with id {evidence_id}")
        item = _item(row)
        s.delete(row)
        return item


def restore_evidence(db: Database, item: EvidenceItem) -> EvidenceItem:
    """Put removed evidence back under its own id (the undo of a removal, the redo of an addition).

    Raises:
        ValidationError: evidence with that id exists already.
        NotFoundError: its cycle, person or competency is gone.
    """
    evidence = checked(item.url, item.text)
    with db.session() as s:
        if s.get(E, item.id) is not None:
            raise ValidationError(f"evidence: evidence {item.id} exists already")
        _check_cell(s, item.cycle_id, item.person_id, item.competency_id)
        row = E(id=item.id, cycle_id=item.cycle_id, person_id=item.person_id,
                competency_id=item.competency_id, url=evidence.url, text=evidence.text,
                added_by=item.added_by, added_at=item.added_at)  # fmt: skip
        s.add(row)
        s.flush()
        return _item(row)


def _cycles_until(db: Database, until_cycle_id: int) -> list[tuple[int, str]]:
    """(id, name) of ``until_cycle_id`` and the cycles before it in time, oldest first.

    Cycles are in the order the app uses everywhere; empty when there is no such cycle.
    """
    from skillmatrix.services.reads import list_cycles

    order = [(c.id, c.name) for c in list_cycles(db)]
    ids = [i for i, _name in order]
    return order[: ids.index(until_cycle_id) + 1] if until_cycle_id in ids else []


def evidence_until(
    db: Database,
    *,
    until_cycle_id: int,
    person_id: int | None = None,
    competency_id: int | None = None,
) -> list[tuple[str, EvidenceItem]]:
    """Evidence of ``until_cycle_id`` and the cycles before it, as (cycle name, item).

    A rating carried forward keeps what backed it; optionally one person's or one cell's.
    Newest cycle first, then oldest first within a cycle.
    """
    upto = _cycles_until(db, until_cycle_id)
    rank = {cid: k for k, (cid, _name) in enumerate(upto)}
    names = dict(upto)
    query = select(E).where(E.cycle_id.in_(list(rank)))
    if person_id is not None:
        query = query.where(E.person_id == person_id)
    if competency_id is not None:
        query = query.where(E.competency_id == competency_id)
    with db.reading() as s:
        rows = [_item(r) for r in s.scalars(query.order_by(E.id))]
    rows.sort(key=lambda e: -rank[e.cycle_id])  # stable: oldest first within a cycle
    return [(names[e.cycle_id], e) for e in rows]


def cell_evidence(
    db: Database, *, person_id: int, competency_id: int, until_cycle_id: int
) -> list[tuple[str, EvidenceItem]]:
    """One cell's :func:`evidence_until` (the tooltip's)."""
    return evidence_until(
        db, until_cycle_id=until_cycle_id, person_id=person_id, competency_id=competency_id
    )
