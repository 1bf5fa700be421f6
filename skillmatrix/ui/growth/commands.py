"""Goal changes as undo steps: each one service call (one transaction) each way.

An added goal comes back under its own id on redo; a removed one on undo; an edit is
undone by putting the fields back as they were. A goal's actions likewise (added,
marked done or open, removed), each step a compare-and-set on the version it last saw.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from skillmatrix.core.plans import NewAction
from skillmatrix.services import goal_actions as ga
from skillmatrix.services import growth_plans as gp
from skillmatrix.services.goal_actions import Action
from skillmatrix.services.growth_plans import Goal
from skillmatrix.ui.assess.editing import rater
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.undo import VersionChain, run_addition, run_edit, run_removal

#: Called after every successful step (besides ``AppContext.plansChanged``).
Changed = Callable[[], None]


def _after(ctx: AppContext, changed: Changed | None) -> Callable[[Any, bool], None]:
    def after(result: Any, _undone: bool) -> None:
        if changed is not None:
            with suppress(RuntimeError):  # what it refreshes was closed meanwhile
                changed()
        person = getattr(result, "person_id", None)
        if person is not None:  # every open view of this person's goals re-reads them
            ctx.plansChanged.emit(person)

    return after


def _title(g: Goal) -> str:
    return f"goal: {g.person} → {g.target_level} in {g.competency}"


def add_goal(
    ctx: AppContext, make: Callable[[Any], Goal], changed: Changed | None = None
) -> Goal | None:
    """Store a goal made by ``make(db)`` (create, from a gap, from a mentor pair)."""
    holder: list[Goal] = []

    def first(db: Any) -> Goal:
        goal = make(db)
        holder.append(goal)
        return goal

    added: Goal | None = run_addition(
        ctx, "Add growth goal", first, lambda db, g: gp.remove_goal(db, g.id), gp.restore_goal,
        _after(ctx, changed),
    )  # fmt: skip
    if added is not None:
        ctx.undo_stack.command(ctx.undo_stack.index() - 1).setText("Add " + _title(added))
    return added


def create(ctx: AppContext, changed: Changed | None = None, **fields: Any) -> Goal | None:
    """Create a goal with ``fields`` (one undo step); None when refused."""
    return add_goal(ctx, lambda db: gp.create_goal(db, created_by=rater(), **fields), changed)


def from_gap(
    ctx: AppContext,
    *,
    cycle_id: int | None,
    person_id: int,
    competency_id: int,
    changed: Changed | None = None,
) -> Goal | None:
    """One click on a gap: a goal at the role target (see ``goal_from_gap``)."""
    return add_goal(
        ctx,
        lambda db: gp.goal_from_gap(
            db, cycle_id=cycle_id, person_id=person_id, competency_id=competency_id,
            created_by=rater(),
        ),
        changed,
    )  # fmt: skip


def from_mentor_pair(
    ctx: AppContext,
    *,
    cycle_id: int | None,
    mentee_id: int,
    mentor_id: int,
    competency_id: int,
    changed: Changed | None = None,
) -> Goal | None:
    """One click on a mentor pair: a goal for the mentee with the mentor as its action."""
    return add_goal(
        ctx,
        lambda db: gp.goal_from_mentor_pair(
            db, cycle_id=cycle_id, mentee_id=mentee_id, mentor_id=mentor_id,
            competency_id=competency_id, created_by=rater(),
        ),
        changed,
    )  # fmt: skip


def update(
    ctx: AppContext, goal: Goal, changed: Changed | None = None, **fields: Any
) -> Goal | None:
    """Change some fields of ``goal`` (status, target ...); undo puts them back."""
    before: list[Goal] = []

    def forward(db: Any) -> Goal:
        old, new = gp.update_goal(db, goal.id, **fields)
        before[:] = [old]
        return new

    what = "status of" if set(fields) == {"status"} else "edit"
    edited: Goal | None = run_edit(
        ctx, f"Change {what} {_title(goal)}", forward,
        lambda db: gp.restore_fields(db, before[0]), _after(ctx, changed),
    )  # fmt: skip
    return edited


def remove(ctx: AppContext, goal: Goal, changed: Changed | None = None) -> Goal | None:
    """Remove a goal (one undo step); None when refused."""
    removed: Goal | None = run_removal(
        ctx, f"Remove {_title(goal)}", lambda db: gp.remove_goal(db, goal.id), gp.restore_goal,
        _after(ctx, changed),
    )  # fmt: skip
    return removed


# -- a goal's actions ------------------------------------------------------------------------
def _action_title(goal: Goal, label: str) -> str:
    return f"action '{label[:40]}' of {_title(goal)}"


def add_action(
    ctx: AppContext, goal: Goal, new: NewAction, changed: Changed | None = None
) -> Action | None:
    """Add an action to ``goal``; undo removes it, redo brings it back under its id."""
    added: Action | None = run_addition(
        ctx, f"Add action to {_title(goal)}",
        lambda db: ga.add_action(db, goal.id, kind=new.kind, text=new.text,
                                 mentor_id=new.mentor_id, status=new.status),
        lambda db, a: ga.remove_action(db, a.id), ga.restore_action, _after(ctx, changed),
    )  # fmt: skip
    return added


def set_action_status(
    ctx: AppContext, goal: Goal, action: Action, status: str, changed: Changed | None = None
) -> Action | None:
    """Mark an action done (or open again), a compare-and-set on the version shown."""
    chain = VersionChain(action.version, row=("goal action", action.id), seen=ctx.row_versions)
    word = "done" if status == "done" else "open again"
    done: Action | None = run_edit(
        ctx, f"Mark {word}: {_action_title(goal, action.label())}",
        chain.step(lambda db, v: ga.set_action_status(db, action.id, status,
                                                      expected_version=v)[1]),
        chain.step(lambda db, v: ga.set_action_status(db, action.id, action.status,
                                                      expected_version=v)[1]),
        _after(ctx, changed), on_conflict=lambda: ctx.plansChanged.emit(goal.person_id),
    )  # fmt: skip
    return done


def remove_action(
    ctx: AppContext, goal: Goal, action: Action, changed: Changed | None = None
) -> Action | None:
    """Remove an action (refused when it changed since shown); undo puts it back."""
    chain = VersionChain(action.version, row=("goal action", action.id), seen=ctx.row_versions)
    removed: Action | None = run_removal(
        ctx, f"Remove {_action_title(goal, action.label())}",
        lambda db: ga.remove_action(db, action.id, expected_version=chain.expected),
        lambda db, a: _restored(chain, ga.restore_action(db, a)), _after(ctx, changed),
        on_conflict=lambda: ctx.plansChanged.emit(goal.person_id),
    )  # fmt: skip
    return removed


def _restored(chain: VersionChain, action: Action) -> Action:
    chain.expected = action.version  # the redo removes it at the version it came back with
    return action
