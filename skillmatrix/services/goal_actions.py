"""The actions of a growth goal (``goal_actions``): a mentor, a course, a project.

Each has its own text and status (open or done). Each change is one transaction.

An edit from a loaded action passes the version it showed (``expected_version``) and is
refused, in one line, when someone changed or removed the action since: a compare-and-set
on the row's version (``store.versions``), as edits of people and cycles are. Reading
helpers (:func:`actions_of`, :func:`insert_actions`) are shared with ``growth_plans``,
which loads and restores a goal with its actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.plans import NewAction, check_action, check_action_status
from skillmatrix.store import models, versions
from skillmatrix.store.database import Database

A = models.GoalAction
#: Ids per IN (...) list: well inside SQLite's and PostgreSQL's parameter limits.
CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class Action:
    """One stored action with its mentor's name (None: not a mentor, or deleted)."""

    id: int
    goal_id: int
    person_id: int
    kind: str
    text: str
    mentor_id: int | None
    mentor: str | None
    status: str
    created_at: dt.datetime
    version: int = 1

    @property
    def done(self) -> bool:
        """True when the action is done."""
        return self.status == "done"

    def label(self) -> str:
        """As text: "mentor: Ada", "course: Kubernetes basics", "mentor: Ada, pairing weekly"."""
        detail = ", ".join(x for x in (self.mentor or "", self.text) if x)
        return f"{self.kind}: {detail}" if detail else self.kind

    def line(self) -> str:
        """:meth:`label` with its status when done: "course: SRE (done)"."""
        return f"{self.label()} (done)" if self.done else self.label()


def _mentor_names(s: Session, rows: Sequence[models.GoalAction]) -> dict[int, str]:
    ids = sorted({r.mentor_id for r in rows if r.mentor_id is not None})
    P = models.Person
    out: dict[int, str] = {}
    for k in range(0, len(ids), CHUNK):
        found = s.execute(select(P.id, P.name).where(P.id.in_(ids[k : k + CHUNK])))
        out.update((i, n) for i, n in found)
    return out


def _records(s: Session, rows: Sequence[models.GoalAction]) -> list[Action]:
    names = _mentor_names(s, rows)
    return [
        Action(
            id=r.id, goal_id=r.goal_id, person_id=r.person_id, kind=r.kind, text=r.text,
            mentor_id=r.mentor_id,
            mentor=names.get(r.mentor_id) if r.mentor_id is not None else None,
            status=r.status, created_at=r.created_at, version=r.version,
        )
        for r in rows
    ]  # fmt: skip


def actions_of(s: Session, goal_ids: Iterable[int]) -> dict[int, tuple[Action, ...]]:
    """Goal id -> its actions in the order they were added.

    A few queries, not one per goal; goals without actions are left out.
    """
    ids = sorted(set(goal_ids))
    rows: list[models.GoalAction] = []
    for k in range(0, len(ids), CHUNK):
        part = ids[k : k + CHUNK]
        rows.extend(s.scalars(select(A).where(A.goal_id.in_(part)).order_by(A.id)))
    out: dict[int, list[Action]] = {}
    for action in _records(s, rows):
        out.setdefault(action.goal_id, []).append(action)
    return {gid: tuple(found) for gid, found in out.items()}


def _check_mentor(s: Session, person_id: int, mentor_id: int | None) -> None:
    if mentor_id is None:
        return
    if mentor_id == person_id:
        person = s.get(models.Person, person_id)
        name = person.name if person is not None else f"person {person_id}"
        raise ValidationError(f"growth goal: {name} cannot be their own mentor")
    if s.get(models.Person, mentor_id) is None:
        raise NotFoundError(f"growth goal: no mentor with id {mentor_id}")


def checked(action: NewAction) -> NewAction:
    """``action`` with its kind, text and status checked and normalised.

    Checked before any write, so a refused goal leaves nothing behind.
    """
    kind, text = check_action(action.kind, action.text, action.mentor_id)
    return NewAction(kind, text, action.mentor_id, check_action_status(action.status))


def insert_actions(
    s: Session, goal: models.GrowthGoal, actions: Sequence[NewAction | Action]
) -> list[models.GoalAction]:
    """Add checked ``actions`` to ``goal`` in ``s``.

    An :class:`Action` keeps its id, time and version (the undo of a removal); a mentor
    deleted since is left out, its text kept.
    """
    rows: list[models.GoalAction] = []
    for a in actions:
        mentor = a.mentor_id
        if isinstance(a, Action):
            if mentor is not None and s.get(models.Person, mentor) is None:
                mentor = None
            if mentor is None and not a.text and a.kind == "mentor":
                continue  # nothing left to say who
            # A plain INSERT: the ORM would start the version again at 1, and an undo
            # step further back still expects the version it had.
            s.execute(insert(A).values(
                id=a.id, goal_id=goal.id, person_id=goal.person_id, kind=a.kind, text=a.text,
                mentor_id=mentor, status=a.status, created_at=a.created_at, version=a.version,
            ))  # fmt: skip
            row = s.get(A, a.id)
            assert row is not None
            rows.append(row)
        else:
            _check_mentor(s, goal.person_id, mentor)
            row = A(goal_id=goal.id, person_id=goal.person_id, kind=a.kind, text=a.text,
                    mentor_id=mentor, status=a.status)  # fmt: skip
            s.add(row)
            rows.append(row)
    s.flush()
    return rows


