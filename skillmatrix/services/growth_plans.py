"""Growth plans: goals per person over ``growth_goals``. Each change is one transaction.

A goal names a competency, a target level and optionally the cycle it is due by, its
actions (a mentor from the mentor pairs, a course, a project; ``services.goal_actions``,
each open or done) and a status. Everything is
checked before anything is written, so a refused change leaves the database as it was and
says in one line what was wrong. Progress is computed from the manager ratings of the
cycles since the goal was set (``core.plans.goal_progress``), never stored; its baseline
is the level in the cycle the goal was set in *when it was set* (read back through the
rating history), so rating that cycle again afterwards counts as progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, select, true
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.plans import (
    OPEN_STATUSES,
    NewAction,
    Progress,
    check_status,
    default_target,
    goal_progress,
)
from skillmatrix.services.goal_actions import Action, actions_of, checked, insert_actions
from skillmatrix.store import models
from skillmatrix.store.database import Database

G = models.GrowthGoal


@dataclass(frozen=True, slots=True)
class Goal:
    """One stored goal with the names it refers to (for tables and the report)."""

    id: int
    person_id: int
    person: str
    competency_id: int
    competency: str
    target_level: int
    by_cycle_id: int | None
    by_cycle: str | None
    status: str
    created_by: str
    created_at: dt.datetime
    actions: tuple[Action, ...] = field(default=())

    @property
    def open(self) -> bool:
        """True while the goal is not finished or dropped."""
        return self.status in OPEN_STATUSES

    def action(self) -> str:
        """The actions as one line: "mentor: Ada; course: Kubernetes basics (done)"."""
        return "; ".join(a.line() for a in self.actions)

    def mentor_ids(self) -> list[int]:
        """Ids of the mentors among the goal's actions."""
        return [a.mentor_id for a in self.actions if a.mentor_id is not None]


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """A goal with its progress read from the ratings."""

    goal: Goal
    progress: Progress


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


#: Ids per IN (...) list: well inside SQLite's and PostgreSQL's parameter limits.
CHUNK = 5_000


def _names(s: Session, model: Any, ids: set[int]) -> dict[int, str]:
    """Id -> name of the rows of ``model`` with ``ids`` (one query per CHUNK ids)."""
    out: dict[int, str] = {}
    ordered = sorted(ids)
    for k in range(0, len(ordered), CHUNK):
        part = ordered[k : k + CHUNK]
        found = s.execute(select(model.id, model.name).where(model.id.in_(part)))
        out.update((i, n) for i, n in found)
    return out


def _goals(s: Session, rows: Sequence[models.GrowthGoal]) -> list[Goal]:
    """The rows with their actions and the names they refer to.

    Read in a few queries (not one per goal).
    """
    people = _names(s, models.Person, {r.person_id for r in rows})
    actions = actions_of(s, [r.id for r in rows])
    comps = _names(s, models.Competency, {r.competency_id for r in rows})
    cycles = _names(s, models.Cycle, {r.by_cycle_id for r in rows if r.by_cycle_id is not None})
    return [
        Goal(
            id=r.id,
            person_id=r.person_id,
            person=people.get(r.person_id, "?"),
            competency_id=r.competency_id,
            competency=comps.get(r.competency_id, "?"),
            target_level=r.target_level,
            by_cycle_id=r.by_cycle_id,
            by_cycle=cycles.get(r.by_cycle_id) if r.by_cycle_id is not None else None,
            status=r.status,
            created_by=r.created_by,
            created_at=r.created_at,
            actions=actions.get(r.id, ()),
        )
        for r in rows
    ]


def _goal(s: Session, row: models.GrowthGoal) -> Goal:
    return _goals(s, [row])[0]


def _check_refs(
    db: Database,
    s: Session,
    *,
    person_id: int,
    competency_id: int,
    target_level: int,
    by_cycle_id: int | None,
) -> None:
    """Every id a goal names exists and fits; the first problem as one line."""
    person = s.get(models.Person, person_id)
    if person is None:
        raise NotFoundError(f"growth goal: no person with id {person_id}")
    if s.get(models.Competency, competency_id) is None:
        raise NotFoundError(f"growth goal: no competency with id {competency_id}")
    scale = db.scale
    if not isinstance(target_level, int) or target_level not in scale:
        raise ValidationError(
            f"growth goal target level {target_level!r}: not on the scale ({scale.min}-{scale.max})"
        )
    if by_cycle_id is not None and s.get(models.Cycle, by_cycle_id) is None:
        raise NotFoundError(f"growth goal: no cycle with id {by_cycle_id}")


