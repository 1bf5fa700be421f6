"""Framework edits as undoable service calls (see ``skillmatrix.ui.undo``).

Each function makes one change through ``services.framework_edit`` and pushes its
reverse on the undo stack; ``view`` refreshes only what the result names. Ids never
change: removing a competency or category is undone by putting it back under its id
(with targets, rule, level descriptions and ratings), and redoing an addition brings the
record back under the id it first got, so every later step still finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from skillmatrix.core.model import Competency, Role
from skillmatrix.services import framework_edit as edit
from skillmatrix.services import frameworks
from skillmatrix.services.restore import DeletedCompetency
from skillmatrix.store.records import Category
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.undo import VersionChain, run_addition, run_edit, run_removal


class FrameworkUi(Protocol):
    """What the commands need from the Framework view."""

    def apply_competency(self, comp: Competency) -> None:
        """Show an edited competency's new fields."""

    def apply_moved(self, comp: Competency) -> None:
        """Show a competency at its new position and select it."""

    def apply_added(self, comp: Competency) -> None:
        """Show an added competency and select it."""

    def apply_removed(self, competency_id: int, category_id: int | None = None) -> None:
        """Take a removed competency (and its category, when given) out of the tree."""

    def apply_role(self, role: Role) -> None:
        """Show a role's changed targets."""

    def apply_category(self, category: Category) -> None:
        """Show an added or changed category in its place."""

    def apply_category_removed(self, category_id: int) -> None:
        """Take a removed category out of the tree."""

    def apply_category_order(self, categories: list[Category]) -> None:
        """Put the categories in their new order."""

    def apply_reload(self) -> None:
        """Read the whole framework again."""


def change_competency(
    ctx: AppContext,
    ui: FrameworkUi,
    text: str,
    comp: Competency,
    forward: Callable[[Any, int, int], Competency],
    backward: Callable[[Any, int, int], Competency],
) -> Competency | None:
    """A change to one competency's fields.

    ``forward``/``backward`` get (db, id, the version to compare-and-set on: the one loaded,
    then the last step's).
    """
    chain = VersionChain(comp.version, row=("competency", comp.id), seen=ctx.row_versions)
    return run_edit(
        ctx,
        text,
        chain.step(lambda db, v: forward(db, comp.id, v)),
        chain.step(lambda db, v: backward(db, comp.id, v)),
        lambda result, _undone: ui.apply_competency(result),
        _reload_competency(ctx, ui, comp.id),
    )


def _reload_competency(ctx: AppContext, ui: FrameworkUi, competency_id: int) -> Callable[[], None]:
    """After a conflict: show the competency as stored, so the user can apply theirs again."""

    def reload() -> None:
        stored = ctx.call(lambda db: frameworks.get_competency(db, competency_id), quiet=True)
        if isinstance(stored, Competency):
            ui.apply_competency(stored)
        else:  # removed meanwhile
            ui.apply_reload()

    return reload


def rename(ctx: AppContext, ui: FrameworkUi, comp: Competency, name: str) -> Competency | None:
    """Rename a competency (one undo step)."""
    return change_competency(
        ctx,
        ui,
        f"Rename {comp.name} to {name}",
        comp,
        lambda db, cid, v: edit.rename_competency(
            db, competency=cid, expected_version=v, new_name=name
        ),
        lambda db, cid, v: edit.rename_competency(
            db, competency=cid, expected_version=v, new_name=comp.name
        ),
    )


def describe(ctx: AppContext, ui: FrameworkUi, comp: Competency, text: str) -> Competency | None:
    """Change a competency's description (one undo step)."""
    return change_competency(
        ctx,
        ui,
        f"Describe {comp.name}",
        comp,
        lambda db, cid, v: edit.set_description(
            db, competency=cid, expected_version=v, description=text
        ),
        lambda db, cid, v: edit.set_description(
            db, competency=cid, expected_version=v, description=comp.description
        ),
    )


def set_critical(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, critical: bool
) -> Competency | None:
    """Mark or unmark a competency as critical (one undo step)."""
    verb = "Mark" if critical else "Unmark"
    return change_competency(
        ctx,
        ui,
        f"{verb} {comp.name} as critical",
        comp,
        lambda db, cid, v: edit.set_critical(
            db, competency=cid, expected_version=v, critical=critical
        ),
        lambda db, cid, v: edit.set_critical(
            db, competency=cid, expected_version=v, critical=comp.critical
        ),
    )


def set_rule(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, min_people: int, min_level: int
) -> Competency | None:
    """Set a competency's coverage rule: ``min_people`` at ``min_level`` (one undo step)."""
    old = comp.rule
    return change_competency(
        ctx,
        ui,
        f"Coverage rule of {comp.name}",
        comp,
        lambda db, cid, v: edit.set_rule(
            db, competency=cid, expected_version=v, min_people=min_people, min_level=min_level
        ),
        lambda db, cid, v: edit.set_rule(
            db,
            competency=cid,
            expected_version=v,
            min_people=old.min_people,
            min_level=old.min_level,
        ),
    )


def describe_level(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, level: int, text: str
) -> Competency | None:
    """Set the description of one level of a competency (one undo step)."""
    old = comp.level_descriptions.get(level, "")
    return change_competency(
        ctx,
        ui,
        f"Describe level {level} of {comp.name}",
        comp,
        lambda db, cid, v: edit.set_level_description(
            db, competency=cid, expected_version=v, level=level, text=text
        ),
        lambda db, cid, v: edit.set_level_description(
            db, competency=cid, expected_version=v, level=level, text=old
        ),
    )