def _goal_row(s: Session, goal_id: int) -> models.GrowthGoal:
    goal = s.get(models.GrowthGoal, goal_id)
    if goal is None:
        raise NotFoundError(f"growth goal: no goal with id {goal_id}")
    return goal


def _action_row(s: Session, action_id: int) -> models.GoalAction:
    row = s.get(A, action_id)
    if row is None:
        raise NotFoundError(f"goal action: no action with id {action_id} (removed meanwhile?)")
    return row


def _what(row: models.GoalAction) -> str:
    return f"the {row.kind} action"


def add_action(
    db: Database, goal_id: int, *, kind: str, text: str = "", mentor_id: int | None = None,
    status: str = "open",
) -> Action:  # fmt: skip
    """Add one action to a goal.

    Raises:
        ValidationError: an unknown kind or status, a text too long, nothing to act on,
            a mentor with another kind, or someone as their own mentor.
        NotFoundError: no such goal or mentor.
    """
    new = checked(NewAction(kind, text, mentor_id, status))
    with db.session() as s:
        return _records(s, insert_actions(s, _goal_row(s, goal_id), [new]))[0]


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


def update_action(
    db: Database,
    action_id: int,
    *,
    expected_version: int | None = None,
    kind: str | _Unchanged = UNCHANGED,
    text: str | _Unchanged = UNCHANGED,
    mentor_id: int | _Unchanged | None = UNCHANGED,
    status: str | _Unchanged = UNCHANGED,
) -> tuple[Action, Action]:
    """Change some fields of an action; (before, after) for undo.

    Changing the kind away from mentor drops the mentor (unless one is given).

    Raises:
        ChangedMeanwhileError: the action changed since ``expected_version`` (None: not
            checked).
        NotFoundError: no such action (removed meanwhile) or mentor.
        ValidationError: as :func:`add_action`.
    """
    with db.session() as s:
        row = _action_row(s, action_id)
        versions.claim(row, expected_version, _what(row))
        before = _records(s, [row])[0]
        new_kind = row.kind if isinstance(kind, _Unchanged) else kind
        mentor = row.mentor_id if isinstance(mentor_id, _Unchanged) else mentor_id
        if isinstance(mentor_id, _Unchanged) and str(new_kind).strip().lower() != "mentor":
            mentor = None
        new_kind, new_text = check_action(
            new_kind, row.text if isinstance(text, _Unchanged) else text, mentor
        )
        new_status = row.status if isinstance(status, _Unchanged) else check_action_status(status)
        _check_mentor(s, row.person_id, mentor)
        row.kind, row.text, row.mentor_id, row.status = new_kind, new_text, mentor, new_status
        s.flush()
        return before, _records(s, [row])[0]


def set_action_status(
    db: Database, action_id: int, status: str, *, expected_version: int | None = None
) -> tuple[Action, Action]:
    """Mark an action done or open again; (before, after)."""
    return update_action(db, action_id, expected_version=expected_version, status=status)


def restore_action_fields(db: Database, action: Action, *, expected_version: int | None) -> Action:
    """Put an action's fields back as ``action`` has them (the undo of an update)."""
    return update_action(
        db, action.id, expected_version=expected_version, kind=action.kind, text=action.text,
        mentor_id=action.mentor_id, status=action.status,
    )[1]  # fmt: skip


def remove_action(db: Database, action_id: int, *, expected_version: int | None = None) -> Action:
    """Delete an action; returns it whole (for undo, see :func:`restore_action`).

    Raises:
        ChangedMeanwhileError: it changed since ``expected_version`` (None: not checked).
        NotFoundError: no such action.
    """
    with db.session() as s:
        row = _action_row(s, action_id)
        versions.check(row, expected_version, _what(row))
        action = _records(s, [row])[0]
        s.delete(row)  # the ORM's DELETE compares the version too
        return action


def restore_action(db: Database, action: Action) -> Action:
    """Put a removed action back under its own id (the undo of :func:`remove_action`).

    Raises:
        ValidationError: an action with that id exists already.
        NotFoundError: its goal is gone.
    """
    with db.session() as s:
        if s.get(A, action.id) is not None:
            raise ValidationError(f"goal action: action {action.id} exists already")
        rows = insert_actions(s, _goal_row(s, action.goal_id), [action])
        if not rows:
            raise NotFoundError("goal action: its mentor is gone and it named nobody else")
        return _records(s, rows)[0]