def _open_duplicate(s: Session, person_id: int, competency_id: int, skip: int | None) -> int | None:
    query = select(G.id).where(
        G.person_id == person_id, G.competency_id == competency_id, G.status.in_(OPEN_STATUSES)
    )
    if skip is not None:
        query = query.where(G.id != skip)
    return s.scalar(query.limit(1))


def create_goal(
    db: Database,
    *,
    person_id: int,
    competency_id: int,
    target_level: int,
    by_cycle_id: int | None = None,
    actions: Sequence[NewAction] = (),
    status: str = "planned",
    created_by: str = "",
) -> Goal:
    """Add one goal to a person's plan, with its ``actions``, in one transaction.

    Raises:
        ValidationError: a level off the scale, an unknown status or action, a text too
            long, someone as their own mentor, or an open goal in that competency already.
        NotFoundError: an unknown person, competency, cycle or mentor.
    """
    status = check_status(status)
    wanted = [checked(a) for a in actions]
    with db.session() as s:
        return _insert(
            db, s, person_id=person_id, competency_id=competency_id, target_level=target_level,
            by_cycle_id=by_cycle_id, actions=wanted, status=status, created_by=created_by,
        )  # fmt: skip


def _insert(
    db: Database, s: Session, *, person_id: int, competency_id: int, target_level: int,
    by_cycle_id: int | None, actions: Sequence[NewAction], status: str, created_by: str,
) -> Goal:  # fmt: skip
    """Check and add a goal whose status and actions are checked already, in ``s``."""
    _check_refs(
        db, s, person_id=person_id, competency_id=competency_id, target_level=target_level,
        by_cycle_id=by_cycle_id,
    )  # fmt: skip
    if status in OPEN_STATUSES and (dup := _open_duplicate(s, person_id, competency_id, None)):
        goal = _goal(s, s.get(G, dup))  # type: ignore[arg-type]
        raise ValidationError(
            f"growth goal: {goal.person} already has an open goal in {goal.competency} "
            f"(level {goal.target_level}, {goal.status})"
        )
    row = G(
        person_id=person_id, competency_id=competency_id, target_level=target_level,
        by_cycle_id=by_cycle_id, status=status, created_by=created_by[:200],
    )  # fmt: skip
    s.add(row)
    s.flush()
    insert_actions(s, row, actions)
    return _goal(s, row)


def update_goal(
    db: Database,
    goal_id: int,
    *,
    target_level: int | _Unchanged = UNCHANGED,
    by_cycle_id: int | _Unchanged | None = UNCHANGED,
    status: str | _Unchanged = UNCHANGED,
) -> tuple[Goal, Goal]:
    """Change some fields of a goal; returns (before, after) for undo.

    Its actions are changed by ``services.goal_actions``.

    Raises:
        NotFoundError: no goal with that id (or a field names an unknown record).
        ValidationError: as :func:`create_goal`.
    """
    with db.session() as s:
        row = s.get(G, goal_id)
        if row is None:
            raise NotFoundError(f"growth goal: no goal with id {goal_id}")
        before = _goal(s, row)
        new_status = check_status(status) if isinstance(status, str) else row.status
        target = row.target_level if isinstance(target_level, _Unchanged) else target_level
        by = row.by_cycle_id if isinstance(by_cycle_id, _Unchanged) else by_cycle_id
        _check_refs(
            db, s, person_id=row.person_id, competency_id=row.competency_id,
            target_level=target, by_cycle_id=by,
        )  # fmt: skip
        reopens = new_status in OPEN_STATUSES and before.status not in OPEN_STATUSES
        if reopens and _open_duplicate(s, row.person_id, row.competency_id, row.id):
            raise ValidationError(
                f"growth goal: {before.person} already has an open goal in {before.competency}"
            )
        row.target_level, row.by_cycle_id, row.status = target, by, new_status
        s.flush()
        return before, _goal(s, row)


def set_status(db: Database, goal_id: int, status: str) -> tuple[Goal, Goal]:
    """Move a goal to planned, in progress, done or dropped; (before, after)."""
    return update_goal(db, goal_id, status=status)


