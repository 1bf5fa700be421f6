"""Framework edits as undoable service calls (see ``skillmatrix.ui.undo``).

Each function makes one change through ``services.framework_edit`` and pushes its
reverse on the undo stack; ``view`` refreshes only what the result names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from skillmatrix.core.model import Competency, Role
from skillmatrix.services import framework_edit as edit
from skillmatrix.store.records import Category
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.undo import IdMap, run_edit, run_once


class FrameworkUi(Protocol):
    """What the commands need from the Framework view."""

    ids: IdMap

    def apply_competency(self, comp: Competency) -> None: ...
    def apply_moved(self, comp: Competency) -> None: ...
    def apply_added(self, comp: Competency) -> None: ...
    def apply_removed(self, competency_id: int) -> None: ...
    def apply_role(self, role: Role) -> None: ...
    def apply_category(self, category: Category) -> None: ...
    def apply_category_order(self, categories: list[Category]) -> None: ...
    def apply_reload(self) -> None: ...


def change_competency(
    ctx: AppContext,
    ui: FrameworkUi,
    text: str,
    comp: Competency,
    forward: Callable[[Any, int], Competency],
    backward: Callable[[Any, int], Competency],
) -> Competency | None:
    """A change to one competency's fields; ``forward``/``backward`` get (db, id)."""
    return run_edit(
        ctx,
        text,
        lambda db: forward(db, ui.ids.current(comp.id)),
        lambda db: backward(db, ui.ids.current(comp.id)),
        lambda result, _undone: ui.apply_competency(result),
    )


def rename(ctx: AppContext, ui: FrameworkUi, comp: Competency, name: str) -> Competency | None:
    return change_competency(
        ctx,
        ui,
        f"Rename {comp.name} to {name}",
        comp,
        lambda db, cid: edit.rename_competency(db, competency=cid, new_name=name),
        lambda db, cid: edit.rename_competency(db, competency=cid, new_name=comp.name),
    )


def describe(ctx: AppContext, ui: FrameworkUi, comp: Competency, text: str) -> Competency | None:
    return change_competency(
        ctx,
        ui,
        f"Describe {comp.name}",
        comp,
        lambda db, cid: edit.set_description(db, competency=cid, description=text),
        lambda db, cid: edit.set_description(db, competency=cid, description=comp.description),
    )


def set_critical(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, critical: bool
) -> Competency | None:
    verb = "Mark" if critical else "Unmark"
    return change_competency(
        ctx,
        ui,
        f"{verb} {comp.name} as critical",
        comp,
        lambda db, cid: edit.set_critical(db, competency=cid, critical=critical),
        lambda db, cid: edit.set_critical(db, competency=cid, critical=comp.critical),
    )


def set_rule(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, min_people: int, min_level: int
) -> Competency | None:
    old = comp.rule
    return change_competency(
        ctx,
        ui,
        f"Coverage rule of {comp.name}",
        comp,
        lambda db, cid: edit.set_rule(
            db, competency=cid, min_people=min_people, min_level=min_level
        ),
        lambda db, cid: edit.set_rule(
            db, competency=cid, min_people=old.min_people, min_level=old.min_level
        ),
    )


def describe_level(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, level: int, text: str
) -> Competency | None:
    old = comp.level_descriptions.get(level, "")
    return change_competency(
        ctx,
        ui,
        f"Describe level {level} of {comp.name}",
        comp,
        lambda db, cid: edit.set_level_description(db, competency=cid, level=level, text=text),
        lambda db, cid: edit.set_level_description(db, competency=cid, level=level, text=old),
    )


def set_target(
    ctx: AppContext,
    ui: FrameworkUi,
    comp: Competency,
    role: Role,
    seniority: str,
    level: int | None,
) -> Role | None:
    old = next(
        (
            lv
            for s, t in role.targets.items()
            if s.value == seniority
            for cid, lv in t.items()
            if cid == comp.id
        ),
        None,
    )
    what = "no target" if level is None else f"{level}"
    return run_edit(
        ctx,
        f"{role.name} {seniority} target for {comp.name}: {what}",
        lambda db: edit.set_target(
            db, role=role.id, seniority=seniority, competency=ui.ids.current(comp.id), level=level
        ),
        lambda db: edit.set_target(
            db, role=role.id, seniority=seniority, competency=ui.ids.current(comp.id), level=old
        ),
        lambda result, _undone: ui.apply_role(result),
    )


def move(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, old: int, position: int
) -> Competency | None:
    """Move a competency from row ``old`` to row ``position`` of its category."""
    return run_edit(
        ctx,
        f"Move {comp.name}",
        lambda db: edit.move_competency(db, competency=ui.ids.current(comp.id), position=position),
        lambda db: edit.move_competency(db, competency=ui.ids.current(comp.id), position=old),
        lambda result, _undone: ui.apply_moved(result),
    )


def add_competency(
    ctx: AppContext, ui: FrameworkUi, name: str, category: str, description: str = ""
) -> Competency | None:
    """Add a competency; undo removes it (it has no ratings: those were undone first)."""
    made: list[Competency] = []

    def after(result: Any, undone: bool) -> None:
        if undone:
            ui.apply_removed(made[-1].id)
            return
        if made:
            ui.ids.moved(made[-1].id, result.id)
        made.append(result)
        ui.apply_added(result)

    return run_edit(
        ctx,
        f"Add {name}",
        lambda db: edit.add_competency(db, name=name, category=category, description=description),
        lambda db: edit.remove_competency(db, competency=made[-1].id),
        after,
    )


def remove_competency(ctx: AppContext, ui: FrameworkUi, comp: Competency) -> int | None:
    """Remove for good with its ratings; clears the undo history (steps may refer to it)."""
    deleted = run_once(
        ctx,
        lambda db: edit.remove_competency(db, competency=ui.ids.current(comp.id)),
        f"Removed {comp.name}",
        clears_undo=True,
    )
    if deleted is not None:
        ui.apply_removed(ui.ids.current(comp.id))
    return deleted


def add_category(ctx: AppContext, ui: FrameworkUi, name: str) -> Category | None:
    """Add an (empty) category. Not undoable: there is no "remove category" service."""
    category = run_once(ctx, lambda db: edit.add_category(db, name=name), f"Added {name}")
    if category is not None:
        ui.apply_category(category)
    return category


def rename_category(
    ctx: AppContext, ui: FrameworkUi, category: Category, name: str
) -> Category | None:
    return run_edit(
        ctx,
        f"Rename {category.name} to {name}",
        lambda db: edit.rename_category(db, category=category.id, new_name=name),
        lambda db: edit.rename_category(db, category=category.id, new_name=category.name),
        lambda result, _undone: ui.apply_category(result),
    )


def move_category(
    ctx: AppContext, ui: FrameworkUi, category: Category, old: int, position: int
) -> list[Category] | None:
    """Move a category from row ``old`` to row ``position``."""
    return run_edit(
        ctx,
        f"Move {category.name}",
        lambda db: edit.move_category(db, category=category.id, position=position),
        lambda db: edit.move_category(db, category=category.id, position=old),
        lambda result, _undone: ui.apply_category_order(result),
    )
