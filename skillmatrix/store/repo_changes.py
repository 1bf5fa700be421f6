"""The change history of people, competencies, targets and cycles (``change_history``).

Every service that changes one of those rows calls :func:`record` inside its own
transaction, so the history and the change commit (or roll back) together. Values are
short text, or compact JSON of the fields that changed (:func:`changed_fields`).

On PostgreSQL the table is append-only for managers and ``who`` is set from the database
login by a trigger, whatever is written here (``store.pg_security``); on SQLite ``who``
is the caller's identity (``Database.identity``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from skillmatrix.core.model import Person
from skillmatrix.store import models

Kind = Literal["person", "competency", "target", "cycle"]
#: Entity kinds by the ``history --kind`` group they belong to.
KIND_GROUPS: dict[str, tuple[Kind, ...]] = {
    "people": ("person",),
    "framework": ("competency", "target"),
    "cycles": ("cycle",),
}
Value = str | Mapping[str, Any] | None
#: (entity id, its name, old value, new value): one row of :func:`record_many`.
Change = tuple[int, str, Value, Value]


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(dict(value), sort_keys=True, separators=(", ", ": "), default=str)


def record(
    s: Session,
    *,
    who: str,
    action: str,
    kind: Kind,
    entity_id: int,
    name: str,
    old: Value = None,
    new: Value = None,
    cycle_id: int | None = None,
) -> None:
    """Append one history row in the session's transaction.

    Written at once, so a refusal by the database surfaces here, inside the change it
    belongs to.
    """
    record_many(
        s,
        who=who,
        action=action,
        kind=kind,
        changes=[(entity_id, name, old, new)],
        cycle_id=cycle_id,
    )


def record_many(
    s: Session,
    *,
    who: str,
    action: str,
    kind: Kind,
    changes: Iterable[Change],
    cycle_id: int | None = None,
) -> None:
    """Append one row per (entity id, name, old, new) of one action in one statement.

    Used for an import's new people.
    """
    now = models.utcnow()
    rows = [
        {
            "at": now,
            "who": who[:200],
            "action": action,
            "entity_kind": kind,
            "entity_id": entity_id,
            "entity_name": name[:200],
            "old_value": _text(old),
            "new_value": _text(new),
            "cycle_id": cycle_id,
        }
        for entity_id, name, old, new in changes
    ]
    if rows:
        s.execute(insert(models.ChangeHistory), rows)


def person_fields(p: Person) -> dict[str, Any]:
    """The fields of a person the history shows."""
    return {
        "name": p.name,
        "email": p.email,
        "team": p.team,
        "role": p.role,
        "seniority": p.seniority.value if p.seniority is not None else None,
        "active": p.active,
    }


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose values differ: (old values, new values)."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def person_action(changed: Mapping[str, Any], after: Person) -> str:
    """The action of a person's edit: ``person.move``, ``person.(de)activate`` or ``person.edit``.

    ``person.move`` when only the team changed, ``person.deactivate`` / ``person.activate``
    when only ``active`` changed.
    """
    if set(changed) == {"team"}:
        return "person.move"
    if set(changed) == {"active"}:
        return "person.activate" if after.active else "person.deactivate"
    return "person.edit"


def record_person_change(s: Session, who: str, before: Person, after: Person) -> bool:
    """One row for an edit of a person (its action from what changed); nothing when nothing changed.

    True when a row was written.
    """
    old, new = changed_fields(person_fields(before), person_fields(after))
    if not new:
        return False
    record(
        s,
        who=who,
        action=person_action(new, after),
        kind="person",
        entity_id=after.id,
        name=after.name,
        old=old,
        new=new,
    )
    return True


def record_cycle(
    s: Session, who: str, action: str, cycle: models.Cycle, old: Value = None, new: Value = None
) -> None:
    """One ``cycle.*`` row about ``cycle`` (its id is also the row's cycle id)."""
    record(
        s,
        who=who,
        action=f"cycle.{action}",
        kind="cycle",
        entity_id=cycle.id,
        name=cycle.name,
        old=old,
        new=new,
        cycle_id=cycle.id,
    )


#: Who last changed a row and when (UTC), from its newest history row.
Writer = tuple[str, dt.datetime | dt.date | None]


def last_change(
    s: Session, kind: Kind, entity_id: int, *, role: str | None = None
) -> Writer | None:
    """The newest history row about one person, competency, target or cycle, or None.

    Returns (who, when). ``role``: of a target, only that role's rows (a target's rows are
    keyed by its competency, the role is in their values).
    """
    h = models.ChangeHistory
    query = select(h.who, h.at).where(h.entity_kind == kind, h.entity_id == entity_id)
    if role is not None:
        key = "%" + json.dumps({"role": role})[1:-1] + "%"  # '"role": "Engineer"'
        query = query.where(or_(h.new_value.like(key), h.old_value.like(key)))
    row = s.execute(query.order_by(h.id.desc()).limit(1)).first()
    return None if row is None else (row.who or "", row.at)


#: Which history rows are about a row: (kind, entity id, role id of a target or None).
Key = tuple[Kind, int, int | None]


def key_of(row: object) -> Key | None:
    """The history key of a loaded person, competency, cycle or target row.

    None for another kind of row. Read while the row is loaded: after a rollback it is
    expired.
    """
    if isinstance(row, models.Target):
        return ("target", row.competency_id, row.role_id)
    kinds: dict[type, Kind] = {
        models.Person: "person",
        models.Competency: "competency",
        models.Cycle: "cycle",
    }
    kind = kinds.get(type(row))
    entity_id = getattr(row, "id", None)
    return None if kind is None or entity_id is None else (kind, int(entity_id), None)


def last_change_for(s: Session, key: Key | None) -> Writer | None:
    """:func:`last_change` for a :func:`key_of` (None: nobody to name)."""
    if key is None:
        return None
    kind, entity_id, role_id = key
    role = None
    if role_id is not None:
        role = s.scalar(select(models.Role.name).where(models.Role.id == role_id))
    return last_change(s, kind, entity_id, role=role)


def short_time(when: dt.datetime | dt.date | None) -> str:
    """A stored UTC time in the local zone, short: "14:05" today, else "3 Dec 14:05"."""
    if when is None:
        return "an unknown time"
    if not isinstance(when, dt.datetime):
        return f"{when.day} {when:%b}"
    local = when.replace(tzinfo=dt.UTC).astimezone()
    if local.date() == dt.datetime.now().astimezone().date():
        return f"{local:%H:%M}"
    return f"{local.day} {local:%b %H:%M}"