def set_target(
    ctx: AppContext,
    ui: FrameworkUi,
    comp: Competency,
    role: Role,
    seniority: str,
    level: int | None,
) -> Role | None:
    """Set or clear a role's target for a competency at one seniority (one undo step)."""
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
    loaded = next(
        (t.get(comp.id) for s, t in role.target_versions.items() if s.value == seniority),
        None,
    )
    # Compare-and-set on the target row as loaded (None: there was none), then as each
    # step left it; another manager's change in between is refused, not overwritten.
    chain = VersionChain(
        loaded,
        lambda r: next(
            (t.get(comp.id) for s, t in r.target_versions.items() if s.value == seniority),
            None,
        ),
        row=("target", role.id, seniority, comp.id),
        seen=ctx.row_versions,
    )

    def reload() -> None:
        stored = ctx.call(lambda db: frameworks.get_role(db, role.id), quiet=True)
        if isinstance(stored, Role):
            ui.apply_role(stored)

    return run_edit(
        ctx,
        f"{role.name} {seniority} target for {comp.name}: {what}",
        chain.step(
            lambda db, v: edit.set_target(
                db,
                role=role.id,
                seniority=seniority,
                competency=comp.id,
                level=level,
                expected_version=v,
            )
        ),
        chain.step(
            lambda db, v: edit.set_target(
                db,
                role=role.id,
                seniority=seniority,
                competency=comp.id,
                level=old,
                expected_version=v,
            )
        ),
        lambda result, _undone: ui.apply_role(result),
        reload,
    )


def move(
    ctx: AppContext, ui: FrameworkUi, comp: Competency, old: int, position: int
) -> Competency | None:
    """Move a competency from row ``old`` to row ``position`` of its category."""
    return run_edit(
        ctx,
        f"Move {comp.name}",
        lambda db: edit.move_competency(db, competency=comp.id, position=position),
        lambda db: edit.move_competency(db, competency=comp.id, position=old),
        lambda result, _undone: ui.apply_moved(result),
    )


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def add_competency(
    ctx: AppContext, ui: FrameworkUi, name: str, category: str, description: str = ""
) -> Competency | None:
    """Add a competency; undo removes it, redo puts it back under the same id.

    Undo also removes a category the add created; it has no ratings by then: those were
    undone first.
    """
    known = ctx.call(frameworks.list_categories, quiet=True)
    new_category = known is not None and _fold(category) not in {_fold(c.name) for c in known}

    def after(result: Any, undone: bool) -> None:
        if isinstance(result, DeletedCompetency):
            dropped = result.category.id if result.category_removed else None
            ui.apply_removed(result.competency.id, dropped)
        else:
            ui.apply_added(result)

    return run_addition(
        ctx,
        f"Add {name}",
        lambda db: edit.add_competency(db, name=name, category=category, description=description),
        lambda db, comp: edit.remove_competency(
            db, competency=comp.id, drop_empty_category=new_category
        ),
        lambda db, removed: edit.restore_competency(db, deleted=removed),
        after,
    )


def remove_competency(
    ctx: AppContext, ui: FrameworkUi, comp: Competency
) -> DeletedCompetency | None:
    """Remove a competency with its targets, rule, level descriptions and ratings.

    Undo puts all of it back under the same id and at the same place; redo removes it again.
    """

    def after(result: Any, undone: bool) -> None:
        if isinstance(result, DeletedCompetency):
            ui.apply_removed(result.competency.id)
        else:
            ui.apply_added(result)

    # A stale removal would lose another manager's change: it compares the version too.
    chain = VersionChain(
        comp.version,
        lambda record: record.competency.version,
        row=("competency", comp.id),
        seen=ctx.row_versions,
    )

    def restore(db: Any, removed: DeletedCompetency) -> Competency:
        restored = edit.restore_competency(db, deleted=removed)
        chain.expected = restored.version
        return restored

    return run_removal(
        ctx,
        f"Remove {comp.name}",
        chain.step(
            lambda db, v: edit.remove_competency(db, competency=comp.id, expected_version=v)
        ),
        restore,
        after,
        _reload_competency(ctx, ui, comp.id),
    )


def _category_after(ui: FrameworkUi) -> Callable[[Any, bool], None]:
    """Applies an added / restored category, or the removal of one."""

    def after(result: Any, removed: bool) -> None:
        if removed:
            ui.apply_category_removed(result.id)
        else:
            ui.apply_category(result)

    return after


def add_category(ctx: AppContext, ui: FrameworkUi, name: str) -> Category | None:
    """Add an empty category; undo removes it; redo puts it back under the same id."""
    after = _category_after(ui)
    return run_addition(
        ctx,
        f"Add category {name}",
        lambda db: edit.add_category(db, name=name),
        lambda db, category: edit.remove_category(db, category=category.id),
        lambda db, category: edit.restore_category(db, category=category),
        lambda result, undone: after(result, undone),
    )


def remove_category(ctx: AppContext, ui: FrameworkUi, category: Category) -> Category | None:
    """Remove an empty category; undo puts it back under the same id and at its place."""
    after = _category_after(ui)
    return run_removal(
        ctx,
        f"Remove category {category.name}",
        lambda db: edit.remove_category(db, category=category.id),
        lambda db, removed: edit.restore_category(db, category=removed),
        lambda result, undone: after(result, not undone),
    )


def rename_category(
    ctx: AppContext, ui: FrameworkUi, category: Category, name: str
) -> Category | None:
    """Rename a category (one undo step)."""
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