def restore_fields(db: Database, goal: Goal) -> Goal:
    """Put a goal's editable fields back as ``goal`` has them (the undo of an update)."""
    return update_goal(
        db, goal.id, target_level=goal.target_level, by_cycle_id=goal.by_cycle_id,
        status=goal.status,
    )[1]  # fmt: skip


def remove_goal(db: Database, goal_id: int) -> Goal:
    """Delete a goal and its actions; returns it whole (for undo, see :func:`restore_goal`).

    Raises:
        NotFoundError: no goal with that id.
    """
    with db.session() as s:
        row = s.get(G, goal_id)
        if row is None:
            raise NotFoundError(f"growth goal: no goal with id {goal_id}")
        goal = _goal(s, row)
        s.delete(row)
        return goal


def restore_goal(db: Database, goal: Goal) -> Goal:
    """Put a removed goal back under its own id, its actions under theirs.

    The undo of :func:`remove_goal`.

    A cycle or mentor deleted since is left out rather than refused (the goal stays).

    Raises:
        ValidationError: a goal with that id exists already.
        NotFoundError: its person or competency is gone.
    """
    with db.session() as s:
        if s.get(G, goal.id) is not None:
            raise ValidationError(f"growth goal: goal {goal.id} exists already")
        by = goal.by_cycle_id
        if by is not None and s.get(models.Cycle, by) is None:
            by = None
        _check_refs(
            db, s, person_id=goal.person_id, competency_id=goal.competency_id,
            target_level=goal.target_level, by_cycle_id=by,
        )  # fmt: skip
        row = G(
            id=goal.id, person_id=goal.person_id, competency_id=goal.competency_id,
            target_level=goal.target_level, by_cycle_id=by, status=goal.status,
            created_by=goal.created_by, created_at=goal.created_at,
        )  # fmt: skip
        s.add(row)
        s.flush()
        insert_actions(s, row, goal.actions)
        return _goal(s, row)


def list_goals(
    db: Database, *, person_id: int | None = None, person_ids: Sequence[int] | None = None
) -> list[Goal]:
    """Goals of one person, of some people, or everyone's; open ones first, then by id."""
    query = select(G)
    if person_id is not None:
        query = query.where(G.person_id == person_id)
    if person_ids is not None:
        query = query.where(G.person_id.in_(list(person_ids)))
    with db.reading() as s:
        goals = _goals(s, list(s.scalars(query.order_by(G.id))))
    return sorted(goals, key=lambda g: (not g.open, g.person, g.id))


def _cycles(s: Session) -> list[models.Cycle]:
    """Every cycle in time order, as the rest of the app orders them (``repo_cycles``).

    By start date (undated first), then by id.
    """
    C = models.Cycle
    return list(s.scalars(select(C).order_by(C.starts_on.is_not(None), C.starts_on, C.id)))


def _start_index(cycles: Sequence[models.Cycle], created: dt.datetime) -> int:
    """The cycle a goal was set in: the latest (in time order) of those made before it.

    0: the first.
    """
    start = 0
    for k, c in enumerate(cycles):
        if c.created_at <= created:
            start = k
    return start


def with_progress(db: Database, goals: Sequence[Goal]) -> list[GoalProgress]:
    """Each goal with its progress against the manager ratings since it was set."""
    if not goals:
        return []
    R, C = models.Rating, models.Cycle
    ids = sorted({g.id for g in goals})
    # Goal x cycle, each rating read by its whole unique key (cycle, source, person,
    # competency) in a correlated subquery: one index lookup each. (A plain join let
    # SQLite pick the person or competency index and scan that person's whole row.)
    level = (
        select(R.level)
        .where(R.cycle_id == C.id, R.source == "manager", R.person_id == G.person_id,
               R.competency_id == G.competency_id)
        .correlate(G, C)
        .scalar_subquery()
    )  # fmt: skip
    levels: dict[tuple[int, int], int | None] = {}
    later: dict[tuple[int, int], int | None] = {}  # (goal, cycle) -> level before a change
    with db.reading() as s:
        cycles = _cycles(s)
        for k in range(0, len(ids), CHUNK):
            chunk = ids[k : k + CHUNK]
            cells = select(G.id, C.id, level).select_from(G).join(C, true()).where(G.id.in_(chunk))
            levels.update({(gid, cid): lvl for gid, cid, lvl in s.execute(cells)})
            later.update(_levels_before_changes(s, chunk))
    out: list[GoalProgress] = []
    for g in goals:
        start = _start_index(cycles, g.created_at)
        trail = [(c.name, levels.get((g.id, c.id))) for c in cycles[start:]]
        progress = goal_progress(g.target_level, trail, by_cycle=g.by_cycle)
        if cycles and (g.id, cycles[start].id) in later:  # changed since: as it was then
            progress = replace(progress, baseline=later[g.id, cycles[start].id])
        out.append(GoalProgress(g, progress))
    return out


def _levels_before_changes(
    s: Session, goal_ids: Sequence[int]
) -> dict[tuple[int, int], int | None]:
    """(goal, cycle) -> the manager level that cell had when the goal was set.

    Only for the cells changed since: the old level of the first change after the goal's
    creation. Cells not changed since still hold that level (not listed).
    """
    H = models.RatingHistory
    after = (
        select(G.id, H.cycle_id, H.id, H.old_level)
        .select_from(G)
        .join(H, and_(H.person_id == G.person_id, H.competency_id == G.competency_id,
                      H.source == "manager", H.at > G.created_at))
        .where(G.id.in_(goal_ids))
        .order_by(H.id.desc())
    )  # fmt: skip
    # Newest first: the last one written per cell is the earliest change.
    return {(gid, cid): old for gid, cid, _hid, old in s.execute(after)}


def _role_target(s: Session, person: models.Person, competency_id: int) -> int | None:
    if person.role_id is None or person.seniority is None:
        return None  # unknown seniority: no target to judge against
    T = models.Target
    return s.scalar(
        select(T.level).where(
            T.role_id == person.role_id, T.seniority == person.seniority,
            T.competency_id == competency_id,
        )
    )  # fmt: skip


def _level(s: Session, cycle_id: int | None, person_id: int, competency_id: int) -> int | None:
    if cycle_id is None:
        return None
    R = models.Rating
    return s.scalar(
        select(R.level).where(
            R.cycle_id == cycle_id, R.source == "manager", R.person_id == person_id,
            R.competency_id == competency_id,
        )
    )  # fmt: skip


def _one_click(
    db: Database, *, cycle_id: int | None, person_id: int, competency_id: int,
    mentor_id: int | None, created_by: str,
) -> Goal:  # fmt: skip
    """A planned goal aimed by ``default_target``, read and written in one transaction."""
    with db.session() as s:
        person = s.get(models.Person, person_id)
        if person is None:
            raise NotFoundError(f"growth goal: no person with id {person_id}")
        target = default_target(
            _level(s, cycle_id, person_id, competency_id),
            _role_target(s, person, competency_id),
            bottom=db.scale.min, top=db.scale.max,
        )  # fmt: skip
        return _insert(
            db, s, person_id=person_id, competency_id=competency_id, target_level=target,
            by_cycle_id=None,
            actions=[NewAction("mentor", mentor_id=mentor_id)] if mentor_id is not None else [],
            status="planned", created_by=created_by,
        )  # fmt: skip


def goal_from_gap(
    db: Database, *, cycle_id: int | None, person_id: int, competency_id: int,
    created_by: str = "",
) -> Goal:  # fmt: skip
    """One click on a gap: a planned goal at the person's role target.

    One level up when they meet it or their role sets none; their level is read from
    ``cycle_id``.

    Raises:
        NotFoundError, ValidationError: as :func:`create_goal`.
    """
    return _one_click(
        db, cycle_id=cycle_id, person_id=person_id, competency_id=competency_id,
        mentor_id=None, created_by=created_by,
    )  # fmt: skip


def goal_from_mentor_pair(
    db: Database, *, cycle_id: int | None, mentee_id: int, mentor_id: int, competency_id: int,
    created_by: str = "",
) -> Goal:  # fmt: skip
    """One click on a mentor pair: a planned goal for the mentee with the mentor as action.

    The mentor action is open; the goal aims as :func:`goal_from_gap` does.
    """
    return _one_click(
        db, cycle_id=cycle_id, person_id=mentee_id, competency_id=competency_id,
        mentor_id=mentor_id, created_by=created_by,
    )  # fmt: skip
